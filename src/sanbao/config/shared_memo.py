"""Process-local memos kept in step with a version number in the shared cache.

Hot reads (every public warranty check) should not pay a cache round trip for data that
changes a few times a year. Each process re-reads the shared version at most every
`recheck` seconds, so a change made in another process shows within that time; the
process that made the change sees it at once.
"""

import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache


class SharedMemo:
    def __init__(self, key: str, recheck: float = 5.0) -> None:
        self.key = key
        self.recheck = recheck
        self._values: dict[Any, Any] = {}
        self._version: int | None = None
        self._checked = float("-inf")
        self._lock = threading.Lock()

    def get(self, name: Any, build: Callable[[], Any]) -> Any:
        now = time.monotonic()
        if now - self._checked > self.recheck:
            version = cache.get(self.key, 0)
            with self._lock:
                if version != self._version:
                    self._values, self._version = {}, version
                self._checked = now
        values = self._values
        if name not in values:
            values[name] = build()
        return values[name]

    def changed(self) -> None:
        """Every process rebuilds its memo: this one now, others within `recheck` seconds."""
        cache.add(self.key, 0, None)
        try:
            cache.incr(self.key)
        except ValueError:  # evicted between add and incr
            cache.set(self.key, 1, None)
        self.forget()

    def forget(self) -> None:
        with self._lock:
            self._values, self._checked = {}, float("-inf")
