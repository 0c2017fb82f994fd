"""Accuracy beyond FNC-1: the hand-written cases and the NLI hold-outs, for each model.

Usage: python bench/judge_bench.py [--model NAME ...] [--cases FILE ...] [--nli-dir DIR]
       [--out bench/results/judge.json]

Per model: verdict accuracy on each case file (default bench/cases, bench/editor, its more.jsonl, fresh.jsonl,
decide.jsonl and decide2.jsonl: all, each split (dev, test; fresh; decide; decide2), each category within each
split, and how often a misleading verdict is right; dev (all of more.jsonl) helped choose settings, the decide
sets' totals decided whether a change stood, test and fresh did not; fit.jsonl is fitted on and not scored), the
judge on the
odd-numbered NLI hold-out rows read as one-sentence articles, and, for a judge with an NLI network, the
network alone on the whole hold-outs; each with the share of wrong answers given at confidence >= 0.8.
Writes JSON (with machine and command) and prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from headcheck.checker import Checker
from headcheck.evaluation.sets import NLI_SETS, eval_cases, eval_nli


def _cell(summary: dict | None) -> str:
    if not summary:
        return "-"
    wrong = summary["wrong_at_or_above_0.8"]
    return f"{summary['accuracy']:.3f} ({'-' if wrong is None else f'{wrong:.0%}'})"


def _set_name(path: Path) -> str:
    """'editor' for bench/editor/articles.jsonl, 'editor-fresh' for bench/editor/fresh.jsonl (and so on)."""
    return path.parent.name if path.stem == "articles" else f"{path.parent.name}-{path.stem}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", action="append", help="model name or directory (repeatable; default: both shipped)")
    parser.add_argument("--cases", type=Path, action="append",
                        help="case file (repeatable; default: bench/cases and bench/editor)")
    parser.add_argument("--nli-dir", type=Path, default=Path("../shared/data/nli"))
    parser.add_argument("--out", type=Path, default=Path("bench/results/judge.json"))
    args = parser.parse_args()
    case_files = args.cases or [Path("bench/cases/articles.jsonl"), Path("bench/editor/articles.jsonl"),
                                Path("bench/editor/more.jsonl"), Path("bench/editor/fresh.jsonl"),
                                Path("bench/editor/decide.jsonl"), Path("bench/editor/decide2.jsonl")]
    results = {}
    for model in args.model or ["minilm-nli", "fnc1-features"]:
        start = time.time()
        checker = Checker(model)
        cases = {_set_name(path): eval_cases(checker, path) for path in case_files}
        nli = eval_nli(Checker(model, explain=False), args.nli_dir)
        results[model] = {"cases": cases, "nli": nli, "seconds": round(time.time() - start, 1)}
    machine = {"cpus": os.cpu_count(), "processor": platform.processor() or platform.machine(),
               "python": platform.python_version()}
    record = {"command": " ".join([Path(sys.executable).name, *sys.argv]), "machine": machine,
              "date": time.strftime("%Y-%m-%d %H:%M"), "results": results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")

    table = Table(title="accuracy (wrong answers among those at confidence >= 0.8)")
    table.add_column("model")
    first = next(iter(results.values()))["cases"]
    parts = [(s, key) for s in first for key in ("all", *sorted(k for k in first[s] if k.startswith("split:")
                                                                 and "|" not in k))]
    for column in (*(f"{s} {key.removeprefix('split:')}" for s, key in parts),
                   *(f"{n} judge" for n in NLI_SETS), *(f"{n} network" for n in NLI_SETS)):
        table.add_column(column, justify="right")
    for model, r in results.items():
        table.add_row(model, *(_cell(r["cases"][s].get(key)) for s, key in parts),
                      *(_cell(r["nli"][n]["judge_odd_rows"]) for n in NLI_SETS),
                      *(_cell(r["nli"][n].get("network_all_rows")) for n in NLI_SETS))
    Console(width=200).print(table)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
