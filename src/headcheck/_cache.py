"""A small least-recently-used cache: bodies shared by many headlines are analysed once."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
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

    def many(self, keys: Sequence[K], compute: Callable[[list[K]], Sequence[V]]) -> list[V]:
        """The values of `keys`; those not kept are computed in one call (each once), so that a model can run
        them together."""
        found = {k: self._values[k] for k in keys if k in self._values}
        missing = [k for k in dict.fromkeys(keys) if k not in found]
        if missing:
            found.update(zip(missing, compute(missing), strict=True))
        return [self.get(k, found.__getitem__) for k in keys]
