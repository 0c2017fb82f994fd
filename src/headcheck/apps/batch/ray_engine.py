"""The Ray engine: the same job on Ray Data, on a local Ray instance or on a cluster.

Ray Data reads the input files on the cluster (a task per file, with headcheck's own readers)
and runs the Checker in a pool of actors, each of which loads the model once and keeps its own
body cache. The driver saves every batch that comes back in the same SQLite store as the local
engine and writes the output from it, so resuming, --retry-failed and the atomic output behave
as on one machine: a killed driver loses only the batches in flight. Files and model are named
by absolute path, which must be the same on the driver and on every node (a shared filesystem).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from headcheck.apps.batch import io
from headcheck.apps.batch.store import Outcome
from headcheck.apps.batch.work import check_rows, model_version
from headcheck.checker import Checker
from headcheck.errors import InputError, MissingExtraError
from headcheck.judges import ModelRef, resolve
from headcheck.limits import READ_BATCH_ROWS, default_workers

if TYPE_CHECKING:
    import pyarrow as pa
    import ray.data


def _ray() -> ModuleType:
    try:
        import ray
        import ray.data
    except ImportError:
        raise MissingExtraError("--engine ray needs Ray: pip install 'headcheck[ray]'") from None
    return ray


def _strings(names: Sequence[str]) -> pa.Schema:
    pa, _ = io.arrow()
    return pa.schema([(name, pa.string()) for name in names])


class _Checker:
    """A Ray Data actor: loads the model once, skips rows the store already has, checks the rest.

    `model` is the driver's `ModelRef.portable`, found again on this node.
    """

    def __init__(self, model: str | None, version: str, done: set[str], allow_hosts: tuple[str, ...]) -> None:
        ref = resolve(model)
        if model_version(ref) != version:  # keys made here must match the driver's
            raise RuntimeError(f"a Ray node runs {model_version(ref)} and the driver {version}: "
                               "install the same headcheck and model everywhere")
        self.checker = Checker(ref)
        self.version, self.done, self.allow_hosts = version, done, allow_hosts

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows = [row for row in (io.from_columns(r, self.version) for r in batch.to_pylist())
                if row.key not in self.done]
        outcomes = check_rows(self.checker, rows, self.allow_hosts)
        pa, _ = io.arrow()
        return pa.Table.from_pylist([o._asdict() for o in outcomes], schema=_strings(Outcome._fields))


def _read_files(batch: pa.Table) -> Iterator[pa.Table]:
    """A Ray task reads its files with headcheck's own readers, so that both engines see the same rows.

    Ids become text here: Ray batches rows of several files together, and a numeric id in one file
    must not clash with a text id in another.
    """
    pa, _ = io.arrow()
    for path in batch.column("path").to_pylist():
        for records in io.chunked(io.read_records(Path(path)), READ_BATCH_ROWS):
            yield pa.Table.from_pylist([io.normalize(r) for r in records], schema=_strings(io.COLUMNS))


def _dataset(data: Any, paths: Sequence[Path], chunk_size: int) -> ray.data.Dataset:
    """Rows in blocks of chunk_size: a block is what one actor call checks and what the driver then stores,
    so one big file still spreads over every actor, and results come back (and are saved) chunk by chunk."""
    files = data.from_items([{"path": str(path.resolve())} for path in paths], override_num_blocks=len(paths))
    rows = files.map_batches(_read_files, batch_size=1, batch_format="pyarrow")
    return rows.repartition(target_num_rows_per_block=chunk_size)


def check(
    paths: Sequence[Path],
    *,
    done: set[str],
    version: str,
    model: ModelRef,
    workers: int | None,
    chunk_size: int,
    allow_hosts: Collection[str] = (),
    address: str | None = None,
) -> Iterator[list[Outcome]]:
    """Outcomes batch by batch as the actors finish them; uses the Ray instance already started, if any."""
    ray = _ray()
    started = not ray.is_initialized()
    if started:
        # A local instance gets one CPU more than the actors: Ray Data's read tasks need one too.
        cpus = None if address else (workers or default_workers()) + 1
        try:
            ray.init(address=address, num_cpus=cpus, include_dashboard=False, log_to_driver=False,
                     logging_level=logging.WARNING)
        except ConnectionError as exc:
            raise InputError(f"cannot connect to the Ray cluster at {address}: {exc}") from None
    context, logger = ray.data.DataContext.get_current(), logging.getLogger("ray.data")
    saved = context.enable_progress_bars, logger.level
    try:
        cpus = int(ray.cluster_resources().get("CPU", 0))
        actors = max(workers or cpus - 1, 1)
        if actors + 1 > cpus:
            raise InputError(f"the Ray cluster has {cpus} CPUs and {actors} workers need {actors + 1} "
                             "(one more reads the input); use fewer --workers")
        context.enable_progress_bars = False  # headcheck shows its own,
        logger.setLevel(logging.ERROR)  # and Ray Data's notes would break it up
        dataset = _dataset(ray.data, paths, chunk_size).map_batches(
            _Checker,
            batch_size=chunk_size,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=actors),
            fn_constructor_args=(model.portable, version, done, tuple(allow_hosts)),
        )
        for batch in dataset.iter_batches(batch_format="pyarrow", batch_size=None):
            columns = (batch.column(name).to_pylist() for name in Outcome._fields)
            yield [Outcome(*values) for values in zip(*columns, strict=True)]
    finally:
        context.enable_progress_bars, level = saved
        logger.setLevel(level)
        if started:
            ray.shutdown()
