"""The editor's decision: the comparison stage's signals decide a claim's stance, in a fixed order, where a
rule has earned more trust on hold-out articles than the network's aggregate claims for its own answer
(or where the network reads the same sentence as contradicting); elsewhere the aggregate stands.

A deciding rule reports the confidence it earned on hold-out articles (`RULES_FILE` beside the model:
the share of the claims it decided that it got right, on the `dev` halves of the hand-written cases and
FNC-1's hold-out split; `headcheck train --only rules`), never the network's mass moved wholesale.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np

from headcheck.compare import CONTRADICTING, Comparison
from headcheck.errors import ModelError
from headcheck.types import STANCES, Reason, ReasonKind, Stance

__all__ = ["BANDS", "BRIEF_SENTENCES", "MARGIN", "RULES", "RULES_FILE", "Decision", "Record", "Trust", "decide"]

RULES_FILE = "rules.json"



@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    stance: Stance
    kinds: tuple[ReasonKind, ...]  # the signals that make it fire
    unless: tuple[ReasonKind, ...] = ()  # signals that stop it: the body confirms what was denied


# In order: the first rule whose signals are present, and that has earned trust, decides. Each kind of
# contradiction keeps its own record: a count the body states otherwise is right far more often than praise
# the body's tone points against, and a pooled record would hold the first back by the second.
RULES: tuple[Rule, ...] = (
    Rule("other_story", "unrelated", ("other_story",)),
    *(Rule(kind, "disagree", (kind,)) for kind in CONTRADICTING),
    Rule("denied", "disagree", ("denied",), unless=("supported",)),
    Rule("hedged", "discuss", ("hedged",)),
    # A body that also hedges the claim only reports it; one that also contradicts it does not bear it out.
    Rule("confirmed", "agree", ("supported",), unless=("hedged", *CONTRADICTING)),
    Rule("changed", "disagree", ("changed",)),
)


@dataclass(frozen=True, slots=True)
class Decision:
    """The stance probabilities after the rules, the rule that decided (if any) and the signals it read."""

    probabilities: np.ndarray
    rule: str | None
    reasons: tuple[Reason, ...]


def _at(p: np.ndarray, target: int, share: float) -> np.ndarray:
    """`p` with the target stance at `share` and on top: the others share the rest in their own proportions,
    none above the target (what one would exceed is handed to the others, in proportion)."""
    out = p.astype(np.float64).copy()
    out[target] = 0.0
    rest, cap = 1.0 - share, share * (1.0 - 1e-6)
    free = [i for i in range(len(out)) if i != target]
    while free:
        weights = out[free] if out[free].sum() > 0 else np.ones(len(free))
        portion = rest * weights / weights.sum()
        over = [i for i, v in zip(free, portion, strict=True) if v > cap]
        if not over:
            out[free] = portion
            break
        for i in over:
            out[i] = cap
            rest -= cap
            free.remove(i)
    out[target] = share
    return out


# Bands of the network's own top probability; a rule's record is kept per band (a rule is right less often
# where the network is unsure, which is where it is needed).
BANDS = (0.5, 0.7, 0.9, 1.01)  # upper edges
# How much more often than the network a rule must have been right in a band to decide there: a few points
# on a hundred hold-out claims is a coin's luck (the confirming rule's 47% against 43% flipped FNC-1 rumour
# stories that only discuss a claim to agree).
MARGIN = 0.05
# Claims a rule must have decided in a band, on one source of hold-out articles, before that source can veto
# it there: the hand-written articles and FNC-1's stories read the same signal differently (a rumour story that
# says "hoax" only discusses the claim), and a rule that loses to the network on either should not decide.
VETO_CLAIMS = 10


class Record(NamedTuple):
    """A rule's hold-out record in one band of the network's confidence."""

    precision: float  # the share of the claims it fired on that the rule got right (sources weighed)
    network: float  # the share of the same claims the network got right
    no_worse: bool = True  # on no source (VETO_CLAIMS or more claims) was it right less often than the network

    @property
    def earned(self) -> bool:
        """The rule beat the network there, by more than luck, and lost to it on no source."""
        return self.no_worse and self.precision > self.network + MARGIN


def _no_worse(sources: Mapping[str, Mapping[str, float]]) -> bool:
    """Per source of hold-out articles, {"decided", "right", "network_right"} (claims, unweighted): the rule was
    right at least as often as the network wherever it decided enough claims to tell."""
    return all(float(s["right"]) >= float(s["network_right"]) for s in sources.values()
               if float(s["decided"]) >= VETO_CLAIMS)


# A body of more sentences than this reads as a page (FNC-1's stories: a claim reported, then what others say of
# it), not a brief: the same signal means other things there ("the company denied it" is most often the story's
# report of a denial, which only discusses the claim), so each rule keeps a record for each.
BRIEF_SENTENCES = 10

_Bands = Sequence[tuple[float, float] | tuple[float, float, bool]]


@dataclass(frozen=True, slots=True)
class Trust:
    """Per rule and band: (how often the rule was right on hold-out claims it would decide there, how often
    the network's aggregate was right on those same claims[, whether it lost to the network on no source]),
    for briefs (`table`) and for longer pages (`pages`; the briefs' where not given)."""

    table: Mapping[str, _Bands]
    pages: Mapping[str, _Bands] | None = None

    def of(self, rule: str, top: float, *, page: bool = False) -> Record | None:
        """The rule's hold-out record in the band of `top`, for a page or a brief."""
        bands = (self.pages if page and self.pages is not None else self.table).get(rule)
        if not bands:
            return None
        return Record(*bands[next(i for i, edge in enumerate(BANDS) if top < edge)])

    @classmethod
    def read(cls, directory: Path) -> Trust:
        """From the model folder; empty (no rule trusted) when the rules were never measured."""
        path = directory / RULES_FILE
        if not path.exists():
            return cls({})
        try:
            rules = json.loads(path.read_text(encoding="utf-8"))["rules"]
            table, pages = ({name: [(float(b["precision"]), float(b["network_accuracy"]), _no_worse(b["sources"]))
                                    for b in r[key]] for name, r in rules.items()} for key in ("briefs", "pages"))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"cannot read the rules' hold-out record {path}: {exc!r}") from None
        if any(len(bands) != len(BANDS) for bands in [*table.values(), *pages.values()]):
            raise ModelError(f"{path} was measured with other bands; run headcheck train --only rules")
        return cls(table, pages)

    @classmethod
    def only(cls, rule: str) -> Trust:
        """One rule trusted everywhere, no other: how training measures what that rule decides."""
        return cls({rule: [(1.0, 0.0)] * len(BANDS)})


def decide(p: np.ndarray, comparison: Comparison, trust: Trust,
           network_contradicts: Set[int] = frozenset(), *, page: bool = False) -> Decision:
    """The first rule that fires decides, at its hold-out confidence; with none, `p` stands.

    A rule decides where, on hold-out claims in the same band of the network's confidence, it was right
    more often than the network; and a contradiction also where the network reads the very sentence the
    signal points at as contradicting the claim (`network_contradicts`: sentence indices): two readings
    agreeing. A decided stance reports the rule's hold-out precision in that band. Where a rule fired
    against the network's answer but had not earned the band, the answer stands at no more than the
    network's own hold-out accuracy on such claims: a signal against it is a reason for doubt. `page`: the body
    is longer than a brief (`BRIEF_SENTENCES`), and the rules' records for pages apply."""
    kinds = comparison.kinds()
    top, answer = float(p.max()), int(p.argmax())
    doubt = top
    for rule in RULES:
        if not kinds & set(rule.kinds) or kinds & set(rule.unless):
            continue
        record = trust.of(rule.name, top, page=page)
        seconded = rule.stance == "disagree" and any(
            r.sentence in network_contradicts for r in comparison.reasons if r.kind in rule.kinds)
        if seconded or (record is not None and record.earned):
            out = _at(p, STANCES.index(rule.stance), record.precision if record is not None else top)
            reasons = tuple(r for r in comparison.reasons if r.kind in rule.kinds)
            return Decision(out, rule.name, reasons)
        if record is not None and STANCES.index(rule.stance) != answer:
            doubt = min(doubt, record.network)
    return Decision(_at(p, answer, doubt) if doubt < top else p, None, ())
