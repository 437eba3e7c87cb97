"""Migrations run while old workers still run: additive first (docs/DEPLOY.md, "Upgrades").

An upgrade applies the new migrations, then restarts the web processes and workers one by
one: for a while, old code runs against the new schema. So a migration may add tables, nullable
columns, columns with a database default, and indexes; it must not drop, rename or tighten
what old code reads and writes. Such a step ships as a *contract* migration, in a later
release, once no code uses the old shape, marked with ``contract = True`` on its Migration
class. This test reads every migration and fails on an unmarked dangerous operation.
"""

from __future__ import annotations

import pytest
from django.db import migrations, models
from django.db.migrations.loader import MigrationLoader

# Migrations written before the first release: no deployment ran an older schema.
BEFORE_FIRST_RELEASE = {
    ("moderation", "0001_initial"),
    ("news", "0001_initial"),
    ("news", "0002_categories"),
    ("news", "0003_dedupe"),
    ("readership", "0001_initial"),
    ("scaleout", "0001_initial"),
    ("search", "0001_initial"),
    ("search", "0002_fulltext"),
}
DESTRUCTIVE = (
    migrations.RemoveField,
    migrations.DeleteModel,
    migrations.RenameField,
    migrations.RenameModel,
    migrations.RemoveIndex,
    migrations.RemoveConstraint,
)


def has_default(field: models.Field) -> bool:
    return field.has_default() or field.db_default is not models.NOT_PROVIDED


def dangers(migration, state_before) -> list[str]:
    """The operations of `migration` that old code running meanwhile would trip on."""
    found = []
    for operation in migration.operations:
        name = type(operation).__name__
        if isinstance(operation, DESTRUCTIVE):
            found.append(f"{name} {operation.describe()}")
        elif isinstance(operation, migrations.AlterField):
            old = state_before.models[migration.app_label, operation.model_name_lower].fields.get(
                operation.name
            )
            new = operation.field
            if old is not None and old.null and not new.null and not has_default(new):
                found.append(f"AlterField to NOT NULL without default: {operation.describe()}")
        elif isinstance(operation, migrations.AddField):
            field = operation.field
            # old code inserts rows without the column: it needs a database default
            if (
                not field.null
                and not field.many_to_many
                and field.db_default is models.NOT_PROVIDED
            ):
                found.append(f"AddField NOT NULL without db_default: {operation.describe()}")
        operation.state_forwards(migration.app_label, state_before)
    return found


def our_migrations(loader: MigrationLoader):
    for (app, name), migration in sorted(loader.disk_migrations.items()):
        module = type(migration).__module__
        if module.startswith("akhbar."):
            yield (app, name), migration


def scan() -> dict[str, list[str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    problems = {}
    for key, migration in our_migrations(loader):
        if key in BEFORE_FIRST_RELEASE or getattr(migration, "contract", False):
            continue
        state = loader.project_state(list(migration.dependencies), at_end=True)
        found = dangers(migration, state)
        if found:
            problems[".".join(key)] = found
    return problems


def test_it_finds_no_unmarked_contract_step_in_our_migrations():
    # it should find only additive migrations (or contract steps marked as such)
    assert scan() == {}


class Fake:
    """A migration built in the test, to see the scanner catch each dangerous kind."""

    app_label = "news"


@pytest.mark.parametrize(
    "operation",
    [
        migrations.RemoveField("article", "lede"),
        migrations.RenameField("article", "lede", "standfirst"),
        migrations.DeleteModel("articlerevision"),
        migrations.AddField("article", "score", models.IntegerField(default=0)),
        migrations.AlterField("article", "published_at", models.DateTimeField()),
    ],
    ids=["remove", "rename", "delete", "add-not-null", "tighten"],
)
def test_it_catches_a_dangerous_operation(operation):
    loader = MigrationLoader(None, ignore_no_migrations=True)
    state = loader.project_state(("news", "0003_dedupe"), at_end=True)
    migration = Fake()
    migration.operations = [operation]
    # it should report the operation
    assert len(dangers(migration, state)) == 1


def test_it_lets_additive_operations_pass():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    state = loader.project_state(("news", "0003_dedupe"), at_end=True)
    migration = Fake()
    migration.operations = [
        migrations.AddField("article", "note", models.TextField(null=True)),
        migrations.AddField("article", "rank", models.IntegerField(db_default=0)),
        migrations.AddIndex("article", models.Index(fields=["title"], name="article_title_x")),
    ]
    # it should report nothing
    assert dangers(migration, state) == []
