"""The database side of deduplication and story clustering: ``fold_and_cluster(article)``.

Called by the pipeline inside the transaction that stores an article. Every piece of state
lives in indexed tables (``BandKey``, ``StoryKey``, ``StoryTerm``), so several workers share
it and a restart loses nothing. The decisions themselves are the pure rules of
``stories/rules.py``; this module only finds candidates and writes the outcome.
"""

import functools
import json
import logging
from dataclasses import dataclass
from datetime import UTC, timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from akhbar.news.models import Article, BandKey, Story, StoryKey, StoryTerm
from akhbar.news.sql import execute, fetch, placeholders
from akhbar.stories import fingerprints
from akhbar.stories.provenance import Publication, agency_credits, order_key
from akhbar.stories.rules import (
    STORY_WINDOW,
    DupKeys,
    StoryKeys,
    is_duplicate,
    stories_to_merge,
    story_score,
    wire_groups_to_merge,
)
from akhbar.stories.timebuckets import buckets_between, time_bucket

log = logging.getLogger(__name__)

# Wire copies appear within days of the dispatch; a near copy a month later is another
# publication (a yearly notice rewritten, a re-run) and starts its own group. An identical
# normalized body is the same text whenever it appears and is folded without a window.
DUPLICATE_WINDOW = timedelta(days=14)
# The band hits decide which candidates get the exact containment check, most hits first.
MAX_DUP_CANDIDATES = 24
MAX_STORY_CANDIDATES = 30
# The MinHash estimate of Jaccard has a standard error of about 0.04 at 126 permutations;
# candidates estimated far below the 0.8 rule are not worth reading.
PREFILTER_CONTAINMENT = 0.6
TERM_MAX_LENGTH = 64


@dataclass(frozen=True)
class FoldResult:
    """What ``fold_and_cluster`` decided for one article."""

    article_id: int
    duplicate_of_id: int | None
    story_id: int
    new_story: bool = False
    became_canonical: bool = False
    already_done: bool = False
    candidates: int = 0
    merged_story_ids: tuple[int, ...] = ()

    @property
    def is_duplicate(self) -> bool:
        return self.duplicate_of_id is not None


@dataclass(frozen=True)
class FoldInputs:
    """What folding computes from the article alone (pure work): computed before the folding
    transaction when the caller can, so that other writers do not wait while it runs
    (ingest/store.py). ``story_keys`` is None when the caller left it to ``fold_and_cluster``
    (which computes it for originals only)."""

    dup_keys: DupKeys
    signature: object  # the MinHash signature (a numpy array), None for an empty body
    band_keys: list[int]
    story_keys: StoryKeys | None = None


def fold_inputs(article: Article, *, with_story_keys: bool = False) -> FoldInputs:
    """Normalize, then fingerprint: hash, shingles and MinHash all start from the analyzer's
    normalized words, so spelling variants of one text fingerprint the same."""
    dup_keys = DupKeys.of(article.body)
    signature = fingerprints.minhash(dup_keys.shingles) if dup_keys.shingles else None
    band_keys = fingerprints.band_keys(signature) if signature is not None else []
    keys = _story_keys(article) if with_story_keys else None
    return FoldInputs(dup_keys, signature, band_keys, keys)


def _story_keys(article: Article) -> StoryKeys:
    return StoryKeys.of(
        article.title, article.lede, article.body, article.language, effective_time(article)
    )


def effective_time(article: Article):
    """The time an article is filed under: publication time, else ingestion time."""
    return article.published_at or article.fetched_at


def publication(article: Article) -> Publication:
    return Publication(article.pk, article.source_id, article.published_at, article.fetched_at)


# No savepoint inside a caller's transaction (20 µs an article): nothing catches an error
# of folding and goes on in the same transaction, which Django would refuse anyway.
@transaction.atomic(savepoint=False)
def fold_and_cluster(
    article: Article, inputs: FoldInputs | None = None, *, new: bool = False
) -> FoldResult:
    """Fold ``article`` into its wire group and put it in a story; idempotent.

    Sets ``article.duplicate_of`` and ``article.story``, fills ``body_hash``, writes its LSH
    band keys, story keys (with the MinHash signature) and terms, and updates the story's
    counters and provenance. A second call on the same article changes nothing and says so.
    ``inputs``: ``fold_inputs(article)``, when the caller computed them already; ``new``: the
    article was inserted by the caller's transaction, so it cannot have been folded yet.
    """
    done = not new and fetch(
        "SELECT story_id FROM news_storykey WHERE article_id = %s", [article.pk]
    )
    if done:
        article.refresh_from_db(fields=["duplicate_of", "story", "body_hash"])
        return FoldResult(article.pk, article.duplicate_of_id, done[0][0], already_done=True)

    inputs = inputs or fold_inputs(article)
    dup_keys, signature, band_keys = inputs.dup_keys, inputs.signature, inputs.band_keys
    stored = {name: getattr(article, name) for name in FOLDED_FIELDS}
    article.body_hash = dup_keys.body_hash

    original, checked, other_roots = find_original(article, dup_keys, signature, band_keys)
    # A copy takes its original's story and is never a story candidate itself (only
    # originals are filed under story terms), so its story keys are not worth computing.
    keys = None
    if original is None:
        keys = inputs.story_keys or _story_keys(article)
    became_canonical = new_story = False
    merged: list[int] = []
    if original is not None:
        if other_roots:
            original, merged = merge_wire_groups(
                [original.duplicate_of_id or original.pk, *other_roots]
            )
        story_id = original.story_id or _new_story(article)
        became_canonical = _join_wire_group(article, original)
    else:
        story_id, more, best = find_story(keys)
        checked += more
        if merged := stories_to_merge(keys, best):
            story_id = merge_stories(merged)
        if story_id is None:
            story_id, new_story = _new_story(article, counted=True), True
    # Lock the story row before writing rows that point at it: a merge in another worker may
    # have absorbed it since it was found (the lock waits for that merge to commit). A story
    # created in this transaction is seen by no other worker, and it was created with this
    # article counted.
    if not new_story:
        story_id, row = _lock_story_row(story_id, same_source_as=article)
    article.story_id = story_id
    _update_article(article, stored)
    _remember(article, story_id, keys, dup_keys, signature, band_keys, indexed=original is None)
    if not new_story:
        _update_story(story_id, article, row)
    log.debug(
        "dedupe: article %s duplicate_of=%s story=%s", article.pk, article.duplicate_of_id, story_id
    )
    return FoldResult(
        article.pk,
        article.duplicate_of_id,
        story_id,
        new_story=new_story,
        became_canonical=became_canonical,
        candidates=checked,
        merged_story_ids=tuple(s for s in merged if s != story_id),
    )


def find_original(
    article: Article, dup_keys: DupKeys, signature, band_keys: list[int]
) -> tuple[Article | None, int, list[int]]:
    """The processed article this one duplicates (exact hash first, then LSH candidates).

    LSH candidates are ranked by shared bands; a candidate whose MinHash-estimated containment
    is far below the threshold is dropped before its body is read; the survivors get the
    exact containment check of ``rules.is_duplicate``, one copied member per wire group
    (a candidate of a group already matched is not read). The lookups are plain SQL on the
    indexes (body_hash; BandKey's (bucket, key, article)): they run for every article
    ingested.

    Returns the original, the number of candidates and the canonical ids of the other wire
    groups that ``rules.wire_groups_to_merge`` says are the same wire item as the original's.
    """
    if not dup_keys.body_hash:
        return None, 0, []
    exact = fetch(
        "SELECT a.id FROM news_article a JOIN news_storykey k ON k.article_id = a.id "
        "WHERE a.body_hash = %s AND a.id <> %s",
        [dup_keys.body_hash, article.pk],
    )
    if exact:
        return _load(min(pk for (pk,) in exact)), 1, []
    # Candidates come from the duplicate window only: the band keys are read in the buckets
    # the window overlaps (so the lookup does not grow with the archive), and the few
    # articles they name are kept when their story key's time lies within the window.
    when = effective_time(article)
    buckets = buckets_between(when - DUPLICATE_WINDOW, when + DUPLICATE_WINDOW)
    low, high = (_db_time(when - DUPLICATE_WINDOW), _db_time(when + DUPLICATE_WINDOW))
    # One join: the story key row that dates a candidate also holds its signature (grouped
    # by that row's primary key, so both backends allow selecting its other columns).
    sketches = fetch(
        "SELECT k.article_id, k.minhash, k.shingle_count FROM news_bandkey b "
        "JOIN news_storykey k ON k.article_id = b.article_id "
        f"WHERE b.bucket IN ({placeholders(buckets)}) AND b.key IN ({placeholders(band_keys)}) "
        "AND k.at BETWEEN %s AND %s AND b.article_id <> %s "
        "GROUP BY k.article_id ORDER BY COUNT(*) DESC, k.article_id LIMIT %s",
        [*buckets, *band_keys, low, high, article.pk, MAX_DUP_CANDIDATES],
    )
    sketches = _with_signatures(sketches)
    if not sketches:
        return None, 0, []
    ranked = [pk for pk, _, _ in sketches]
    estimates = fingerprints.estimated_containments(
        signature,
        [stored for _, stored, _ in sketches],
        len(dup_keys.shingles),
        [count for _, _, count in sketches],
    )
    likely = [
        pk
        for pk, estimate in zip(ranked, estimates, strict=True)
        if estimate >= PREFILTER_CONTAINMENT
    ]
    if not likely:
        return None, len(ranked), []
    read = fetch(
        f"SELECT id, body, duplicate_of_id FROM news_article WHERE id IN ({placeholders(likely)})",
        likely,
    )
    bodies = {pk: body for pk, body, _ in read}
    root = {pk: duplicate_of or pk for pk, _, duplicate_of in read}
    copied: dict[int, tuple[int, DupKeys]] = {}  # wire group → (member copied, its keys)
    for pk in ranked:
        if pk in bodies and root[pk] not in copied:
            keys = DupKeys.of(bodies[pk])
            if is_duplicate(dup_keys, keys):
                copied[root[pk]] = (pk, keys)
    if not copied:
        return None, len(ranked), []
    groups = list(copied)
    joined = wire_groups_to_merge([keys for _, keys in copied.values()])
    return _load(copied[groups[0]][0]), len(ranked), [groups[i] for i in joined[1:]]


def _with_signatures(sketches: list[tuple]) -> list[tuple]:
    """The candidates that have a MinHash signature, reading it from the article row for
    story keys stored without one (by workers still on the code before migration
    news/0011); an article with an empty body has none anywhere."""
    missing = [pk for pk, stored, _ in sketches if stored is None]
    if missing:
        found = dict(
            fetch(
                f"SELECT id, minhash FROM news_article WHERE id IN ({placeholders(missing)})",
                missing,
            )
        )
        sketches = [
            (pk, found.get(pk) if stored is None else stored, n) for pk, stored, n in sketches
        ]
    return [row for row in sketches if row[1] is not None]


LOADED_FIELDS = ("id", "story_id", "duplicate_of_id", "published_at", "fetched_at", "source_id")


def _load(pk: int) -> Article:
    """The fields of an article that folding reads (the instance ``only()`` would give).

    Plain SQL and ``Model.from_db``: it runs for every duplicate, and the queryset machinery
    cost more than the query.
    """
    rows = fetch(f"SELECT {', '.join(LOADED_FIELDS)} FROM news_article WHERE id = %s", [pk])
    if not rows:
        raise Article.DoesNotExist(f"stories: article {pk} does not exist")
    loaded = dict(zip(LOADED_FIELDS, rows[0], strict=True))
    for name in ("published_at", "fetched_at"):
        loaded[name] = _from_db_time(loaded[name])
    # from_db takes the values in the model's field order
    names = [f.attname for f in Article._meta.concrete_fields if f.attname in loaded]
    return Article.from_db(connection.alias, names, [loaded[name] for name in names])


def _db_time(value):
    return connection.ops.adapt_datetimefield_value(value)


def _from_db_time(value):
    """A datetime read by raw SQL: SQLite gives text in UTC, PostgreSQL an aware datetime."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value


def _from_db_json(value):
    return json.loads(value) if isinstance(value, str | bytes) else value


def find_story(keys: StoryKeys) -> tuple[int | None, int, dict[int, StoryKeys]]:
    """The story whose articles this one matches best by the story rule, if any.

    Returns its id, the number of candidates read and, per matching story, the keys of its
    best-matching article (what ``rules.stories_to_merge`` decides late merges on).

    One query: the stored keys of the articles that share the most lookup terms with this
    one within the story window (the (bucket, term, at, article) index answers the inner
    part).
    """
    terms = sorted({term[:TERM_MAX_LENGTH] for term in keys.lookup_terms()})
    if not terms or keys.published_at is None:
        return None, 0, {}
    buckets = buckets_between(keys.published_at - STORY_WINDOW, keys.published_at + STORY_WINDOW)
    low = _db_time(keys.published_at - STORY_WINDOW)
    high = _db_time(keys.published_at + STORY_WINDOW)
    rows = fetch(
        "SELECT k.story_id, k.keys, k.at FROM news_storykey k JOIN ("
        "SELECT article_id, COUNT(*) AS shared FROM news_storyterm "
        f"WHERE bucket IN ({placeholders(buckets)}) AND term IN ({placeholders(terms)}) "
        "AND at BETWEEN %s AND %s "
        "GROUP BY article_id ORDER BY shared DESC, article_id DESC LIMIT %s"
        ") ranked ON ranked.article_id = k.article_id",
        [*buckets, *terms, low, high, MAX_STORY_CANDIDATES],
    )
    best, best_score, scores, matched = None, 0.0, {}, {}
    for story_id, stored, at in rows:
        other = StoryKeys.from_json(_from_db_json(stored), _from_db_time(at))
        score = story_score(keys, other)
        if score > scores.get(story_id, 0.0):
            scores[story_id], matched[story_id] = score, other
        if score > best_score:
            best, best_score = story_id, score
    return best, len(rows), matched


def lock_story(story_id: int) -> int:
    """Take the story's row lock (PostgreSQL) and return its id, following merges.

    A story absorbed by a merge has no row any more; its ``StoryMerge`` row names the story
    that took its articles.
    """
    return _lock_story_row(story_id)[0]


def _lock_story_row(story_id: int, same_source_as: Article | None = None) -> tuple[int, tuple]:
    """``lock_story``, also returning the story's ``STORY_FIELDS`` read under the lock.

    With ``same_source_as``, the row ends with whether another article of the story comes
    from that article's source (what ``_update_story`` counts outlets by): one query, not two.
    """
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    fields, params = STORY_FIELDS, []
    if same_source_as is not None:
        fields += (
            ", EXISTS(SELECT 1 FROM news_article a WHERE a.story_id = s.id "
            "AND a.source_id = %s AND a.id <> %s)"
        )
        params = [same_source_as.source_id, same_source_as.pk]
    for _ in range(100):  # a merge chain is short; this only guards against a cycle
        if rows := fetch(
            f"SELECT {fields} FROM news_story s WHERE s.id = %s{lock}", [*params, story_id]
        ):
            return story_id, rows[0]
        into = fetch("SELECT into_id FROM news_storymerge WHERE absorbed_id = %s", [story_id])
        if not into:
            raise Story.DoesNotExist(f"stories: story {story_id} is gone and was not merged")
        story_id = into[0][0]
    raise RuntimeError(f"stories: merge chain too long from story {story_id}")


def merge_stories(story_ids: list[int]) -> int:
    """Fold the given stories into the oldest one (lowest id) and return its id; idempotent.

    The rows are locked in id order (two workers merging overlapping sets cannot deadlock),
    ids absorbed meanwhile are followed to their survivor, the articles, story keys and terms
    move over, the absorbed rows are deleted and a ``StoryMerge`` row remembers each of them.
    Counters and provenance are then recounted from the articles.
    """
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    live = sorted(_resolve_stories(story_ids))
    if len(live) < 2:
        return live[0]
    rows = fetch(
        "SELECT id, agency_credits, first_article_id FROM news_story "
        f"WHERE id IN ({placeholders(live)}) ORDER BY id{lock}",
        live,
    )
    if len(rows) < len(live):  # one was absorbed while we waited: start over from the ids
        return merge_stories(live)
    locked = [pk for pk, _, _ in rows]
    survivor, absorbed = locked[0], locked[1:]
    marks = placeholders(absorbed)
    for table in ("news_article", "news_storykey", "news_storyterm"):
        execute(
            f"UPDATE {table} SET story_id = %s WHERE story_id IN ({marks})", [survivor, *absorbed]
        )
    execute(
        f"UPDATE news_storymerge SET into_id = %s WHERE into_id IN ({marks})",
        [survivor, *absorbed],
    )
    merged_at = _db_time(timezone.now())
    execute(
        "INSERT INTO news_storymerge (absorbed_id, into_id, merged_at) VALUES "
        + ", ".join(["(%s, %s, %s)"] * len(absorbed)),
        [value for pk in absorbed for value in (pk, survivor, merged_at)],
    )
    # Nothing points at the absorbed rows any more (articles, keys, terms and merges moved
    # above): a plain DELETE. The ORM's delete() collected the four relations first, a query
    # each, for every merge.
    execute(f"DELETE FROM news_story WHERE id IN ({marks})", absorbed)
    credits = set()
    for _, stored, _ in rows:
        credits |= set(_from_db_json(stored) or [])
    firsts = [first for _, _, first in rows if first]
    _recount(survivor, firsts, credits)
    log.info("stories: merged %s into story %s", absorbed, survivor)
    return survivor


def resolve_story(story_id: int) -> int:
    """The story an id now names (itself, or the survivor of the merges that absorbed it)."""
    (survivor,) = _resolve_stories([story_id])
    return survivor


def _resolve_stories(story_ids) -> set[int]:
    """The stories the given ids now name, following merges: one query per merge step."""
    ids = set(story_ids)
    for _ in range(100):  # a merge chain is short; this only guards against a cycle
        moved = dict(
            fetch(
                f"SELECT absorbed_id, into_id FROM news_storymerge "
                f"WHERE absorbed_id IN ({placeholders(list(ids))})",
                list(ids),
            )
        )
        if not moved:
            break
        ids = {moved.get(pk, pk) for pk in ids}
    return ids


def _recount(story_id: int, first_ids: list[int], credits: set[str]) -> None:
    """A merged story's counters from its articles; its first publisher from the old firsts."""
    ((count, sources, first_time, last_time),) = fetch(
        "SELECT COUNT(*), COUNT(DISTINCT source_id), MIN(published_at), MAX(published_at) "
        "FROM news_article WHERE story_id = %s",
        [story_id],
    )
    first = min(
        (_load(pk) for pk in first_ids), key=lambda a: order_key(publication(a)), default=None
    )
    title = Article.objects.values_list("title", flat=True).get(pk=first.pk) if first else None
    Story.objects.filter(pk=story_id).update(
        article_count=count,
        source_count=sources,
        first_published_at=_from_db_time(first_time),
        last_published_at=_from_db_time(last_time),
        first_article_id=first.pk if first else None,
        agency_credits=sorted(credits),
        **({"title": title[:500]} if title else {}),
    )


def merge_wire_groups(roots: list[int]) -> tuple[Article, list[int]]:
    """Fold the wire groups of the given canonical articles into one; return its canonical.

    The earliest publisher stays canonical (publication time, then ingestion time, as in
    ``_join_wire_group``); every other group's canonical and copies point to it. Their
    stories, one event, merge as ``merge_stories`` does (the second value: the story ids
    that were merged, [] when the groups already shared a story). Runs inside the folding
    transaction; folding is serialized across workers (``ingest.store.serialize_folding``).
    """
    canonicals = [_load(pk) for pk in sorted(set(roots))]
    canonical = min(canonicals, key=lambda a: order_key(publication(a)))
    absorbed = [a.pk for a in canonicals if a.pk != canonical.pk]
    if absorbed:
        marks = placeholders(absorbed)
        for column in ("duplicate_of_id", "id"):
            execute(
                f"UPDATE news_article SET duplicate_of_id = %s WHERE {column} IN ({marks})",
                [canonical.pk, *absorbed],
            )
        log.info("stories: merged wire groups %s into %s", absorbed, canonical.pk)
    stories = sorted({a.story_id for a in canonicals if a.story_id is not None})
    if len(stories) > 1:
        merge_stories(stories)
        canonical = _load(canonical.pk)
        return canonical, stories
    return canonical, []


def _join_wire_group(article: Article, original: Article) -> bool:
    """Point the article (or, when it was published earlier, the whole group) at the canonical.

    The canonical article of a wire group is its first publisher, so that the folded entry
    names the right outlet whatever order the copies arrive in.
    """
    root = original
    if original.duplicate_of_id:
        root = Article.objects.only(
            "id", "published_at", "fetched_at", "source_id", "story_id"
        ).get(pk=original.duplicate_of_id)
    if order_key(publication(article)) < order_key(publication(root)):
        Article.objects.filter(duplicate_of=root).update(duplicate_of=article)
        Article.objects.filter(pk=root.pk).update(duplicate_of=article)
        article.duplicate_of = None
        return True
    article.duplicate_of = root
    return False


def _new_story(article: Article, *, counted: bool = False) -> int:
    """A new story row named after ``article``, by one plain INSERT.

    ``counted``: the article starts the story, so its counters and provenance are written
    with the row (what ``_update_story`` would set for a story without articles), and
    nothing else writes the row in this fold. Otherwise the row starts empty and the caller
    counts the article into it under the row's lock.
    """
    credits = sorted(set(agency_credits(article.author, article.body))) if counted else []
    when = _db_time(article.published_at) if counted and article.published_at else None
    values = {
        "title": article.title[:500],
        "article_count": int(counted),
        "source_count": int(counted),
        "first_published_at": when,
        "last_published_at": when,
        "first_article_id": article.pk if counted else None,
        "agency_credits": Story._meta.get_field("agency_credits").get_db_prep_value(
            credits, connection
        ),
        "created_at": _db_time(timezone.now()),
    }
    rows = fetch(
        f"INSERT INTO news_story ({', '.join(values)}) VALUES ({placeholders(values)}) "
        "RETURNING id",
        list(values.values()),
    )
    return rows[0][0]


def _remember(article, story_id, keys, dup_keys, signature, band_keys, indexed: bool) -> None:
    """Write the rows that later articles (in any worker) will find this one by.

    Plain INSERTs: these are the hottest writes of ingestion (a story key row, 42 band keys
    and a dozen terms per article) and need no model instances. A wire copy is filed under
    its band keys too: a later house edit may be a copy of it and not of the item's first
    member (on SaudiNewsNet, leaving copies out took the recall of the corrected labels from
    0.994 to 0.948).
    """
    when = effective_time(article)
    at = _db_time(when) if when is not None else None
    stored = keys.to_json() if keys is not None else {}
    pk = article.pk  # read once: a model's pk goes through its meta on every read
    _insert(
        StoryKey,
        ["article_id", "story_id", "at", "shingle_count", "version", "keys", "minhash"],
        [
            (
                pk,
                story_id,
                at,
                len(dup_keys.shingles),
                fingerprints.FINGERPRINT_VERSION,
                _stored_keys(stored),
                fingerprints.signature_bytes(signature) if signature is not None else None,
            )
        ],
    )
    bucket = time_bucket(when)
    _insert(
        BandKey,
        ["bucket", "key", "article_id"],
        [(bucket, key, pk) for key in band_keys],
    )
    if indexed and keys is not None and when is not None:
        terms = sorted({term[:TERM_MAX_LENGTH] for term in keys.lookup_terms()})
        _insert(
            StoryTerm,
            ["bucket", "term", "at", "article_id", "story_id"],
            [(bucket, t, at, pk, story_id) for t in terms],
        )


def _stored_keys(keys: dict):
    """``StoryKey.keys`` as written. On SQLite, where JSON is stored as text: UTF-8 without
    spaces, not the ASCII escapes Django's JSONField writes (``\\u0648`` for و), which made an
    Arabic article's keys about 1,460 bytes instead of 520, and slower to decode for each of
    the 30 story candidates a later fold reads. Readers see the same JSON either way."""
    if connection.vendor == "sqlite":
        return json.dumps(keys, ensure_ascii=False, separators=(",", ":"))
    return StoryKey._meta.get_field("keys").get_db_prep_value(keys, connection)


# What folding sets on the article row. The MinHash signature is not among them: it is
# stored in the article's ``StoryKey`` row, where the duplicate lookup reads it. Written in
# the article row too, as it was until 30 Nov 2026, it made every fold's UPDATE rewrite a
# row 504 bytes longer than the one the pipeline inserted (SQLite rewrites a record whose
# size changes, with the overflow pages of its body).
FOLDED_FIELDS = ("body_hash", "duplicate_of_id", "story_id")


def _update_article(article: Article, stored: dict) -> None:
    """Write the folded fields that changed since ``stored``: the instance's values when
    folding began, which are the row's (callers fold the article they just stored or read).

    SQLite rewrites the index entries of every indexed column an UPDATE names, even to the
    same value: an original's ``duplicate_of`` (None before and after) and the ``body_hash``
    the pipeline stored with the row are left out (at 10 k, 112 → 100 WAL pages per fold).
    """
    changed = {
        name: getattr(article, name)
        for name in FOLDED_FIELDS
        if getattr(article, name) != stored[name]
    }
    if not changed:
        return
    assignments = ", ".join(f"{name} = %s" for name in changed)
    execute(f"UPDATE news_article SET {assignments} WHERE id = %s", [*changed.values(), article.pk])


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    if not rows:
        return
    sql = _insert_sql(connection.vendor, model._meta.db_table, tuple(columns), len(rows))
    execute(sql, [value for row in rows for value in row])


@functools.lru_cache(maxsize=256)
def _insert_sql(vendor: str, table: str, columns: tuple[str, ...], count: int) -> str:
    """The multi-row INSERT of ``_insert``, built once per table, columns and row count (42
    band keys an article: the same statement each time)."""
    quote = connection.ops.quote_name
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    return (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES {', '.join([placeholders] * count)}"
    )


STORY_FIELDS = (
    "article_count, source_count, first_published_at, last_published_at, first_article_id, "
    "agency_credits"
)


def _update_story(story_id: int, article: Article, row: tuple) -> None:
    """Counters and provenance, updated for the one new article under the story's row lock.

    ``row`` is what ``_lock_story_row(..., same_source_as=article)`` read under the lock (the
    story's ``STORY_FIELDS``, then whether another of its articles comes from this source);
    nothing in between writes the story row (a story the fold creates for the article is
    created counted, ``_new_story``). SQLite has no row locks (its writers are serialized);
    PostgreSQL takes the row with FOR UPDATE. Plain SQL that sets only the columns that
    change: this runs once per ingested article, and every indexed column it sets rewrites
    that index's entry.
    """
    count, sources, first_time, last_time, first_id, stored_credits, same_source = row
    first_time, last_time = _from_db_time(first_time), _from_db_time(last_time)
    changes = {"article_count": count + 1}
    if not same_source:
        changes["source_count"] = sources + 1
    when = article.published_at
    if when is not None and (first_time is None or when < first_time):
        changes["first_published_at"] = _db_time(when)
    if when is not None and (last_time is None or when > last_time):
        changes["last_published_at"] = _db_time(when)
    if _publishes_first(article, first_id, first_time):
        changes["first_article_id"] = article.pk
        changes["title"] = article.title[:500]
    credits = set(_from_db_json(stored_credits) or [])
    if new_credits := set(agency_credits(article.author, article.body)) - credits:
        field = Story._meta.get_field("agency_credits")
        changes["agency_credits"] = field.get_db_prep_value(
            sorted(credits | new_credits), connection
        )
    assignments = ", ".join(f"{column} = %s" for column in changes)
    execute(f"UPDATE news_story SET {assignments} WHERE id = %s", [*changes.values(), story_id])


def _publishes_first(article: Article, first_id: int | None, first_time) -> bool:
    """Whether the article goes before the story's first publisher.

    The first publisher's time is the story's ``first_published_at``; its row is read only
    to break a tie (same publication time, or no date on either side).
    """
    if first_id is None:
        return True
    if article.published_at and first_time and article.published_at != first_time:
        return article.published_at < first_time
    return order_key(publication(article)) < order_key(publication(_load(first_id)))


def rebuild_counters(story: Story) -> Story:
    """Recompute a story's counters and provenance from its articles (repair, tests)."""
    articles = list(
        Article.objects.filter(story=story).only(
            "id", "source_id", "published_at", "fetched_at", "author", "body", "title"
        )
    )
    published = [a.published_at for a in articles if a.published_at]
    first = min(articles, key=lambda a: order_key(publication(a)), default=None)
    story.article_count = len(articles)
    story.source_count = len({a.source_id for a in articles})
    story.first_published_at = min(published, default=None)
    story.last_published_at = max(published, default=None)
    story.first_article = first
    credits = set()
    for item in articles:
        credits.update(agency_credits(item.author, item.body))
    story.agency_credits = sorted(credits)
    story.save()
    return story
