"""Findings: precision and recall per kind on the hand-written cases, and false alarms on real articles.

Usage: python bench/findings_bench.py [--cases bench/findings/cases.jsonl] [--data-dir ../shared/data/fnc1]
       [--out bench/results/findings.json] [--sample bench/results/findings_fnc1_sample.jsonl]

The cases are scored as `headcheck eval findings` scores them (bench/findings/README.md). The false
alarms are the findings on the FNC-1 competition test pairs labelled agree, whose body confirms the
headline: error-level findings per article, every finding counted by kind and severity, and a seeded
sample of 50 findings with their context, written for a person to read and judge.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
from pathlib import Path

from rich.console import Console

from headcheck.datasets import fnc1
from headcheck.evaluation import findings as eval_findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=Path("bench/findings/cases.jsonl"))
    parser.add_argument("--data-dir", type=Path, default=fnc1.DEFAULT_DATA_DIR)
    parser.add_argument("--out", type=Path, default=Path("bench/results/findings.json"))
    parser.add_argument("--sample", type=Path, default=Path("bench/results/findings_fnc1_sample.jsonl"))
    args = parser.parse_args()
    console = Console()

    scores = eval_findings.run(args.cases, None, console)
    alarms, sample = eval_findings.fnc1_false_alarms(args.data_dir)
    console.print(f"FNC-1 agree pairs: {alarms['articles']} articles, {alarms['findings']} findings; per article "
                  + ", ".join(f"{severity} {n}" for severity, n in alarms["per_article"].items()))
    args.sample.parent.mkdir(parents=True, exist_ok=True)
    args.sample.write_text("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in sample), encoding="utf-8")
    result = {
        "command": "python " + " ".join(sys.argv),
        "date": datetime.date.today().isoformat(),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "processor": platform.processor()},
        "cases": {"file": str(args.cases), **scores.as_dict()},
        "fnc1_agree": {**alarms, "sample": str(args.sample), "sample_seed": eval_findings.SAMPLE_SEED},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    console.print(f"wrote {args.out} and {args.sample}")


if __name__ == "__main__":
    main()
