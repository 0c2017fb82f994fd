"""`headcheck train --only rules`: how often each editor rule is right, measured on hold-out articles, so
that a rule decides only where it has been right more often than the network on the same kind of claim,
and a verdict it decided reports that confidence (`judges._editor`).

Hold-outs: the `dev` hand-written articles (halves of bench/editor and bench/cases, bench/editor/more.jsonl)
and a seeded sample of FNC-1's official hold-out split (never the competition test set). Kept per band of
the network's own top probability (`BANDS`): a rule's share right among the headlines it would decide,
beside the network's share right on the same headlines, each with one right and one wrong added (Laplace),
so a rule that decided few is neither trusted nor reported as certain; each source's own counts are kept
too, and a rule that lost to the network on either source in a band does not decide there. A last pass, with
the rules as they now decide, fits the temperature of the answers no rule decided (`calibrate`). The two
sources weigh the same: the hand-written articles (plain news, a share of each misleading kind) and
FNC-1's rumour-heavy stories (900 of them: counted per article, they would decide for all).
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from headcheck.calibration import (
    CALIBRATION_FILE,
    Calibrator,
    expected_calibration_error,
    fit_calibrator,
    wrong_when_sure,
)
from headcheck.checker import Checker
from headcheck.datasets import fnc1
from headcheck.judges._editor import BANDS, BRIEF_SENTENCES, RULES, RULES_FILE, Trust
from headcheck.training import Log
from headcheck.types import STANCES, Article, Stance
from headcheck.verdict import VERDICT_OF

FNC1_RELATED, FNC1_UNRELATED, SEED = 1500, 500, 1  # the FNC-1 hold-out sample
_BODIES = ("briefs", "pages")  # records kept apart: bodies of at most BRIEF_SENTENCES, and longer ones
_STANCE_OF = {verdict: stance for stance, verdict in VERDICT_OF.items()}


def hold_out(data_dir: Path, cases: Sequence[Path]) -> list[tuple[Article, Stance, str]]:
    """(article, the stance an editor expects, where it comes from) for every hold-out article."""
    rows: list[tuple[Article, Stance, str]] = []
    for path in cases:
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line) if line.strip() else None
            if case and case.get("split") == "dev":
                rows.append((Article(case["headline"], case["body"]), _STANCE_OF[case["expected"]], "hand-written"))
    full = fnc1.load(data_dir, "train")
    _, held = fnc1.hold_out_split(data_dir, full)
    rng = random.Random(SEED)
    related = [p for p in held.pairs if p.stance != "unrelated"]
    unrelated = [p for p in held.pairs if p.stance == "unrelated"]
    for p in rng.sample(related, FNC1_RELATED) + rng.sample(unrelated, FNC1_UNRELATED):
        rows.append((Article(p.headline, held.bodies[p.body_id]), p.stance, "fnc1"))
    return rows


class _Remembered:
    """The cross-encoder, each (claim, sentence) pair read once however many passes ask for it."""

    def __init__(self, nli: Any) -> None:
        self.nli = nli
        self.seen: dict[tuple[str, str], np.ndarray] = {}

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        missing = [p for p in dict.fromkeys(pairs) if p not in self.seen]
        if missing:
            self.seen.update(zip(missing, self.nli.predict(missing), strict=True))
        return np.array([self.seen[p] for p in pairs]).reshape(len(pairs), -1)


def train(data_dir: Path, cases: Sequence[Path], judge_dir: Path, log: Log = print) -> dict[str, Any]:
    """A pass over the hold-outs with the network alone (no rule, no seconding), then one pass per rule with
    that rule alone trusted: each rule is measured on every claim it fires on, whatever rule comes before it
    (at run time an earlier rule that has not earned a band lets a later one decide). Per rule and band of
    the network's top probability, how often the rule and the network were right on those claims."""
    rows = hold_out(data_dir, cases)
    articles = [a for a, _, _ in rows]
    (judge_dir / RULES_FILE).unlink(missing_ok=True)  # replaced below; one of another shape would not load
    checker = Checker(judge_dir, explain=False)
    judge: Any = checker.judge
    judge.nli = _Remembered(judge.nli)
    seconding = judge.min_contradiction
    judge.trust, judge.min_contradiction = Trust({}), 2.0  # no reading reaches 2: the network alone
    alone = [r.uncalibrated or r.judgement for r in checker.check_many(articles)]
    sizes = Counter(source for _, _, source in rows)
    weight = {source: len(rows) / (len(sizes) * n) for source, n in sizes.items()}
    # Per rule, kind of body, band and source: claims decided, right, and right by the network alone (unweighted).
    counts = {r.name: {kind: [{s: [0, 0, 0] for s in sizes} for _ in BANDS] for kind in _BODIES} for r in RULES}
    pages = [len(checker.index.body(a.body).sentences) > BRIEF_SENTENCES for a in articles]
    for rule in RULES:
        judge.trust = Trust.only(rule.name)
        for (_, stance, source), network, report, page in zip(rows, alone, checker.check_many(articles), pages,
                                                              strict=True):
            if report.judgement.rule != rule.name:
                continue
            top = max(network.probabilities.values())
            band = next(i for i, edge in enumerate(BANDS) if top < edge)
            tally = counts[rule.name][_BODIES[page]][band][source]
            tally[0] += 1
            tally[1] += report.stance == stance
            tally[2] += network.stance == stance
    rules = {name: {kind: [_band(edge, by_source, weight) for edge, by_source in zip(BANDS, bands, strict=True)]
                    for kind, bands in by_kind.items()} for name, by_kind in counts.items()}
    out = {"measured_on": f"dev articles of {', '.join(str(c) for c in cases)}; FNC-1 hold-out sample "
                          f"({FNC1_RELATED} related, {FNC1_UNRELATED} unrelated, seed {SEED})",
           "weights": {source: round(w, 4) for source, w in sorted(weight.items())},
           "smoothing": "one right and one wrong added to each count (Laplace), after weighting",
           "rules": rules}
    (judge_dir / RULES_FILE).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    calibrate(checker, judge_dir, rows, weight, seconding, log)
    log(f"wrote {judge_dir / RULES_FILE}: " + "; ".join(
        f"{name} {kind} " + " ".join(f"{b['right']}/{b['decided']} vs {b['network_right']}" for b in bands)
        for name, r in rules.items() for kind, bands in r.items()))
    return out


def _band(edge: float, by_source: dict[str, list[int]], weight: dict[str, float]) -> dict[str, Any]:
    """One band's record: the sources weighed (Laplace-smoothed shares) and each source's own counts, which
    let a source where the rule lost to the network veto it (`judges._editor.VETO_CLAIMS`)."""
    n, k, m = (sum(weight[s] * t[i] for s, t in by_source.items()) for i in range(3))
    return {"below": edge, "decided": round(n, 2), "right": round(k, 2), "network_right": round(m, 2),
            "precision": round((k + 1) / (n + 2), 4), "network_accuracy": round((m + 1) / (n + 2), 4),
            "sources": {s: {"decided": t[0], "right": t[1], "network_right": t[2]}
                        for s, t in sorted(by_source.items())}}


def calibrate(checker: Checker, judge_dir: Path, rows: Sequence[tuple[Article, Stance, str]],
              weight: dict[str, float], seconding: float, log: Log = print) -> Calibrator:
    """The temperature of the answers no rule decided, fitted on the same hold-outs with the rules as they
    now decide, the two sources weighing the same; it replaces the judge step's, which was fitted on the
    aggregator's rows before any rule and cannot see how sure the network is on plainly written news."""
    judge: Any = checker.judge
    judge.trust, judge.min_contradiction = Trust.read(judge_dir), seconding
    probs, labels, sources = [], [], []
    for (_, stance, source), report in zip(rows, checker.check_many([a for a, _, _ in rows]), strict=True):
        if report.judgement.rule is None:
            told = report.uncalibrated or report.judgement
            probs.append([told.probabilities[s] for s in STANCES])
            labels.append(STANCES.index(stance))
            sources.append(source)
    p, y, src = np.array(probs), np.array(labels), np.array(sources)
    fitted = fit_calibrator(p, y, weights=np.array([weight[x] for x in sources]))
    scaled = fitted.apply(p)
    calibrator = Calibrator(fitted.temperature, {
        "fitted_on": "the answers no editor rule decided on the rules' hold-outs (dev halves of the hand-written "
                     "cases, FNC-1 hold-out sample), the two sources weighing the same",
        "pairs": len(y),
        **{f"{name}_{x}": round(expected_calibration_error(q[src == x], y[src == x]), 4)
           for x in sorted(weight) for name, q in (("ece_before", p), ("ece_after", scaled))},
        **{f"wrong_at_or_above_0.8_{name}_{x}": round(wrong_when_sure(q[src == x], y[src == x]), 4)
           for x in sorted(weight) for name, q in (("before", p), ("after", scaled))}})
    calibrator.save(judge_dir / CALIBRATION_FILE)
    log(f"wrote {judge_dir / CALIBRATION_FILE}: temperature {calibrator.temperature:.3f} "
        f"({json.dumps(dict(calibrator.about or {}))})")
    return calibrator

