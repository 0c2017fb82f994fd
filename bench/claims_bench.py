"""Fool Me Twice: each claim over its page's sentences (gold evidence and retrieved ones), as a headline over
a body. Supports / refutes by the restricted argmax (refutes when the judge's disagree beats its agree).

Usage: python bench/claims_bench.py [--split dev|test] [--model NAME ...] [--out bench/results/claims.json]

Reports accuracy, how many refuted claims are found and at what precision, and the share of wrong answers
given at confidence >= 0.8 (the confidence of the chosen one of agree / disagree, renormalised), and beside it
the share among answers whose chosen side the judge itself reports at >= 0.8 (not renormalised: an answer given
as *discuss* at 0.9, with agree at 0.09, is no sure *agree* to a reader). The dev
split is for development; test is for the final report. Writes JSON (with machine and command) and
prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from headcheck.checker import Checker
from headcheck.datasets import claims
from headcheck.types import Article


def score(model: str, rows: list[tuple[Article, bool]]) -> dict[str, Any]:
    start = time.time()
    reports = Checker(model, explain=False).check_many([a for a, _ in rows])
    right = found = flagged = confident = confident_wrong = reported = reported_wrong = 0
    for (_, refuted), report in zip(rows, reports, strict=True):
        agree, disagree = report.judgement.probabilities["agree"], report.judgement.probabilities["disagree"]
        says_refuted = disagree > agree
        share = max(agree, disagree) / max(agree + disagree, 1e-12)
        right += says_refuted == refuted
        flagged += says_refuted
        found += says_refuted and refuted
        if share >= 0.8:
            confident += 1
            confident_wrong += says_refuted != refuted
        if max(agree, disagree) >= 0.8:  # the chosen side as the report gives it
            reported += 1
            reported_wrong += says_refuted != refuted
    refuted_total = sum(r for _, r in rows)
    seconds = time.time() - start
    return {"claims": len(rows), "accuracy": round(right / len(rows), 4),
            "refuted_recall": round(found / max(refuted_total, 1), 4),
            "refuted_precision": round(found / flagged, 4) if flagged else None,
            "answers_at_or_above_0.8": confident,
            "wrong_at_or_above_0.8": round(confident_wrong / confident, 4) if confident else None,
            "answers_reported_at_or_above_0.8": reported,
            "wrong_reported_at_or_above_0.8": round(reported_wrong / reported, 4) if reported else None,
            "seconds": round(seconds, 1), "claims_per_second": round(len(rows) / seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=["dev", "test"], default="dev")
    parser.add_argument("--model", action="append", help="model name or directory (repeatable; default: both shipped)")
    parser.add_argument("--out", type=Path, default=Path("bench/results/claims.json"))
    args = parser.parse_args()
    rows = claims.load(claims.DEFAULT_DATA_DIR, args.split)
    results = {model: score(model, rows) for model in args.model or ["minilm-nli", "fnc1-features"]}
    machine = {"cpus": os.cpu_count(), "processor": platform.processor() or platform.machine(),
               "python": platform.python_version()}
    record = {"command": " ".join([Path(sys.executable).name, *sys.argv]), "machine": machine, "split": args.split,
              "date": time.strftime("%Y-%m-%d %H:%M"), "results": results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    table = Table(title=f"Fool Me Twice {args.split}: supports / refutes")
    for column in ("model", "accuracy", "refuted found", "refuted precision", "wrong at >= 0.8",
                   "wrong at reported >= 0.8", "claims/s"):
        table.add_column(column, justify="right")
    for model, r in results.items():
        precision = "-" if r["refuted_precision"] is None else f"{r['refuted_precision']:.2f}"
        wrong, reported = ("-" if r[key] is None else f"{r[key]:.0%} of {r[count]}" for key, count in (
            ("wrong_at_or_above_0.8", "answers_at_or_above_0.8"),
            ("wrong_reported_at_or_above_0.8", "answers_reported_at_or_above_0.8")))
        table.add_row(model, f"{r['accuracy']:.3f}", f"{r['refuted_recall']:.0%}", precision, wrong, reported,
                      f"{r['claims_per_second']:.0f}")
    Console(width=160).print(table)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
