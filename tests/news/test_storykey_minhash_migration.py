"""Migration news/0011 copies each folded article's MinHash signature into its story key row."""

import pytest

from tests.news.migrating import migrate, migrate_to_latest

BEFORE = [("news", "0010_drop_unbucketed_indexes")]
AFTER = [("news", "0011_storykey_minhash")]


@pytest.mark.django_db(transaction=True)
def test_it_copies_the_signatures_of_articles_folded_before():
    old = migrate(BEFORE)
    try:
        Source = old.get_model("news", "Source")
        OldArticle = old.get_model("news", "Article")
        Story = old.get_model("news", "Story")
        source = Source.objects.create(slug="old", name_ar="قديم", homepage="https://old.test/")
        story = Story.objects.create(title="قصة")
        signed = OldArticle.objects.create(
            source=source,
            url="https://old.test/1",
            title="خبر",
            body="نص",
            language="ar",
            fetched_at="2026-11-29T10:00:00Z",
            minhash=b"\x01\x02\x03\x04",
        )
        empty = OldArticle.objects.create(
            source=source,
            url="https://old.test/2",
            title="خبر",
            body="",
            language="ar",
            fetched_at="2026-11-29T10:00:00Z",
        )
        for article in (signed, empty):
            old.get_model("news", "StoryKey").objects.create(
                article=article, story=story, at="2026-11-29T10:00:00Z"
            )
        new = migrate(AFTER)
        stored = dict(new.get_model("news", "StoryKey").objects.values_list("article", "minhash"))
        # it should copy the article's signature, and leave none where the article has none
        assert bytes(stored[signed.pk]) == b"\x01\x02\x03\x04"
        assert stored[empty.pk] is None
    finally:
        migrate_to_latest()
