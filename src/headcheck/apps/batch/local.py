"""The local engine: one worker process per core, each loading its own Checker once.

Each worker is a single-process pool, so the parent can choose the worker for every chunk: rows
with the same body go to the same worker, whose Checker then analyses that body once for all its
headlines. Workers only compute; the parent stores what they return.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from headcheck._processes import exit_with_parent, one_thread_per_worker
from headcheck.apps.batch.io import Row
from headcheck.apps.batch.store import Outcome
from headcheck.apps.batch.work import check_rows
from headcheck.checker import Checker
from headcheck.errors import HeadcheckError
from headcheck.judges import ModelRef
from headcheck.limits import QUEUED_CHUNKS_PER_WORKER

_worker: tuple[Checker, tuple[str, ...]] | HeadcheckError  # set in each worker process by _start


def _start(parent: int, model: ModelRef, allow_hosts: tuple[str, ...]) -> None:
    """Load the worker's Checker. The parent resolved the model but did not load it: a model that fails
    to load here fails the first chunk, so the parent reports it as one line, as for any other error."""
    global _worker
    exit_with_parent(parent)
    try:
        _worker = (Checker(model), allow_hosts)
    except HeadcheckError as exc:
        _worker = exc


def _check_chunk(rows: list[Row]) -> list[Outcome]:
    if isinstance(_worker, HeadcheckError):
        raise _worker
    checker, allow_hosts = _worker
    return check_rows(checker, rows, allow_hosts)


def check(
    rows: Iterable[Row],
    *,
    model: ModelRef,
    workers: int,
    chunk_size: int,
    allow_hosts: tuple[str, ...] = (),
) -> Iterator[list[Outcome]]:
    """Outcomes chunk by chunk, in the order chunks finish; rows are read only as fast as workers take them."""
    context = multiprocessing.get_context("spawn")  # fork would copy the parent's threads and open store
    pools = [ProcessPoolExecutor(1, context, _start, (os.getpid(), model, allow_hosts)) for _ in range(workers)]
    chunks: list[list[Row]] = [[] for _ in pools]
    running: dict[Future[list[Outcome]], int] = {}

    def load(worker: int) -> int:
        return sum(w == worker for w in running.values())

    def finished() -> Iterator[list[Outcome]]:
        for future in [f for f in running if f.done()]:
            del running[future]
            yield future.result()

    def taker(worker: int) -> int | None:
        """The chunk's own worker if it has room, else an idle one: a corpus where a few bodies dominate
        still keeps every core working (those bodies then get analysed on two workers)."""
        if load(worker) < QUEUED_CHUNKS_PER_WORKER:
            return worker
        return next((w for w in range(workers) if load(w) == 0), None)

    def submit(worker: int) -> Iterator[list[Outcome]]:
        yield from finished()
        while (chosen := taker(worker)) is None:
            wait(running, return_when=FIRST_COMPLETED)
            yield from finished()
        running[pools[chosen].submit(_check_chunk, chunks[worker])] = chosen
        chunks[worker] = []

    with one_thread_per_worker():
        try:
            for row in rows:
                worker = hash(row.body if row.body is not None else row.url) % workers
                chunks[worker].append(row)
                if len(chunks[worker]) == chunk_size:
                    yield from submit(worker)
            for worker, chunk in enumerate(chunks):
                if chunk:
                    yield from submit(worker)
            while running:
                wait(running, return_when=FIRST_COMPLETED)
                yield from finished()
        finally:
            for pool in pools:
                pool.shutdown(cancel_futures=True)
