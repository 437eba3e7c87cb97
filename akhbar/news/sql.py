"""Plain SQL for the hot paths that skip the ORM (folding, lists of headlines, search)."""

import sqlite3
from datetime import datetime
from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, models, transaction
from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX
from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.signals import post_init, post_save, pre_init, pre_save
from django.utils.dateparse import parse_datetime


def fetch(sql: str, params=(), connection=None) -> list[tuple]:
    """Every row of one statement, on `connection` (the default database when None)."""
    return _run(sql, params, connection, rows=True)


def execute(sql: str, params=(), connection=None) -> int:
    """Run one statement that returns no rows (INSERT, UPDATE, DELETE); its row count."""
    return _run(sql, params, connection, rows=False)


def _run(sql: str, params, connection, rows: bool):
    # the wrapper itself, once: each attribute read through django.db.connection (a proxy
    # to this thread's wrapper) costs a lookup in asgiref's Local
    connection = connection or connections[DEFAULT_DB_ALIAS]
    if _plain_sqlite(connection):
        # Straight to the DB-API cursor: through Django's cursor wrapper a statement cost
        # 11.3 µs, this way 3.4 µs (and Django's SQLite cursor rewrites the placeholders of
        # a 42-row INSERT with a regular expression at every call; here once per statement
        # text); a fold and a page run about a dozen statements each. Django's error
        # classes and its thread check are kept.
        connection.validate_thread_sharing()
        with connection.wrap_database_errors:
            cursor = connection.connection.cursor()
            try:
                cursor.execute(_qmark(sql), params)
                return cursor.fetchall() if rows else cursor.rowcount
            finally:
                cursor.close()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if rows else cursor.rowcount


def _plain_sqlite(connection) -> bool:
    """An open SQLite connection that nothing watches: no query log (DEBUG, tests counting
    queries), no execute wrappers, no broken transaction (Django's path raises for it)."""
    return (
        connection.vendor == "sqlite"
        and connection.connection is not None
        and not connection.queries_logged
        and not connection.execute_wrappers
        and not connection.needs_rollback
    )


@lru_cache(maxsize=2048)
def _qmark(sql: str) -> str:
    """Django's "format" placeholders as SQLite's "qmark" ones, as Django's SQLite cursor
    converts them (``%s`` → ``?``, ``%%`` → ``%``)."""
    return FORMAT_QMARK_REGEX.sub("?", sql).replace("%%", "%")


def placeholders(values) -> str:
    """One ``%s`` per value, comma-separated: for ``IN (...)`` and multi-row VALUES."""
    return ", ".join(["%s"] * len(values))


def insert(obj, connection=None, *, unless_stored: bool = False) -> bool:
    """Insert a new model instance as ``obj.save(force_insert=True)`` does: every local
    column with its ``pre_save`` value, the primary key read back when the database assigns
    it, ``pre_save`` and ``post_save`` sent (the page cache's version listens to articles).

    ``unless_stored``: a row that would break a unique constraint is not inserted (``ON
    CONFLICT DO NOTHING``, on SQLite and PostgreSQL alike) and False is returned, with no
    ``post_save``; other errors (a NOT NULL, a CHECK) still raise. The caller needs no
    savepoint to go on after a row stored already.

    The statement is built once per model and database. ``Model.save`` builds and compiles
    it anew every time: a third of what storing an article's row cost."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    model, alias = type(obj), connection.alias
    if not connection.features.can_return_columns_from_insert:
        if not unless_stored:
            obj.save(force_insert=True, using=alias)
            return True
        try:
            with transaction.atomic(using=alias):
                obj.save(force_insert=True, using=alias)
        except IntegrityError:
            return False
        return True
    pre_save.send(sender=model, instance=obj, raw=False, using=alias, update_fields=None)
    meta = model._meta
    assigned = meta.auto_field is not None and obj.pk is None
    fields, kinds, sql = _insert_statement(model, connection, assigned, unless_stored)
    params = [
        _value_to_save(obj, field, kind, connection)
        for field, kind in zip(fields, kinds, strict=True)
    ]
    if assigned:
        rows = fetch(sql, params, connection)
        if not rows:
            return False
        obj.pk = rows[0][0]
    elif not execute(sql, params, connection):
        return False
    obj._state.adding, obj._state.db = False, alias
    post_save.send(
        sender=model, instance=obj, created=True, update_fields=None, raw=False, using=alias
    )
    return True


# How a field's value may go to the database as it is, asked of Django's own methods: a
# text field of these exact classes (nothing overrides their ``pre_save``; their
# ``get_prep_value`` gives a str or None back unchanged) holding a str or None; one of these
# holding None (a datetime without auto_now, a key, bytes: None on every backend).
_TEXT_FIELDS = (models.CharField, models.TextField, models.URLField)
_NONE_FIELDS = (models.DateTimeField, models.ForeignKey, models.OneToOneField, models.BinaryField)
_TEXT, _NONE, _OTHER = "text", "none", "other"


def _save_kind(field) -> str:
    if type(field) in _TEXT_FIELDS:
        return _TEXT
    auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    return _NONE if type(field) in _NONE_FIELDS and not auto else _OTHER


def _value_to_save(obj, field, kind: str, connection):
    """``field.get_db_prep_save(field.pre_save(obj, True), connection)``, without its calls
    where they give the value back (an article's row: eleven text fields, four empty ones)."""
    if kind is not _OTHER:
        value = getattr(obj, field.attname)  # what Field.pre_save reads
        if value is None or (kind is _TEXT and type(value) is str):
            return value
    return field.get_db_prep_save(field.pre_save(obj, True), connection)


_INSERTS: dict[tuple, tuple[list, list, str]] = {}


def _insert_statement(
    model, connection, assigned: bool, unless_stored: bool
) -> tuple[list, list, str]:
    """The columns (their fields and ``_save_kind``) and the INSERT of ``model`` on
    ``connection``'s database; ``assigned``:
    the database gives the primary key, which the statement returns; ``unless_stored``: a
    row breaking a unique constraint is skipped."""
    key = (model, connection.vendor, assigned, unless_stored)
    if key not in _INSERTS:
        meta, quote = model._meta, connection.ops.quote_name
        fields = [f for f in meta.local_concrete_fields if not (assigned and f is meta.auto_field)]
        columns = ", ".join(quote(f.column) for f in fields)
        sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders(fields)})"
        if unless_stored:
            sql += " ON CONFLICT DO NOTHING"
        if assigned:
            sql += " " + connection.ops.return_insert_columns([meta.pk])[0]
        _INSERTS[key] = (fields, [_save_kind(field) for field in fields], sql)
    return _INSERTS[key]


def in_bulk(model, ids, related: tuple[str, ...] = (), connection=None) -> dict:
    """What ``model.objects.select_related(*related).in_bulk(ids)`` gives (each instance with
    the rows of its foreign keys in ``related`` cached, None for a null key), read by a
    statement built once per model, keys and database, with the fields' own converters.

    The ORM compiles its statement anew on every call and builds each instance through its
    generic machinery: for the twenty results of a search page, 2.3 ms against 0.3 for the
    statement itself."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    ids = list(ids)
    if not ids:
        return {}
    parts, sql = _select_statement(model, related, connection)
    sql = sql.replace("%s", placeholders(ids))
    found, alias = {}, connection.alias
    makers = [_maker(part[0]) for part in parts]
    for row in fetch(sql, ids, connection):
        instances, start = [], 0
        for (_model, names, converters, pk_index), make in zip(parts, makers, strict=True):
            values = list(row[start : start + len(names)])
            start += len(names)
            if values[pk_index] is None:  # a null key's LEFT JOIN: no row
                instances.append(None)
                continue
            for index, column, functions in converters:
                for convert in functions:
                    values[index] = convert(values[index], column, connection)
            instances.append(make(alias, names, values))
        main = instances[0]
        for name, instance in zip(related, instances[1:], strict=True):
            model._meta.get_field(name).set_cached_value(main, instance)
        found[main.pk] = main
    return found


def _maker(model):
    """``model.from_db``, or the instance it would give made directly when ``Model.__init__``
    has nothing more to do: every field's value set in the instance's ``__dict__`` (what its
    ``setattr`` of each does on a new instance: the descriptors of plain and foreign-key
    fields only store the value there) and its state, loaded from the database. Not for a
    model with its own ``__init__`` or ``from_db``, nor while anything listens to
    ``pre_init`` or ``post_init`` for it. ``Model.__init__`` costs about 20 µs an instance,
    and a search page makes sixty (its results, their outlets and categories)."""
    if (
        model.__init__ is not Model.__init__
        or model.from_db.__func__ is not Model.from_db.__func__
        or pre_init.has_listeners(model)
        or post_init.has_listeners(model)
    ):
        return model.from_db

    def make(alias: str, names: list[str], values: list):
        instance = model.__new__(model)
        instance.__dict__.update(zip(names, values, strict=True))
        state = instance._state = ModelState()
        state.adding, state.db = False, alias
        return instance

    return make


_SELECTS: dict[tuple, tuple[list, str]] = {}


def _select_statement(model, related: tuple[str, ...], connection) -> tuple[list, str]:
    """Per model and related key: (model, field names, converters, primary key's index) in
    column order, and the statement, with one ``%s`` where the ids go."""
    key = (model, related, connection.vendor)
    if key not in _SELECTS:
        quote, parts, columns = connection.ops.quote_name, [], []
        joins = []
        models = [(model, "m")] + [
            (model._meta.get_field(name).related_model, f"r{k}") for k, name in enumerate(related)
        ]
        for part_model, alias in models:
            fields = part_model._meta.concrete_fields
            converters = []
            for index, field in enumerate(fields):
                column = field.get_col(alias)
                functions = [
                    *connection.ops.get_db_converters(column),
                    *column.get_db_converters(connection),
                ]
                if functions:
                    converters.append((index, column, functions))
            pk_index = fields.index(part_model._meta.pk)
            parts.append((part_model, [f.attname for f in fields], converters, pk_index))
            columns += [f"{alias}.{quote(f.column)}" for f in fields]
        for k, name in enumerate(related):
            field = model._meta.get_field(name)
            kind = "JOIN" if not field.null else "LEFT JOIN"
            target = quote(field.related_model._meta.db_table)
            joins.append(
                f"{kind} {target} r{k} ON r{k}.{quote(field.target_field.column)} "
                f"= m.{quote(field.column)}"
            )
        sql = (
            f"SELECT {', '.join(columns)} FROM {quote(model._meta.db_table)} m {' '.join(joins)} "
            f"WHERE m.{quote(model._meta.pk.column)} IN (%s)"
        )
        _SELECTS[key] = (parts, sql)
    return _SELECTS[key]


# SQLite stores a moment as naive UTC text ("2026-11-20 08:30:00.123456"), which Django's
# converter reads as a naive datetime that lists then make aware and local: two conversions
# of 2 to 3 µs each, for two moments in each of the 200 rows of a home page. Named in a
# column's alias (the sqlite3 module's PARSE_COLNAMES, which Django turns on), this converter
# reads the text as an aware UTC datetime at once.
UTC_MOMENT = "utc_moment"


def _utc_moment(value: bytes) -> datetime | None:
    text = value.decode()
    try:
        return datetime.fromisoformat(text + "+00:00")
    except ValueError:  # not a naive timestamp as Django writes them: as Django reads it
        return parse_datetime(text)


sqlite3.register_converter(UTC_MOMENT, _utc_moment)


def utc_moment(column: str, name: str) -> str:
    """Select `column` as `name`, an aware UTC datetime on SQLite (``UTC_MOMENT``); the
    other databases give aware datetimes already and take the alias as a plain name."""
    return f'{column} AS "{name} [{UTC_MOMENT}]"'
