"""A bounded memo shared by the server's threads in which a value is computed once per key,
however many readers ask for it at the same moment.

Why: the ranking's values and its robustness analysis take a second or two on an idle
machine, but when fifty readers arrive together (after a server start or a statistics
import) every one of them missed the cache and computed the same thing, and each
computation then took twenty to fifty seconds on two cores. Here the first asker computes
and the others wait for its result; if it fails, the next waiter tries itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class ComputedOnce(Generic[V]):
    """At most ``limit`` values (all forgotten when full: the keys carry data versions, so
    old ones are never asked again)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._values: dict[Hashable, V] = {}
        self._computing: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        with self._lock:
            if key in self._values:
                return self._values[key]
            turn = self._computing.setdefault(key, threading.Lock())
        try:
            with turn:  # one computes; the others wait here for its value
                with self._lock:
                    if key in self._values:
                        return self._values[key]
                value = compute()
                with self._lock:
                    if len(self._values) >= self.limit:
                        self._values.clear()
                    self._values[key] = value
                return value
        finally:
            with self._lock:
                if self._computing.get(key) is turn and not turn.locked():
                    del self._computing[key]

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._values

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
