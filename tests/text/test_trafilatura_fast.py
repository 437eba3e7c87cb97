"""Our run of trafilatura's fast mode gives bare_extraction's text, on real pages."""

import functools
import gzip

import trafilatura
from lxml import etree
from trafilatura.baseline import html2txt
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

from akhbar.text.encoding import decode_html
from akhbar.text.extract import _trafilatura_options, copy_options, drop_invisible, parse_html
from akhbar.text.trafilatura_fast import fast_text, may_prune, page_text_bound, suits
from eval import SHARED_DATA


@functools.cache
def real_pages() -> list[tuple[str, str]]:
    """(name, decoded HTML) of the shared pages and of every fourth WCXB page."""
    paths = sorted((SHARED_DATA / "pages").glob("*/source.html"))
    pages = [(path.parent.name, decode_html(path.read_bytes())[0]) for path in paths]
    archives = sorted((SHARED_DATA / "wcxb" / "html").glob("*.html.gz"))[::4]
    pages += [(path.name, decode_html(gzip.decompress(path.read_bytes()))[0]) for path in archives]
    # no shared data means no real pages: the suite must fail, never pass empty
    assert len(pages) > 200, f"too few real pages under {SHARED_DATA}"
    return pages


def trees():
    """Each real page parsed as extraction parses it, then without its invisible parts."""
    for name, html in real_pages():
        tree = parse_html(html)
        if tree is not None:
            yield name, tree
            drop_invisible(tree)
            yield f"{name} (visible)", tree


def test_it_is_used_for_the_options_of_our_fast_pass():
    # it should take our fast pass and leave the fallback's full mode to trafilatura
    assert suits(_trafilatura_options(True))
    assert not suits(_trafilatura_options(False))


def test_it_gives_the_text_bare_extraction_gives():
    compared = 0
    for name, tree in trees():
        options = copy_options(_trafilatura_options(True))
        document = trafilatura.bare_extraction(tree, options=options)
        expected = (document.text if document is not None else "") or ""
        before = etree.tostring(tree)
        # it should give the same text, and leave the tree as it found it
        assert fast_text(tree, copy_options(options)) == expected, name
        assert etree.tostring(tree) == before, name
        compared += 1
    assert compared > 400


def test_its_page_text_bound_is_never_below_the_text_html2txt_measures():
    for name, tree in trees():
        # it should bound the text the recall escalation compares a short result with
        assert page_text_bound(tree) >= len(html2txt(tree)), name


def test_its_prune_hints_stand_on_the_patterns_trafilatura_prunes_with():
    # PRUNE_HINTS were read off these patterns: another trafilatura must be read again
    sources = " ".join(x.path for x in RAW_TREE_PRUNE_XPATH + REMOVE_COMMENTS_AND_LISTS_XPATH)
    patterns = [
        "re:test(@id, 'mvp-post-add-(?:box|wrap)|infinite-?scroll')",
        "re:test(@class, 'mvp-post-add-(?:box|wrap)|infinite-?scroll')",
        "contains(@class, 'elementor-share-buttons')",
        "re:test(@id, '^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)')",
        "re:test(@class, '^[Cc]omment(?!ary)|(?:article|post)-comments')",
    ]
    assert all(pattern in sources for pattern in patterns)
    assert sources.count("re:test(") + sources.count("contains(") == 9


def test_it_skips_the_first_prunes_only_where_they_find_nothing():
    prunes = RAW_TREE_PRUNE_XPATH + REMOVE_COMMENTS_AND_LISTS_XPATH
    hinted = 0
    for name, tree in trees():
        found = any(expression(tree) for expression in prunes)
        # it should never skip a page the prunes would change
        assert may_prune(tree) or not found, name
        hinted += may_prune(tree)
    assert hinted > 100  # both kinds of page were seen
