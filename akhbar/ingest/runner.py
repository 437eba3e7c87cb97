"""The embedded runner: a background thread that runs the pipeline's crawl passes.

It only decides *when* the pipeline runs; *what* runs is ``crawl_pass(stop)``, the pipeline
function that claims due feeds and ingests their articles (its worker threads are
``AKHBAR_WORKERS``, read by the pipeline). Stopping is graceful: the stop event is handed to
the pass, which finishes the feeds it has started, gives back the ones it has not, and returns.
After each pass, ``after_pass`` runs: by default the operator's alerts (``akhbar.ops.alerts``)
and, when due, the stored row counts of the search index's frequent terms
(``akhbar.search.term_rows``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger("akhbar.ingest.runner")


def between_passes() -> None:
    """Open and resolve the operator's alerts, and refresh the search index's frequent
    terms' row counts when due (neither raises), then close this thread's database
    connection: the runner's thread opens no other."""
    from django.db import connection

    from akhbar.ops.alerts import evaluate_safely
    from akhbar.search.term_rows import refresh_when_due

    try:
        evaluate_safely()
        refresh_when_due()
    finally:
        connection.close()


class EmbeddedRunner:
    """Call ``crawl_pass(stop_event)`` every ``interval`` seconds until stopped.

    Any exception from one pass is logged and the loop goes on: one bad
    feed or a passing database error must never stop the crawler.
    """

    def __init__(
        self,
        crawl_pass: Callable[[threading.Event], object],
        interval: float = 30.0,
        after_pass: Callable[[], object] = between_passes,
    ):
        self.crawl_pass = crawl_pass
        self.after_pass = after_pass
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="akhbar-runner", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the running pass to wind down, and wait for it (at most `timeout` seconds)."""
        self._stop.set()
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.warning("runner: the crawl pass did not stop within %ss", timeout)

    @property
    def stopping(self) -> threading.Event:
        return self._stop

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.crawl_pass(self._stop)
            except Exception:
                log.exception("runner: crawl pass failed; trying again in %ss", self.interval)
            if not self._stop.is_set():
                self.after_pass()
            self._stop.wait(self.interval)
