"""A batch run: plan from the store, check what is missing on an engine, then write the output from the store.

The store, not the engine, is the source of truth: whatever an engine finished before a crash is
kept, whatever it had not is checked on the next run, and the output is written from the store
in input order, so it is the same however often the run was interrupted.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from headcheck.apps.batch import io, local
from headcheck.apps.batch.store import Outcome, Store
from headcheck.apps.batch.work import model_version
from headcheck.errors import InputError, shown
from headcheck.judges import ModelRef, resolve
from headcheck.limits import BATCH_CHUNK_ROWS, OUTPUT_LOOKUP_ROWS, default_workers
from headcheck.verdict import VERDICTS

Engine = Literal["local", "ray"]


@dataclass(frozen=True, slots=True)
class Summary:
    """What a run did. `computed` rows were checked by this run; the others came from the store.

    `startup` is the time until the first results came back (workers starting, models loading, Ray
    starting); `steady_rows_per_second` is the rate after it, which is what a long run approaches.
    """

    rows: int
    computed: int
    failed: int
    verdicts: dict[str, int]
    seconds: float
    startup: float
    steady_rows_per_second: float
    output: Path
    store: Path
    engine: str

    @property
    def rows_per_second(self) -> float:
        return self.computed / self.seconds if self.seconds else 0.0


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f} rows/s" if speed else "- rows/s", style="progress.data.speed")


def _path(path: Path) -> str:
    """A path the user gave, for the console: escaped for the terminal and for Rich's markup."""
    return escape(shown(path))


def default_store(output: Path) -> Path:
    return output.with_name(output.name + ".headcheck.sqlite")


def _engine(
    engine: Engine, paths: Sequence[Path], done: set[str], version: str, *, model: ModelRef,
    workers: int | None, chunk_size: int, allow_hosts: tuple[str, ...], ray_address: str | None,
) -> Iterator[list[Outcome]]:
    if engine == "ray":
        from headcheck.apps.batch import ray_engine

        return ray_engine.check(paths, done=done, version=version, model=model, workers=workers,
                                chunk_size=chunk_size, allow_hosts=allow_hosts, address=ray_address)
    todo = (row for row in io.read_rows(paths, version) if row.key not in done)
    return local.check(todo, model=model, workers=workers or default_workers(), chunk_size=chunk_size,
                       allow_hosts=allow_hosts)


def _records(rows: Iterable[io.Row], store: Store, tally: Counter[str]) -> Iterator[Mapping[str, Any]]:
    """Output records in input order; `tally` counts verdicts, and failures under 'failed'."""
    for chunk in io.chunked(rows, OUTPUT_LOOKUP_ROWS):
        found = store.lookup([row.key for row in chunk])
        for row in chunk:
            outcome = found.get(row.key)
            if outcome is None:
                raise InputError("the input changed during the run; run the same command again")
            if outcome.report is None:
                tally["failed"] += 1
                yield {"id": row.id, "url": row.url, "headline": row.headline, "error": outcome.error}
            else:
                record = {**json.loads(outcome.report), "id": row.id}  # the stored report's id is null
                tally[record["verdict"]] += 1
                yield record


def run(
    inputs: Sequence[str],
    output: str | Path,
    *,
    store: str | Path | None = None,
    engine: Engine = "local",
    workers: int | None = None,
    chunk_size: int = BATCH_CHUNK_ROWS,
    retry_failed: bool = False,
    model: str | Path | None = None,
    allow_hosts: Collection[str] = (),
    ray_address: str | None = None,
    console: Console | None = None,
) -> Summary:
    """Check every row of `inputs` and write one output row per input row to `output`."""
    output = Path(output)
    paths = io.expand(inputs)
    io.check_output(output, paths)
    store_path = Path(store) if store else default_store(output)
    console = console or Console(stderr=True)
    ref = resolve(model)
    version = model_version(ref)  # keys need the model's name; workers load the model themselves
    with Store(store_path) as db:
        done = db.keys(with_failed=not retry_failed)
        total = todo = 0
        for row in io.read_rows(paths, version):  # a first pass finds bad files before any work, and counts
            total += 1
            todo += row.key not in done
        if total == 0:
            raise InputError("the input has no rows")
        start = time.perf_counter()
        computed = first = 0
        startup = 0.0
        console.print(f"{total:,} rows: {total - todo:,} in the store {_path(store_path)}, {todo:,} to check",
                      highlight=False)
        if todo:
            batches = _engine(engine, paths, done, version, model=ref, workers=workers, chunk_size=chunk_size,
                              allow_hosts=tuple(allow_hosts), ray_address=ray_address)
            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), _RateColumn(),
                       TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
            with Progress(*columns, console=console) as progress:
                task = progress.add_task("checking", total=todo)
                for outcomes in batches:
                    db.save(outcomes)
                    if not computed:
                        startup, first = time.perf_counter() - start, len(outcomes)
                    computed += len(outcomes)
                    progress.advance(task, len(outcomes))
        seconds = time.perf_counter() - start
        steady = (computed - first) / (seconds - startup) if computed > first else 0.0
        tally: Counter[str] = Counter()
        io.write(output, _records(io.read_rows(paths, version), db, tally))
    failed = tally.pop("failed", 0)
    verdicts = {verdict: tally[verdict] for verdict in VERDICTS}
    summary = Summary(total, computed, failed, verdicts, seconds, startup, steady, output, store_path, engine)
    _print(summary, console)
    return summary


def _print(summary: Summary, console: Console) -> None:
    reused = summary.rows - summary.computed
    verdicts = ", ".join(f"{verdict} {count:,}" for verdict, count in summary.verdicts.items())
    console.print(f"[bold]{summary.rows:,} rows[/] -> {_path(summary.output)} (store {_path(summary.store)})",
                  highlight=False)
    console.print(f"  checked now {summary.computed:,}, from the store {reused:,}, failed {summary.failed:,}"
                  + (" (the output says why; --retry-failed retries them)" if summary.failed else ""),
                  highlight=False)
    console.print(f"  verdicts: {verdicts}", highlight=False)
    if summary.computed:
        console.print(f"  throughput: {summary.rows_per_second:,.1f} rows/s ({summary.computed:,} rows in "
                      f"{summary.seconds:,.1f} s on the {summary.engine} engine, {summary.startup:,.1f} s of it "
                      f"start-up; {summary.steady_rows_per_second:,.1f} rows/s after it)", highlight=False)
