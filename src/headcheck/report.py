"""Stage 5: the report a person or a program reads, and its stable JSON form."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from headcheck.types import STANCES, VERDICT_OF, Article, Evidence, Judgement, Stance, Verdict

SCHEMA = "headcheck.report/1"

_VERDICT_STYLE: dict[Verdict, str] = {
    "faithful": "bold green",
    "misleading": "bold red",
    "unsupported": "bold yellow",
    "unrelated": "bold magenta",
}
VERDICT_MEANING: dict[Verdict, str] = {
    "faithful": "the body agrees with the headline",
    "misleading": "the body contradicts the headline",
    "unsupported": "the body discusses the headline's claim without confirming it",
    "unrelated": "the body is about something else",
}


@dataclass(frozen=True, slots=True)
class Report:
    """Everything decided about one article; `to_dict` is the versioned public schema."""

    article: Article
    judgement: Judgement
    evidence: list[Evidence]
    model: str
    warnings: list[str] = field(default_factory=list)

    @property
    def stance(self) -> Stance:
        return self.judgement.stance

    @property
    def verdict(self) -> Verdict:
        return VERDICT_OF[self.judgement.stance]

    @property
    def confidence(self) -> float:
        """The model's probability of the chosen stance (not yet calibrated)."""
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
            "probabilities": {s: round(self.judgement.probabilities[s], 4) for s in STANCES},
            "evidence": [
                {"text": e.sentence.text, "start": e.sentence.start, "end": e.sentence.end, "score": e.score}
                for e in self.evidence
            ],
            "model": self.model,
            "warnings": list(self.warnings),
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def render(report: Report, console: Console) -> None:
    """The human view: verdict first, then why (probabilities and quoted evidence)."""
    verdict = report.verdict
    console.print(Text(report.article.headline, style="bold"))
    line = Text("Verdict: ")
    line.append(verdict.upper(), style=_VERDICT_STYLE[verdict])
    line.append(f"  ({VERDICT_MEANING[verdict]}; confidence {report.confidence:.0%})")
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
    for warning in report.warnings:
        console.print(Text(f"warning: {warning}", style="yellow"))
