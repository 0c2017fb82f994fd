"""The human view of a report in the terminal: verdict first, then why.

Everything quoted from the article (headline, evidence, claims, findings, the suggestion, notes and
warnings) is printed with invisible characters escaped (`errors.escaped`), as error messages are: a
bidirectional override (U+202E) or an escape sequence in a headline must not reorder or restyle the
terminal's output.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from headcheck.errors import escaped
from headcheck.report.report import Report
from headcheck.types import STANCES
from headcheck.verdict import VERDICT_MEANING, VERDICT_STYLE

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "editorial": "cyan"}


def render(report: Report, console: Console) -> None:
    """The human view: verdict first, then why (probabilities and quoted evidence)."""
    verdict = report.verdict
    console.print(_quoted(report.article.headline, style="bold"))
    line = Text("Verdict: ")
    line.append(verdict.upper(), style=VERDICT_STYLE[verdict])
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
                          + _quoted(f"\u201c{e.sentence.text}\u201d"))
    else:
        console.print(Text("No body sentence shares words with the headline.", style="dim"))
    for note in report.judgement.notes:
        console.print(Text("Why: ", style="dim") + _quoted(note))
    if len(report.claims) > 1 or any(c.claim.attribution for c in report.claims):
        console.print(Text("Claims:", style="dim"))
        for c in report.claims:
            line = Text("  ")
            line.append(f"{c.verdict:<11}", style=VERDICT_STYLE[c.verdict])
            line.append(f" {c.confidence:.0%}  ")
            line.append_text(_quoted(c.claim.text))
            if c.claim.attribution:
                line.append_text(_quoted(f"  (attributed to {c.claim.attribution})", style="dim"))
            console.print(line)
    for f in report.findings:
        console.print(Text(f"{f.severity}: ", style=_SEVERITY_STYLE[f.severity]) + _quoted(f.message))
    if report.clickbait is not None:
        console.print(Text(f"Clickbait score: {report.clickbait:.2f}", style="dim"))
    if report.suggested_headline:
        console.print(Text("A headline the body supports: ", style="dim") + _quoted(report.suggested_headline))
    for warning in report.warnings:
        console.print(_quoted(f"warning: {warning}", style="yellow"))


def _quoted(text: str, style: str = "") -> Text:
    """Text from the article, its invisible characters escaped."""
    return Text(escaped(text), style=style)
