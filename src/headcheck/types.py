"""Data that flows between the stages: article -> sentences -> body and claims -> evidence -> judgement.

Every type that more than one stage reads lives here, below all of them, so no stage imports another
stage for a type.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, get_args

__all__ = [
    "STANCES", "Article", "Body", "Claim", "Evidence", "Finding", "FindingKind", "HeadlineClaim", "Judged", "Judgement",
    "Reason", "ReasonKind", "Sentence", "Severity", "Span", "Stance", "Vector", "judgements_of",
]

Stance = Literal["agree", "disagree", "discuss", "unrelated"]
STANCES: tuple[Stance, ...] = get_args(Stance)
Span = tuple[int, int]  # [start, end) character offsets into the text they index
Vector = dict[str, float]  # a sparse TF-IDF vector: term -> weight
FindingKind = Literal["number", "date", "name", "quote", "spelling"]
Severity = Literal["error", "warning", "editorial"]
# What the comparison stage saw between a claim and a body sentence (issue 19's signals).
ReasonKind = Literal["negated", "denied", "reversed", "changed", "count", "actor", "debunked", "misattributed",
                     "hedged", "supported", "evaluative", "other_story"]


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
class Body:
    """A body analysed once and reused for every headline checked against it."""

    text: str
    sentences: list[Sentence]
    sentence_terms: list[list[str]]
    sentence_vectors: list[Vector]
    vector: Vector


@dataclass(frozen=True, slots=True)
class Claim:
    """The headline (or one claim of it) as the retriever and judge see it."""

    text: str
    terms: list[str]
    vector: Vector


@dataclass(frozen=True, slots=True)
class HeadlineClaim:
    """One statement of the headline; `attribution` is who the headline says made it, if anyone."""

    text: str
    attribution: str | None = None

    @property
    def judged_text(self) -> str:
        """What the stance model reads: an attributed claim only says that someone said it, so the model
        judges 'Y says X', which a body reporting Y's words bears out, rather than X alone."""
        return f"{self.attribution} says {self.text}" if self.attribution else self.text


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: `error` = the body says otherwise, `warning` = the body never says it, `editorial` = a slip."""

    kind: FindingKind
    message: str
    headline_span: Span | None
    body_span: Span | None
    severity: Severity


@dataclass(frozen=True, slots=True)
class Reason:
    """One thing an editor would point at: its kind, the claim's words and the body's words that carry it
    (`claim_span` into the claim's text, `body_span` into the body), and a sentence saying so."""

    kind: ReasonKind
    message: str
    claim_span: Span | None
    body_span: Span | None
    sentence: int | None = None  # the body sentence's index


@dataclass(frozen=True, slots=True)
class Evidence:
    """A body sentence chosen as bearing on the headline, with its relevance score."""

    sentence: Sentence
    score: float


@dataclass(frozen=True, slots=True)
class Judgement:
    """A stance decision with the full distribution, so callers can apply their own thresholds.

    A judge that reads sentences may say which decided (`evidence`, most decisive first; None: the
    retriever's evidence stands), which rules changed its answer (`notes`, for the reader) and the signals
    that decided, with the words on both sides (`reasons`).
    """

    probabilities: dict[Stance, float]
    evidence: tuple[Evidence, ...] | None = None
    notes: tuple[str, ...] = ()
    reasons: tuple[Reason, ...] = ()  # the deciding signals, with both spans
    rule: str | None = None  # the kind of signal that decided (the editor's decision), if one did
    stance: Stance = field(init=False)

    def __post_init__(self) -> None:
        best = max(STANCES, key=lambda s: self.probabilities[s])
        object.__setattr__(self, "stance", best)

    def decided(self) -> Judgement:
        """The judgement with the sentences its deciding signals point at first in its evidence, scored at the
        answer's share and never below the sentence after them: most decisive first (a calibration calls it
        again on what it tells the reader)."""
        deciding = {r.sentence for r in self.reasons if r.sentence is not None}
        if self.evidence is None or not deciding:
            return self
        first = [e for e in self.evidence if e.sentence.index in deciding]
        rest = [e for e in self.evidence if e.sentence.index not in deciding]
        score = max([round(max(self.probabilities.values()), 4), *(e.score for e in rest[:1])])
        return replace(self, evidence=(*dict.fromkeys(Evidence(e.sentence, score) for e in first), *rest))


def judgements_of(rows: Iterable[Sequence[float]]) -> list[Judgement]:
    """One Judgement per row of stance probabilities in STANCES order (a judge's or a calibration's output)."""
    return [Judgement({s: float(p) for s, p in zip(STANCES, row, strict=True)}) for row in rows]


# What a judge reads: the claim, the analysed body and the evidence picked for the claim.
Judged = tuple[Claim, Body, list[Evidence]]
