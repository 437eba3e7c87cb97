"""The ``akhbar`` console script as a user runs it, in a separate process."""

import re
import signal
import subprocess

import pytest

from tests.support import AKHBAR, ROOT, akhbar, akhbar_env, free_port, wait_for


@pytest.fixture
def cli_env(tmp_path) -> dict:
    """A fresh data directory on SQLite, as on a new machine."""
    return akhbar_env(tmp_path)


def test_it_lists_the_commands_of_akhbar(cli_env):
    result = akhbar("help", env=cli_env)
    # it should offer the documented commands
    for command in ("run", "sources", "crawl", "demo", "newsweb", "export"):
        assert command in result.stdout


def test_it_sets_up_the_demo_without_network(cli_env):
    result = akhbar("demo", "--no-serve", env=cli_env)
    # it should migrate, load the invented outlets and store the demo articles
    assert result.returncode == 0, result.stderr
    assert "6 created" in result.stdout and "demo articles stored" in result.stdout


def test_it_serves_the_site_and_stops_cleanly_on_ctrl_c(cli_env):
    assert akhbar("demo", "--no-serve", env=cli_env).returncode == 0
    port = free_port()
    server = subprocess.Popen(
        [*AKHBAR, "run", "--no-crawl", "--port", str(port)],
        cwd=ROOT,
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        home = wait_for(f"http://127.0.0.1:{port}/")
        # it should serve the home page with demo articles linking to /<source>/<id>/
        assert home.status_code == 200
        assert re.search(r'href="/(sada|rasid|nabd|afak|messager|echo-sud)/\d+/"', home.text)
        server.send_signal(signal.SIGINT)
        # it should stop on Ctrl-C, without a traceback
        assert server.wait(timeout=30) == 0
        assert "Traceback" not in server.stderr.read()
    finally:
        server.kill()
