"""`headcheck train --only rules`: how often each editor rule is right, measured on hold-out articles, so
that a verdict a rule decided reports the confidence that rule earned (`judges._editor`).

Hold-outs: the `dev` halves of the hand-written cases (bench/editor, bench/cases) and a seeded sample
of FNC-1's official hold-out split (never the competition test set). A rule's confidence is its share
right among the headlines it decided, with one right and one wrong added (Laplace), so a rule that
decided few is not reported as certain.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from headcheck.checker import Checker
from headcheck.datasets import fnc1
from headcheck.judges._editor import RULES_FILE
from headcheck.training import Log
from headcheck.types import Article, Stance
from headcheck.verdict import VERDICT_OF

FNC1_RELATED, FNC1_UNRELATED, SEED = 600, 300, 1  # the FNC-1 hold-out sample
_STANCE_OF = {verdict: stance for stance, verdict in VERDICT_OF.items()}


def hold_out(data_dir: Path, cases: Sequence[Path]) -> list[tuple[Article, Stance, str]]:
    """(article, the stance an editor expects, where it comes from) for every hold-out article."""
    rows: list[tuple[Article, Stance, str]] = []
    for path in cases:
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line) if line.strip() else None
            if case and case.get("split") == "dev":
                rows.append((Article(case["headline"], case["body"]), _STANCE_OF[case["expected"]], path.parent.name))
    full = fnc1.load(data_dir, "train")
    _, held = fnc1.hold_out_split(data_dir, full)
    rng = random.Random(SEED)
    related = [p for p in held.pairs if p.stance != "unrelated"]
    unrelated = [p for p in held.pairs if p.stance == "unrelated"]
    for p in rng.sample(related, FNC1_RELATED) + rng.sample(unrelated, FNC1_UNRELATED):
        rows.append((Article(p.headline, held.bodies[p.body_id]), p.stance, "fnc1"))
    return rows


def train(data_dir: Path, cases: Sequence[Path], judge_dir: Path, log: Log = print) -> dict[str, Any]:
    rows = hold_out(data_dir, cases)
    checker = Checker(judge_dir, explain=False)
    decided: Counter[tuple[str, str]] = Counter()
    right: Counter[tuple[str, str]] = Counter()
    for (_, stance, source), report in zip(rows, checker.check_many([a for a, _, _ in rows]), strict=True):
        rule = report.judgement.rule
        if rule is not None:
            decided[rule, source] += 1
            right[rule, source] += report.stance == stance
    rules = {}
    for rule in sorted({r for r, _ in decided}):
        sources = sorted(s for r, s in decided if r == rule)
        n, k = sum(decided[rule, s] for s in sources), sum(right[rule, s] for s in sources)
        rules[rule] = {"precision": round((k + 1) / (n + 2), 4), "decided": n, "right": k,
                       "by_source": {s: [right[rule, s], decided[rule, s]] for s in sources}}
    out = {"measured_on": f"dev halves of {', '.join(str(c) for c in cases)}; FNC-1 hold-out sample "
                          f"({FNC1_RELATED} related, {FNC1_UNRELATED} unrelated, seed {SEED})",
           "rules": rules}
    (judge_dir / RULES_FILE).write_text(json.dumps(out, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    log(f"wrote {judge_dir / RULES_FILE}: " + ", ".join(f"{r} {v['right']}/{v['decided']}" for r, v in rules.items()))
    return out
