"""The editor's decision: the comparison stage's signals decide a claim's stance, in a fixed order, where a
rule has earned more trust on hold-out articles than the network's aggregate claims for its own answer
(or where the network reads the same sentence as contradicting); elsewhere the aggregate stands.

A deciding rule reports the confidence it earned on hold-out articles (`RULES_FILE` beside the model:
the share of the claims it decided that it got right, on the `dev` halves of the hand-written cases and
FNC-1's hold-out split; `headcheck train --only rules`), never the network's mass moved wholesale.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Set
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from headcheck.compare import CONTRADICTING, Comparison
from headcheck.types import STANCES, Reason, ReasonKind, Stance

__all__ = ["RULES", "RULES_FILE", "Decision", "decide", "read_rule_confidence"]

RULES_FILE = "rules.json"



@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    stance: Stance
    kinds: tuple[ReasonKind, ...]  # the signals that make it fire
    unless: tuple[ReasonKind, ...] = ()  # signals that stop it: the body confirms what was denied


# In order: the first rule whose signals are present decides.
RULES: tuple[Rule, ...] = (
    Rule("other_story", "unrelated", ("other_story",)),
    Rule("contradicted", "disagree", CONTRADICTING),
    Rule("denied", "disagree", ("denied",), unless=("supported",)),
    Rule("hedged", "discuss", ("hedged",), unless=("supported",)),
    Rule("confirmed", "agree", ("supported",)),
    Rule("changed", "disagree", ("changed",)),
)


@dataclass(frozen=True, slots=True)
class Decision:
    """The stance probabilities after the rules, the rule that decided (if any) and the signals it read."""

    probabilities: np.ndarray
    rule: str | None
    reasons: tuple[Reason, ...]


def _at(p: np.ndarray, target: int, share: float) -> np.ndarray:
    """`p` with the target stance at `share` and on top: the others keep their proportions of the rest, or
    share it evenly where one of them would still be above the target."""
    out = p.copy()
    others = [i for i in range(len(out)) if i != target]
    rest = float(out[others].sum())
    out[others] = out[others] / rest * (1.0 - share) if rest > 0 else (1.0 - share) / len(others)
    if out[others].max() >= share:
        out[others] = (1.0 - share) / len(others)
    out[target] = share
    return out


def read_rule_confidence(directory: Path) -> dict[str, float]:
    """Each rule's hold-out precision, from the model folder (empty when the rules were never measured)."""
    path = directory / RULES_FILE
    if not path.exists():
        return {}
    return {name: float(r["precision"]) for name, r in json.loads(path.read_text(encoding="utf-8"))["rules"].items()}


def decide(p: np.ndarray, comparison: Comparison, confidence: Mapping[str, float],
           network_contradicts: Set[int] = frozenset()) -> Decision:
    """The first rule that fires decides, at its hold-out confidence; with none, `p` stands.

    A rule decides where it has been right on hold-out articles more often than the network's aggregate is
    sure of its own answer (its confidence above `p`'s top probability), and a contradiction also where the
    network reads the very sentence the signal points at as contradicting the claim (`network_contradicts`:
    sentence indices): two readings agreeing. An unmeasured rule decides only so."""
    kinds = comparison.kinds()
    for rule in RULES:
        if not kinds & set(rule.kinds) or kinds & set(rule.unless):
            continue
        share = confidence.get(rule.name)
        seconded = rule.stance == "disagree" and any(
            r.sentence in network_contradicts for r in comparison.reasons if r.kind in rule.kinds)
        if not (seconded or (share is not None and share > float(p.max()))):
            continue
        out = _at(p, STANCES.index(rule.stance), share if share is not None else float(p.max()))
        reasons = tuple(r for r in comparison.reasons if r.kind in rule.kinds)
        return Decision(out, rule.name, reasons)
    return Decision(p, None, ())
