"""Extraction's faster ways give what the plain ways give, on real pages.

Each test runs a rewritten step and the straightforward code it replaced (kept here as the
reference) over the shared real pages and a sample of WCXB's: they must agree exactly.
"""

import functools
import gzip

import lxml.html
import pytest
from lxml import etree

from akhbar.text.encoding import decode_html
from akhbar.text.extract import parse_html
from eval import SHARED_DATA


@functools.cache
def real_pages() -> list[str]:
    """Decoded HTML of the shared pages and of every fourth WCXB page."""
    paths = sorted((SHARED_DATA / "pages").glob("*/source.html"))
    pages = [decode_html(path.read_bytes())[0] for path in paths]
    archives = sorted((SHARED_DATA / "wcxb" / "html").glob("*.html.gz"))[::4]
    pages += [decode_html(gzip.decompress(path.read_bytes()))[0] for path in archives]
    # no shared data means no real pages: the suite must fail, never pass empty
    assert len(pages) > 200, f"too few real pages under {SHARED_DATA}"
    return pages


def test_it_parses_pages_into_the_trees_and_classes_of_lxml_html():
    for html in real_pages():
        ours, plain = parse_html(html), lxml.html.document_fromstring(html)
        # it should build the same tree, each node of the class lxml.html gives it
        assert etree.tostring(ours) == etree.tostring(plain)
        assert [type(node) for node in ours.iter()] == [type(node) for node in plain.iter()]


@pytest.mark.parametrize("tag", ["form", "input", "select", "textarea", "label", "p"])
def test_it_gives_form_elements_their_lxml_html_classes(tag):
    html = f"<html><body><{tag}>x</{tag}><!-- note --></body></html>"
    ours, plain = parse_html(html), lxml.html.document_fromstring(html)
    # it should give each element and the comment the class lxml.html's lookup gives it
    assert [type(node) for node in ours.iter()] == [type(node) for node in plain.iter()]
