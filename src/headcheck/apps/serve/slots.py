"""Slots: how many requests may do one kind of work at once (fetch, read, check), and how long they may wait.

A request that finds no slot free waits, but only until its deadline; then it is refused as busy (HTTP 503
with Retry-After), so a flood of slow work makes the service say no quickly instead of queueing without end.
With a per-client share, one client (an API key, or an address without one) cannot hold every slot.
Everything here runs on the event loop, so the counts need no lock.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio

from headcheck.errors import BusyError


class Slots:
    """At most `total` holders at once, at most `per_client` of them for one client (no share when None).

    `retry_after_s` is what a refused request is told: the longest a holder keeps its slot, so that by then
    every slot held now has come free. `threads` bounds the worker threads of the holders to the same count, so
    a holder never waits for a thread once it has its slot.
    """

    def __init__(self, what: str, total: int, *, retry_after_s: float, per_client: int | None = None) -> None:
        self.what = what
        self.total = total
        self.per_client = per_client
        self.retry_after_s = retry_after_s
        self.threads = anyio.CapacityLimiter(total)
        self._held: Counter[str] = Counter()
        self._changed = anyio.Condition()

    @property
    def in_use(self) -> int:
        return self._held.total()

    def _free_for(self, client: str) -> bool:
        return self.in_use < self.total and (self.per_client is None or self._held[client] < self.per_client)

    @asynccontextmanager
    async def hold(self, client: str, deadline: float) -> AsyncIterator[None]:
        """Hold a slot while the block runs; `deadline` (in `anyio.current_time()`) ends the wait with BusyError."""
        async with self._changed:
            with anyio.CancelScope(deadline=deadline):
                await self._changed.wait_for(lambda: self._free_for(client))
            if not self._free_for(client):
                raise self._busy(client)
            self._held[client] += 1
        try:
            yield
        finally:
            with anyio.CancelScope(shield=True):
                async with self._changed:
                    self._held[client] -= 1
                    if not self._held[client]:
                        del self._held[client]  # clients come and go: keep only those holding slots
                    self._changed.notify_all()

    def _busy(self, client: str) -> BusyError:
        retry = math.ceil(self.retry_after_s)
        if self.in_use >= self.total:
            why = f"every {self.what} is in use ({self.total})"
        else:
            why = f"this client already holds its share of {self.what}s ({self._held[client]} of {self.total})"
        return BusyError(f"the service is busy: {why}; retry after {retry} s", retry)
