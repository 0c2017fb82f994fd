"""`headcheck eval nli` and `headcheck eval cases`: the judge on material that is not FNC-1.

- NLI hold-outs read as articles (hypothesis = headline, premise = body): entailment should come out
  *agree*, contradiction *disagree*, neutral *discuss*; for the two-way sets, FEVER's refuted claims
  *disagree* and RTE's not-entailed anything but *agree*. Only the odd-numbered hold-out rows are used:
  the even ones fitted the sentence-NLI judge's aggregator. For a judge with an NLI network, the
  network alone is also scored on the whole hold-out (it never trained on any of it).
- Hand-written cases (bench/cases/articles.jsonl): the full pipeline, claims included, against the
  verdict an editor expects.
Both report the share of wrong answers among those given with confidence >= 0.8.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from headcheck.calibration import CONFIDENT
from headcheck.checker import Checker
from headcheck.datasets.nli import NOT_ENTAIL, STANCE_OF_LABEL, nli_split
from headcheck.errors import InputError
from headcheck.inputs.sources import validate
from headcheck.limits import EVAL_BATCH_ARTICLES
from headcheck.types import Article
from headcheck.verdict import VERDICTS

NLI_SETS = ("mnli", "snli", "fever", "rte")
_EXPECTED_STANCE: dict[int, str] = {**STANCE_OF_LABEL, NOT_ENTAIL: "not agree"}


def _macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    f1s = []
    for label in sorted(set(gold)):
        tp = sum(g == label and p == label for g, p in zip(gold, predicted, strict=True))
        n = sum(g == label for g in gold) + sum(p == label for p in predicted)
        f1s.append(2 * tp / n if n else 0.0)
    return float(np.mean(f1s))


def _summary(gold: Sequence[str], predicted: Sequence[str], confidence: Sequence[float]) -> dict[str, Any]:
    right = np.array([g == p for g, p in zip(gold, predicted, strict=True)])
    sure = np.array(confidence) >= CONFIDENT
    return {"n": len(gold), "accuracy": round(float(right.mean()), 4), "macro_f1": round(_macro_f1(gold, predicted), 4),
            "answers_at_or_above_0.8": int(sure.sum()),
            "wrong_at_or_above_0.8": round(float((~right[sure]).mean()), 4) if sure.any() else None}


def eval_nli(checker: Checker, nli_dir: Path) -> dict[str, Any]:
    """Per set: the judge on the odd hold-out rows; `network` when the judge has an NLI cross-encoder."""
    results: dict[str, Any] = {}
    network = getattr(checker.judge, "nli", None)
    for name in NLI_SETS:
        _, held = nli_split(nli_dir, name)
        rows = [r for i, r in enumerate(held) if i % 2 == 1 and _checkable(r[1], r[0])]
        gold, predicted, confidence = [], [], []
        reports = checker.check_many((Article(h, p) for p, h, _ in rows), batch_size=EVAL_BATCH_ARTICLES)
        for (_, _, label), report in zip(rows, reports, strict=True):
            expected = _EXPECTED_STANCE[label]
            stance = report.stance
            gold.append(expected)
            predicted.append(stance if expected != "not agree" or stance == "agree" else "not agree")
            confidence.append(report.confidence)
        refused = len(held) // 2 - len(rows)  # odd rows that are no article (premise under MIN_BODY_WORDS)
        results[name] = {"judge_odd_rows": {**_summary(gold, predicted, confidence), "refused_as_articles": refused}}
        if network is not None:
            probs = network.predict([(h, p) for p, h, _ in held])  # agree / disagree / discuss
            net_gold = [_EXPECTED_STANCE[label] for *_, label in held]
            if name in ("fever", "rte"):  # two-way: entailment against the rest
                other = "disagree" if name == "fever" else "not agree"
                net_pred = ["agree" if p[0] >= p[1] + p[2] else other for p in probs]
            else:
                net_pred = [("agree", "disagree", "discuss")[int(p.argmax())] for p in probs]
            results[name]["network_all_rows"] = _summary(net_gold, net_pred, probs.max(axis=1).tolist())
    return results


def _checkable(headline: str, body: str) -> bool:
    """Whether headcheck accepts the pair as an article (a few NLI premises are shorter than a body may be)."""
    try:
        validate(Article(headline, body))
    except InputError:
        return False
    return True


def read_cases(path: Path) -> list[dict[str, str]]:
    try:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read cases from {path}: {exc}") from None
    bad = [i for i, r in enumerate(rows, 1) if not isinstance(r, dict) or r.get("expected") not in VERDICTS
           or not isinstance(r.get("headline"), str) or not isinstance(r.get("body"), str)]
    if bad:
        raise InputError(f"{path}: lines {bad[:5]} need headline, body and an expected verdict ({', '.join(VERDICTS)})")
    return rows


def eval_cases(checker: Checker, path: Path) -> dict[str, Any]:
    """Verdicts against the expected ones: overall, per split and per category, with every miss listed."""
    cases = read_cases(path)
    reports = list(checker.check_many(Article(c["headline"], c["body"], id=c.get("id")) for c in cases))
    verdicts = [r.verdict for r in reports]
    out: dict[str, Any] = {"all": _summary([c["expected"] for c in cases], verdicts, [r.confidence for r in reports])}
    groups = [(f"{key}:{value}", lambda c, key=key, value=value: c.get(key, "") == value)
              for key in ("split", "category") for value in sorted({c.get(key, "") for c in cases})]
    splits, categories = ({c.get(k, "") for c in cases} - {""} for k in ("split", "category"))
    groups += [(f"split:{s}|category:{g}", lambda c, s=s, g=g: c.get("split") == s and c.get("category") == g)
               for s in sorted(splits) for g in sorted(categories)]
    for name, member in groups:
        chosen = [i for i, c in enumerate(cases) if member(c)]
        if chosen:
            out[name] = _summary([cases[i]["expected"] for i in chosen], [verdicts[i] for i in chosen],
                                 [reports[i].confidence for i in chosen])
    for split in sorted({c.get("split", "") for c in cases}):
        told = [i for i, c in enumerate(cases) if c.get("split", "") == split and verdicts[i] == "misleading"]
        right = sum(cases[i]["expected"] == "misleading" for i in told)
        out[f"split:{split}|misleading_right"] = {"told": len(told), "right": right,
                                                  "share": round(right / len(told), 4) if told else None}
    pairs = Counter((c["expected"], v) for c, v in zip(cases, verdicts, strict=True))
    out["confusion"] = {f"{expected}->{got}": n for (expected, got), n in sorted(pairs.items())}
    out["misses"] = [{"id": c.get("id"), "expected": c["expected"], "got": v, "confidence": round(r.confidence, 3)}
                     for c, v, r in zip(cases, verdicts, reports, strict=True) if v != c["expected"]]
    return out


def _summaries(results: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(label, summary) for every summary in `results`, at the top or one level down (the NLI sets)."""
    for name, value in results.items():
        if isinstance(value, dict) and "n" in value:
            yield name, value
        elif isinstance(value, dict):
            yield from ((f"{name} {k}", v) for k, v in value.items() if isinstance(v, dict) and "n" in v)


def table(results: dict[str, Any], title: str) -> Table:
    """One row per summary in `results`."""
    t = Table(title=title)
    for column in ("set", "n", "accuracy", "macro-F1", "wrong at >= 0.8"):
        t.add_column(column, justify="left" if column == "set" else "right")
    for label, summary in _summaries(results):
        wrong = summary["wrong_at_or_above_0.8"]
        t.add_row(label, str(summary["n"]), f"{summary['accuracy']:.3f}", f"{summary['macro_f1']:.3f}",
                  "-" if wrong is None else f"{wrong:.1%} of {summary['answers_at_or_above_0.8']}")
    return t


def run(kind: str, checker: Checker, source: Path, out_dir: Path | None, console: Console) -> dict[str, Any]:
    """`eval nli` (source: the NLI data folder) or `eval cases` (source: a JSONL file): table and JSON."""
    results = eval_nli(checker, source) if kind == "nli" else eval_cases(checker, source)
    console.print(table(results, f"{checker.judge.name} on {kind}"))
    for miss in results.get("misses", []):
        console.print(f"miss {miss['id']}: expected {miss['expected']}, got {miss['got']} ({miss['confidence']:.0%})")
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / f"{kind}_metrics.json").write_text(json.dumps({"model": checker.judge.name, **results}, indent=2)
                                                     + "\n", encoding="utf-8")
    return results
