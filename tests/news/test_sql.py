"""news.sql.fetch: plain SQL on the hot paths, with Django's errors and query log kept."""

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from akhbar.news.sql import execute, fetch, placeholders

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
