"""`headcheck check --html`: the report as one self-contained page an editor can open or attach.

Everything is inline (CSS, no scripts, no fonts or images from elsewhere), so the page works offline
and from an e-mail, and every piece of article text is HTML-escaped, so a hostile headline or body is
shown, never run.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from headcheck.report.report import SCHEMA, ClaimCheck, Report, headline_span
from headcheck.types import STANCES, Finding, HeadlineClaim, Stance
from headcheck.verdict import VERDICT_COLOUR, VERDICT_MEANING

# When one sentence is evidence for claims with different stances, the strongest signal shows.
_STANCE_PRIORITY: dict[Stance, int] = {"disagree": 3, "agree": 2, "discuss": 1, "unrelated": 0}

_VERDICT_COLOURS = " ".join(f"--{verdict}: {colour};" for verdict, colour in VERDICT_COLOUR.items())
_CSS = """
:root { --ink: #1d232b; --muted: #5b6673; --line: #d7dde4; --paper: #fff; --wash: #f4f6f8;
  """ + _VERDICT_COLOURS + """
  --agree-bg: #d4f2dc; --disagree-bg: #fbd9d6; --discuss-bg: #fdebc2; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--wash); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
section { background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
  padding: 0.75rem 1.25rem; margin-bottom: 1rem; }
h1 { font-size: 1.45rem; margin: 0.25rem 0 0.5rem; }
h2 { font-size: 1.05rem; margin: 0.25rem 0 0.5rem; }
.muted, .meta { color: var(--muted); }
.meta { font-size: 0.85rem; }
.verdict { display: inline-block; padding: 0.1rem 0.6rem; border-radius: 999px; color: #fff;
  font-weight: 700; text-transform: uppercase; letter-spacing: 0.03em; font-size: 0.85rem; }
.verdict.faithful { background: var(--faithful); } .verdict.misleading { background: var(--misleading); }
.verdict.unsupported { background: var(--unsupported); } .verdict.unrelated { background: var(--unrelated); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border-top: 1px solid var(--line); }
th { font-weight: 600; color: var(--muted); font-size: 0.85rem; }
.bar { display: inline-block; height: 0.7rem; border-radius: 3px; background: #8a94a0; }
.bar.agree { background: var(--faithful); } .bar.disagree { background: var(--misleading); }
.bar.discuss { background: var(--unsupported); } .bar.unrelated { background: var(--unrelated); }
.number { text-align: right; font-variant-numeric: tabular-nums; }
ul.evidence { margin: 0.25rem 0 0; padding-left: 1.1rem; font-size: 0.9rem; }
.finding { margin: 0.35rem 0; }
.severity { display: inline-block; min-width: 5.5rem; font-weight: 700; font-size: 0.8rem; text-transform: uppercase; }
.severity.error { color: var(--misleading); } .severity.warning { color: var(--unsupported); }
.severity.editorial { color: #1f5fa8; }
.where { font-size: 0.9rem; margin: 0.1rem 0 0 5.5rem; }
.where .side { display: inline-block; min-width: 4.5rem; color: var(--muted); font-size: 0.8rem; }
.suggestion { font-size: 1.15rem; font-weight: 600; margin: 0.25rem 0; }
.article { white-space: pre-wrap; }
.ev-agree { background: var(--agree-bg); } .ev-disagree { background: var(--disagree-bg); }
.ev-discuss { background: var(--discuss-bg); }
.flag { text-decoration: underline wavy var(--misleading); text-decoration-thickness: 1.5px;
  text-underline-offset: 3px; outline: 1px dashed var(--misleading); }
.flag.editorial { text-decoration-color: #1f5fa8; outline-color: #1f5fa8; }
.reason { background: #fde7c7; border-bottom: 2px solid var(--unsupported); }
.legend span { display: inline-block; margin-right: 1rem; padding: 0 0.3rem; }
.meter { display: inline-block; width: 10rem; height: 0.7rem; background: var(--line); border-radius: 3px;
  vertical-align: middle; overflow: hidden; }
.meter > span { display: block; height: 100%; background: var(--unsupported); }
"""


@dataclass(frozen=True, slots=True)
class _Mark:
    start: int
    end: int
    css: str
    title: str
    rank: int  # higher wins where marks of one layer overlap


def _marked(text: str, layers: Sequence[Sequence[_Mark]]) -> str:
    """Escaped text with each stretch wrapped in the classes of the marks covering it, one winner per layer.

    Cutting the text at every mark boundary keeps the markup flat however the marks overlap.
    """
    cuts = sorted({0, len(text), *(p for layer in layers for m in layer for p in (m.start, m.end))})
    out = []
    for a, b in itertools.pairwise(cuts):
        if b > len(text):
            continue
        covering = [max((m for m in layer if m.start <= a and b <= m.end), key=lambda m: m.rank, default=None)
                    for layer in layers]
        chosen = [m for m in covering if m is not None]
        piece = escape(text[a:b])
        if chosen:
            css = " ".join(m.css for m in chosen)
            title = " | ".join(m.title for m in chosen)
            piece = f'<span class="{css}" title="{escape(title)}">{piece}</span>'
        out.append(piece)
    return "".join(out)


def _evidence_marks(checks: Sequence[ClaimCheck]) -> list[_Mark]:
    return [
        _Mark(e.sentence.start, e.sentence.end, f"ev-{c.stance}",
              f"evidence ({c.stance}) for: {c.claim.text}", _STANCE_PRIORITY[c.stance])
        for c in checks if c.stance != "unrelated" for e in c.evidence
    ]


def _finding_marks(findings: Sequence[Finding], side: str) -> list[_Mark]:
    marks = []
    for f in findings:
        span = f.headline_span if side == "headline" else f.body_span
        if span is not None:
            css = "flag editorial" if f.severity == "editorial" else "flag"
            marks.append(_Mark(span[0], span[1], css, f"{f.severity}: {f.message}", 1))
    return marks


def _reason_marks(report: Report, side: str) -> list[_Mark]:
    """The words each deciding signal points at, on the headline's side or the body's."""
    checks = [(report.article.headline, report.judgement), *((c.claim.judged_text, c.judgement) for c in report.claims)]
    marks = []
    for claim, judgement in checks:
        for r in judgement.reasons:
            span = headline_span(claim, report.article.headline, r.claim_span) if side == "headline" else r.body_span
            if span is not None:
                marks.append(_Mark(span[0], span[1], f"reason {r.kind}", f"{r.kind}: {r.message}", 2))
    return marks


def _percent(p: float) -> str:
    return f"{p:.0%}"


def _claims_section(report: Report) -> str:
    rows = []
    for c in report.claims:
        who = f'<div class="meta">attributed to {escape(c.claim.attribution)}</div>' if c.claim.attribution else ""
        evidence = "".join(f"<li>\u201c{escape(e.sentence.text)}\u201d</li>" for e in c.evidence)
        evidence = (f'<ul class="evidence">{evidence}</ul>' if evidence
                    else '<p class="meta">no body sentence shares its words</p>')
        rows.append(
            f"<tr><td>{escape(c.claim.text)}{who}{evidence}</td>"
            f'<td><span class="verdict {c.verdict}">{c.verdict}</span></td>'
            f"<td>{c.stance}</td><td class=\"number\">{_percent(c.confidence)}</td></tr>")
    return ("<section><h2>Claims</h2><table><thead><tr><th>claim and its evidence</th><th>verdict</th>"
            f"<th>stance</th><th class=\"number\">confidence</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
            "</section>")


_CONTEXT_CHARS = 60  # of the text on each side of the words a finding concerns


def _excerpt(text: str, finding: Finding, span: tuple[int, int]) -> str:
    """The words a finding concerns, marked, in their surroundings: '…was carrying <12> passengers…'."""
    start, end = max(0, span[0] - _CONTEXT_CHARS), min(len(text), span[1] + _CONTEXT_CHARS)
    css = "flag editorial" if finding.severity == "editorial" else "flag"
    marked = _marked(text[start:end], [[_Mark(span[0] - start, span[1] - start, css, finding.message, 1)]])
    return ("\u2026" if start else "") + marked + ("\u2026" if end < len(text) else "")


def _findings_section(report: Report) -> str:
    if not report.findings:
        return '<section><h2>Findings</h2><p class="muted">No number, date, name or quote problems found.</p></section>'
    items = []
    for f in report.findings:
        where = "".join(f'<div class="where"><span class="side">{side}</span> {_excerpt(text, f, span)}</div>'
                        for side, text, span in (("headline", report.article.headline, f.headline_span),
                                                 ("body", report.article.body, f.body_span)) if span)
        items.append(f'<div class="finding"><span class="severity {f.severity}">{f.severity}</span> '
                     f"<strong>{f.kind}</strong>: {escape(f.message)}{where}</div>")
    return f"<section><h2>Findings</h2>{''.join(items)}</section>"


def render_html(report: Report) -> str:
    article = report.article
    verdict = report.verdict
    probabilities = "".join(
        f'<tr><th>{s}</th><td><span class="bar {s}" style="width:{report.judgement.probabilities[s] * 12:.2f}rem">'
        f'</span></td><td class="number">{report.judgement.probabilities[s]:.2f}</td></tr>' for s in STANCES)
    calibrated = "calibrated" if report.uncalibrated is not None else "model probability, not calibrated"
    checks = report.claims or [ClaimCheck(HeadlineClaim(article.headline), report.judgement, report.evidence)]
    headline = _marked(article.headline, [_finding_marks(report.findings, "headline"),
                                          _reason_marks(report, "headline")])
    body = _marked(article.body, [_evidence_marks(checks), _finding_marks(report.findings, "body"),
                                  _reason_marks(report, "body")])
    clickbait = "" if report.clickbait is None else (
        f'<p>Clickbait score <strong>{report.clickbait:.2f}</strong> <span class="meter">'
        f'<span style="width:{report.clickbait * 100:.0f}%"></span></span> '
        '<span class="meta">(0 = plain news, 1 = written for clicks)</span></p>')
    suggestion = "" if not report.suggested_headline else (
        '<section><h2>A headline the body supports</h2>'
        f'<p class="suggestion">{escape(report.suggested_headline)}</p>'
        '<p class="meta">Taken from the body, words only removed, never added.</p></section>')
    warnings = "".join(f'<p class="severity warning">warning: {escape(w)}</p>' for w in report.warnings)
    notes = "".join(f'<p class="meta">Why: {escape(n)}</p>' for n in report.judgement.notes)
    source = f'<p class="meta">{escape(article.url)}</p>' if article.url else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>headcheck: {escape(article.headline)}</title>
<style>{_CSS}</style>
</head>
<body>
<main>
<section>
<h1>{headline}</h1>
{source}
<p><span class="verdict {verdict}">{verdict}</span> {escape(VERDICT_MEANING[verdict])}</p>
<p>Whole headline: <strong>{report.stance}</strong>, confidence <strong>{_percent(report.confidence)}</strong>
<span class="meta">({calibrated})</span></p>
<table aria-label="probability of each stance">{probabilities}</table>
{notes}
{clickbait}
{warnings}
</section>
{suggestion}
{_claims_section(report) if report.claims else ""}
{_findings_section(report)}
<section>
<h2>The article</h2>
<p class="legend meta"><span class="ev-agree">supports a claim</span>
<span class="ev-disagree">contradicts a claim</span><span class="ev-discuss">discusses a claim</span>
<span class="flag">a finding</span><span class="reason">words that decided</span></p>
<div class="article">{body}</div>
</section>
<p class="meta">headcheck · model {escape(report.model)} · report schema {SCHEMA}</p>
</main>
</body>
</html>
"""


def write_html(report: Report, path: Path) -> None:
    path.write_text(render_html(report), encoding="utf-8")
