"""The decision rules: what is a wire copy, what is the same story (pure)."""

from datetime import UTC, datetime, timedelta

from akhbar.stories.rules import DupKeys, StoryKeys, is_duplicate, max_containment, same_story
from tests.stories.texts import (
    DISPATCH,
    DISPATCH_BODY_FR,
    DISPATCH_TITLE,
    DISPATCH_TITLE_FR,
    OTHER,
    body,
)

NOON = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def keys(title, text, lang="ar", at=NOON):
    return StoryKeys.of(title, "", text, lang, at)


def test_it_folds_an_identical_body():
    # it should fold the same text, whatever else differs
    assert is_duplicate(DupKeys.of(body(DISPATCH)), DupKeys.of(body(DISPATCH)))


def test_it_folds_a_copy_with_an_added_byline():
    copy = "الطارف - صدى اليوم (واج)\n\n" + body(DISPATCH) + "\n\nعن وكالة الأنباء"
    # it should fold a copy that adds a dateline and a signature
    assert is_duplicate(DupKeys.of(body(DISPATCH)), DupKeys.of(copy))


def test_it_folds_a_copy_with_a_dropped_paragraph():
    # it should fold a copy that keeps three paragraphs of four
    assert is_duplicate(DupKeys.of(body(DISPATCH)), DupKeys.of(body(DISPATCH[:3])))


def test_it_folds_a_copy_with_an_added_paragraph():
    copy = body([*DISPATCH, "وفي سياق متصل، أعلنت مديرية الموارد المائية عن حملة تحسيسية جديدة."])
    # it should fold a copy with one paragraph of its own
    assert is_duplicate(DupKeys.of(body(DISPATCH)), DupKeys.of(copy))


def test_it_does_not_fold_a_partial_overlap():
    mixed = body([DISPATCH[0], *OTHER[:3]])
    # it should keep apart two texts that share one paragraph of four
    assert max_containment(DupKeys.of(body(DISPATCH)), DupKeys.of(mixed)) < 0.8
    assert not is_duplicate(DupKeys.of(body(DISPATCH)), DupKeys.of(mixed))


def test_it_does_not_fold_unrelated_texts():
    # it should keep two different dispatches apart
    assert not is_duplicate(DupKeys.of(body(DISPATCH)), DupKeys.of(body(OTHER)))


def test_it_does_not_fold_a_short_text_by_containment():
    # it should ask more than a few shared words of a brief
    assert not is_duplicate(DupKeys.of(DISPATCH[0][:60]), DupKeys.of(body(DISPATCH)))


def test_it_puts_a_rewrite_with_a_similar_title_in_the_same_story():
    rewrite = body([DISPATCH[2], DISPATCH[1]])
    title = "وزير الري يدشن محطة تحلية مياه البحر بالقالة"
    # it should join two Arabic articles about the same inauguration
    assert same_story(keys(DISPATCH_TITLE, body(DISPATCH)), keys(title, rewrite))


def test_it_joins_arabic_and_french_articles_sharing_names():
    arabic = keys(DISPATCH_TITLE, body(DISPATCH))
    french = keys(DISPATCH_TITLE_FR, DISPATCH_BODY_FR, lang="fr")
    # it should match El Kala, El Tarf and the numbers across scripts
    assert same_story(arabic, french)


def test_it_keeps_different_events_apart():
    # it should not join an inauguration and a book fair
    assert not same_story(keys(DISPATCH_TITLE, body(DISPATCH)), keys("صالون الكتاب", body(OTHER)))


def test_it_keeps_articles_apart_beyond_the_window():
    later = NOON + timedelta(days=4)
    # it should not join the same words four days apart
    assert not same_story(
        keys(DISPATCH_TITLE, body(DISPATCH)), keys(DISPATCH_TITLE, body(DISPATCH), at=later)
    )


def test_it_round_trips_story_keys_through_json():
    original = keys(DISPATCH_TITLE, body(DISPATCH))
    # it should store and restore the keys unchanged
    assert StoryKeys.from_json(original.to_json(), NOON) == original


def test_story_keys_count_the_terms_of_the_lede_and_head_read_as_one_text():
    # StoryKeys.of analyzes the lede and the body's head apart (both remembered from the
    # index's and the classifier's passes): its body terms should be those of "lede\nhead"
    # read as one text, ties in the same order, for short bodies and long ones cut mid-word
    from collections import Counter

    from akhbar.stories.rules import BODY_TERMS, HEAD_CHARS
    from akhbar.text.analyzer import Analyzer
    from eval.search import arabic_docs, french_docs

    fresh = Analyzer()  # no remembered texts
    checked = 0
    for doc in arabic_docs()[:60] + french_docs()[:30]:
        for lede, rest in ((doc.body[:250], doc.body[250:]), ("", doc.body), (doc.body, "")):
            lang = doc.lang or None
            text = f"{lede}\n{rest[:HEAD_CHARS]}"
            expected = Counter(fresh.analyze(text, lang)).most_common(BODY_TERMS)
            keys = StoryKeys.of("عنوان", lede, rest, lang, None)
            assert keys.body_terms == frozenset(term for term, _ in expected)
            checked += len(rest) > HEAD_CHARS
    assert checked > 20
