"""Names across scripts: تبون / Tebboune, وهران / Oran, شنقريحة / Chanegriha.

Two sources of pairs:
- ``data/aliases.tsv``, written by hand: one entity per line, its kind, then its
  spellings (Arabic, French, other usual transliterations);
- ``learn_aliases(articles)``: pairs learned from articles where both spellings
  occur (one article quoting a Latin name, or the French and Arabic articles of
  one story), matched by transliteration similarity.

An ``AliasTable`` is keyed by analyzed term, so every written form of a word
(with clitics, with or without hamza) finds the same spellings. Pure: no
database, no FTS syntax.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from importlib import resources

import regex

from akhbar.text.analyzer import analyze, is_arabic_char
from akhbar.text.normalize import normalize_arabic, strip_accents
from akhbar.text.stem_ar import ArabicStemmer
from akhbar.text.stopwords import ARABIC_STOPWORDS, FRENCH_STOPWORDS


class AliasTable:
    """Spellings of the same name; ``table(word)`` lists the other spellings of ``word``."""

    def __init__(self, entities: Iterable[list[str]] = ()):
        self._spellings: dict[str, set[str]] = defaultdict(set)
        for spellings in entities:
            self.add(spellings)

    def add(self, spellings: list[str]) -> None:
        """Make the spellings aliases of each other (single words become lookup keys)."""
        for spelling in spellings:
            key = _key(spelling)
            if key:
                self._spellings[key].update(s for s in spellings if s != spelling)

    def __call__(self, word: str) -> list[str]:
        key = _key(word)
        if not key:
            return []
        return sorted(s for s in self._spellings.get(key, ()) if _key(s) != key)

    def __len__(self) -> int:
        return len(self._spellings)


def _key(spelling: str) -> str | None:
    """The analyzed term of a one-word spelling; None for names of several words."""
    terms = analyze(spelling)
    return terms[0] if len(terms) == 1 else None


def read_alias_file(text: str) -> list[list[str]]:
    """Entities of an aliases.tsv: ``kind<TAB>spelling<TAB>spelling…``; # starts a comment."""
    entities = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        _kind, *spellings = [cell.strip() for cell in line.split("\t")]
        if len(spellings) >= 2:
            entities.append([s for s in spellings if s])
    return entities


@cache
def default_aliases() -> AliasTable:
    """The hand-written table shipped with Akhbar (read once)."""
    text = resources.files("akhbar.search").joinpath("data", "aliases.tsv").read_text("utf-8")
    return AliasTable(read_alias_file(text))


# --- Transliteration similarity --------------------------------------------------------------

# Arabic letters → consonant classes shared with their usual French/English spellings.
# Long vowels, ه, ع and hamza are dropped (Oran/وهران, Annaba/عنابة); ق and غ are k/g
# sounds (Guelma/قالمة, Chanegriha/شنقريحة); ج is j or dj.
_AR_CLASS = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "", "خ": "x", "د": "d", "ذ": "d",
    "ر": "r", "ز": "z", "س": "s", "ش": "c", "ص": "s", "ض": "d", "ط": "t", "ظ": "d",
    "غ": "k", "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "پ": "b",
    "ڤ": "f", "گ": "k", "ي": "", "و": "", "ا": "", "ه": "", "ع": "", "ء": "",
}  # fmt: skip
# Digraphs first, to upper-case classes that the one-letter table leaves alone;
# then soft c and g (Facebook, Alger) before e, i, y.
_LATIN_DIGRAPHS = (
    ("sch", "C"), ("ch", "C"), ("sh", "C"), ("dj", "J"), ("kh", "X"), ("gh", "K"),
    ("th", "T"), ("ph", "F"), ("ou", ""), ("qu", "K"), ("ng", "N"),
)  # fmt: skip
_SOFT = regex.compile(r"([cg])(?=[eiy])")
_LATIN_CLASS = str.maketrans(
    {"q": "k", "g": "k", "c": "k", "v": "f", "p": "b", "w": "", "y": "", "h": "", "e": "",
     "a": "", "i": "", "o": "", "u": "", "N": "nj"}
)  # fmt: skip
_DOUBLE = regex.compile(r"(.)\1+")


def arabic_skeleton(word: str) -> str:
    """The consonant skeleton of an Arabic word: تبون → tbn, شنقريحة → cnkr."""
    letters = normalize_arabic(word)
    return _DOUBLE.sub(r"\1", "".join(_AR_CLASS.get(ch, "") for ch in letters))


def latin_skeleton(word: str) -> str:
    """The consonant skeleton of a Latin word: Tebboune → tbn, Chanegriha → cnkr."""
    text = strip_accents(word.lower())
    for digraph, sound in _LATIN_DIGRAPHS:
        text = text.replace(digraph, sound)
    text = _SOFT.sub(lambda m: "S" if m.group(1) == "c" else "J", text)
    text = text.translate(_LATIN_CLASS).lower().replace("N", "n")
    return _DOUBLE.sub(r"\1", text.replace("n" + "n", "n"))


def similarity(latin: str, arabic: str) -> float:
    """How alike two spellings sound, 0..1, from their consonant skeletons."""
    a, b = latin_skeleton(latin), arabic_skeleton(arabic)
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b).ratio()


# --- Learning pairs from articles ------------------------------------------------------------

_NAME = regex.compile(r"\b\p{Lu}[\p{Ll}\p{Lu}'’-]{2,}\b")
_ARABIC_WORD = regex.compile(r"[\u0621-\u064A\u0671-\u06D3]{3,}")
_STEMMER = ArabicStemmer()
MIN_SKELETON = 3  # consonant sounds a name needs before it is matched
NEARBY_WORDS = 6  # in a mixed article, the Arabic spelling stands next to the Latin one


@dataclass(frozen=True)
class LearnedAlias:
    latin: str
    arabic: str
    similarity: float
    support: int  # articles or stories where both spellings occurred


def latin_names(text: str) -> set[str]:
    """Capitalized Latin words that could be names: no stop words, no acronyms (CNN, ABC:
    their letters are spelled out in Arabic), at least three consonant sounds."""
    names = {m.group().strip("'’-") for m in _NAME.finditer(text)}
    return {
        n
        for n in names
        if not n.isupper()
        and strip_accents(n.lower()) not in FRENCH_STOPWORDS
        and len(latin_skeleton(n)) >= MIN_SKELETON
    }


def arabic_words(text: str) -> set[tuple[str, str]]:
    """Arabic words as (written, bare) pairs: bare drops the article and clitics, which
    may be wrong for a foreign name (ورقلة is no و + رقلة), so both forms compete."""
    found = set()
    for word in _ARABIC_WORD.findall(normalize_arabic(text)):
        if word not in ARABIC_STOPWORDS:
            bare = _STEMMER.strip_prefixes(word)
            found.add((word, bare if len(bare) >= 3 else word))
    return found


_AR_VOWELS = {"و": "ou", "ا": "a", "ي": "i", "ه": "a", "ع": "", "ء": ""}
_LATIN_PLAIN = str.maketrans(
    {"w": "ou", "v": "f", "g": "k", "q": "k", "c": "k", "e": "i", "y": "i"}
)


def _with_vowels(latin: str, arabic: str) -> float:
    """A tie-breaker keeping the vowels: وكاميرا is less like Camera than كاميرا is."""
    roman = "".join(_AR_VOWELS.get(ch) or _AR_CLASS.get(ch, "") for ch in arabic)
    plain = strip_accents(latin.lower()).translate(_LATIN_PLAIN)
    return SequenceMatcher(None, plain, roman.replace("x", "kh")).ratio()


def _form_score(name: str, written: str, bare: str) -> tuple[float, str]:
    """The better-sounding of the two forms (with vowels counted to break a tie)."""
    whole = (similarity(name, written), _with_vowels(name, written))
    stripped = (similarity(name, bare), _with_vowels(name, bare))
    return (stripped[0], bare) if stripped > whole else (whole[0], written)


def best_match(name: str, candidates: set[tuple[str, str]], threshold: float):
    """The Arabic word sounding most like ``name``, if it is clearly the best; the two
    skeletons must be about as long (one sound more or less)."""
    size = len(latin_skeleton(name))
    scored = []
    for written, bare in candidates:
        score, form = _form_score(name, written, bare)
        if abs(len(arabic_skeleton(form)) - size) <= 1:
            scored.append((score, len(form), form))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < threshold:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0] and scored[1][2] != scored[0][2]:
        return None  # a tie: no way to tell which one is the name
    return scored[0][2], scored[0][0]


def learn_aliases(
    documents: Iterable[tuple[str, str]], *, threshold: float = 0.85, min_support: int = 1
) -> list[LearnedAlias]:
    """Learn Latin ↔ Arabic pairs from documents holding both scripts.

    A document is ``(latin_text, arabic_text)``: one article split by script, or
    the French and the Arabic articles of one story joined (``story_documents``).
    Each capitalized Latin name is paired with the Arabic word of the same
    document whose consonant skeleton is most alike, when alike enough.
    """
    support: Counter = Counter()
    scores: dict[tuple[str, str], float] = {}
    for latin_text, arabic_text in documents:
        candidates = arabic_words(arabic_text)
        for name in latin_names(latin_text):
            if len(latin_skeleton(name)) < 2:
                continue
            match = best_match(name, candidates, threshold)
            if match:
                pair = (name, match[0])
                support[pair] += 1
                scores[pair] = match[1]
    return [
        LearnedAlias(latin, arabic, round(scores[(latin, arabic)], 3), count)
        for (latin, arabic), count in sorted(support.items())
        if count >= min_support
    ]


def nearby_documents(text: str, reach: int = NEARBY_WORDS) -> list[tuple[str, str]]:
    """One document per Latin name of a mixed-script article: the name, and the Arabic
    words within ``reach`` words of it ("أبل (Apple)", "شركة Apple الأمريكية")."""
    tokens = text.split()
    documents = []
    for index, token in enumerate(tokens):
        if token and not is_arabic_char(token[0]) and latin_names(token):
            around = tokens[max(0, index - reach) : index + reach + 1]
            arabic = [w for w in around if w and is_arabic_char(w[0])]
            if arabic:
                documents.append((token, " ".join(arabic)))
    return documents


def split_scripts(text: str) -> tuple[str, str]:
    """The Latin and the Arabic words of one text, as two strings."""
    latin, arabic = [], []
    for word in text.split():
        (arabic if word and is_arabic_char(word[0]) else latin).append(word)
    return " ".join(latin), " ".join(arabic)


def story_documents(articles: Iterable) -> list[tuple[str, str]]:
    """One (Latin text, Arabic text) document per story, from its articles' titles and bodies.

    ``articles`` have ``story_id``, ``language``, ``title`` and ``body``; articles
    without a story count as stories of their own (both scripts in one article).
    """
    stories: dict[object, list[list[str]]] = defaultdict(lambda: [[], []])
    for article in articles:
        key = article.story_id if article.story_id is not None else ("article", id(article))
        latin, arabic = split_scripts(f"{article.title}\n{article.body}")
        stories[key][0].append(latin)
        stories[key][1].append(arabic)
    return [(" ".join(lat), " ".join(ar)) for lat, ar in stories.values()]
