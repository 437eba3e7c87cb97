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


def prepared_trees():
    """Each real page parsed, its scripts kept (JSON-LD) and then without them (the rest)."""
    from akhbar.text.extract import drop_invisible

    for html in real_pages():
        tree = parse_html(html)
        if tree is not None:
            yield tree, "with scripts"
            drop_invisible(tree)
            yield tree, "without scripts"


def test_its_attribute_queries_find_what_the_xpath_comparisons_found():
    from akhbar.text import extract

    queries = {
        extract.date_attributes: etree.XPath(
            '//*[@itemprop="datePublished" or @property="dc:date" or '
            '@property="article:published_time"][not(self::meta)]'
        ),
        lambda tree: [
            el
            for el in extract._REL_OR_ITEMPROP(tree)
            if "author" in (el.get("rel"), el.get("itemprop"))
        ]: etree.XPath('//*[@rel="author" or @itemprop="author"]'),
        lambda tree: [
            el for el in extract._ITEMTYPE(tree) if "BreadcrumbList" in el.get("itemtype")
        ]: etree.XPath('//*[contains(@itemtype, "BreadcrumbList")]'),
        lambda tree: [
            el for el in tree.iter("script") if "ld+json" in (el.get("type") or "")
        ]: etree.XPath('//script[contains(@type, "ld+json")]'),
    }
    found = 0
    for tree, _ in prepared_trees():
        for ours, reference in queries.items():
            # it should find the same elements, in document order
            assert ours(tree) == reference(tree)
            found += len(reference(tree))
    assert found > 100  # the pages do hold such elements


def test_its_words_fold_as_the_pattern_and_the_table_did():
    import re

    from akhbar.text.extract import _ARABIC_FOLD, _WORD, words

    # the pattern words dropped its characters with before they were one table
    tashkeel = re.compile("[\u064b-\u0652\u0640\u200c-\u200f\u202a-\u202e]")

    def reference(text: str) -> list[str]:
        return _WORD.findall(tashkeel.sub("", text.lower()).translate(_ARABIC_FOLD))

    every = "".join(map(chr, range(0x10000)))
    # it should drop and fold the same characters as the pattern and the table
    assert words(every) == reference(every)
    for html in real_pages():
        for line in re.sub(r"<[^>]*>", " ", html).splitlines():
            assert words(line) == reference(line)


def test_it_squeezes_white_space_as_the_pattern_did():
    import re

    from akhbar.ingest.draft import squeeze

    every = "".join(map(chr, range(0x110000)))
    # it should find the same white space as \s+, and strip the same
    for text in [every, f" \u00a0{every}\u2003\n", "", None, *real_pages()[:50]]:
        assert squeeze(text) == re.sub(r"\s+", " ", text or "").strip()


def test_the_dates_of_a_text_without_digits_skip_setting_digits_apart_for_the_same_dates():
    # text_dates sets glued digits apart only in a text holding one of those digits: every
    # text near a title of the real pages should give the dates of the text set apart first
    from datetime import UTC, datetime

    from akhbar.text import extract
    from akhbar.text.dates import find_dates

    now = datetime(2026, 12, 1, tzinfo=UTC)
    texts = [
        text
        for tree, kind in prepared_trees()
        if kind == "without scripts"
        for text in sum(extract.text_near(extract.choose_title(tree, {}, [])[1]), [])
    ]
    texts += ["متفرقات2017/03/02", "نشر في ٣ مارس٢٠٢٤", "منذ ساعتين", "أمس"]
    for text in texts:
        plain = find_dates(extract._GLUED_DIGITS.sub(" ", text), tz="Africa/Algiers", now=now)
        assert extract.text_dates(text, "o", tz="Africa/Algiers", now=now) == [
            (match.value, "o") for match in plain
        ]
    assert len(texts) > 1000


def test_the_text_of_an_element_is_lxml_htmls_text_content():
    # text_content reads an element's text by lxml's text serializer instead of XPath's
    # string(): every element of the real pages (scripts, comments and entities inside)
    # should give text_content()'s string, and a comment should be refused as there
    from akhbar.text.extract import text_content

    elements = 0
    for html in real_pages()[::2]:
        tree = parse_html(html)
        if tree is None:
            continue
        for node in tree.iter():
            if isinstance(node.tag, str):
                assert text_content(node) == node.text_content()
                elements += 1
            else:
                with pytest.raises(ValueError):
                    text_content(node)
    assert elements > 10_000


def test_the_key_trie_finds_a_key_in_the_texts_the_plain_alternation_finds_one_in():
    # _TEXT_KEYS is a trie of TEXT_KEYS: every text of the real pages (lowered, as searched)
    # and texts made of the keys themselves should hold a match exactly when the plain
    # alternation of the keys finds one
    import re

    from akhbar.text import extract

    plain = re.compile("|".join(extract.TEXT_KEYS))
    texts = [
        str(node).lower() for tree, _ in prepared_trees() for node in extract._TEXT_NODES(tree)
    ]
    texts += [key for key in extract.TEXT_KEYS] + [key[:-1] for key in extract.TEXT_KEYS]
    texts += [f"x {key} y" for key in extract.TEXT_KEYS] + ["", "e", "قر", "ال"]
    found = 0
    for text in texts:
        assert (extract._TEXT_KEYS.search(text) is None) == (plain.search(text) is None), text
        found += plain.search(text) is not None
    assert found > 1000 and len(texts) - found > 1000


def test_class_words_are_found_as_the_whole_word_pattern_finds_them():
    # has_word and marked look names of one word up among the split class/id words: on every
    # element with a class or id on the real pages, for every set of names extraction asks
    # about, they should agree with the whole-word regex, and with it on odd spacing
    from akhbar.text import extract

    sets = [
        extract.BYLINE_TOKENS,
        extract.LEDE_TOKENS,
        extract._BREADCRUMB,
        extract.RELATED_TOKENS,
        extract._WHOLE_BLOCK_TOKENS,
        extract._WHOLE_BLOCK_TOKENS | extract._SHORT_BLOCK_TOKENS,
    ]

    def plain(tokens, names):
        return bool(tokens) and extract._word_pattern(names).search(tokens) is not None

    hits = 0
    for tree, _ in prepared_trees():
        index = extract.class_index(tree)
        for names in sets:
            assert extract.marked(index, names) == [
                el for el, t in index.items() if plain(t, names)
            ]
            for tokens in index.values():
                assert extract.has_word(tokens, names) == plain(tokens, names)
                hits += plain(tokens, names)
    assert hits > 1000
    for tokens in [
        "",
        " ",
        "author",
        " author\t",
        "co author\u2003x",
        "authors2",
        "xauthor",
        "a\x1cauthor",
    ]:
        assert extract.has_word(tokens, extract.BYLINE_TOKENS) == plain(
            tokens, extract.BYLINE_TOKENS
        )
    # a name holding a space keeps the pattern
    assert extract.has_word("most read now", frozenset(["most read"]))
    assert not extract.has_word("mostread", frozenset(["most read"]))


def test_trafilaturas_options_are_copied_as_copy_copy_copies_them():
    # copy_options copies slot by slot: each of our two option sets should give a new
    # object of the same class holding the very values copy.copy's copy holds
    import copy

    from trafilatura.settings import Extractor

    from akhbar.text.extract import _trafilatura_options, copy_options

    for fast in (True, False):
        options = _trafilatura_options(fast)
        ours, plain = copy_options(options), copy.copy(options)
        assert type(ours) is type(plain) is Extractor and ours is not options
        for slot in Extractor.__slots__:
            assert getattr(ours, slot) is getattr(plain, slot), slot
        ours.url = "https://example.com/a"
        assert options.url is None
