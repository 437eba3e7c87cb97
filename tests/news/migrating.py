"""Moving the test database to a given migration state, for the tests of data migrations."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate to `targets` (a list of (app, migration) nodes) and return that state's apps."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest() -> None:
    """Back to every app's latest migration (what the rest of the tests expect)."""
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def old_article(state, n: int, when):
    """An article stored at migration state `state` (its apps), from the outlet "old"."""
    Source = state.get_model("news", "Source")
    source, _ = Source.objects.get_or_create(
        slug="old", defaults={"name_ar": "قديم", "homepage": "https://old.test/"}
    )
    return state.get_model("news", "Article").objects.create(
        source=source,
        url=f"https://old.test/{n}",
        title="خبر",
        body="نص",
        published_at=when,
        fetched_at=when,
        language="ar",
    )
