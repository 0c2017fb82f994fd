"""Stage 7: the report a person or a program reads, and its stable JSON form (schema/report-v2.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from headcheck.types import STANCES, Article, Evidence, Finding, HeadlineClaim, Judgement, Span, Stance
from headcheck.verdict import VERDICT_OF, Verdict, headline_verdict

SCHEMA = "headcheck.report/2"


@dataclass(frozen=True, slots=True)
class ClaimCheck:
    """A claim with the body's stance towards it and the evidence it was judged on."""

    claim: HeadlineClaim
    judgement: Judgement
    evidence: list[Evidence]

    @property
    def stance(self) -> Stance:
        return self.judgement.stance

    @property
    def verdict(self) -> Verdict:
        return VERDICT_OF[self.stance]

    @property
    def confidence(self) -> float:
        return self.judgement.probabilities[self.stance]


@dataclass(frozen=True, slots=True)
class Report:
    """Everything decided about one article; `to_dict` is the versioned public schema.

    `judgement` is the stance model's view of the whole headline (calibrated when the model ships a
    calibration; `uncalibrated` then keeps the model's own probabilities). `claims`, `findings`,
    `clickbait` and `suggested_headline` are the explanations, empty when the Checker skips them.
    """

    article: Article
    judgement: Judgement
    evidence: list[Evidence]
    model: str
    warnings: list[str] = field(default_factory=list)
    claims: list[ClaimCheck] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    clickbait: float | None = None
    suggested_headline: str | None = None
    uncalibrated: Judgement | None = None

    @property
    def stance(self) -> Stance:
        return self.judgement.stance

    @property
    def verdict(self) -> Verdict:
        """Follows from the claims (see `verdict.headline_verdict`); from the stance alone when there are none."""
        return headline_verdict(self.stance, [c.stance for c in self.claims])

    @property
    def confidence(self) -> float:
        """The probability of the chosen stance, calibrated when the model has a calibration."""
        return self.judgement.probabilities[self.judgement.stance]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "id": self.article.id,
            "url": self.article.url,
            "headline": self.article.headline,
            "verdict": self.verdict,
            "stance": self.stance,
            "confidence": round(self.confidence, 4),
            "probabilities": _probabilities(self.judgement),
            "evidence": _evidence(self.evidence),
            "notes": list(self.judgement.notes),
            "rule": self.judgement.rule,
            "reasons": _reasons(self.judgement, self.article.headline, self.article.headline, self.article.body),
            "model": self.model,
            "warnings": list(self.warnings),
            "calibrated": self.uncalibrated is not None,
            "claims": [
                {"text": c.claim.text, "attribution": c.claim.attribution, "verdict": c.verdict, "stance": c.stance,
                 "confidence": round(c.confidence, 4), "probabilities": _probabilities(c.judgement),
                 "evidence": _evidence(c.evidence), "notes": list(c.judgement.notes), "rule": c.judgement.rule,
                 "reasons": _reasons(c.judgement, c.claim.judged_text, self.article.headline, self.article.body)}
                for c in self.claims
            ],
            "findings": [
                {"kind": f.kind, "severity": f.severity, "message": f.message,
                 "headline_span": _span(self.article.headline, f.headline_span),
                 "body_span": _span(self.article.body, f.body_span)}
                for f in self.findings
            ],
            "clickbait": None if self.clickbait is None else round(self.clickbait, 4),
            "suggested_headline": self.suggested_headline,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def _probabilities(judgement: Judgement) -> dict[str, float]:
    return {s: round(judgement.probabilities[s], 4) for s in STANCES}


def _evidence(evidence: list[Evidence]) -> list[dict[str, Any]]:
    return [{"text": e.sentence.text, "start": e.sentence.start, "end": e.sentence.end, "score": e.score}
            for e in evidence]


def _reasons(judgement: Judgement, claim: str, headline: str, body: str) -> list[dict[str, Any]]:
    """The deciding signals with both spans, the claim's words placed in the headline (`headline_spans`)."""
    return [{"kind": r.kind, "message": r.message,
             "headline_span": _span(headline, s) if (s := headline_span(claim, headline, r.claim_span)) else None,
             "body_span": _span(body, r.body_span)}
            for r in judgement.reasons]


def headline_span(claim: str, headline: str, span: Span | None) -> Span | None:
    """A span of the claim's text as a span of the headline: the claim where it stands in the headline, else
    the same words wherever the headline has them (an attributed claim is judged as 'X says Y')."""
    if span is None:
        return None
    at = headline.find(claim)
    if at >= 0:
        return at + span[0], at + span[1]
    words = claim[span[0] : span[1]]
    found = headline.find(words)
    return (found, found + len(words)) if words and found >= 0 else None


def _span(text: str, span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span[0], "end": span[1], "text": text[span[0] : span[1]]}
