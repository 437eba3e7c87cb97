"""The decision rules of deduplication and story clustering (pure functions, no database).

``is_duplicate`` decides whether two bodies are the same text (a wire copy), and
``wire_groups_to_merge`` when a new copy shows two wire groups to be one item; ``same_story``
whether two articles, usually in different words and sometimes in different languages, are
about the same event. They take plain values computed once per article (``DupKeys``,
``StoryKeys``) so that the service can store them and compare without re-reading text.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from akhbar.stories.entities import COMMON, entities
from akhbar.stories.fingerprints import body_words, containment, exact_hash, jaccard, shingles
from akhbar.text.analyzer import analyze

# A body is a copy of another when either contains this share of the other's 5-shingles.
CONTAINMENT_THRESHOLD = 0.8
# Below this many shingles a body is too short for containment to mean anything: only an
# identical text counts (a 3-word brief is "contained" in many articles).
MIN_SHINGLES_FOR_CONTAINMENT = 8
STORY_WINDOW = timedelta(hours=72)
BODY_TERMS = 40
# The event is in the head of an article: story keys read the lede and this much of the body.
HEAD_CHARS = 1500


@dataclass(frozen=True)
class DupKeys:
    """What the duplicate rule looks at: the exact hash and the 5-shingles of the body."""

    body_hash: str
    shingles: frozenset[int]

    @classmethod
    def of(cls, body: str) -> "DupKeys":
        words = body_words(body)
        return cls(exact_hash(words), shingles(words))


def max_containment(a: DupKeys, b: DupKeys) -> float:
    """The larger of the two containments: how much of the smaller text the other holds."""
    return max(containment(a.shingles, b.shingles), containment(b.shingles, a.shingles))


def is_duplicate(a: DupKeys, b: DupKeys) -> bool:
    """Same text: equal exact hashes, or one body holds ≥ 80 % of the other's 5-shingles.

    A wire copy with a new title, an added byline or a dropped paragraph keeps most of the
    dispatch's 5-shingles; two articles that only quote the same statement do not.
    """
    if a.body_hash and a.body_hash == b.body_hash:
        return True
    if min(len(a.shingles), len(b.shingles)) < MIN_SHINGLES_FOR_CONTAINMENT:
        return False
    return max_containment(a, b) >= CONTAINMENT_THRESHOLD


# A new article that is a copy of members of two wire groups shows them to be one wire item
# (one release that arrived as two house edits, each a copy of it but not quite of each
# other) only when those two members are alike as wholes: their 5-shingle Jaccard is at
# least this. On SaudiNewsNet most pairs of edits of one release are at 0.45-0.67; a release
# and a digest or a long write-up that carries it beside other news are at 0.2-0.4, and a
# digest that holds two releases is a copy of two members that share nothing.
MERGE_JACCARD = 0.4


def one_wire_item(a: DupKeys, b: DupKeys) -> bool:
    """Whether two members of two wire groups, both copied by one new article, are one item."""
    return jaccard(a.shingles, b.shingles) >= MERGE_JACCARD


def wire_groups_to_merge(copied: list[DupKeys]) -> list[int]:
    """Which of the wire groups a new article copies are one wire item: positions in ``copied``.

    Copies arrive in any order, so one wire item can start as two groups (two house edits of
    a release, each a copy of the release but not quite of each other, arrive before it).
    ``copied`` holds, per group, the member the new article is a copy of (``is_duplicate``),
    best candidate first; the first group and every group whose member is ``one_wire_item``
    with the first group's are returned ([] for none).
    """
    if len(copied) < 2:
        return []
    joined = [i for i in range(1, len(copied)) if one_wire_item(copied[0], copied[i])]
    return [0, *joined] if joined else []


@dataclass(frozen=True)
class StoryKeys:
    """What the story rule looks at, computed once per article and stored as JSON."""

    lang: str
    published_at: datetime | None
    title_terms: frozenset[str]
    body_terms: frozenset[str]
    title_entities: frozenset[str]
    entities: frozenset[str]

    @classmethod
    def of(cls, title: str, lede: str, body: str, lang: str, published_at) -> "StoryKeys":
        head = body[:HEAD_CHARS]
        text = f"{lede}\n{head}"
        # the terms of ``text``, the lede's and the head's apart (no word spans the line
        # between them): ``analyze`` kept both, from the index and the classifier's passes
        counts = Counter(analyze(lede, lang) + analyze(head, lang))
        return cls(
            lang=lang or "",
            published_at=published_at,
            title_terms=frozenset(analyze(title, lang)),
            body_terms=frozenset(term for term, _ in counts.most_common(BODY_TERMS)),
            title_entities=(in_title := entities(title)),
            entities=in_title | entities(text),
        )

    def lookup_terms(self) -> set[str]:
        """The terms under which the article is filed for finding story candidates."""
        named = {e for e in self.entities if e.startswith("g:") and e not in COMMON}
        return {f"t:{term}" for term in self.title_terms} | named | set(self.title_entities)

    def to_json(self) -> dict:
        return {
            "lang": self.lang,
            "title_terms": sorted(self.title_terms),
            "body_terms": sorted(self.body_terms),
            "title_entities": sorted(self.title_entities),
            "entities": sorted(self.entities),
        }

    @classmethod
    def from_json(cls, data: dict, published_at) -> "StoryKeys":
        return cls(
            lang=data.get("lang", ""),
            published_at=published_at,
            title_terms=frozenset(data.get("title_terms", ())),
            body_terms=frozenset(data.get("body_terms", ())),
            title_entities=frozenset(data.get("title_entities", ())),
            entities=frozenset(data.get("entities", ())),
        )


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two term sets (0.0 when both are empty)."""
    shared = len(a & b)
    union = len(a) + len(b) - shared
    return shared / union if union else 0.0


def is_year(entity: str) -> bool:
    return entity.startswith(("n:19", "n:20")) and len(entity) == 6


def entity_weight(shared: frozenset[str]) -> float:
    """Evidence of shared entities: a name counts 1, a number ½, a year or a country ¼."""
    weight = 0.0
    for entity in shared:
        if entity in COMMON or is_year(entity):
            weight += 0.25
        elif entity.startswith("n:"):
            weight += 0.5
        else:
            weight += 1.0
    return weight


def name_count(shared: frozenset[str]) -> int:
    """Shared names that say something about the event: not numbers, not countries."""
    return sum(1 for entity in shared if not entity.startswith("n:") and entity not in COMMON)


def within_window(a: StoryKeys, b: StoryKeys, window: timedelta = STORY_WINDOW) -> bool:
    """Both published within ``window`` of each other (an unknown date never excludes)."""
    if a.published_at is None or b.published_at is None:
        return True
    return abs(a.published_at - b.published_at) <= window


def story_score(a: StoryKeys, b: StoryKeys) -> float:
    """How strongly two articles look like the same event; 0.0 when the rule says no.

    Same language: very similar titles (title-stem Jaccard ≥ 0.5), or similar bodies
    (Jaccard of the 40 most frequent stems ≥ 0.3), or moderately similar bodies (≥ 0.15)
    backed by similar titles (≥ 0.2) or two shared names. Different languages (stems cannot
    match): the whole texts share names and numbers worth ≥ 3 with something shared in the
    titles, or worth ≥ 4 with at least two names. Always within the 72-hour window.
    """
    if not within_window(a, b):
        return 0.0
    # Each branch computes only what it decides on: this runs for every story candidate.
    if a.lang == b.lang:
        title = overlap(a.title_terms, b.title_terms)
        body = overlap(a.body_terms, b.body_terms)
        if title >= 0.5 or body >= 0.3:
            return 1.0 + title + body
        if body >= 0.15 and (title >= 0.2 or entity_weight(a.entities & b.entities) >= 2):
            return 0.5 + title + body
        return 0.0
    shared = a.entities & b.entities
    named = entity_weight(shared)
    title_named = entity_weight(a.title_entities & b.title_entities)
    if (title_named >= 0.5 and named >= 3) or (named >= 4 and name_count(shared) >= 2):
        return 0.5 + title_named / 10 + named / 10
    return 0.0


def same_story(a: StoryKeys, b: StoryKeys) -> bool:
    """True when the articles are about the same event (see ``story_score`` for the rule)."""
    return story_score(a, b) > 0.0


# A new article bridges two stories only when it matches an article of each this strongly
# (same language: 1.0 + title + body, so "very similar" with a little more besides) ...
MERGE_SCORE = 1.2
# ... and those two articles already have something of one event in common: similar bodies
# and two shared names. A digest that lists the day's royal audiences matches two audiences
# strongly, but the two audiences share one name (the host) and are kept apart.
MERGE_BODY = 0.15
MERGE_NAMES = 2


def bridges(new: StoryKeys, a: StoryKeys, b: StoryKeys) -> bool:
    """Whether ``new`` shows that ``a`` and ``b`` (of two stories) are about one event."""
    if story_score(new, a) < MERGE_SCORE or story_score(new, b) < MERGE_SCORE:
        return False
    shared = a.entities & b.entities
    return overlap(a.body_terms, b.body_terms) >= MERGE_BODY and name_count(shared) >= MERGE_NAMES


def stories_to_merge(new: StoryKeys, best: dict[int, StoryKeys]) -> list[int]:
    """The stories ``new`` shows to be one event, oldest (lowest id) first; [] for none.

    Stories are grouped online, so one event can start as two stories (its first articles
    worded apart, or folded at the same moment by two workers). ``best`` holds, per story,
    the stored keys of its article that matches ``new`` best. Every story that ``new``
    bridges with the best-matching one is returned with it.
    """
    if len(best) < 2:
        return []
    ranked = sorted(best, key=lambda story: (-story_score(new, best[story]), story))
    head = ranked[0]
    joined = [story for story in ranked[1:] if bridges(new, best[head], best[story])]
    return sorted([head, *joined]) if joined else []
