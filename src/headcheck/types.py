"""Data that flows between the pipeline stages: article -> sentences -> evidence -> judgement."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, get_args

Stance = Literal["agree", "disagree", "discuss", "unrelated"]
STANCES: tuple[Stance, ...] = get_args(Stance)


@dataclass(frozen=True, slots=True)
class Article:
    """A headline and the body it stands over, as read from any input."""

    headline: str
    body: str
    id: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A body sentence; offsets index the body string so a UI can highlight it."""

    text: str
    start: int
    end: int
    index: int


@dataclass(frozen=True, slots=True)
class Evidence:
    """A body sentence chosen as bearing on the headline, with its relevance score."""

    sentence: Sentence
    score: float


@dataclass(frozen=True, slots=True)
class Judgement:
    """A stance decision with the full distribution, so callers can apply their own thresholds.

    A judge that reads sentences may say which decided (`evidence`, most decisive first; None: the
    retriever's evidence stands) and which rules changed its answer (`notes`, for the reader).
    """

    probabilities: dict[Stance, float]
    evidence: tuple[Evidence, ...] | None = None
    notes: tuple[str, ...] = ()
    stance: Stance = field(init=False)

    def __post_init__(self) -> None:
        best = max(STANCES, key=lambda s: self.probabilities[s])
        object.__setattr__(self, "stance", best)


def judgements_of(rows: Iterable[Sequence[float]]) -> list[Judgement]:
    """One Judgement per row of stance probabilities in STANCES order (a judge's or a calibration's output)."""
    return [Judgement({s: float(p) for s, p in zip(STANCES, row, strict=True)}) for row in rows]
