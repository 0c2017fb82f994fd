"""Batch throughput: rows per second for 1 and 2 local workers and on a local Ray instance.

Usage: python bench/batch_bench.py [--data-dir DIR] [--rows 5000] [--rounds 2] [--out bench/results/batch.json]

The input is the first ROWS FNC-1 competition test pairs (headline, body, id), written as JSONL to
a temporary folder, never into the repository. Each configuration runs `headcheck batch` (the
Python API) in a fresh process with a fresh store, so no model, body cache or Ray instance is
shared between runs. Reported per run: overall rows/s (start-up and output writing included),
start-up seconds (until the first results came back), steady rows/s after start-up, which is
what a long corpus run approaches, and (local engine) CPU milliseconds per row over all processes.
Configurations run interleaved, ROUNDS times each, and the table keeps each one's best run. The
scaling ratio compares 2 workers with 1. On a machine shared with other work the wall-clock
ratios show only the cores that were free; CPU per row shows whether a second worker adds work.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from headcheck.datasets import fnc1
from headcheck.limits import default_workers

CONFIGS = (("local", 1), ("local", 2), ("ray", 1), ("ray", 2))


def measure(engine: str, workers: int, source: Path) -> dict[str, object]:
    """Runs inside the child process."""
    from headcheck.apps.batch import run

    output = source.with_name(f"out-{os.getpid()}.jsonl")  # and so a fresh store beside it
    start = time.perf_counter()
    cpu_before = _cpu_seconds()
    summary = run([str(source)], output, engine=engine, workers=workers,  # type: ignore[arg-type]
                  console=Console(file=io.StringIO()))
    total_s = time.perf_counter() - start
    cpu_s = _cpu_seconds() - cpu_before
    return {
        "engine": engine,
        "workers": workers,
        **{key: json.loads(output.read_text(encoding="utf-8").splitlines()[0])[key] for key in ("model", "schema")},
        "rows": summary.rows,
        "failed": summary.failed,
        "seconds": round(total_s, 2),
        "rows_per_s": round(summary.rows / total_s, 1),
        "startup_s": round(summary.startup, 2),
        "steady_rows_per_s": round(summary.steady_rows_per_second, 1),
        # Ray's workers are not this process's children, so their CPU time cannot be counted here.
        "cpu_ms_per_row": round(cpu_s * 1000 / summary.rows, 2) if engine == "local" else None,
    }


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the workers, once the run has ended)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def build_input(data_dir: Path, rows: int, path: Path) -> dict[str, int]:
    test = fnc1.load(data_dir, "competition_test")
    pairs = test.pairs[:rows]
    with path.open("w", encoding="utf-8") as f:
        for i, pair in enumerate(pairs):
            f.write(json.dumps({"id": f"fnc1-test-{i}", "headline": pair.headline, "body": test.bodies[pair.body_id]})
                    + "\n")
    return {"rows": len(pairs), "distinct_bodies": len({p.body_id for p in pairs})}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=fnc1.DEFAULT_DATA_DIR)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--out", type=Path, default=Path("bench/results/batch.json"))
    parser.add_argument("--rounds", type=int, default=2, help="runs of each configuration, interleaved; best kept")
    parser.add_argument("--child", nargs=3, metavar=("ENGINE", "WORKERS", "INPUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        engine, workers, source = args.child
        print(json.dumps(measure(engine, int(workers), Path(source))))
        return

    load_before = os.getloadavg()
    runs = []
    with tempfile.TemporaryDirectory(prefix="headcheck-batch-bench-") as folder:
        source = Path(folder) / "fnc1-test.jsonl"
        data = build_input(args.data_dir, args.rows, source)
        for _ in range(args.rounds):  # interleaved, so that a burst of other work hits no one configuration only
            for engine, workers in CONFIGS:
                cmd = [sys.executable, __file__, "--child", engine, str(workers), str(source)]
                child = subprocess.run(cmd, capture_output=True, text=True, check=True)
                runs.append(json.loads(child.stdout.strip().splitlines()[-1]))
                print(f"{engine} x{workers}: {runs[-1]['steady_rows_per_s']} rows/s steady", file=sys.stderr)
    best = [max((r for r in runs if (r["engine"], r["workers"]) == config), key=lambda r: r["steady_rows_per_s"])
            for config in CONFIGS]

    def rate(engine: str, workers: int, key: str) -> float:
        return next(float(r[key]) for r in best if r["engine"] == engine and r["workers"] == workers)

    scaling = {f"{engine}_2_vs_1_{key}": round(rate(engine, 2, key) / rate(engine, 1, key), 2)
               for engine in ("local", "ray") for key in ("steady_rows_per_s", "rows_per_s")}
    result = {
        "command": " ".join([f"PYTHONPATH={path}" for path in [os.environ.get("PYTHONPATH")] if path]
                            + ["python", *sys.argv]),
        "date": time.strftime("%Y-%m-%d"),
        "machine": {"cpus": default_workers(), "platform": platform.platform(), "python": platform.python_version(),
                    "processor": platform.processor(), "load_average_before": [round(x, 2) for x in load_before],
                    "load_average_after": [round(x, 2) for x in os.getloadavg()]},
        "input": {"source": "FNC-1 competition test pairs, in file order", **data},
        "best": best,
        "scaling": scaling,
        # From CPU time, which unlike the wall-clock rates does not depend on what else the machine runs.
        "articles_per_hour_per_core": round(3600 * 1000 / rate("local", 1, "cpu_ms_per_row"), -3),
        "runs": runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    table = Table(title=f"headcheck batch, {data['rows']:,} FNC-1 test rows, {default_workers()} cores, "
                        f"best of {args.rounds}")
    for column in ("engine", "workers", "rows/s overall", "start-up s", "rows/s steady", "steady vs 1 worker",
                   "CPU ms/row"):
        table.add_column(column, justify="left" if column == "engine" else "right")
    for run in best:
        ratio = float(run["steady_rows_per_s"]) / rate(str(run["engine"]), 1, "steady_rows_per_s")
        table.add_row(str(run["engine"]), str(run["workers"]), f"{run['rows_per_s']:.1f}", f"{run['startup_s']:.1f}",
                      f"{run['steady_rows_per_s']:.1f}", f"{ratio:.2f}x",
                      "" if run["cpu_ms_per_row"] is None else f"{run['cpu_ms_per_row']:.2f}")
    Console().print(table)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
