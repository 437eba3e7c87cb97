"""Test settings: the real settings, with a throwaway key and data directory.

``DATABASE_URL`` chooses SQLite (unset) or PostgreSQL, as in production.
"""

import os
import tempfile

os.environ.setdefault("AKHBAR_SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("AKHBAR_DATA_DIR", tempfile.mkdtemp(prefix="akhbar-tests-"))

from akhbar.settings import *  # noqa: F403
