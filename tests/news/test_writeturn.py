"""Writers of one SQLite file wait for each other's turn in the kernel (news/writeturn.py)."""

import subprocess
import sys
import threading

import pytest
from django.db import connection

from akhbar.news.sql import fetch
from akhbar.news.writeturn import WRITER_CACHE_KIB, writer_turn

pytestmark = pytest.mark.django_db(transaction=True)

# Another process holding the turn: it takes the flock, says so, and keeps it until told.
HOLDER = """
import fcntl, sys
with open(sys.argv[1], "a") as lock:
    fcntl.flock(lock, fcntl.LOCK_EX)
    print("held", flush=True)
    sys.stdin.readline()
"""


def lock_file() -> str:
    return f"{connection.settings_dict['NAME']}.writer"


def enter_in_thread(entered: threading.Event) -> threading.Thread:
    def write():
        with writer_turn():
            entered.set()

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's writers only")
def test_a_writer_waits_while_another_process_holds_the_turn_and_goes_once_released():
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, lock_file()],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        entered = threading.Event()
        thread = enter_in_thread(entered)
        assert not entered.wait(0.5)  # still waiting for the other process
        holder.stdin.write("release\n")
        holder.stdin.flush()
        assert entered.wait(30)
        thread.join(30)
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's writers only")
def test_threads_of_one_process_take_turns_too():
    entered = threading.Event()
    with writer_turn():
        thread = enter_in_thread(entered)
        assert not entered.wait(0.5)  # flock alone would let a second thread in
    assert entered.wait(30)
    thread.join(30)


def test_a_turn_inside_an_open_transaction_or_another_turn_takes_nothing_more():
    # nesting must not deadlock on the process's own turn
    with writer_turn():
        with writer_turn():
            pass
    from django.db import transaction

    with transaction.atomic():
        with writer_turn():
            pass


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's writers only")
def test_a_writer_takes_the_small_page_cache_of_writers():
    # readers keep the 64 MB of conf.SQLITE_INIT; a large cache costs every write
    # transaction a walk over it
    with writer_turn():
        # it should set the writer's page cache on this connection
        assert fetch("PRAGMA cache_size") == [(-WRITER_CACHE_KIB,)]
