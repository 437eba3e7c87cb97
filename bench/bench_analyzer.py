"""Analyzer speed on real Arabic articles, and how well each Arabic stemmer conflates.

Speed: `analyze` on the bodies of ANT articles (read from ../shared/data at run time),
scaled to a 600-word article; the anchor is PyStemmer's Snowball Arabic applied to the
whitespace-split words of the same texts, measured in the same run.

Conflation: for each stemmer variant ("light10", "snowball", "akhbar" with the hand lexicon,
"akhbar+corpus" with a lexicon learned from the articles), the share of clitic/suffix variants
that get the stem of their group's first word, and the share of must-not-merge pairs kept
apart. The word lists below are written by the project (no corpus text).
"""

import json
import sys
import time
from itertools import islice

import Stemmer

from akhbar.text.analyzer import analyze
from akhbar.text.normalize import normalize_arabic
from akhbar.text.stem_ar import (
    ArabicStemmer,
    build_lexicon,
    default_lexicon,
    light10_stem,
    merge_lexicons,
    snowball_stem,
    stem_arabic,
)
from eval import SHARED_DATA

DATA = SHARED_DATA / "ant" / "articles.jsonl"
WORDS_PER_ARTICLE = 600
GOAL_MS = 1.5

CONFLATE = [
    "الجزائر والجزائر بالجزائر للجزائر فالجزائر وبالجزائر",
    "المدرسة مدرسة والمدرسة بالمدرسة وبالمدرسة للمدرسة مدرستها",
    "ولاية الولاية والولاية بالولاية للولاية ولايات الولايات",
    "والي الوالي ووالي للوالي",
    "وزير الوزير والوزير للوزير بالوزير",
    "وزارة الوزارة والوزارة بالوزارة",
    "فلاحة الفلاحة والفلاحة بالفلاحة",
    "بلدية البلدية والبلدية بالبلدية للبلدية بلديات البلديات",
    "لقاء اللقاء واللقاء باللقاء",
    "رئيس الرئيس والرئيس للرئيس برئيس",
    "حكومة الحكومة والحكومة بالحكومة للحكومة حكومتها",
    "انتخابات الانتخابات والانتخابات بالانتخابات للانتخابات",
    "منتخب المنتخب والمنتخب بالمنتخب للمنتخب",
    "كتاب الكتاب والكتاب بكتاب كتابها",
    "فريق الفريق والفريق بالفريق للفريق",
    "لاعب اللاعب واللاعب للاعب لاعبين اللاعبين",
    "جزائري الجزائري جزائرية الجزائرية والجزائري",
    "عربي العربي عربية العربية والعربية",
    "مسؤول المسؤول والمسؤول مسؤولون المسؤولون مسؤولين",
    "قال وقال فقال",
    "يقول ويقول",
    "مؤتمر المؤتمر والمؤتمر بالمؤتمر",
    "اقتصاد الاقتصاد والاقتصاد بالاقتصاد",
    "شركة الشركة والشركة للشركة شركات الشركات",
    "مشروع المشروع والمشروع بالمشروع",
    "فلسطين وفلسطين بفلسطين لفلسطين",
    "فلسطيني الفلسطيني فلسطينية الفلسطينية الفلسطينيين",
    "برلمان البرلمان والبرلمان بالبرلمان",
    "بنك البنك والبنك بالبنك للبنك",
    "وطن الوطن والوطن بالوطن",
    "وطنية الوطنية والوطنية وطني الوطني",
    "لجنة اللجنة واللجنة باللجنة",
    "كرة الكرة والكرة بالكرة",
    "وكالة الوكالة والوكالة بالوكالة",
    "مجلس المجلس والمجلس بالمجلس للمجلس",
    "وفد الوفد والوفد بالوفد",
    "معلمون المعلمون معلمين المعلمين معلم المعلم",
    "مدينة المدينة والمدينة بالمدينة",
    "قرار القرار والقرار بالقرار",
    "بيان البيان والبيان بالبيان",
]
DISTINCT = [
    ("منتخب", "انتخابات"), ("الجزائر", "جزيرة"), ("ولاية", "لا"), ("ولاية", "لاية"),
    ("والي", "الي"), ("والي", "لي"), ("وزير", "زير"), ("فلاحة", "لاحة"), ("بلدية", "لدي"),
    ("بلدية", "لدية"), ("لقاء", "قاء"), ("فرنسا", "رنسا"), ("وطن", "طن"), ("وقت", "قت"),
    ("بيت", "يت"), ("كتاب", "تاب"), ("وفد", "فد"), ("فريق", "ريق"), ("لجنة", "جنة"),
    ("بنك", "نك"), ("كرة", "رة"), ("وكالة", "كالة"), ("فلسطين", "فلسط"), ("برنامج", "رنامج"),
    ("وهران", "هران"),
]  # fmt: skip


def load_bodies(limit: int | None) -> list[str]:
    """Bodies of the Arabic ANT articles, read from the shared data folder."""
    with DATA.open(encoding="utf-8") as lines:
        records = (json.loads(line) for line in lines)
        return [r["body"] for r in islice(records, limit) if r.get("lang") == "ar"]


def _ms_per_600_words(function, bodies: list[str], word_count: int) -> float:
    started = time.perf_counter()
    for body in bodies:
        function(body)
    elapsed_ms = (time.perf_counter() - started) * 1000
    return elapsed_ms * WORDS_PER_ARTICLE / word_count


def _snowball_on_whitespace(body: str) -> list[str]:
    return _SNOWBALL.stemWords(body.split())


def _light10_on_whitespace(body: str) -> list[str]:
    return [light10_stem(normalize_arabic(word)) for word in body.split()]


_SNOWBALL = Stemmer.Stemmer("arabic")


def speed_rows(bodies: list[str]) -> list[dict]:
    """analyze() on warm caches (the steady state of an indexer) and cold, against anchors."""
    word_count = sum(len(body.split()) for body in bodies)
    cold = _ms_per_600_words(analyze, bodies, word_count)
    warm = _ms_per_600_words(analyze, bodies, word_count)
    snowball = _ms_per_600_words(_snowball_on_whitespace, bodies, word_count)
    light10 = _ms_per_600_words(_light10_on_whitespace, bodies, word_count)
    return [
        _row("analyze, 600-word article (warm) vs Snowball ar on split()", warm, snowball),
        _row("analyze, 600-word article (cold caches) vs Snowball ar", cold, snowball),
        _row("analyze, 600-word article (warm) vs light10 on split()", warm, light10),
    ]


def _row(name: str, ours: float, anchor: float) -> dict:
    ratio = ours / anchor if anchor else None
    return {"name": name, "ours": ours, "anchor": anchor, "unit": "ms/article", "ratio": ratio,
            "goal": f"≤ {GOAL_MS} ms"}  # fmt: skip


def conflation_scores(stem) -> tuple[float, float]:
    """(share of variants stemmed like their group head, share of must-not pairs kept apart)."""
    same = total = 0
    for group in CONFLATE:
        head, *variants = (stem(normalize_arabic(word)) for word in group.split())
        same += sum(variant == head for variant in variants)
        total += len(variants)
    apart = sum(stem(normalize_arabic(a)) != stem(normalize_arabic(b)) for a, b in DISTINCT)
    return same / total, apart / len(DISTINCT)


def stemmer_variants(bodies: list[str]) -> dict:
    learned = build_lexicon(bodies, min_count=3)
    return {
        "light10": light10_stem,
        "snowball": snowball_stem,
        "akhbar": stem_arabic,
        "akhbar+corpus": ArabicStemmer(merge_lexicons(default_lexicon(), learned)).stem,
    }


def conflation_rows(bodies: list[str]) -> list[dict]:
    """One row per stemmer: conflation share (ours) against Lucene light10 (anchor)."""
    variants = stemmer_variants(bodies)
    anchor_conflation, anchor_apart = conflation_scores(variants["light10"])
    rows = []
    for name, stem in variants.items():
        conflation, apart = conflation_scores(stem)
        rows.append(
            {"name": f"stemmer {name}: variants conflated (kept apart {apart:.0%})",
             "ours": conflation, "anchor": anchor_conflation, "unit": "share (anchor light10)",
             "ratio": conflation / anchor_conflation, "goal": "high, with 100% kept apart"}
        )  # fmt: skip
    return rows


def held_out_pairs(bodies: list[str], min_count: int = 5) -> list[tuple[str, str]]:
    """(X, الX) pairs from texts: nouns with X starting with و ف ب ل ك and seen after ال.

    A stemmer that takes the first letter of X for a clitic stems X and الX differently.
    """
    lexicon = build_lexicon(bodies, min_count=min_count)
    return sorted(
        (word, "ال" + word)
        for word, count in lexicon.article.items()
        if count >= min_count and word[0] in "وفبلك" and lexicon.standalone[word] >= min_count
    )


def held_out_rows(bodies: list[str]) -> list[dict]:
    """Root-initial و ف ب ل ك words kept whole; the lexicon learns on the other half only."""
    half = len(bodies) // 2
    pairs = held_out_pairs(bodies[half:])
    variants = stemmer_variants(bodies[:half])
    scores = {name: _kept_share(stem, pairs) for name, stem in variants.items()}
    return [
        {"name": f"stemmer {name}: root-initial و/ف/ب/ل/ك kept ({len(pairs)} held-out words)",
         "ours": score, "anchor": scores["light10"], "unit": "share (anchor light10)",
         "ratio": score / scores["light10"], "goal": "high"}
        for name, score in scores.items()
    ]  # fmt: skip


def _kept_share(stem, pairs: list[tuple[str, str]]) -> float:
    kept = sum(stem(word) == stem(with_article) for word, with_article in pairs)
    return kept / len(pairs) if pairs else 0.0


def run(quick: bool = False) -> list[dict]:
    """Benchmark rows for bench/run.py."""
    bodies = load_bodies(1500 if quick else None)
    return speed_rows(bodies) + conflation_rows(bodies) + held_out_rows(bodies)


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(row)
