"""`headcheck batch`: its arguments and its handler, kept here so the main CLI gains two lines."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from headcheck.apps.options import MODEL_HELP
from headcheck.errors import InputError
from headcheck.limits import BATCH_CHUNK_ROWS


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more (got {text})")
    return value


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    batch = commands.add_parser("batch", help="check a corpus of JSONL, CSV or Parquet files, resumably", description=(
        "Check every row of INPUT (JSONL, CSV or Parquet, with columns headline and body, or url, and optionally "
        "id; several files or a quoted glob) and write one result row per input row to OUTPUT (format by "
        "extension). Results are kept in a store next to OUTPUT: running the same command again resumes."))
    batch.add_argument("inputs", nargs="+", metavar="INPUT", help="input files or globs")
    batch.add_argument("-o", "--output", type=Path, required=True, help="output .jsonl, .csv or .parquet")
    batch.add_argument("--store", type=Path, help="result store (default: OUTPUT.headcheck.sqlite)")
    batch.add_argument("--retry-failed", action="store_true", help="check again the rows that failed before")
    batch.add_argument("--engine", choices=["local", "ray"], default="local",
                       help="local: a process per core (default); ray: Ray Data, local or on a cluster")
    batch.add_argument("--workers", type=_positive,
                       help="worker processes or Ray actors (default: one per core; on Ray, cluster CPUs - 1)")
    batch.add_argument("--chunk-size", type=_positive, default=BATCH_CHUNK_ROWS, help="rows per chunk sent to a worker")
    batch.add_argument("--ray-address", metavar="ADDRESS",
                       help="Ray cluster to run on, e.g. ray://head:10001 or auto (default: start a local Ray)")
    batch.add_argument("--allow-host", action="append", default=[], metavar="HOST",
                       help="let url rows reach this host even if private or loopback (repeatable)")
    batch.add_argument("--model", help=MODEL_HELP)


def command(args: argparse.Namespace, console: Console) -> int:
    from headcheck.apps.batch import run

    if args.ray_address and args.engine != "ray":
        raise InputError("--ray-address needs --engine ray")
    run(args.inputs, args.output, store=args.store, engine=args.engine, workers=args.workers,
        chunk_size=args.chunk_size, retry_failed=args.retry_failed, model=args.model,
        allow_hosts=args.allow_host, ray_address=args.ray_address, console=console)
    return 0
