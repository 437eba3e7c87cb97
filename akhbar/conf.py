"""Typed helpers that read settings from the environment and fail loudly.

Each setting is declared once, with its default, in ``akhbar/settings.py``.
A bad value stops the process with a message naming the variable, instead
of silently falling back to a default.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class SettingError(ValueError):
    """A setting read from the environment has a value we cannot use."""


def env_str(name: str, default: str, environ=os.environ) -> str:
    return environ.get(name, default)


def env_bool(name: str, default: bool, environ=os.environ) -> bool:
    raw = environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise SettingError(f"settings: {name}={raw!r} is not a boolean (use 1/0, true/false, yes/no)")


def env_int(name: str, default: int, minimum: int | None = None, environ=os.environ) -> int:
    raw = environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise SettingError(f"settings: {name}={raw!r} is not an integer") from None
    if minimum is not None and value < minimum:
        raise SettingError(f"settings: {name}={value} is below the minimum {minimum}")
    return value


def env_list(name: str, default: list[str], environ=os.environ) -> list[str]:
    raw = environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str, default: str, environ=os.environ) -> str:
    """A secret from ``NAME`` or from the file named by ``NAME_FILE``."""
    if environ.get(name):
        return environ[name]
    path = environ.get(f"{name}_FILE")
    if not path:
        return default
    try:
        value = Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise SettingError(f"settings: {name}_FILE={path!r} cannot be read: {exc}") from None
    if not value:
        raise SettingError(f"settings: {name}_FILE={path!r} is empty")
    return value


def env_path(name: str, default: str | Path, environ=os.environ) -> Path:
    return Path(environ.get(name) or default).expanduser().resolve()


def database_from_url(url: str) -> dict:
    """Turn ``postgres://user:pass@host:port/name`` or ``sqlite:///path`` into Django's dict."""
    parts = urlsplit(url)
    if parts.scheme in ("postgres", "postgresql", "pgsql"):
        return _postgres_database(parts)
    if parts.scheme == "sqlite":
        return sqlite_database(Path(unquote(parts.path)))
    raise SettingError(f"settings: DATABASE_URL scheme {parts.scheme!r} is not supported")


def _postgres_database(parts) -> dict:
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise SettingError("settings: DATABASE_URL names no database")
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": options,
        "TEST": {"NAME": "test_akhbar"},
    }


# WAL lets readers go on while the pipeline writes; busy_timeout makes a
# writer wait for the lock instead of failing; NORMAL is safe under WAL.
# wal_autocheckpoint: a checkpoint copies each page once however many commits rewrote it
# since the last one, and folding an article rewrites about 100 pages, half of them ones
# that other articles rewrite too (interior pages, the tails of tables, the current time
# bucket's leaves). Checkpointing every 8,000 pages (a WAL of about 32 MB) instead of
# SQLite's 1,000 took folding at 1 M articles from 5.8-6.1 to 4.8-4.9 ms CPU per article
# (docs/STORIES.md).
# mmap_size=0 (no memory-mapped reads, SQLite's own default): a page read through the map
# is not kept in the connection's page cache, so every read of it looks the page up in the
# WAL's index first, and with a WAL of a few thousand commits (the readings an article
# page counts, the crawler's stores) that lookup dominated: at 1,000,000 articles, a
# search page cost 13.4 ms of CPU with 256 MB mapped against 4.4 ms without, after 8,000
# one-row commits; with an empty WAL the two are alike (docs/DEPLOY.md).
SQLITE_INIT = (
    "PRAGMA journal_mode=WAL;"
    "PRAGMA wal_autocheckpoint=8000;"
    "PRAGMA busy_timeout=20000;"
    "PRAGMA synchronous=NORMAL;"
    "PRAGMA foreign_keys=ON;"
    "PRAGMA temp_store=MEMORY;"
    "PRAGMA mmap_size=0;"
    "PRAGMA cache_size=-65536;"
)


def sqlite_database(path: Path) -> dict:
    # Connections are kept between requests, as for PostgreSQL: opening one (its PRAGMAs and
    # the first read of the file) and closing it (a checkpoint after a write) cost a reader's
    # request about 2 ms, as much as rendering most pages, and each request started with an
    # empty page cache.
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": SQLITE_INIT,
        },
    }
