"""A small least-recently-used cache: bodies shared by many headlines are analysed once."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Lru(Generic[K, V]):
    """Keeps the `size` most recently used values; older ones are recomputed when asked for again."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K, compute: Callable[[K], V]) -> V:
        value = self._values.pop(key) if key in self._values else compute(key)
        self._values[key] = value
        if len(self._values) > self.size:
            self._values.popitem(last=False)
        return value
