"""The one analyzer used by indexing, querying and fingerprinting.

normalize → tokenize → drop stop words → stem, per token: Arabic-script tokens go through the
Arabic branch (normalize_arabic, Lucene's stop words, the Akhbar light stemmer), Latin tokens
through the French branch (elisions, lower case, Snowball French, accents folded, proper
nouns protected so that Algérie and Alger stay apart), digits stay as they are. With
lang="en", Latin tokens get Snowball English instead.

Bump ANALYZER_VERSION whenever the output of `analyze` changes: an index built with another
version must be rebuilt. A test pins a golden output to this number. An `Analyzer` built with
another Arabic stemmer (a learned lexicon, light10, Snowball) is for evaluation, or for an
index that stores which stemmer and lexicon it was built with.
"""

import functools
import re
from collections.abc import Callable

import Stemmer

from akhbar.text.normalize import drop_elisions, fold_french, normalize_arabic, strip_accents
from akhbar.text.stem_ar import stem_arabic
from akhbar.text.stopwords import ARABIC_STOPWORDS, ENGLISH_STOPWORDS, FRENCH_STOPWORDS
from akhbar.text.tokenize import token_texts, tokenize, words

ANALYZER_VERSION = 1

# Proper nouns the French stemmer would merge or mangle (algérie → alger); kept unstemmed.
FRENCH_PROTECTED = frozenset(
    "algerie alger oran constantine annaba tunisie tunis maroc rabat mauritanie libye "
    "egypte syrie liban irak france paris europe afrique gaza palestine israel".split()
)
CACHE_LIMIT = 500_000  # words per cache; past it the cache starts afresh
# Texts whose terms ``analyze`` keeps: storing one article analyzes its title and body for
# the category, the story keys and the search index, the same strings each time.
RECENT_TEXTS = 16

_FRENCH = Stemmer.Stemmer("french")
_ENGLISH = Stemmer.Stemmer("english")
# a plain range: the standard library scans for it several times faster than the regex module
_LATIN_ACCENTED = re.compile(r"[\u00C0-\u024F]")
MISSING = object()  # a word not analyzed yet


def is_arabic_char(char: str) -> bool:
    """True for a character of the Arabic script blocks (letters, digits, presentation forms)."""
    code = ord(char)
    return 0x0600 <= code <= 0x08FF or 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF


def latin_term(word: str, lang: str | None = None) -> str | None:
    """The index term of one Latin-script (or digit) word, French unless lang is "en"."""
    folded = fold_french(word)
    if not folded or folded in FRENCH_STOPWORDS or folded in ENGLISH_STOPWORDS:
        return None
    if folded.isdigit() or folded in FRENCH_PROTECTED:
        return folded
    stemmer = _ENGLISH if lang == "en" else _FRENCH
    return strip_accents(stemmer.stemWord(word.lower()))


class Analyzer:
    """Text to index terms, with the Arabic stemmer given (the Akhbar stemmer by default)."""

    def __init__(self, arabic_stem: Callable[[str], str] = stem_arabic):
        self.arabic_stem = arabic_stem
        self._caches: dict[str | None, dict[str, str | None]] = {}

    def arabic_term(self, word: str) -> str | None:
        """The index term of one Arabic-script word as written, or None for a stop word."""
        normalized = normalize_arabic(word)
        if not normalized or normalized in ARABIC_STOPWORDS:
            return None
        if normalized.isdigit():
            return normalized
        return self.arabic_stem(normalized)

    def term(self, word: str, lang: str | None = None) -> str | None:
        """The term of one token, routed by the script of its first character (memoized)."""
        cache = self._cache_for(lang)
        term = cache.get(word, MISSING)
        if term is MISSING:
            arabic = is_arabic_char(word[0])
            term = cache[word] = self.arabic_term(word) if arabic else latin_term(word, lang)
        return term

    def memo(self, lang: str | None = None) -> dict[str, str | None]:
        """The terms met so far, by word (None for a stop word); ``memo.get(word, MISSING)``
        tells a word not met yet, without analyzing it."""
        return self._cache_for(lang)

    @staticmethod
    def arabic_stop_word(word: str) -> bool:
        """True when the Arabic-script ``word`` gives no term: ``arabic_term`` without the
        stemming, which costs most of a word not met yet."""
        normalized = normalize_arabic(word)
        return not normalized or normalized in ARABIC_STOPWORDS

    def _cache_for(self, lang: str | None) -> dict[str, str | None]:
        cache = self._caches.setdefault(lang, {})
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        return cache

    def analyze(self, text: str, lang: str | None = None) -> list[str]:
        """Terms for indexing and querying, in text order (stop words dropped, words stemmed)."""
        cache, term_of = self._cache_for(lang), self.term
        terms = []
        for word in token_texts(text):
            term = cache.get(word, MISSING)
            if term is MISSING:
                term = term_of(word, lang)
            if term:
                terms.append(term)
        return terms

    def analyze_with_offsets(
        self, text: str, lang: str | None = None
    ) -> list[tuple[str, int, int]]:
        """Terms with the [start, end) offsets of the original words they come from."""
        terms = []
        for token in tokenize(text):
            term = self.term(token.text, lang)
            if term:
                terms.append((term, token.start, token.end))
        return terms


DEFAULT_ANALYZER = Analyzer()


def analyze(text: str, lang: str | None = None) -> list[str]:
    """Terms for indexing and querying with the default analyzer (see the module docstring).

    The terms of the last ``RECENT_TEXTS`` texts are kept: a text analyzed again (an
    article's body, by the classifier then the index) costs a copy of its list."""
    return list(_recent_terms(text, lang))


@functools.lru_cache(maxsize=RECENT_TEXTS)
def _recent_terms(text: str, lang: str | None) -> tuple[str, ...]:
    return tuple(DEFAULT_ANALYZER.analyze(text, lang))


def analyze_with_offsets(text: str, lang: str | None = None) -> list[tuple[str, int, int]]:
    """Terms with the offsets of the original words, for highlighting snippets."""
    return DEFAULT_ANALYZER.analyze_with_offsets(text, lang)


def normalize_for_match(text: str) -> list[str]:
    """Normalized words, unstemmed, stop words kept: the input of fingerprints and shingles."""
    normalized = normalize_arabic(text)
    if _LATIN_ACCENTED.search(normalized):
        normalized = strip_accents(normalized)
    return words(drop_elisions(normalized))
