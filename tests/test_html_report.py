"""`headcheck check --html`: a page that stands alone, shows the verdict and explanations, and escapes text."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from conftest import EXAMPLES, read_example
from headcheck import Checker
from headcheck.apps.cli import main
from headcheck.report.html import render_html

HEADLINE = "Forty dead as Dorvik bus crashes on Monday <script>alert('pwned')</script>"
BODY = ("Four people died on Tuesday when a regional bus left the road near Dorvik, police said. "
        "The driver, Arman Nurlanov, told investigators that the brakes had failed on the steep descent. "
        "Nrulanov is expected to be questioned again next week. <img src=x onerror=alert(1)>")


def test_page_is_self_contained_and_escapes_article_text(checker: Checker) -> None:
    report = checker.check(HEADLINE, BODY)
    page = render_html(report)
    assert re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE) == []
    assert "<script" not in page.lower() and "<img" not in page.lower() and "<link" not in page.lower()
    assert html.escape("<script>alert('pwned')</script>") in page  # the headline is text, shown escaped
    # A body that does not open with a tag is text (issue 18, item 4): its stray tag stays, shown escaped.
    assert html.escape("<img src=x onerror=alert(1)>") in page
    assert "<style>" in page


def test_page_shows_verdict_claims_findings_and_suggestion(checker: Checker) -> None:
    report = checker.check(HEADLINE, BODY)
    page = render_html(report)
    assert f'<span class="verdict {report.verdict}">{report.verdict}</span>' in page
    assert "the headline says \u201cForty\u201d but the body says \u201cFour\u201d" in page
    assert "the headline says Monday but the body says Tuesday" in page
    assert "look like one name spelt two ways" in page
    assert report.suggested_headline and html.escape(report.suggested_headline) in page
    assert f"Clickbait score <strong>{report.clickbait:.2f}</strong>" in page
    # finding spans are marked in the headline and in the body
    assert re.search(r'<span class="flag"[^>]*>Forty</span>', page)
    assert re.search(r'<span class="[^"]*flag[^"]*"[^>]*>Four</span>', page)


def test_evidence_is_highlighted_in_the_colour_of_its_stance(checker: Checker) -> None:
    crackdown = read_example("crackdown.txt")
    report = checker.check_article(crackdown)
    assert report.stance == "disagree"
    body = render_html(report).split('<div class="article">')[1]
    marked = "".join(html.unescape(m) for m in re.findall(r'<span class="ev-disagree[^"]*"[^>]*>(.*?)</span>', body))
    assert all(e.sentence.text.replace(" ", "") in marked.replace(" ", "") for e in report.evidence)
    assert "ev-agree" not in body and "ev-discuss" not in body


def test_the_words_that_decided_are_marked_on_both_sides(checker: Checker) -> None:
    report = checker.check_article(read_example("crackdown.txt"))
    assert report.judgement.reasons
    page = render_html(report)
    headline, body = page.split('<div class="article">')
    marked = {html.unescape(m) for m in re.findall(r'<span class="[^"]*reason[^"]*"[^>]*>(.*?)</span>', body)}
    for reason in report.judgement.reasons:
        assert report.article.body[slice(*reason.body_span)] in marked
    assert re.search(r'<span class="[^"]*reason[^"]*"[^>]*>led</span>', headline.split("<h1>")[1])


def test_cli_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    assert main(["check", str(EXAMPLES / "bridge.txt"), "--html", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert "Port Alvera opens its new harbour bridge" in page and "faithful" in page
    assert "FAITHFUL" in capsys.readouterr().out  # the terminal view is still printed


def test_each_finding_is_shown_beside_the_words_it_concerns(checker: Checker) -> None:
    report = checker.check(HEADLINE, BODY)
    section = render_html(report).split("<h2>Findings</h2>")[1].split("</section>")[0]
    forty = next(f for f in report.findings if f.kind == "number")
    item = next(i for i in section.split('<div class="finding">') if html.escape(forty.message) in i)
    assert re.search(r'<span class="side">headline</span> <span class="flag"[^>]*>Forty</span> dead', item)
    assert re.search(r'<span class="side">body</span> <span class="flag"[^>]*>Four</span> people died', item)
