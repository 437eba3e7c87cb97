"""The command line: help documents addressing; it serves until interrupted."""

import signal
import socket
import subprocess
import sys
import time

import httpx

from akhbar.newsweb.cli import main
from akhbar.newsweb.testing import ANT_CORPUS


def free_pair() -> int:
    """A port p with p+1 also free (control port and one outlet)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        with socket.socket() as a, socket.socket() as b:
            try:
                a.bind(("127.0.0.1", port))
                b.bind(("127.0.0.1", port + 1))
                return port
            except OSError:
                continue
    raise RuntimeError("no free pair of ports")


def test_it_documents_how_outlets_reach_127_0_0_1(capsys):
    try:
        main(["--help"])
    except SystemExit:
        pass
    # it should explain the port-per-outlet addressing in its help
    assert "port+1+i" in capsys.readouterr().out


def test_it_serves_until_interrupted():
    port = free_pair()
    argv = [
        sys.executable,
        "-m",
        "akhbar.newsweb",
        "--corpus",
        str(ANT_CORPUS),
        "--limit",
        "40",
        "--port",
        str(port),
    ]
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    try:
        first_line = process.stdout.readline()
        time.sleep(0.2)
        outlets = httpx.get(f"http://127.0.0.1:{port}/_newsweb/outlets.json").json()["outlets"]
        # it should print the control URL and put the first outlet on port+1
        assert "_newsweb/outlets.json" in first_line
        assert outlets[0]["base_url"] == f"http://127.0.0.1:{port + 1}"
    finally:
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=10)
    # it should stop cleanly on Ctrl-C
    assert process.returncode == 0 and "stopped" in out
