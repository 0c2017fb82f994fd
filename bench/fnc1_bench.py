"""Speed and accuracy of headcheck on the FNC-1 competition test set, one model per subprocess.

Usage: python bench/fnc1_bench.py [--data-dir DIR] [--model DIR ...] [--out bench/results/fnc1.json]

For each model it measures, in a fresh process (so peak RSS is that model's own):
end-to-end pairs/s over all 25,413 test pairs (model loading included; stance only, as
`headcheck eval fnc1` judges them), FNC score, macro-F1 and per-class F1, single-article
latency p50/p95 over 200 test articles of 300-1,000 words (full reports, explanations
included), and peak RSS. The peers' accuracy is scored from their submitted files.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from headcheck.datasets import fnc1
from headcheck.types import STANCES, Article

LATENCY_ARTICLES = 200


def measure(model: str | None, data_dir: Path) -> dict[str, object]:
    """Runs inside the child process."""
    from headcheck import Checker

    test = fnc1.load(data_dir, "competition_test")
    start = time.perf_counter()
    checker = Checker(model, explain=False)  # the stance alone, as `headcheck eval fnc1` judges it
    load_s = time.perf_counter() - start
    articles = [Article(p.headline, test.bodies[p.body_id]) for p in test.pairs]
    predicted = [r.stance for r in checker.check_many(articles, batch_size=256)]
    total_s = time.perf_counter() - start
    metrics = fnc1.score([p.stance for p in test.pairs], predicted)

    # Latency: a fresh Checker (no body cached) giving full reports with explanations, one call per
    # article, as a user of `headcheck check` or the service gets them.
    fresh = Checker(model)
    seen: set[int] = set()
    sample: list[Article] = []
    for p in test.pairs:
        words = len(test.bodies[p.body_id].split())
        if p.body_id not in seen and 300 <= words <= 1000 and p.stance != "unrelated":
            seen.add(p.body_id)
            sample.append(Article(p.headline, test.bodies[p.body_id]))
        if len(sample) == LATENCY_ARTICLES:
            break
    latencies = []
    for a in sample:
        t = time.perf_counter()
        fresh.check_article(a)
        latencies.append((time.perf_counter() - t) * 1000)
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "model": checker.judge.name,
        "pairs": len(articles),
        "load_s": round(load_s, 2),
        "pairs_per_s": round(len(articles) / total_s, 1),
        "latency_ms": {"articles": len(latencies), "p50": round(cuts[49], 1), "p95": round(cuts[94], 1)},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        **metrics.as_dict(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=fnc1.DEFAULT_DATA_DIR)
    parser.add_argument("--model", action="append", help="model directory (repeatable; default: the shipped one)")
    parser.add_argument("--out", type=Path, default=Path("bench/results/fnc1.json"))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(measure(args.child or None, args.data_dir)))
        return

    runs = []
    for model in args.model or [""]:
        cmd = [sys.executable, __file__, "--data-dir", str(args.data_dir), "--child", model]
        child = subprocess.run(cmd, capture_output=True, text=True, check=True)
        runs.append(json.loads(child.stdout.strip().splitlines()[-1]))
    gold = [p.stance for p in fnc1.load(args.data_dir, "competition_test").pairs]
    peers = {name: fnc1.score(gold, fnc1.peer_predictions(args.data_dir, name)).as_dict() for name in fnc1.PEERS}
    result = {
        "command": "python " + " ".join(sys.argv),
        "date": time.strftime("%Y-%m-%d"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "processor": platform.processor()},
        "runs": runs,
        "peers": peers,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    table = Table(title=f"FNC-1 competition test set ({len(gold):,} pairs)")
    for col in ("system", "FNC", "macro-F1", *STANCES, "pairs/s", "p50 ms", "p95 ms", "peak RSS MB"):
        table.add_column(col, justify="left" if col == "system" else "right")
    for run in runs:
        f1 = run["f1"]
        table.add_row(run["model"], f"{run['fnc_score']:.2f}", f"{run['macro_f1']:.3f}",
                      *(f"{f1[s]:.3f}" for s in STANCES), f"{run['pairs_per_s']:.0f}",
                      f"{run['latency_ms']['p50']:.0f}", f"{run['latency_ms']['p95']:.0f}", f"{run['peak_rss_mb']:.0f}")
    for name, m in peers.items():
        table.add_row(name, f"{m['fnc_score']:.2f}", f"{m['macro_f1']:.3f}", *(f"{m['f1'][s]:.3f}" for s in STANCES),
                      "", "", "", "")
    Console(width=160).print(table)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
