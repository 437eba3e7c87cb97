"""OPML import and export."""

import pytest

from akhbar.ingest.feeds import ParseError
from akhbar.ingest.opml import OpmlOutline, parse_opml, write_opml

OUTLINES = [
    OpmlOutline("وكالة الأنباء", "https://wakala.test/ar/rss", "https://wakala.test/ar/", "وكالات"),
    OpmlOutline("Agence", "https://wakala.test/fr/rss", "https://wakala.test/fr/", "وكالات"),
    OpmlOutline("صدى اليوم", "https://sada.test/feed", "https://sada.test/", "يوميات"),
    OpmlOutline("Sans catégorie", "https://libre.test/atom.xml"),
]


def test_it_round_trips_outlines_through_opml():
    document = write_opml(OUTLINES, title="مصادر أخبار")
    # it should write OPML 2.0
    assert '<opml version="2.0">' in document and "<title>مصادر أخبار</title>" in document
    # it should read back exactly what it wrote
    assert parse_opml(document) == OUTLINES


def test_it_reads_nested_folders_and_odd_attribute_case():
    document = """<?xml version="1.0"?>
    <opml version="1.0"><head><title>x</title></head><body>
      <outline text="Algérie"><outline text="Presse">
        <outline text="El Watan" type="rss" xmlurl="https://elwatan.test/feed" htmlurl="https://elwatan.test/"/>
      </outline></outline>
      <outline text="Flat" xmlUrl="https://flat.test/rss" category="/Tags/news"/>
      <outline text="Just a folder"/>
    </body></opml>"""
    # it should keep only feed outlines, with their folder path or category attribute
    assert parse_opml(document) == [
        OpmlOutline(
            "El Watan", "https://elwatan.test/feed", "https://elwatan.test/", "Algérie/Presse"
        ),
        OpmlOutline("Flat", "https://flat.test/rss", "", "/Tags/news"),
    ]


@pytest.mark.parametrize("text", ["", "<opml><body>", "<html><body></body></html>"])
def test_it_refuses_what_is_not_opml(text):
    # it should raise a parse error naming its stage
    with pytest.raises(ParseError, match="^parse: "):
        parse_opml(text)


def test_it_reads_no_external_entity(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-MARKER")
    document = f"""<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file://{secret}">]>
    <opml version="2.0"><body><outline text="a" xmlUrl="https://a.test/rss">&x;</outline>
    </body></opml>"""
    # it should never read a file named by the document
    assert "SECRET-MARKER" not in repr(parse_opml(document))


def test_it_refuses_an_entity_bomb():
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    document = f"""<?xml version="1.0"?><!DOCTYPE opml [{entities}]>
    <opml version="2.0"><body><outline text="&a9;" xmlUrl="https://a.test/rss"/></body></opml>"""
    # it should stop a billion laughs with a parse error instead of inflating it
    with pytest.raises(ParseError, match="^parse: "):
        parse_opml(document)
