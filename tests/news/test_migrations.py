"""The data migrations fill the database being migrated, whichever alias it has."""

import copy

import pytest
from django.core.management import call_command
from django.db import connections

from akhbar.news.models import Category


@pytest.fixture
def second_database(tmp_path):
    settings = copy.deepcopy(connections["default"].settings_dict)
    settings.update(ENGINE="django.db.backends.sqlite3", NAME=str(tmp_path / "second.sqlite3"))
    settings["OPTIONS"] = {}
    connections.databases["second"] = settings
    try:
        yield "second"
    finally:
        connections["second"].close()
        del connections["second"]
        del connections.databases["second"]


def test_migrating_a_second_database_fills_its_categories(second_database, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("migrate", database=second_database, verbosity=0)
        assert Category.objects.using(second_database).count() > 10
