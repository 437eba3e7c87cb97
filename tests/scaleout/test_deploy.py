"""docs/DEPLOY.md's commands are the tested ones; web processes share only PostgreSQL and Redis.

The shell blocks of docs/DEPLOY.md marked `sh tested` run here, in order, in one shell, with
the deployment's environment; the systemd units must run the Procfile's command lines; the
nginx configuration must pass `nginx -t`; and two `web` processes of the Procfile must share
sessions and rate limits."""

from __future__ import annotations

import contextlib
import re
import shutil
import signal
import subprocess

import httpx
import pytest

from tests.scaleout.conftest import once_per_suite
from tests.scaleout.harness import BIN, procfile, run
from tests.support import ROOT, free_port, query, wait_for

DEPLOY_MD = ROOT / "docs" / "DEPLOY.md"
UNITS = ROOT / "deploy" / "systemd"
INSTALLED_BIN = "/opt/akhbar/.venv/bin/"


def documented_blocks() -> list[str]:
    text = DEPLOY_MD.read_text(encoding="utf-8")
    return re.findall(r"^```sh tested\n(.*?)^```", text, flags=re.S | re.M)


def test_it_marks_the_release_backup_restore_and_upgrade_commands_as_tested():
    blocks = documented_blocks()
    commands = "\n".join(blocks)
    # it should test the release, the backup, the restore and the upgrade
    assert len(blocks) >= 4
    for needed in ("akhbar migrate", "deploy/backup.sh", "deploy/restore.sh", "collectstatic"):
        assert needed in commands


@once_per_suite
def test_it_runs_the_documented_commands(cluster_on, tmp_path):
    count_feeds = f'{BIN}/python -c "{COUNT_FEEDS}"'
    hooks = {
        # after the release: remember the feeds; after the backup: lose them
        0: f"{count_feeds} > {tmp_path}/feeds-before",
        1: f'{BIN}/python -c "{DROP_FEEDS}"',
    }
    script = ["set -euo pipefail"]
    for index, block in enumerate(documented_blocks()):
        script += [block, hooks.get(index, "")]
    script.append(f"{count_feeds} > {tmp_path}/feeds-after")
    with cluster_on(BACKUP_DIR=str(tmp_path / "backups")) as cluster:
        run("\n".join(script), cluster.env, timeout=300)
        feeds = query(cluster.env, "SELECT count(*) FROM news_feed")[0][0]
    before = int((tmp_path / "feeds-before").read_text())
    # it should load the sources, and get every feed back from the backup
    assert before > 0 and feeds == before
    assert int((tmp_path / "feeds-after").read_text()) == before
    # it should leave exactly one complete dump
    assert [p.suffix for p in (tmp_path / "backups").iterdir()] == [".dump"]


COUNT_FEEDS = (
    "import os, psycopg; "
    "print(psycopg.connect(os.environ['DATABASE_URL']).execute("
    "'SELECT count(*) FROM news_feed').fetchone()[0])"
)
DROP_FEEDS = (
    "import os, psycopg; "
    "psycopg.connect(os.environ['DATABASE_URL'], autocommit=True).execute('DELETE FROM news_feed')"
)


def exec_start(unit: str) -> str:
    text = (UNITS / unit).read_text(encoding="utf-8")
    return re.search(r"^ExecStart=(.*)$", text, flags=re.M).group(1)


@pytest.mark.parametrize(
    "unit, role",
    [
        ("akhbar-web@.service", "web"),
        ("akhbar-worker@.service", "worker"),
        ("akhbar-beat.service", "beat"),
    ],
)
def test_it_runs_the_procfile_command_lines_under_systemd(unit, role):
    command = exec_start(unit)
    # it should run the Procfile's line (the tested one), from the installed virtualenv
    assert command.startswith(INSTALLED_BIN)
    assert command.removeprefix(INSTALLED_BIN).startswith(procfile()[role])


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_it_ships_an_nginx_configuration_that_nginx_accepts(tmp_path):
    config = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    (tmp_path / "akhbar.conf").write_text(
        config.replace("/var/cache/nginx/akhbar", str(tmp_path / "cache"))
    )
    (tmp_path / "logs").mkdir()
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/logs/error.log;\nevents {{}}\n"
        f"http {{\n access_log off;\n include {tmp_path}/akhbar.conf;\n}}\n"
    )
    result = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    # it should pass nginx's own check, micro-cache included
    assert result.returncode == 0, result.stderr


# --- Stateless web processes ---------------------------------------------------------------


@contextlib.contextmanager
def web_process(env: dict):
    """The Procfile's `web` line on a free port; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        ["bash", "-c", f"exec {procfile()['web']}"],
        cwd=ROOT,
        env=env | {"PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/")
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def log_in(client: httpx.Client, base: str) -> None:
    page = client.get(base + "/admin/login/")
    token = client.cookies["csrftoken"]
    assert page.status_code == 200
    form = {"username": "editor", "password": "s3cret-pass", "csrfmiddlewaretoken": token}
    answer = client.post(base + "/admin/login/?next=/admin/", data=form, headers={"Referer": base})
    assert answer.status_code == 302, answer.text[:500]


@once_per_suite
def test_it_shares_sessions_cache_and_rate_limits(cluster_on):
    with cluster_on(AKHBAR_API_RATE_LIMIT="4") as cluster:
        env = cluster.env
        password = {"DJANGO_SUPERUSER_PASSWORD": "s3cret-pass"}
        run(
            "akhbar createsuperuser --no-input --username editor --email e@example.org",
            env | password,
        )
        run("akhbar sources load sources/dz.toml", env)  # feeds due now, for nobody to poll
        with web_process(env) as first, web_process(env) as second:
            with httpx.Client() as client:
                log_in(client, first)
                # it should know the editor on the other web process (the session is shared)
                assert client.get(second + "/admin/").status_code == 200
            answers = [
                httpx.get(base + "/api/nothing").status_code for base in [first] * 2 + [second] * 3
            ]
        feeds_polled = query(
            env, "SELECT count(*) FROM news_feed WHERE last_checked_at IS NOT NULL"
        )
    # it should count one client's API requests across both processes (the limit is 4)
    assert answers == [404, 404, 404, 404, 429]
    # it should not crawl from the web processes when the Celery runner is chosen
    assert feeds_polled == [(0,)]
