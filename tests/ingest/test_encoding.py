"""Decoding pages and feeds: the bytes are built here from our own Arabic and French sentences
(and, for the codecs' scores, read from real pages in ../shared/data, never copied)."""

import pytest

from akhbar.text.encoding import (
    SAMPLE_BYTES,
    SINGLE_BYTE,
    decode_html,
    decode_xml,
    normalize_codec,
    plausibility,
    text_plausibility,
)
from eval import SHARED_DATA as SHARED

ARABIC = "أعلنت وزارة الفلاحة عن انطلاق حملة الحصاد في ولايات الهضاب العليا هذا الأسبوع"
FRENCH = "Le ministère a annoncé l'ouverture de la campagne de récolte à Sétif, où l'été fut sec"


def page(text: str, codec: str, meta: str = "") -> bytes:
    head = f'<meta charset="{meta}">' if meta else ""
    return f"<html><head>{head}<title>t</title></head><body><p>{text}</p></body></html>".encode(
        codec
    )


@pytest.mark.parametrize(
    ("text", "real", "header", "expected"),
    [
        (ARABIC, "windows-1256", "windows-1256", "windows-1256"),  # header right
        (ARABIC, "windows-1256", "iso-8859-1", "windows-1256"),  # header says Latin-1
        (ARABIC, "windows-1256", "utf-8", "windows-1256"),  # header says utf-8
        (ARABIC, "windows-1256", None, "windows-1256"),  # nothing declared
        (ARABIC, "iso-8859-6", "iso-8859-6", "iso-8859-6"),
        (ARABIC, "iso-8859-6", "windows-1256", "iso-8859-6"),  # the neighbouring codec
        (ARABIC, "iso-8859-6", None, "iso-8859-6"),
        (ARABIC, "utf-8", "windows-1256", "utf-8"),  # utf-8 mislabelled as legacy
        (ARABIC, "utf-8", None, "utf-8"),
        (FRENCH, "windows-1252", "iso-8859-1", "windows-1252"),
        (FRENCH, "windows-1252", "utf-8", "windows-1252"),
        (FRENCH, "windows-1252", None, "windows-1252"),
        (FRENCH, "utf-8", "iso-8859-1", "utf-8"),
    ],
)
def test_it_decodes_pages_whatever_the_header_claims(text, real, header, expected):
    content_type = f"text/html; charset={header}" if header else "text/html"
    decoded, codec = decode_html(page(text, real), content_type)
    # it should give back the sentence as written, and name the codec it used
    assert text in decoded
    assert codec == expected


def test_it_reads_the_meta_charset_when_the_header_has_none():
    decoded, codec = decode_html(page(ARABIC, "windows-1256", meta="windows-1256"))
    # it should follow <meta charset>
    assert (codec, ARABIC in decoded) == ("windows-1256", True)


def test_it_reads_an_http_equiv_meta():
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-6">'
    content = meta.encode() + ARABIC.encode("iso-8859-6")
    # it should follow the http-equiv declaration
    assert decode_html(content) == (meta + ARABIC, "iso-8859-6")


def test_it_prefers_the_header_to_the_meta():
    content = page(ARABIC, "iso-8859-6", meta="windows-1256")
    # it should take the header's codec when both are plausible declarations
    assert decode_html(content, "text/html; charset=iso-8859-6")[1] == "iso-8859-6"


def test_it_trusts_the_byte_order_mark_above_everything():
    content = b"\xef\xbb\xbf" + page(ARABIC, "utf-8")
    decoded, codec = decode_html(content, "text/html; charset=windows-1256")
    # it should decode as utf-8 and drop the mark
    assert (codec, decoded.startswith("<html>")) == ("utf-8", True)


def test_it_decodes_utf16_with_a_bom():
    content = b"\xff\xfe" + page(ARABIC, "utf-16-le")
    # it should read UTF-16 when the mark says so
    assert ARABIC in decode_html(content)[0]


def test_it_reads_the_xml_declaration_of_a_feed():
    xml = f'<?xml version="1.0" encoding="windows-1256"?><rss><title>{ARABIC}</title></rss>'
    decoded, codec = decode_xml(xml.encode("windows-1256"))
    # it should follow the declaration
    assert (codec, ARABIC in decoded) == ("windows-1256", True)


def test_it_overrules_a_wrong_xml_declaration():
    xml = f'<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>{ARABIC}</title></rss>'
    decoded, codec = decode_xml(xml.encode("windows-1256"))
    # it should see Arabic, not "ÃÚáäÊ"
    assert (codec, ARABIC in decoded) == ("windows-1256", True)


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("latin-1", "windows-1252"),
        ("ISO-8859-1", "windows-1252"),
        ("us-ascii", "windows-1252"),
        ("arabic", "iso-8859-6"),
        ("ASMO-708", "iso-8859-6"),
        ("cp1256", "windows-1256"),
        ("UTF8", "utf-8"),
        ("no-such-codec", None),
        (None, None),
    ],
)
def test_it_maps_charset_labels_the_way_browsers_do(label, codec):
    # it should follow the WHATWG label table
    assert normalize_codec(label) == codec


def test_it_never_raises_on_bad_bytes():
    content = b"<p>\x81\x8d\x8f\x90\x9d\xff\xfe\xfd" + "خبر".encode()[:-1]
    decoded, codec = decode_html(content, "text/html; charset=utf-8")
    # it should decode something, with replacement characters where it must
    assert isinstance(decoded, str) and codec


def test_it_takes_plain_ascii_as_declared():
    # it should keep the declared codec when every byte is ASCII
    assert decode_html(b"<p>hello</p>", "text/html; charset=windows-1256")[1] == "windows-1256"


def test_it_keeps_a_declared_codec_it_cannot_judge():
    text = "Новости дня: открытие книжной ярмарки"
    decoded, codec = decode_html(page(text, "windows-1251"), "text/html; charset=windows-1251")
    # it should trust a valid declaration for a script its plausibility test does not read
    assert (codec, text in decoded) == ("cp1251", True)


def single_byte_samples() -> list[bytes]:
    """Real pages' bytes, and their text in each single-byte codec, in pieces as long as
    `_sample`'s, and odd bytes: what the codecs are judged on."""

    def pieces(content: bytes) -> list[bytes]:
        return [content[k : k + SAMPLE_BYTES] for k in range(0, len(content), SAMPLE_BYTES)]

    samples = []
    for path in sorted((SHARED / "pages").glob("*/*.html")):
        content = path.read_bytes()
        samples += pieces(content)
        text = content.decode("utf-8", errors="replace")
        for codec in SINGLE_BYTE:
            samples += pieces(text.encode(codec, errors="ignore"))
    samples += [bytes(range(256)), b"", b"abc", "éé ثé àà".encode("windows-1256")]
    return samples


def test_a_single_byte_codec_is_judged_as_its_decoded_text_would_be():
    samples = single_byte_samples()
    assert len(samples) > 200
    for codec in SINGLE_BYTE:
        for sample in samples:
            # the count on the bytes should give exactly what the patterns find in the text
            expected = text_plausibility(sample.decode(codec, errors="replace"))
            assert plausibility(sample, codec) == expected, (codec, sample[:80])


def test_a_multi_byte_codec_is_judged_as_its_decoded_text_would_be():
    samples = single_byte_samples() + ["ثàل été 🙂 ÇáÚÑÈíÉ".encode()]
    for codec in ("utf-8", "utf-16-le"):
        for sample in samples:
            # the count of the text's classes should give exactly what the patterns find
            expected = text_plausibility(sample.decode(codec, errors="replace"))
            assert plausibility(sample, codec) == expected, (codec, sample[:80])
