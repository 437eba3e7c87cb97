"""Test settings: the real settings, with a throwaway key and data directory.

``DATABASE_URL`` chooses SQLite (unset) or PostgreSQL, as in production.
"""

import os
import tempfile

os.environ.setdefault("AKHBAR_SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("AKHBAR_DATA_DIR", tempfile.mkdtemp(prefix="akhbar-tests-"))

from akhbar.settings import *  # noqa: F403

# A file, not memory: the tests meet SQLite as users do (WAL, backups, several connections).
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405
# One PostgreSQL test database per test run, so that two runs on one server never clash.
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": f"test_akhbar_{os.getpid()}"}  # noqa: F405

# Rolled-back test transactions reuse article ids, which the page cache keys on:
# pages are rendered afresh in tests (tests/web/test_caching.py turns the cache on).
AKHBAR_PAGE_CACHE_SECONDS = 0
