"""The embedded runner: a background thread that runs the pipeline's crawl passes.

It only decides *when* the pipeline runs; *what* runs is ``crawl_pass``, the
pipeline function that claims due feeds and ingests their articles.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger("akhbar.ingest.runner")


class EmbeddedRunner:
    """Call ``crawl_pass()`` every ``interval`` seconds until stopped.

    Any exception from one pass is logged and the loop goes on: one bad
    feed or a passing database error must never stop the crawler.
    """

    def __init__(self, crawl_pass: Callable[[], object], interval: float = 30.0):
        self.crawl_pass = crawl_pass
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="akhbar-runner", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.crawl_pass()
            except Exception:
                log.exception("runner: crawl pass failed; trying again in %ss", self.interval)
            self._stop.wait(self.interval)
