"""headcheck watch throughput against a local feed farm: items checked per minute (default judge and
fnc1-features), polls per minute when nothing is new, and peak memory.

Usage: python bench/watch_bench.py [--feeds 500] [--items 20] [--model default --model fnc1-features]
                                   [--out bench/results/watch.json] [--note TEXT]

The farm (tests/watch_farm.py) runs in this process on 127.0.0.1 and serves FEEDS RSS feeds of ITEMS items
each, every item linking to an article page of its own, with ETags so that a second poll is answered 304.
For each model a child process opens a fresh SQLite store and runs the watch once (`--once`, as cron would)
over all feeds: that run checks every item. A second run over the same store finds nothing new: every feed
answers 304. The child times `Watcher.run()` alone (the model is loaded before), so the rates leave out
start-up, which is reported apart, and reports its peak RSS. The per-host limit is off (`host_interval_s=0`):
the farm is one host, and one request a second would measure the limit, not the watch. The farm's server
shares the machine's cores with the watch, as a real local test would; on a 2-core machine that costs the
watch some CPU.
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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from watch_farm import farm, headline, numbered_items, paragraphs  # noqa: E402

DEFAULT_MODEL = "default"  # the shipped default judge


def child(store: str, feeds_file: str, model: str) -> None:
    """Runs in the child process: load the model, then time one --once run of the watch."""
    from headcheck.apps.watch.store import Store
    from headcheck.apps.watch.watcher import Options, Watcher
    from headcheck.checker import Checker

    started = time.perf_counter()
    checker = Checker(None if model == DEFAULT_MODEL else model)
    checker.check(headline(0), " ".join(paragraphs(0)))  # the networks load on first use: not in the timed run
    loaded = time.perf_counter()
    feeds = tuple(Path(feeds_file).read_text().split())
    options = Options(feeds, once=True, allow_hosts=("127.0.0.1",), host_interval_s=0.0, json=True)
    with Store(store) as opened:
        tally = Watcher(options, opened, checker, log=lambda _: None, out=io.StringIO()).run()
    finished = time.perf_counter()
    print(json.dumps({"startup_s": loaded - started, "run_s": finished - loaded, "polled": tally.polled,
                      "unchanged": tally.unchanged, "failed_feeds": tally.failed_feeds, "checked": tally.checked,
                      "failed_pages": tally.failed_pages,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def _run_child(store: Path, feeds_file: Path, model: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, __file__, "--child", str(store), str(feeds_file), model],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _machine() -> dict[str, Any]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), "system": platform.platform(),
            "load_average_at_start": os.getloadavg()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--model", action="append", help=f"'{DEFAULT_MODEL}' or a model name (repeatable)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "watch.json")
    parser.add_argument("--note", default="", help="said in the results, e.g. that the machine was busy")
    parser.add_argument("--child", nargs=3, metavar=("STORE", "FEEDS_FILE", "MODEL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    models = args.model or [DEFAULT_MODEL, "fnc1-features"]
    machine = _machine()
    runs = []
    with farm() as site, tempfile.TemporaryDirectory() as tmp:
        urls = []
        for f in range(args.feeds):
            numbers = range(f * args.items, (f + 1) * args.items)
            site.add_articles(numbers)
            urls.append(site.feed(f"/feed/{f}.xml", numbered_items(site.base, numbers, prefix=f"f{f}-")))
        feeds_file = Path(tmp) / "feeds.txt"
        feeds_file.write_text("\n".join(urls))
        for model in models:
            store = Path(tmp) / f"{model}.sqlite"
            first = _run_child(store, feeds_file, model)
            again = _run_child(store, feeds_file, model)
            runs.append({
                "model": model,
                "items": first["checked"],
                "items_per_minute": round(first["checked"] / first["run_s"] * 60),
                "check_run_s": round(first["run_s"], 1),
                "startup_s": round(first["startup_s"], 1),
                "polls_nothing_new": again["polled"],
                "unchanged": again["unchanged"],
                "polls_per_minute_nothing_new": round(again["polled"] / again["run_s"] * 60),
                "peak_rss_mb": round(max(first["peak_rss_mb"], again["peak_rss_mb"])),
                "failed_feeds": first["failed_feeds"] + again["failed_feeds"],
                "failed_pages": first["failed_pages"] + again["failed_pages"],
            })
    result = {
        "bench": "watch", "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.executable).name, *sys.argv]), "feeds": args.feeds,
        "items_per_feed": args.items, "machine": machine, "note": args.note, "runs": runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")

    table = Table(title=f"headcheck watch, {args.feeds} feeds x {args.items} items on 127.0.0.1")
    for column in ("model", "items checked / min", "start-up s", "polls / min, nothing new", "peak RSS MB"):
        table.add_column(column, justify="left" if column == "model" else "right")
    for run in runs:
        table.add_row(run["model"], f"{run['items_per_minute']:,}", f"{run['startup_s']:.1f}",
                      f"{run['polls_per_minute_nothing_new']:,}", str(run["peak_rss_mb"]))
    console = Console()
    console.print(table)
    console.print(f"written to {args.out}")


if __name__ == "__main__":
    main()
