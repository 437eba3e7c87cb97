"""news.sql: plain SQL on the hot paths (fetch, execute, insert), with Django's errors and
query log kept."""

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from akhbar.news.sql import execute, fetch, in_bulk, insert, placeholders

pytestmark = pytest.mark.django_db


def test_it_returns_every_row_with_format_placeholders_and_escaped_percents():
    rows = fetch(f"SELECT %s, %s, '5%%' WHERE 1 IN ({placeholders([1, 2])})", [7, "x", 1, 2])
    # it should bind the values and read a doubled percent sign as one
    assert rows == [(7, "x", "5%")]


def test_its_errors_are_djangos():
    # it should raise Django's database error, naming the problem, not the driver's
    with pytest.raises(DatabaseError, match="no_such_table"):
        fetch("SELECT * FROM no_such_table")


def test_a_query_log_sees_its_statements():
    # tests counting queries (and DEBUG's log) must see the plain SQL too
    with CaptureQueriesContext(connection) as captured:
        fetch("SELECT %s", [1])
    # it should appear in the log once
    assert [query["sql"] for query in captured.captured_queries] == ["SELECT 1"]


def test_execute_writes_and_returns_the_row_count(agency):
    from akhbar.news.models import Source

    # it should run a statement that returns no rows, its placeholders converted
    changed = execute("UPDATE news_source SET name_fr = %s || '%%' WHERE id = %s", ["5", agency.pk])
    assert changed == 1
    assert Source.objects.get(pk=agency.pk).name_fr == "5%"


def test_execute_raises_djangos_errors():
    # it should raise Django's database error, as fetch does
    with pytest.raises(DatabaseError, match="no_such_table"):
        execute("DELETE FROM no_such_table")


def _article_fields(source, url: str) -> dict:
    from datetime import UTC, datetime

    return {
        "source_id": source.pk,
        "url": url,
        "title": "عنوان",
        "body": "نص الخبر",
        "published_at": datetime(2026, 11, 30, 9, 15, tzinfo=UTC),
        "fetched_at": datetime(2026, 11, 30, 10, 0, tzinfo=UTC),
        "language": "ar",
    }


def test_insert_writes_the_row_the_orm_writes(agency):
    from akhbar.news.models import Article

    by_orm = Article.objects.create(**_article_fields(agency, "https://a.example/1"))
    article = Article(**_article_fields(agency, "https://a.example/2"))
    insert(article)
    # it should set the primary key the database gave, and mark the instance as stored
    assert article.pk is not None and article.pk != by_orm.pk
    assert not article._state.adding and article._state.db == "default"
    # every column, defaults and datetimes included, should be what Model.save writes
    rows = {row.pop("url"): row for row in Article.objects.values()}
    for row in rows.values():
        row.pop("id")
    assert rows["https://a.example/2"] == rows["https://a.example/1"]


def test_insert_keeps_a_given_primary_key(dispatch):
    from akhbar.search.models import SearchDocument

    SearchDocument.objects.filter(pk=dispatch.pk).delete()
    # a model whose key is not assigned by the database (the index entry of an article)
    insert(
        SearchDocument(
            article_id=dispatch.pk, title_terms="a", body_terms="b c", analyzer_version=1
        )
    )
    assert SearchDocument.objects.get(pk=dispatch.pk).body_terms == "b c"


def test_insert_sends_the_save_signals(agency):
    from django.db.models.signals import post_save, pre_save

    from akhbar.news.models import Article

    seen = []

    def pre(sender, instance, **kwargs):
        seen.append(("pre", instance.pk))

    def post(sender, instance, created, **kwargs):
        seen.append(("post", instance.pk, created))

    pre_save.connect(pre, sender=Article)
    post_save.connect(post, sender=Article)
    try:
        article = Article(**_article_fields(agency, "https://a.example/3"))
        insert(article)
    finally:
        pre_save.disconnect(pre, sender=Article)
        post_save.disconnect(post, sender=Article)
    # receivers (the page cache's version) should hear of it as of Model.save
    assert seen == [("pre", None), ("post", article.pk, True)]


def test_insert_unless_stored_skips_a_stored_row_and_goes_on(agency):
    from django.db import IntegrityError, transaction

    from akhbar.news.models import Article

    first = Article(**_article_fields(agency, "https://a.example/4"))
    with transaction.atomic():
        assert insert(first, unless_stored=True)
        # it should skip a row breaking the unique URL, and the transaction should go on
        again = Article(**_article_fields(agency, "https://a.example/4") | {"title": "آخر"})
        assert not insert(again, unless_stored=True)
        assert again.pk is None and again._state.adding
        assert insert(Article(**_article_fields(agency, "https://a.example/5")), unless_stored=True)
    assert Article.objects.get(url="https://a.example/4").title == "عنوان"
    assert Article.objects.filter(url="https://a.example/5").exists()
    # an error that is no conflict should still raise
    broken = Article(**_article_fields(agency, "https://a.example/6") | {"title": None})
    with pytest.raises(IntegrityError), transaction.atomic():
        insert(broken, unless_stored=True)


def _fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_in_bulk_gives_what_the_orm_gives(agency, dispatch):
    from akhbar.news.models import Article, Category

    uncategorized = Article(**_article_fields(agency, "https://a.example/4"))
    insert(uncategorized)
    dispatch.category = Category.objects.first()
    dispatch.save()
    ids = [dispatch.pk, uncategorized.pk, 10**9]  # and an id no article has
    by_orm = Article.objects.select_related("source", "category").in_bulk(ids)
    found = in_bulk(Article, ids, ("source", "category"))
    # the same articles, every field converted as the ORM converts it (aware datetimes,
    # the outlet's languages as a list), with their outlet and category read along
    assert found.keys() == by_orm.keys() == {dispatch.pk, uncategorized.pk}
    for pk, article in found.items():
        assert _fields(article) == _fields(by_orm[pk])
        assert _fields(article.source) == _fields(by_orm[pk].source)
        assert not article._state.adding and article._state.db == "default"
    assert _fields(found[dispatch.pk].category) == _fields(by_orm[dispatch.pk].category)
    assert found[uncategorized.pk].category is None
    assert found[dispatch.pk].published_at.tzinfo is not None
    with CaptureQueriesContext(connection) as captured:
        found[dispatch.pk].source.display_name, found[dispatch.pk].category.slug
    # and reading them should cost no query
    assert captured.captured_queries == []
    assert in_bulk(Article, [], ("source",)) == {}


def test_in_bulk_makes_instances_through_init_while_something_listens_to_post_init(dispatch):
    from django.db.models.signals import post_init

    from akhbar.news.models import Article

    heard = []

    def listen(sender, instance, **kwargs):
        heard.append((sender, instance.pk))

    made = in_bulk(Article, [dispatch.pk], ("source",))[dispatch.pk]
    # without listeners each instance holds just what the ORM's holds (fields and state)
    by_orm = Article.objects.select_related("source").get(pk=dispatch.pk)
    assert set(made.__dict__) == set(by_orm.__dict__)
    post_init.connect(listen, sender=Article)
    try:
        in_bulk(Article, [dispatch.pk], ("source",))
    finally:
        post_init.disconnect(listen, sender=Article)
    # a receiver of post_init should hear of the article as the ORM would have it hear
    assert heard == [(Article, dispatch.pk)]


def test_insert_passes_the_values_djangos_field_methods_prepare(agency):
    # insert hands over a text field's str (or None) and an empty datetime, key or bytes field
    # as they are, without Django's calls: it should give exactly what those calls give, on
    # each field of an article and an index entry, for strings, str subclasses, None, and
    # values Django converts (a lazy string, an int in a text field, bytes, datetimes)
    from datetime import UTC, datetime

    from django.utils.functional import lazy

    from akhbar.news.models import Article
    from akhbar.news.sql import _insert_statement, _value_to_save
    from akhbar.search.models import SearchDocument

    class Marked(str):
        pass

    def plain(value):
        """A prepared value and its type, bytes wrappers as their bytes (sqlite3's
        memoryview and psycopg's Binary compare by identity)."""
        inner = getattr(value, "obj", value)
        return type(value), bytes(inner) if isinstance(inner, memoryview | bytes) else inner

    rows = [
        Article(**_article_fields(agency, "https://a.example/7")),
        Article(
            **_article_fields(agency, "https://a.example/8")
            | {
                "title": Marked("عنوان"),
                "lede": lazy(lambda: "مقدمة", str)(),
                "author": 7,
                "minhash": b"\x01\x02",
                "edited_at_source": datetime(2026, 11, 30, 11, 0, tzinfo=UTC),
                "category_id": None,
                "held_reason": "",
            }
        ),
        SearchDocument(article_id=3, title_terms="كلمة", body_terms=None, analyzer_version=1),
    ]
    for obj in rows:
        for assigned in (True, False):
            fields, kinds, _sql = _insert_statement(type(obj), connection, assigned, True)
            ours = [
                _value_to_save(obj, f, k, connection) for f, k in zip(fields, kinds, strict=True)
            ]
            djangos = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
            assert [plain(value) for value in ours] == [plain(value) for value in djangos]
