"""A serving process's heap: what warm-up built is moved out of the garbage collector's way.

A web process builds most of its long-lived objects while it serves its first requests (URL
resolvers, compiled templates, translation catalogs, the menu's and the analyzer's caches).
CPython's cyclic collector walks all of them at every full (generation 2) collection: 30 to
70 ms at a time in a process that renders a page in about 5, and every request queued behind
it waits, which was most of the uncached pages' p99. After ``WARM_UP_REQUESTS`` requests
``FrozenAfterWarmUp`` collects once and freezes the heap (``gc.freeze``): the collections that
follow walk only what was allocated since. Frozen objects are still freed when their last
reference goes; only cycles among them would be kept, and the collection just before the
freeze clears the cycles of warm-up.
"""

import gc
import threading

WARM_UP_REQUESTS = 200


class FrozenAfterWarmUp:
    """A WSGI application that freezes the process's heap after its first requests."""

    def __init__(self, application, after: int = WARM_UP_REQUESTS):
        self.application = application
        self.remaining = after
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        if self.remaining > 0:
            self._count_one()
        return self.application(environ, start_response)

    def _count_one(self) -> None:
        with self._lock:
            if self.remaining <= 0:
                return
            self.remaining -= 1
            if self.remaining == 0:
                gc.collect()
                gc.freeze()
