"""Stage 5: the report a person or a program reads, and its stable JSON form."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from headcheck.claims import ClaimCheck, headline_verdict
from headcheck.findings import Finding, Span
from headcheck.types import STANCES, Article, Evidence, Judgement, Stance, Verdict

SCHEMA = "headcheck.report/2"

_VERDICT_STYLE: dict[Verdict, str] = {
    "faithful": "bold green",
    "misleading": "bold red",
    "unsupported": "bold yellow",
    "unrelated": "bold magenta",
}
_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "editorial": "cyan"}
VERDICT_MEANING: dict[Verdict, str] = {
    "faithful": "the body agrees with the headline",
    "misleading": "the body contradicts the headline",
    "unsupported": "the body discusses the headline's claim without confirming it",
    "unrelated": "the body is about something else",
}


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
        """Follows from the claims (see `claims.headline_verdict`); from the stance alone when there are none."""
        return headline_verdict(self.stance, self.claims)

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
            "model": self.model,
            "warnings": list(self.warnings),
            "calibrated": self.uncalibrated is not None,
            "claims": [
                {"text": c.claim.text, "attribution": c.claim.attribution, "verdict": c.verdict, "stance": c.stance,
                 "confidence": round(c.confidence, 4), "probabilities": _probabilities(c.judgement),
                 "evidence": _evidence(c.evidence)}
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


def _span(text: str, span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span[0], "end": span[1], "text": text[span[0] : span[1]]}


def render(report: Report, console: Console) -> None:
    """The human view: verdict first, then why (probabilities and quoted evidence)."""
    verdict = report.verdict
    console.print(Text(report.article.headline, style="bold"))
    line = Text("Verdict: ")
    line.append(verdict.upper(), style=_VERDICT_STYLE[verdict])
    line.append(f"  ({VERDICT_MEANING[verdict]}; {report.stance} with confidence {report.confidence:.0%})")
    console.print(line)
    table = Table(show_header=True, header_style="dim", box=None, pad_edge=False)
    for stance in STANCES:
        table.add_column(stance, justify="right")
    table.add_row(*(f"{report.judgement.probabilities[s]:.2f}" for s in STANCES))
    console.print(table)
    if report.evidence:
        console.print(Text("Evidence from the body:", style="dim"))
        for e in report.evidence:
            console.print(Text(f"  [{e.sentence.start}-{e.sentence.end}, score {e.score:.2f}] ", style="dim")
                          + Text(f"\u201c{e.sentence.text}\u201d"))
    else:
        console.print(Text("No body sentence shares words with the headline.", style="dim"))
    if len(report.claims) > 1 or any(c.claim.attribution for c in report.claims):
        console.print(Text("Claims:", style="dim"))
        for c in report.claims:
            line = Text("  ")
            line.append(f"{c.verdict:<11}", style=_VERDICT_STYLE[c.verdict])
            line.append(f" {c.confidence:.0%}  {c.claim.text}")
            if c.claim.attribution:
                line.append(f"  (attributed to {c.claim.attribution})", style="dim")
            console.print(line)
    for f in report.findings:
        console.print(Text(f"{f.severity}: ", style=_SEVERITY_STYLE[f.severity]) + Text(f.message))
    if report.clickbait is not None:
        console.print(Text(f"Clickbait score: {report.clickbait:.2f}", style="dim"))
    if report.suggested_headline:
        console.print(Text("A headline the body supports: ", style="dim") + Text(report.suggested_headline))
    for warning in report.warnings:
        console.print(Text(f"warning: {warning}", style="yellow"))
