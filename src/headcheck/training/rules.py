"""`headcheck train --only rules`: the editor's decision (`judges._editor.Decider`), fitted on hold-out
articles: how much each kind of signal, on a brief or a page, seconded by the network or not, moves a
headline towards each stance beside the network's own answer.

Hold-outs: the `dev` hand-written articles (halves of bench/editor and bench/cases, bench/editor/more.jsonl) and
the `fit` ones nobody changing the comparison reads (bench/editor/fit.jsonl), reported apart,
a seeded sample of FNC-1's official hold-out split (never the competition test set) and the Fool Me Twice dev
claims over their pages' sentences (never its test split). The sources weigh the same: the hand-written
articles (plain news, a share of each misleading kind), FNC-1's rumour-heavy stories and Fool Me Twice's
claims written to fool a reader, each a stated fact a page bears out or refutes (counted per article, FNC-1's
2,000 would decide for all). The regularisation is chosen
by five-fold cross-validation, and the judge's temperature is fitted on the out-of-fold answers, which the
decision that gave them did not see (`calibrate`).
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
    rule_for_stance,
    wrong_when_sure,
)
from headcheck.checker import Checker
from headcheck.datasets import claims, fnc1
from headcheck.evidence import judged_items
from headcheck.judges._editor import RULES_FILE, Decider, rule_name
from headcheck.training import Log
from headcheck.types import STANCES, Article, Stance
from headcheck.verdict import VERDICT_OF

FNC1_RELATED, FNC1_UNRELATED, SEED = 1500, 500, 1  # the FNC-1 hold-out sample (and the folds' seed)
STRENGTHS = (0.01, 0.03, 0.1, 0.3, 1.0)  # the logistic regression's inverse L2 strengths tried
_FOLDS = 5
SURE = 0.95  # the answers the confidence ceiling is measured on
RULE_SURE = 0.8  # ... and each deciding rule's ceiling: the confidence a reader takes as sure
# Sources the decision is not fitted on, only the confidence: Fool Me Twice's claims over encyclopaedia pages
# are no headlines (fitted on, their refuted half taught pages to read as disagreeing, and FNC-1's agreeing
# pages were called misleading more often), but a reader's trust in a confident answer should hold there too.
CALIBRATION_ONLY = frozenset({"fool-me-twice"})
# The hand-written articles fitted on, by split: `dev` was read while the comparison's readings were written, `fit`
# never was (bench/editor/fit.jsonl). They weigh as one source; each is reported apart, since a signal is surer on
# the articles its reading was written from.
SOURCE_OF_SPLIT = {"dev": "hand-written", "fit": "hand-written-unread"}
_FAMILY = {"hand-written-unread": "hand-written"}
_CHUNK = 64  # headlines read at once
_STANCE_OF = {verdict: stance for stance, verdict in VERDICT_OF.items()}


def hold_out(data_dir: Path, cases: Sequence[Path], claims_dir: Path) -> list[tuple[Article, Stance, str]]:
    """(article, the stance an editor expects, where it comes from) for every hold-out article."""
    rows: list[tuple[Article, Stance, str]] = []
    for path in cases:
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line) if line.strip() else None
            if case and (source := SOURCE_OF_SPLIT.get(case.get("split", ""))):
                rows.append((Article(case["headline"], case["body"]), _STANCE_OF[case["expected"]], source))
    full = fnc1.load(data_dir, "train")
    _, held = fnc1.hold_out_split(data_dir, full)
    rng = random.Random(SEED)
    related = [p for p in held.pairs if p.stance != "unrelated"]
    unrelated = [p for p in held.pairs if p.stance == "unrelated"]
    for p in rng.sample(related, FNC1_RELATED) + rng.sample(unrelated, FNC1_UNRELATED):
        rows.append((Article(p.headline, held.bodies[p.body_id]), p.stance, "fnc1"))
    rows += [(claim, "disagree" if refuted else "agree", "fool-me-twice")
             for claim, refuted in claims.load(claims_dir, "dev")]
    return rows


def train(data_dir: Path, cases: Sequence[Path], claims_dir: Path, judge_dir: Path, log: Log = print) -> dict[str, Any]:
    """One pass over the hold-outs with the network alone gives each headline's decision features; a
    multinomial logistic regression fitted on them (the sources it is fitted on weighing the same, its L2
    strength chosen by five-fold cross-validation) becomes the editor's decision, and the temperature fitted on
    its out-of-fold answers and on its answers for the `CALIBRATION_ONLY` sources the judge's calibration."""
    from sklearn.linear_model import LogisticRegression

    rows = hold_out(data_dir, cases, claims_dir)
    (judge_dir / RULES_FILE).unlink(missing_ok=True)  # the network alone: no decision fitted yet
    checker = Checker(judge_dir, explain=False)
    judge: Any = checker.judge
    ready: list[Any] = []
    lexical: list[np.ndarray] = []
    for at in range(0, len(rows), _CHUNK):
        items = judged_items([(a.headline, a.body) for a, _, _ in rows[at : at + _CHUNK]], checker.index,
                             checker.retriever, checker.evidence_k)
        read, prepared = judge.prepared(items)
        ready += prepared
        lexical += list(read.lexical)
    labels = np.array([STANCES.index(stance) for _, stance, _ in rows])
    sources = np.array([source for _, _, source in rows])
    families = np.array([_FAMILY.get(source, source) for source in sources])
    read = np.array([r is not None for r in ready])
    x = np.array([r.features for r in ready if r is not None])
    network = np.array([r.probabilities for r in ready if r is not None])
    fitted_on = ~np.isin(sources, list(CALIBRATION_ONLY))
    y, fit, w = labels[read], fitted_on[read], _balanced(families, fitted_on)[read]
    mean, scale = x[fit].mean(axis=0), x[fit].std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    folds = np.random.default_rng(SEED).integers(0, _FOLDS, len(y))
    folds[~fit] = -1  # never fitted on: each answered by the whole decision

    def fitted(strength: float, keep: np.ndarray) -> Decider:
        model = LogisticRegression(C=strength, max_iter=5000).fit(z[keep], y[keep], sample_weight=w[keep])
        return Decider(model.coef_, model.intercept_, mean, scale)

    def out_of_fold(strength: float) -> tuple[np.ndarray, list[str | None]]:
        """Each headline's answer (`Decider.answer`) from the decision fitted on the other folds (on none of
        them for a calibration-only source), and the rule that decided it."""
        out = np.zeros((len(y), len(STANCES)))
        decided: list[str | None] = [None] * len(y)
        for k in range(-1, _FOLDS):
            decider = fitted(strength, fit & (folds != k))
            for i in np.flatnonzero(folds == k):
                out[i], kind = decider.answer(network[i], x[i])
                decided[i] = None if kind is None else rule_name(kind)
        return out, decided

    answers, losses = {}, {}
    for strength in STRENGTHS:
        p, _ = answers[strength] = out_of_fold(strength)
        losses[strength] = float(np.average(-np.log(np.clip(p[np.arange(len(y)), y], 1e-12, 1))[fit], weights=w[fit]))
        log(f"decision C={strength}: weighted out-of-fold log-loss {losses[strength]:.4f}")
    strength = min(STRENGTHS, key=lambda c: (losses[c], c))
    decider = fitted(strength, fit)
    held, decided = answers[strength]
    out = {"measured_on": f"dev articles of {', '.join(str(c) for c in cases)}; FNC-1 hold-out sample "
                          f"({FNC1_RELATED} related, {FNC1_UNRELATED} unrelated, seed {SEED}); Fool Me Twice dev "
                          f"(answered and counted, not fitted on)",
           "weights": {source: round(float(w[sources[read] == source][0]), 4)
                       for source in sorted(set(sources[fitted_on]))},
           "regularisation": {"C": strength, "out_of_fold_log_loss": {str(c): round(v, 4) for c, v in losses.items()}},
           "out_of_fold_accuracy": {
               source: {"decision": round(float((held.argmax(1) == y)[sources[read] == source].mean()), 4),
                        "network_alone": round(float((network.argmax(1) == y)[sources[read] == source].mean()), 4),
                        "agree_or_disagree": _restricted(held, y, sources[read] == source),
                        "headlines": int((sources[read] == source).sum())}
               for source in sorted(set(sources))},
           "decider": decider.as_dict()}
    (judge_dir / RULES_FILE).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    log(f"wrote {judge_dir / RULES_FILE}: C={strength}, out of fold {json.dumps(out['out_of_fold_accuracy'])}")
    # The temperature: fitted on the out-of-fold answers, and the lexical judge's where the networks did not read.
    probs = np.array(lexical)
    probs[read] = held
    weights = _balanced(families, np.ones(len(rows), dtype=bool))
    rules: list[str | None] = [None] * len(labels)
    for i, rule in zip(np.flatnonzero(read), decided, strict=True):
        rules[i] = rule
    calibrate(probs, labels, weights, sources, rules, judge_dir, log)
    return out


def _balanced(sources: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """Per row, a weight that makes each source among the chosen rows weigh the same (zero for the others)."""
    sizes = Counter(sources[chosen].tolist())
    return np.array([chosen[i] * chosen.sum() / (len(sizes) * sizes[s]) if chosen[i] else 0.0
                     for i, s in enumerate(sources)])


def _restricted(probs: np.ndarray, labels: np.ndarray, chosen: np.ndarray) -> float | None:
    """Accuracy of agree against disagree on the chosen headlines labelled one of them, the other stances set
    aside (Fool Me Twice's measure: supports / refutes by the restricted argmax); None where there are none."""
    two = [STANCES.index("agree"), STANCES.index("disagree")]
    keep = chosen & np.isin(labels, two)
    if not keep.any():
        return None
    return round(float((np.array(two)[probs[keep][:, two].argmax(axis=1)] == labels[keep]).mean()), 4)


def _share_right(probs: np.ndarray, labels: np.ndarray, weights: np.ndarray, chosen: np.ndarray) -> float:
    """The weighted share of the chosen answers that were right, Laplace-smoothed: an honest ceiling on how
    sure such an answer may say it is."""
    right = float(weights[chosen] @ (probs[chosen].argmax(axis=1) == labels[chosen]))
    return (right + 1.0) / (float(weights[chosen].sum()) + 2.0)


def calibrate(probs: np.ndarray, labels: np.ndarray, weights: np.ndarray, sources: np.ndarray,
              rules: Sequence[str | None], judge_dir: Path, log: Log = print) -> Calibrator:
    """The judge's temperature, fitted on hold-out answers the decision did not train on, the sources weighing
    the same, and ceilings on the reported confidence: how often the answers it makes at least `SURE` were right,
    and per deciding rule, how often that rule's answers at least `RULE_SURE` were (Laplace-smoothed; a rule
    whose record there is no better than the overall ceiling gets none), and per rule and the stance it decided
    ('hedged:agree'), where that record is poorer still: a rule that decides one stance well may decide another
    badly (a hedge that ends in *faithful* is not the hedge that ends in *unsupported*). It replaces the judge
    step's, fitted on the aggregator's rows before any signal was weighed."""
    fitted = fit_calibrator(probs, labels, weights=weights)
    scaled = fitted.apply(probs)
    ceiling = _share_right(scaled, labels, weights, sure := scaled.max(axis=1) >= SURE)
    decided = np.array([r or "" for r in rules])
    given = np.array([STANCES[i] for i in scaled.argmax(axis=1)])
    # each rule's answers at >= RULE_SURE, then those of each stance it gave, beside the ceiling each must beat
    by_rule = {rule: (decided == rule) & (scaled.max(axis=1) >= RULE_SURE) for rule in sorted(set(decided) - {""})}
    rule_ceilings = {rule: share for rule, rows in by_rule.items()
                     if (share := _share_right(scaled, labels, weights, rows)) < ceiling}
    by_stance = {rule_for_stance(rule, stance): (rows & (given == stance), rule_ceilings.get(rule, ceiling))
                 for rule, rows in by_rule.items() for stance in STANCES}
    rule_ceilings |= {key: share for key, (rows, above) in by_stance.items()
                      if rows.any() and (share := _share_right(scaled, labels, weights, rows)) < above}
    counted = by_rule | {key: rows for key, (rows, _) in by_stance.items()}
    capped = Calibrator(fitted.temperature, None, ceiling, rule_ceilings).apply(probs, rules)
    calibrator = Calibrator(fitted.temperature, {
        "fitted_on": "the editor's decision's out-of-fold answers on its hold-outs (the hand-written cases' dev "
                     "halves and the unread fit set, FNC-1 hold-out sample) and its answers on the Fool Me Twice "
                     "dev claims (which it is not fitted on), the sources weighing the same",
        "pairs": len(labels),
        "ceiling_from": f"{int(sure.sum())} answers at >= {SURE} after the temperature",
        **{f"{name}_{x}": round(expected_calibration_error(q[sources == x], labels[sources == x]), 4)
           for x in sorted(set(sources)) for name, q in (("ece_before", probs), ("ece_after", scaled))},
        **{f"wrong_at_or_above_0.8_{name}_{x}": round(wrong_when_sure(q[sources == x], labels[sources == x]), 4)
           for x in sorted(set(sources)) for name, q in (("before", probs), ("after", scaled), ("capped", capped))},
        "rule_ceilings_from": {key: f"{int(counted[key].sum())} answers at >= {RULE_SURE}" for key in rule_ceilings}},
        ceiling, rule_ceilings)
    calibrator.save(judge_dir / CALIBRATION_FILE)
    log(f"wrote {judge_dir / CALIBRATION_FILE}: temperature {calibrator.temperature:.3f}, ceiling {ceiling:.3f}, "
        f"per rule {json.dumps({r: round(c, 3) for r, c in rule_ceilings.items()})} "
        f"({json.dumps(dict(calibrator.about or {}))})")
    return calibrator
