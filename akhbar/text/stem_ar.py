"""Arabic light stemmers, selectable by name so the evaluation can compare them.

- "akhbar" (the default): strips the article and its clitic compounds (ال وال بال كال فال لل
  وبال…), then the one-letter clitics و ف ب ل ك only when a lexicon says the rest is a word
  and the whole is not, then light suffixes. The lexicon keeps words whose first letter is
  part of the root intact: ولاية, والي, وزير, فلاحة, بلدية, لقاء. It is built at import from
  `data/ar_root_initial.txt` and can be learned from a corpus with `build_lexicon`.
- "light10": a faithful reimplementation of Lucene's ArabicStemmer (Larkey's light10).
- "snowball": the Snowball Arabic stemmer from PyStemmer.

All stemmers expect a word already passed through `normalize_arabic`.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources

import Stemmer

from akhbar.text.normalize import normalize_arabic
from akhbar.text.tokenize import words

# --- Lucene light10 ------------------------------------------------------------------------

_LIGHT10_PREFIXES = ("ال", "وال", "بال", "كال", "فال", "لل", "و")
_LIGHT10_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")  # ية/ة are folded to يه/ه


def _light10_prefix(word: str) -> str:
    for prefix in _LIGHT10_PREFIXES:
        if len(prefix) == 1 and len(word) < 4:
            continue
        if len(word) >= len(prefix) + 2 and word.startswith(prefix):
            return word[len(prefix) :]
    return word


def _light10_suffix(word: str) -> str:
    for suffix in _LIGHT10_SUFFIXES:
        if len(word) >= len(suffix) + 2 and word.endswith(suffix):
            word = word[: -len(suffix)]
    return word


def light10_stem(word: str) -> str:
    """Lucene's ArabicStemmer: one prefix (ال وال بال كال فال لل و), then every suffix in turn."""
    return _light10_suffix(_light10_prefix(word))


# --- Snowball ------------------------------------------------------------------------------

_SNOWBALL = Stemmer.Stemmer("arabic")


def snowball_stem(word: str) -> str:
    """The Snowball Arabic stemmer (PyStemmer)."""
    return _SNOWBALL.stemWord(word)


# --- Lexicon -------------------------------------------------------------------------------


@dataclass
class Lexicon:
    """What a corpus says about words: how often each form follows ال (`article`), how often
    it stands alone (`standalone`); counts below `min_count` are ignored."""

    article: Counter = field(default_factory=Counter)
    standalone: Counter = field(default_factory=Counter)
    min_count: int = 1

    def takes_article(self, word: str) -> bool:
        return self.article[word] >= self.min_count

    def is_known(self, word: str) -> bool:
        return self.takes_article(word) or self.standalone[word] >= self.min_count


def build_lexicon(corpus_texts: Iterable[str], min_count: int = 2) -> Lexicon:
    """Learn from raw texts which stems follow ال and which forms stand alone."""
    lexicon = Lexicon(min_count=min_count)
    for text in corpus_texts:
        tokens = words(normalize_arabic(text))
        lexicon.standalone.update(tokens)
        lexicon.article.update(t[2:] for t in tokens if t.startswith("ال") and len(t) > 4)
    return lexicon


def default_lexicon() -> Lexicon:
    """The lexicon built from the project's own list of root-initial و ف ب ل ك words."""
    path = resources.files("akhbar.text").joinpath("data", "ar_root_initial.txt")
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    entries = [normalize_arabic(line) for line in lines if line and not line.startswith("#")]
    return Lexicon(article=Counter(entries), min_count=1)


def merge_lexicons(*lexicons: Lexicon) -> Lexicon:
    """One lexicon holding the counts of all (the hand list plus a learned one, say)."""
    merged = Lexicon(min_count=max(lex.min_count for lex in lexicons))
    for lex in lexicons:
        merged.article.update({w: max(n, merged.min_count) for w, n in lex.article.items()})
        merged.standalone.update(lex.standalone)
    return merged


# --- The Akhbar stemmer --------------------------------------------------------------------

_ARTICLE_PREFIXES = (
    "وبال",
    "فبال",
    "وكال",
    "فكال",
    "ولل",
    "فلل",
    "وال",
    "فال",
    "بال",
    "كال",
    "لل",
    "ال",
)
CACHE_LIMIT = 500_000
_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك")
_PRONOUN_SUFFIXES = ("هما", "كما", "هم", "هن", "كم", "نا", "ها")
_PLURAL_SUFFIXES = ("ات", "ون", "ين", "ان")
_PROTECTED = frozenset(normalize_arabic(w) for w in ("الله", "فلسطين", "إسرائيل", "البحرين"))


class ArabicStemmer:
    """The lexicon-guided light stemmer; `stem` is memoized per instance."""

    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon if lexicon is not None else default_lexicon()
        self._cache: dict[str, str] = {}
        article_forms = (w for w, n in self.lexicon.article.items() if n >= self.lexicon.min_count)
        self._article_stems = frozenset(self.strip_suffixes(w) for w in article_forms)

    def stem(self, word: str) -> str:
        """The stem of one normalized word (memoized; the cache restarts past CACHE_LIMIT)."""
        stem = self._cache.get(word)
        if stem is None:
            if len(self._cache) >= CACHE_LIMIT:
                self._cache.clear()
            stem = self._cache[word] = self._stem(word)
        return stem

    def _stem(self, word: str) -> str:
        if word in _PROTECTED or len(word) < 3:
            return word
        stripped = self.strip_prefixes(word)
        return stripped if stripped in _PROTECTED else self.strip_suffixes(stripped)

    def strip_prefixes(self, word: str) -> str:
        """Remove the article compound, else at most a conjunction and a preposition."""
        if not word.startswith("ال") and self._takes_article(word):
            return word  # والي, ولاية: attested after ال, so the first letter is the word's
        if word.startswith(_ARTICLE_PREFIXES):  # one test for the dozen, most words fail it
            for prefix in _ARTICLE_PREFIXES:
                if word.startswith(prefix) and len(word) - len(prefix) >= 2:
                    return self._after_article(word, prefix)
        word = self._strip_clitic(word, _CONJUNCTIONS)
        return self._strip_clitic(word, _PREPOSITIONS)

    def _after_article(self, word: str, prefix: str) -> str:
        """The word after an article compound; ل + ال + لاعب is written للاعب, not لللاعب."""
        rest = word[len(prefix) :]
        if prefix.endswith("لل") and self._takes_article("ل" + rest):
            return "ل" + rest
        return rest

    def _strip_clitic(self, word: str, clitics: tuple[str, ...]) -> str:
        if word[0] in clitics and len(word) >= 4 and self._is_clitic(word, word[1:]):
            return self.strip_prefixes(word[1:]) if word[1:3] == "ال" else word[1:]
        return word

    def _is_clitic(self, word: str, rest: str) -> bool:
        """Decide whether the first letter of `word` is a clitic, `rest` being the remainder."""
        lexicon = self.lexicon
        if self._takes_article(word):
            return False  # الولاية, الوزير: the letter belongs to the word
        if lexicon.is_known(rest) or self._takes_article(rest) or rest in _PROTECTED:
            return True  # وقال, بكتاب: the rest is a word of its own
        if lexicon.standalone[word] >= lexicon.min_count:
            return False  # فرنسا: a known word whose rest is unknown
        if word[0] == "و":
            return len(rest) >= 3  # light10's rule for و
        if word[0] == "ف":
            return rest[0] in "يتن" and len(rest) >= 4  # فيقول, فتقرر: a verb follows
        return rest[0] == "م" and len(rest) >= 3  # بمدرسة, لمدة: a noun of place/time follows

    def _takes_article(self, word: str) -> bool:
        """True when the lexicon attests `word`, or a form with the same stem, after ال."""
        if self.lexicon.takes_article(word):
            return True
        return self.strip_suffixes(word) in self._article_stems

    @staticmethod
    def strip_suffixes(word: str) -> str:
        """Remove one pronoun suffix, then a plural/dual ending, then ة/ية and nisba ي."""
        for suffix in _PRONOUN_SUFFIXES if word.endswith(_PRONOUN_SUFFIXES) else ():
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                if word.endswith("ت") and not word.endswith("ات") and len(word) >= 5:
                    return word[:-1]  # مدرستها → مدرست → مدرس, like مدرسة
                break
        return _strip_feminine(_strip_plural(word))


def _strip_plural(word: str) -> str:
    if not word.endswith(_PLURAL_SUFFIXES):
        return word
    for suffix in _PLURAL_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _min_stem(suffix, word):
            return word[: -len(suffix)]
    return word


def _min_stem(suffix: str, word: str) -> int:
    """Shortest stem a plural/dual ending may leave. The dual ان needs 4 letters, as place
    names end in it (لبنان is not لبن, سودان not سود, وهران, طهران), and never -ستان."""
    if suffix != "ان":
        return 3
    return 99 if word.endswith("ستان") else 4


def _strip_feminine(word: str) -> str:
    if word.endswith("يه") and len(word) >= 6:
        return word[:-2]  # جزائرية → جزائر, but ولاية → ولاي (never ولا)
    if word.endswith("ه") and len(word) >= 4:
        word = word[:-1]
    if word.endswith("ي") and len(word) >= 5:
        word = word[:-1]  # جزائري → جزائر, عربي stays عربي
    return word


# --- Selection by name ---------------------------------------------------------------------

_DEFAULT = ArabicStemmer()


def stem_arabic(word: str) -> str:
    """Stem one normalized word with the default (Akhbar, hand lexicon) stemmer."""
    return _DEFAULT.stem(word)


def get_stemmer(name: str = "akhbar", lexicon: Lexicon | None = None) -> Callable[[str], str]:
    """Return the stemming function called `name`: "akhbar", "light10" or "snowball"."""
    if name == "akhbar":
        return _DEFAULT.stem if lexicon is None else ArabicStemmer(lexicon).stem
    if name == "light10":
        return light10_stem
    if name == "snowball":
        return snowball_stem
    raise ValueError(f"unknown Arabic stemmer: {name!r}")
