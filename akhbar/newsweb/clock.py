"""The simulated clock that tests move forward; wall time never enters the simulation."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta


class Clock:
    """Simulated time: starts at `start`, moves only when `advance` is called."""

    def __init__(self, start: datetime) -> None:
        self.start = start
        self._offset = 0.0
        self._lock = threading.Lock()
        self.version = 0

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self._offset)

    def advance(self, seconds: float) -> datetime:
        """Move simulated time forward; returns the new now."""
        if seconds < 0:
            raise ValueError("clock: time only moves forward")
        with self._lock:
            self._offset += seconds
            self.version += 1
        return self.now()
