"""trafilatura's fast mode, for our options only, without the work they make useless.

`trafilatura.bare_extraction` with our options (fast mode, no comments, the balanced focus,
no metadata, no deduplication, no language filter, plain text out) runs
`trafilatura.core.trafilatura_sequence` and turns its body into text. This module runs the
same stages of trafilatura, in the same order and with the same tests, leaving out three
pieces of work whose results those options never read:

- the copy of the tree `bare_extraction` makes first, where trafilatura's first prunes find
  nothing to remove (most pages): those prunes are the only steps that change the tree they
  are given, and extraction's fallback needs the page intact after this pass;
- the copy of the cleaned tree `_prepare_tree` keeps for the external extractors, which the
  fast mode never runs;
- the page's whole text (`html2txt`: a copy of the page, trafilatura's basic cleaning and
  its text) that the recall escalation compares a short result with, when a bound on that
  text's length decides the comparison already (`page_text_bound`): on news pages the body
  is most of the page's text, and the escalation runs only when it is under a fifth.

And the first prunes' regular expressions are tried on every element only when an id or a
class of the page holds what they look for (`may_prune`); after extraction's own pruning
(comment blocks included) no bench page does.

`tests/text/test_trafilatura_fast.py` compares the text with `bare_extraction`'s on real
pages (a change of trafilatura's sequence in a later release fails there; the version is
pinned in requirements.lock).
"""

from __future__ import annotations

import logging
from copy import copy

from lxml.etree import XPath, strip_tags
from trafilatura.baseline import _BLOCK_ELEMS, baseline, html2txt
from trafilatura.core import (
    ESCALATION_ACCEPT_RATIO,
    ESCALATION_MAX_LENGTH,
    ESCALATION_PAGE_SHARE,
    _forum_thread_page,
    _recall_retry,
)
from trafilatura.htmlprocessing import convert_tags, prune_unwanted_nodes, tree_cleaning
from trafilatura.main_extractor import extract_content
from trafilatura.settings import Extractor
from trafilatura.xml import xmltotxt
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

logger = logging.getLogger(__name__)


def suits(options: Extractor) -> bool:
    """Whether `fast_text` gives `bare_extraction`'s text for these options."""
    return (
        options.fast
        and not options.comments
        and options.focus == "balanced"
        and options.format == "python"
        and not options.formatting
        and not options.with_metadata
        and not options.dedup
        and not options.lang
    )


def page_text_bound(tree) -> int:
    """At least the length of `html2txt(tree)`: all of the body's text (trafilatura's
    cleaning only removes elements; the text of each removed element's tail stays), plus
    the two spaces `_spaced_text` puts around each block element (joining the split words
    again never lengthens a text)."""
    body = tree.find(".//body")
    if body is None:
        return 0  # html2txt gives "" for a parsed page without a body
    blocks = sum(1 for _ in body.iter(*_BLOCK_ELEMS))
    return len(body.text_content()) + 2 * blocks


def _little_of_the_page(length: int, tree) -> bool:
    """trafilatura's test for the recall escalation: a short result covering less than
    ESCALATION_PAGE_SHARE of the page's text; the page's text only when the bound allows."""
    if not 0 < length < ESCALATION_MAX_LENGTH:
        return False
    if length >= ESCALATION_PAGE_SHARE * page_text_bound(tree):
        return False
    return length < ESCALATION_PAGE_SHARE * len(html2txt(tree))


# What every element the first prunes remove holds in its id or class, by their patterns:
# "mvp-post-add-(?:box|wrap)|infinite-?scroll" and "elementor-share-buttons"
# (RAW_TREE_PRUNE_XPATH); "^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)" in an id
# and "^[Cc]omment(?!ary)|(?:article|post)-comments" in a class (REMOVE_COMMENTS_AND_LISTS_XPATH;
# EXSLT's re:test is case-sensitive without a flag). tests/text/test_trafilatura_fast.py
# checks the patterns are still trafilatura's.
PRUNE_HINTS = ("mvp-post-add-", "infinite", "elementor-share-buttons", "omment", "comol",
               "disqus_thread", "dsq-comments")  # fmt: skip
_IDS_AND_CLASSES = XPath("//@id|//@class", smart_strings=False)


def may_prune(tree) -> bool:
    """Whether an id or class of the page holds one of PRUNE_HINTS: where none does, the
    first prunes find nothing, and their regular expressions need not be tried on every
    element (0.77 ms a bench page)."""
    values = "\n".join(_IDS_AND_CLASSES(tree))
    return any(hint in values for hint in PRUNE_HINTS)


def raw_pruned(tree):
    """The tree as trafilatura prunes it first (comments off, so their containers too, and
    lists are still ol/ul here): the tree itself when nothing is to be pruned, most pages,
    else a pruned copy. The prunes are the only steps that change the tree they are
    given; every later one copies it first."""
    if not may_prune(tree):
        return tree
    prunes = RAW_TREE_PRUNE_XPATH
    if not _forum_thread_page(tree):
        prunes = prunes + REMOVE_COMMENTS_AND_LISTS_XPATH
    if not any(expression(tree) for expression in prunes):
        return tree
    return prune_unwanted_nodes(copy(tree), prunes)


def fast_text(tree, options: Extractor) -> str:
    """The text `trafilatura.bare_extraction(tree, options=options)` gives, for options
    that `suits`; "" where it gives none. The tree is left as it was."""
    try:
        postbody = _body(raw_pruned(tree), options)
    except (TypeError, ValueError) as error:  # bare_extraction gives None for these
        logger.warning("extract: trafilatura discarded %s: %r", options.url, error)
        return ""
    return "" if postbody is None else xmltotxt(postbody, options.formatting) or ""


def _body(tree, options: Extractor):
    """trafilatura's body element of the raw-pruned tree (None where it keeps no text)."""
    url = options.url
    cleaned = convert_tags(tree_cleaning(copy(tree), options), options, url)
    postbody, text = extract_content(cleaned, options)
    if len(text) < options.min_extracted_size:  # the rescue on the uncleaned tree
        b_body, b_text, b_length = baseline(tree)
        if b_length > len(text):
            postbody, text = b_body, b_text
    if _little_of_the_page(len(text), tree):
        recall = copy(options)
        recall.focus = "recall"
        r_text = ""
        try:
            r_body, r_text = _recall_retry(tree, recall, url)
        except Exception as error:  # trafilatura logs and goes on too
            logger.warning("extract: trafilatura's recall retry failed on %s: %r", url, error)
        r_length = len(r_text)
        if r_length >= options.min_extracted_size and r_length > ESCALATION_ACCEPT_RATIO * len(
            text
        ):
            postbody, text = r_body, r_text
    if options.max_tree_size and len(postbody) > options.max_tree_size:
        strip_tags(postbody, "hi")
        if len(postbody) > options.max_tree_size:
            return None
    if len(text) < options.min_output_size and 0 < options.min_output_comm_size:
        return None  # no text, and no comments (they are off)
    return postbody
