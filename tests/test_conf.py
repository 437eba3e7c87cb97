"""Settings come from the environment through typed helpers that fail loudly."""

import subprocess
import sys

import pytest

from akhbar.conf import (
    SettingError,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_secret,
)


def test_it_reads_booleans_in_every_usual_spelling():
    # it should accept the usual words for true and false
    assert env_bool("X", False, environ={"X": "yes"}) is True
    assert env_bool("X", True, environ={"X": "0"}) is False
    # it should fall back to the default when unset
    assert env_bool("X", True, environ={}) is True


def test_it_refuses_a_boolean_it_cannot_read():
    # it should name the variable in the error
    with pytest.raises(SettingError, match="X='maybe'"):
        env_bool("X", False, environ={"X": "maybe"})


def test_it_refuses_integers_below_their_minimum():
    # it should fail loudly instead of clamping
    with pytest.raises(SettingError, match="below the minimum"):
        env_int("WORKERS", 2, minimum=1, environ={"WORKERS": "0"})
    # it should refuse text that is not a number
    with pytest.raises(SettingError, match="not an integer"):
        env_int("WORKERS", 2, environ={"WORKERS": "two"})


def test_it_splits_lists_on_commas():
    # it should drop blanks and spaces
    assert env_list("HOSTS", [], environ={"HOSTS": "a.test, b.test,,"}) == ["a.test", "b.test"]


def test_it_reads_a_secret_from_a_file(tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s3cret\n")
    # it should strip the trailing newline
    assert env_secret("KEY", "default", environ={"KEY_FILE": str(secret)}) == "s3cret"


def test_it_turns_a_postgres_url_into_django_settings():
    database = database_from_url("postgres://ali:p%40ss@127.0.0.1:5432/akhbar?sslmode=disable")
    # it should keep every part, decoded
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["USER"], database["PASSWORD"], database["NAME"]) == ("ali", "p@ss", "akhbar")
    assert (database["HOST"], database["PORT"]) == ("127.0.0.1", "5432")
    assert database["OPTIONS"] == {"sslmode": "disable"}


def test_it_refuses_an_unknown_database_scheme():
    # it should say which scheme it does not support
    with pytest.raises(SettingError, match="mysql"):
        database_from_url("mysql://localhost/akhbar")


def test_it_puts_sqlite_in_wal_mode_with_a_busy_timeout(settings):
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        # it should set WAL, busy_timeout and synchronous=NORMAL on every connection
        assert "journal_mode=WAL" in options["init_command"]
        assert "busy_timeout" in options["init_command"]
        assert "synchronous=NORMAL" in options["init_command"]


def _settings_import(env: dict) -> subprocess.CompletedProcess:
    code = "import akhbar.settings"
    clean = {"PATH": "/usr/bin:/bin", **env}
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=60
    )


def test_it_refuses_to_start_without_debug_and_with_the_default_key(tmp_path):
    result = _settings_import({"AKHBAR_DATA_DIR": str(tmp_path)})
    # it should stop with a message naming the setting
    assert result.returncode != 0
    assert "AKHBAR_SECRET_KEY" in result.stderr


def test_it_starts_with_debug_on_and_the_default_key(tmp_path):
    result = _settings_import({"AKHBAR_DATA_DIR": str(tmp_path), "AKHBAR_DEBUG": "1"})
    # it should accept the development setup
    assert result.returncode == 0, result.stderr
