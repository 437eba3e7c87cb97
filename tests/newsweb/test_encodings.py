"""Encodings: the bytes decode to the truth with the real codec; declarations as planned."""

import html

import pytest

from akhbar.newsweb.encodings import WRONG_CHARSET

from .conftest import live

CASES = [
    ("ar", "utf-8"),
    ("ar", "windows-1256"),
    ("ar", "iso-8859-6"),
    ("fr", "iso-8859-1"),
    ("fr", "windows-1252"),
    ("fr", "utf-8"),
]


@pytest.mark.parametrize("lang, codec", CASES)
def test_it_encodes_pages_in_each_codec(web, client, lang, codec):
    entry = live(web, encoding=codec, languages=(lang,))[0]
    body = client.get(entry["url"]).content
    text = html.unescape(body.decode(codec))
    # it should decode with the real codec to the gold title and body
    assert entry["title"] in text
    assert entry["paragraphs"][-1] in text


def fetch(web, client, decl):
    entry = live(web, charset_decl=decl, languages=("ar",))[0]
    outlet = web.outlet(entry["outlet"])
    return outlet, entry, client.get(entry["url"])


def test_it_declares_the_charset_in_the_header_and_the_meta(web, client):
    outlet, _, response = fetch(web, client, "header")
    # it should name the codec in Content-Type and in <meta>
    assert response.headers["content-type"] == f"text/html; charset={outlet.encoding}"
    assert outlet.encoding.encode() in response.content[:400]


def test_it_declares_the_charset_only_in_meta_on_some_outlets(web, client):
    outlet, _, response = fetch(web, client, "meta")
    # it should leave the header without a charset but say it in <meta>
    assert response.headers["content-type"] == "text/html"
    assert (
        f'charset={outlet.encoding}"'.encode() in response.content[:400]
        or f'charset="{outlet.encoding}"'.encode() in response.content[:400]
    )


def test_it_declares_no_charset_at_all_on_some_outlets(web, client):
    _, _, response = fetch(web, client, "none")
    # it should name no charset anywhere
    assert response.headers["content-type"] == "text/html"
    assert b"charset" not in response.content[:400]


def test_it_declares_a_wrong_charset_on_some_outlets(web, client):
    outlet, entry, response = fetch(web, client, "wrong")
    declared = response.headers["content-type"].split("charset=")[1]
    # it should declare a codec that is not the real one, and decoding with it should garble the title
    assert declared == WRONG_CHARSET[outlet.encoding] != outlet.encoding
    assert entry["title"] not in html.unescape(response.content.decode(declared, errors="replace"))
