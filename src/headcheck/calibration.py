"""Calibrated confidence: temperature scaling fitted on a model's hold-out probabilities.

A stance model trained with class weights and early stopping is rarely calibrated: its 0.9 is not
right nine times in ten. One temperature, fitted by likelihood on pairs the model did not train on,
fixes most of that. Temperature scaling never changes which stance is most probable, so verdicts
and benchmark scores stay exactly what the model decided; only the confidence changes.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from headcheck._probabilities import on_top
from headcheck.errors import ModelError
from headcheck.types import STANCES, Judgement, judgements_of

CALIBRATION_FILE = "calibration.json"
CONFIDENT = 0.8  # an answer given at least this sure should be wrong at most one time in ten
ECE_BINS = 15
_EPS = 1e-12
_LOG_BETA_RANGE = (-4.0, 4.0)  # the inverse temperature is searched between e^-4 and e^4
_SEARCH_STEPS = 80


def _log(probs: np.ndarray) -> np.ndarray:
    return np.log(np.clip(np.asarray(probs, dtype=np.float64), _EPS, 1.0))


def _scaled(log_probs: np.ndarray, beta: float) -> np.ndarray:
    z = log_probs * beta
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _nll(log_probs: np.ndarray, labels: np.ndarray, beta: float, weights: np.ndarray | None = None) -> float:
    p = _scaled(log_probs, beta)[np.arange(len(labels)), labels]
    return float(np.average(-np.log(np.clip(p, _EPS, 1.0)), weights=weights))


def rule_for_stance(rule: str, stance: str) -> str:
    """The key of a deciding rule's ceiling for one stance it decided (`Calibrator.rule_ceilings`)."""
    return f"{rule}:{stance}"


@dataclass(frozen=True, slots=True)
class Calibrator:
    """Divides the model's log-probabilities by `temperature` (> 1 softens, < 1 sharpens), and holds the top
    probability at no more than `ceiling`: how often the most sure answers were right on hold-outs, so that no
    answer claims a certainty the hold-outs could not show."""

    temperature: float
    about: Mapping[str, Any] | None = None  # how it was fitted, written to the file for the model card
    ceiling: float = 1.0
    # per deciding rule (`Judgement.rule`), a lower ceiling: how often that rule's sure answers were right; and per
    # rule and the stance it decided ('hedged:agree'), where that record was poorer still
    rule_ceilings: Mapping[str, float] = dataclasses.field(default_factory=dict)

    def apply(self, probs: np.ndarray, rules: Sequence[str | None] | None = None) -> np.ndarray:
        """Calibrated probabilities, rows summing to 1, in the same class order (the most probable unchanged);
        `rules`: each row's deciding rule, whose ceiling for the stance given, or else its own, holds where it
        has one."""
        out = _scaled(_log(np.atleast_2d(probs)), 1.0 / self.temperature)
        ceilings = np.array([self._ceiling(r, STANCES[int(row.argmax())]) for r, row in zip(rules, out, strict=True)]
                            if rules is not None else [self.ceiling] * len(out))
        for i in np.flatnonzero(out.max(axis=1) > ceilings):
            # the answer stays the answer: a ceiling lowers its share, never hands it to another stance
            out[i] = on_top(out[i], int(out[i].argmax()), float(ceilings[i]))
        return out

    def _ceiling(self, rule: str | None, stance: str) -> float:
        if not rule:
            return self.ceiling
        return self.rule_ceilings.get(rule_for_stance(rule, stance), self.rule_ceilings.get(rule, self.ceiling))

    def judgements(self, judgements: Sequence[Judgement]) -> list[Judgement]:
        """`apply` for a judge's output; the sentences whose signal decided are scored at the calibrated
        answer's share, as the judge scored them at its own (never below the sentence after them)."""
        if not judgements:
            return []
        probs = np.array([[j.probabilities[s] for s in STANCES] for j in judgements])
        return [dataclasses.replace(j, probabilities=c.probabilities).decided()
                for j, c in zip(judgements, judgements_of(self.apply(probs, [j.rule for j in judgements])),
                                strict=True)]

    def save(self, path: Path) -> None:
        data = {"method": "temperature", "labels": list(STANCES), "temperature": round(self.temperature, 6),
                **({"ceiling": round(self.ceiling, 6)} if self.ceiling < 1.0 else {}),
                **({"rule_ceilings": {r: round(c, 6) for r, c in sorted(self.rule_ceilings.items())}}
                   if self.rule_ceilings else {}),
                "about": dict(self.about or {})}
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Calibrator:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            temperature, ceiling = float(data["temperature"]), float(data.get("ceiling", 1.0))
            rules = {str(r): float(c) for r, c in data.get("rule_ceilings", {}).items()}
            ok = (data.get("method") == "temperature" and data.get("labels") == list(STANCES) and temperature > 0
                  and all(1.0 / len(STANCES) < c <= 1.0 for c in (ceiling, *rules.values())))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ModelError(f"cannot load calibration from {path}: {exc}") from None
        if not ok:
            raise ModelError(f"{path} is not a temperature calibration over {', '.join(STANCES)}")
        return cls(temperature, data.get("about"), ceiling, rules)

    @classmethod
    def find(cls, model_dir: Path) -> Calibrator | None:
        """The calibration shipped beside a model, if it has one."""
        path = model_dir / CALIBRATION_FILE
        return cls.load(path) if path.is_file() else None


def fit_calibrator(probs: np.ndarray, labels: np.ndarray, about: Mapping[str, Any] | None = None,
                   weights: np.ndarray | None = None) -> Calibrator:
    """The temperature that maximises the likelihood of `labels` (class indices) under `probs`, each row
    counted by its weight (all alike by default).

    The negative log-likelihood is convex in the inverse temperature, so a golden-section search
    over it finds the optimum deterministically, with no optimiser dependency.
    """
    log_probs = _log(probs)
    labels = np.asarray(labels, dtype=np.int64)
    if log_probs.ndim != 2 or len(log_probs) != len(labels) or not len(labels):
        raise ValueError("fit_calibrator needs one row of probabilities per label")
    lo, hi = _LOG_BETA_RANGE
    ratio = (math.sqrt(5) - 1) / 2
    for _ in range(_SEARCH_STEPS):
        a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
        if _nll(log_probs, labels, math.exp(a), weights) <= _nll(log_probs, labels, math.exp(b), weights):
            hi = b
        else:
            lo = a
    return Calibrator(1.0 / math.exp((lo + hi) / 2), about)


def fit_on_hold_out(probs: np.ndarray, labels: np.ndarray, fitted_on: str) -> Calibrator:
    """`fit_calibrator` with the hold-out ECE before and after recorded in `about`, for the model card."""
    fitted = fit_calibrator(probs, labels)
    return Calibrator(fitted.temperature, {
        "fitted_on": fitted_on, "pairs": len(labels),
        "ece_before": round(expected_calibration_error(probs, labels), 4),
        "ece_after": round(expected_calibration_error(fitted.apply(probs), labels), 4)})


def wrong_when_sure(probs: np.ndarray, labels: np.ndarray) -> float:
    """The share of wrong answers among those given with confidence >= CONFIDENT (0 when there are none)."""
    probs = np.asarray(probs, dtype=np.float64)
    sure = probs.max(axis=1) >= CONFIDENT
    return float((probs[sure].argmax(axis=1) != np.asarray(labels)[sure]).mean()) if sure.any() else 0.0


def reliability(probs: np.ndarray, labels: np.ndarray, bins: int = ECE_BINS) -> list[tuple[float, float, float]]:
    """(share of rows, mean confidence, accuracy) of each non-empty equal-width bin of top-label confidence."""
    probs = np.asarray(probs, dtype=np.float64)
    confidence = probs.max(axis=1)
    correct = (probs.argmax(axis=1) == np.asarray(labels)).astype(np.float64)
    which = np.clip(np.digitize(confidence, np.linspace(0.0, 1.0, bins + 1)[1:-1], right=True), 0, bins - 1)
    return [(float((which == b).mean()), float(confidence[which == b].mean()), float(correct[which == b].mean()))
            for b in range(bins) if (which == b).any()]


def expected_calibration_error(probs: np.ndarray, labels: np.ndarray, bins: int = ECE_BINS) -> float:
    """Gap between confidence and accuracy, averaged over the bins by their size."""
    return sum(share * abs(confidence - accuracy) for share, confidence, accuracy in reliability(probs, labels, bins))
