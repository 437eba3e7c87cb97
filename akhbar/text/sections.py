"""Our category from the outlet's own section: URL path, feed category, breadcrumb, meta.

`category_from_section(*hints)` tries each hint in the order given and returns the first slug
of our taxonomy that one of them names, or None. A hint that looks like a URL or a path is
read segment by segment (`/ar/sport/123-title` → sport); any other hint is read part by part,
split at breadcrumb separators (`الرئيسية » رياضة`, `Sport | Football`).

Matching is on folded names: lower case, Latin accents dropped, Arabic folded as for search
(hamza forms, ى, ة), the article ال dropped from each Arabic word, `-` and `_` read as spaces.
A whole part may name a section (`عربي ودولي`, `faits divers`); a short part (three words
at most: `أخبار الرياضة`, `Sport - Football`) may also name it by one of its words. Long parts
(article slugs, headlines) must match whole, so a word inside a headline never decides.

Choices: منوعات / Divers / Insolite (odd news, daily life) → society; Algérie / الجزائر
→ national (Algeria first); Maghreb, Afrique, عربي → international; علوم / Sciences →
technology.
"""

from urllib.parse import unquote, urlsplit

import regex

from akhbar.text.normalize import normalize_arabic, strip_accents

# Single words naming a section, written as outlets write them (folded when the table is built).
SECTION_WORDS = {
    "politics": "سياسة سياسي سياسية politique politic politics political",
    "national": (
        "وطني وطنية الوطن محلي محلية محليات الجزائر جزائريات ولايات مناطق "
        "national nationale local locale region regions algerie alger"
    ),
    "international": (
        "دولي دولية دوليات عالمي عالمية إفريقيا أفريقيا "
        "international internationale monde world worldnews middleeast maghreb afrique africa"
    ),
    "economy": (
        "اقتصاد اقتصادي اقتصادية اقتصاديات مال أعمال بورصة "
        "economie economy economic business finance finances marches bourse money"
    ),
    "sports": (
        "رياضة رياضي رياضية رياضات sport sports football foot soccer handball basketball "
        "tennis athletisme"
    ),
    "culture": (
        "ثقافة ثقافي ثقافية فن فنون أدب سينما "
        "culture culturel culturelle arts cinema musique livres entertainment"
    ),
    "religion": "دين ديني دينية إسلاميات إسلام religion islam religious",
    "health": "صحة صحي صحية طب sante health medecine medical",
    "society": (
        "مجتمع اجتماعي اجتماعية منوعات حوادث societe society social divers insolite lifestyle"
    ),
    "technology": (
        "تكنولوجيا تقنية تقنيات علوم technologie technology tech hightech sciences science "
        "numerique digital"
    ),
    "opinion": (
        "رأي آراء مقالات مقال أعمدة عمود افتتاحية opinion opinions contributions contribution "
        "chroniques chronique editorial editorials tribune tribunes idees debats analyses"
    ),
}

# Names that decide only as a whole part (a word of them alone is too vague or ambiguous).
SECTION_PHRASES = {
    "عربي ودولي": "international",
    "عرب وعالم": "international",
    "العالم": "international",
    "عالم": "international",
    "العرب": "international",
    "عربي": "international",
    "الشرق الأوسط": "international",
    "المغرب العربي": "international",
    "ثقافة وفنون": "culture",
    "علوم وتكنولوجيا": "technology",
    "علوم وتقنية": "technology",
    "مال وأعمال": "economy",
    "كرة القدم": "sports",
    "وجهة نظر": "opinion",
    "كتاب الرأي": "opinion",
    "faits divers": "society",
    "high tech": "technology",
    "world news": "international",
    "middle east": "international",
    "arab world": "international",
    "monde arabe": "international",
    "local news": "national",
    "actualite nationale": "national",
}

_SEPARATORS = regex.compile(r"\s*(?:[»«›‹>|/\\,;:،؛]|\s-\s|\s–\s)\s*")
_NOISE = regex.compile(r"[^\p{L}\p{N}]+")
_MAX_WORDS_FOR_WORD_MATCH = 3


def fold(text: str) -> str:
    """A section name as matched: folded, ال dropped from Arabic words, punctuation as spaces."""
    folded = strip_accents(normalize_arabic(unquote(text)))
    words = [_drop_article(word) for word in _NOISE.sub(" ", folded).split()]
    return " ".join(word for word in words if word)


def _drop_article(word: str) -> str:
    """Drop a leading ال, وال, بال or لل when two letters or more remain."""
    for prefix in ("وال", "بال", "ال", "لل"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    return word


def _word_table() -> dict[str, str]:
    return {fold(word): slug for slug, words in SECTION_WORDS.items() for word in words.split()}


_WORDS = _word_table()
_PHRASES = {fold(phrase): slug for phrase, slug in SECTION_PHRASES.items()}


def _name_of(part: str) -> str | None:
    """The slug one section name (one path segment or breadcrumb part) stands for."""
    folded = fold(part)
    if not folded:
        return None
    slug = _PHRASES.get(folded) or _WORDS.get(folded)
    if slug or len(folded.split()) > _MAX_WORDS_FOR_WORD_MATCH:
        return slug
    return next((_WORDS[w] for w in folded.split() if w in _WORDS), None)


def _is_path(hint: str) -> bool:
    return hint.startswith(("http://", "https://", "/")) or "://" in hint


def _parts(hint: str) -> list[str]:
    """Path segments of a URL or path (file extensions dropped), else breadcrumb parts."""
    if _is_path(hint):
        path = urlsplit(hint).path if "://" in hint else hint.split("?")[0]
        return [segment.rsplit(".", 1)[0] for segment in path.split("/") if segment]
    return _SEPARATORS.split(hint)


def category_from_section(*hints: str) -> str | None:
    """Our category slug for the first hint that names a section of ours, else None."""
    for hint in hints:
        for part in _parts(hint or ""):
            slug = _name_of(part)
            if slug:
                return slug
    return None
