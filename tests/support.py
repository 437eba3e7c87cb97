"""Helpers for tests that run Akhbar as a user does: as a separate process on a real socket."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
AKHBAR = [sys.executable, "-m", "akhbar.cli"]
POSTGRES_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def akhbar_env(data_dir: Path, **extra: str) -> dict:
    """The environment of a fresh install: its own data directory, SQLite unless told."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(AKHBAR_DATA_DIR=str(data_dir), AKHBAR_SECRET_KEY="tests", PYTHONPATH=str(ROOT))
    env.update(extra)
    return env


def akhbar(*args: str, env: dict, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*AKHBAR, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env
    )


def wait_for(url: str, seconds: float = 60.0) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while True:
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@contextlib.contextmanager
def running_site(env: dict):
    """``akhbar run --no-crawl`` on a free port; yields its base URL; Ctrl-C at the end."""
    port = free_port()
    server = subprocess.Popen(
        [*AKHBAR, "run", "--no-crawl", "--port", str(port), "--threads", "16"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/")
        yield base
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


@contextlib.contextmanager
def scratch_postgres():
    """A throwaway PostgreSQL database on the machine's server; yields its URL."""
    import psycopg

    name = f"akhbar_scratch_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def query(env: dict, sql: str) -> list[tuple]:
    """Read the database of a running Akhbar directly (SQLite file or PostgreSQL)."""
    url = env.get("DATABASE_URL")
    if url:
        import psycopg

        with psycopg.connect(url) as connection:
            return connection.execute(sql).fetchall()
    import sqlite3

    with contextlib.closing(sqlite3.connect(Path(env["AKHBAR_DATA_DIR"]) / "akhbar.sqlite3")) as db:
        return db.execute(sql).fetchall()
