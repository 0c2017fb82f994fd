"""Issue 18: no stage may take quadratic time, and ordinary or scraped text is read, never crashed on.

One test (or one group) per item of the issue that this file covers (1, 4, 7 and the CLI's part of 8),
numbered as there. Nothing here asserts a time: linearity is a ratio of CPU times measured within one run
(a 400 KB body against a 100 KB one), which a quadratic stage fails whatever the machine's speed.
"""

from __future__ import annotations

import gc
import io
import json
import random
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rich.console import Console

from batch_data import read_jsonl
from headcheck import Checker
from headcheck.apps.batch import run as batch_run
from headcheck.apps.cli import main
from headcheck.apps.serve.app import create_app
from headcheck.apps.serve.settings import Settings
from headcheck.compare.findings import BodyFacts, find_all
from headcheck.errors import InputError
from headcheck.inputs import File, read_article
from headcheck.inputs.readers import from_text, markup_body
from headcheck.report.console import render
from headcheck.report.suggest import suggest_headline
from headcheck.text.claims import split_claims
from headcheck.text.evaluative import carried_judgement
from headcheck.types import Article

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
FAST = "fnc1-features"
HEADLINE = 'Minister Vala Orlov says "12 people" died on Monday in Kestria, a heroic rescue'
BODY = ("Port Alvera opened its new harbour bridge on Saturday, ending four years of construction. Mayor Tomas "
        "Ferrand cut the ribbon in front of about two thousand residents.")


@pytest.fixture(scope="module")
def fast() -> Checker:
    return Checker(FAST)


@pytest.fixture(scope="module")
def api() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(rate_limit=None), model=FAST)) as client:
        yield client


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- 1. every stage linear in the body's length -------------------------------------------------------------------

# Words that give every stage something to read: numbers of each kind, dates, names, quotes, clauses.
_WORDS = ("the police said that 12 people were injured on Monday in Port Alvera after a bridge of 1,204 metres "
          "collapsed , and Minister Kesslin Orlov told reporters \u201cwe will rebuild it\u201d by March 4 2025 ; "
          "about 3.5m dollars , nearly 40 percent , 1 in 5 , the 1,900th , two-thirds of the 300 workers . "
          "Kestria's court heard 'his claim was false' and \"hero\" of the revolution in the city . ").split(" ")
_MARKS = ["\u201ca ", "'x ", '"b ', ". ", "1 ", "  ", "A ", "Bob ", ", ", "\u2018c ", "in the city ", "\t "]


def _prose(size: int) -> str:
    rng = random.Random(18)
    out: list[str] = []
    length = 0
    while length < size:
        out.append(rng.choice(_WORDS) if rng.random() < 0.3 else _WORDS[len(out) % len(_WORDS)])
        length += len(out[-1]) + 1
    return " ".join(out)[:size]


# Bodies without a line break: prose; one sentence (no full stops); one clause (no punctuation at all); and a soup
# of quote marks, stops, digits, capitals and runs of spaces.
SHAPES: dict[str, Callable[[int], str]] = {
    "prose": _prose,
    "one sentence": lambda size: re.sub(r"[.!?]", ",", _prose(size)),
    "one clause": lambda size: re.sub(r"[^\w ]", "", _prose(size)),
    "marks": lambda size: "".join(random.Random(18).choice(_MARKS) for _ in range(size // 2))[:size],
}
# A linear stage takes 4 times as long on a body 4 times as long, a quadratic one 16 times: the cut between
# them is their geometric mean.
_QUADRATIC_CUT = 8.0
_MIN_TIMED_S = 0.02  # each measurement repeats a stage until it takes at least this long on the small body


def _cpu(run: Callable[[], object], repeats: int) -> float:
    """The least CPU time of three measurements of `repeats` runs, with the garbage collector (whose passes
    depend on everything else alive) paused."""
    best = float("inf")
    for _ in range(3):
        gc.disable()
        try:
            started = time.process_time()
            for _ in range(repeats):
                run()
            best = min(best, time.process_time() - started)
        finally:
            gc.enable()
    return best


def _stages(fast: Checker, default: Checker, body: str) -> dict[str, Callable[[], object]]:
    """Every stage a body goes through in `Checker.check_many` and the CLI, each on its own."""
    article = Article(HEADLINE, body)
    analysed = fast.index.body(body)
    facts = BodyFacts.of(body, analysed.sentences)
    claim = fast.index.claim(HEADLINE)
    evidence = fast.retriever.retrieve(claim, analysed, 3)
    report = fast.check_article(article)
    return {
        "reading (validation, language, controls, markup)": lambda: read_article(article, english="warn"),
        "text reader (lines, page furniture)": lambda: from_text(f"{HEADLINE}\n{body}"),
        "sentences": lambda: fast.index.splitter.split(body),
        "evidence index": lambda: fast.index.body(body),
        "evidence retrieval": lambda: fast.retriever.retrieve(claim, analysed, 3),
        "findings: numbers, dates, names, quotes of the body": lambda: BodyFacts.of(body, analysed.sentences),
        "findings: the headline against them": lambda: find_all(HEADLINE, facts),
        "claims": lambda: split_claims(HEADLINE),
        "fnc1-features judge": lambda: fast.judge.judge([(claim, analysed, evidence)]),
        "default judge": lambda: default.judge.judge([(claim, analysed, evidence)]),
        "evaluative words": lambda: carried_judgement(HEADLINE, body),
        "suggested headline": lambda: suggest_headline(claim, analysed),
        "terminal report": lambda: render(report, Console(file=io.StringIO(), width=100)),
        "JSON report": report.to_json,
    }


@pytest.mark.parametrize("shape", list(SHAPES))
def test_1_every_stage_is_linear_in_the_body(shape: str, fast: Checker, checker: Checker) -> None:
    small, large = (_stages(fast, checker, SHAPES[shape](size)) for size in (100_000, 400_000))
    ratios = {}
    for stage, run in small.items():
        once = _cpu(run, 1)
        repeats = max(1, round(_MIN_TIMED_S / max(once, 1e-6)))
        ratios[stage] = _cpu(large[stage], repeats) / _cpu(run, repeats)
    quadratic = {stage: round(ratio, 1) for stage, ratio in ratios.items() if ratio > _QUADRATIC_CUT}
    assert quadratic == {}, f"400 KB against 100 KB of {shape!r}: {quadratic}"


def test_1_a_line_of_digits_and_stops_is_read_in_linear_time() -> None:
    """'1 . . . . x' held up the counter-line pattern (a view count, '1,204 views') for O(n^3): 4 KB took 18 s.
    Short lines, so that the old pattern fails this in seconds instead of hanging."""
    def text(pairs: int) -> str:
        return f"{HEADLINE}\n1" + " ." * pairs + " x"

    repeats = max(1, round(_MIN_TIMED_S / max(_cpu(lambda: from_text(text(50)), 1), 1e-6)))
    ratio = _cpu(lambda: from_text(text(200)), repeats) / _cpu(lambda: from_text(text(50)), repeats)
    assert ratio < _QUADRATIC_CUT


# -- 4. HTML pasted as a body ------------------------------------------------------------------------------------

APP_SHELL = ('<!DOCTYPE html><html><head><title>News</title><script src="app.js"></script></head>'
             '<body><div id="root"></div><script src="app.js"></script></body></html>')
ARTICLE_MARKUP = (f"<html><head><title>Bridge opens</title></head><body><nav><a href='/'>Home</a></nav><article>"
                  f"<p>{BODY}</p><p>City engineers confirmed that the bridge opened to traffic at noon.</p>"
                  "</article><script src='app.js'></script></body></html>")
FRAGMENT = f"<p>{BODY}</p>\n<p>City engineers confirmed that the bridge <b>opened</b> to traffic at noon.</p>"
NO_TEXT = "no article text found in the HTML"


@pytest.mark.parametrize("text", [BODY, "3 < 4, and <3 is no tag either", "Rates fell 0.5 < 1 percent"])
def test_4_text_is_taken_as_it_is(text: str) -> None:
    assert markup_body("News", text) is None


@pytest.mark.parametrize(("markup", "text"), [
    (ARTICLE_MARKUP, f"{BODY}\nCity engineers confirmed that the bridge opened to traffic at noon."),
    (FRAGMENT, f"{BODY}\nCity engineers confirmed that the bridge opened to traffic at noon."),
    (f"<!-- saved -->\n<DIV class='story'>{BODY}</DIV>", BODY),
])
def test_4_markup_is_read_for_its_article_text(markup: str, text: str) -> None:
    """A whole page as an HTML file is read (menus and scripts dropped), a fragment block by block."""
    assert markup_body("Port Alvera opens harbour bridge", markup) == text


def test_4_a_markup_body_is_read_or_refused_everywhere(capsys: pytest.CaptureFixture[str],
                                                       api: TestClient, tmp_path: Path) -> None:
    code, out, err = cli(capsys, "check", "--headline", "News", "--body", APP_SHELL, "--model", FAST)
    assert (code, out, err) == (1, "", f"headcheck: error: {NO_TEXT}\n")
    code, out, err = cli(capsys, "check", "--headline", "Port Alvera opens harbour bridge", "--body", ARTICLE_MARKUP,
                         "--json", "--model", FAST)
    evidence = [e["text"] for e in json.loads(out)["evidence"]]
    assert code == 0 and evidence and all(e in ARTICLE_MARKUP and "<" not in e for e in evidence)
    (tmp_path / "a.json").write_text(json.dumps({"headline": "News", "body": APP_SHELL}))
    assert cli(capsys, "check", str(tmp_path / "a.json"), "--model", FAST)[2] == f"headcheck: error: {NO_TEXT}\n"
    response = api.post("/v1/check", json={"headline": "News", "body": APP_SHELL})
    assert (response.status_code, response.json()) == (422, {"error": NO_TEXT})
    response = api.post("/v1/check", json={"headline": "Port Alvera opens harbour bridge", "body": FRAGMENT})
    assert response.status_code == 200
    assert all("<" not in e["text"] for e in response.json()["evidence"])


# -- 7. stray control characters -----------------------------------------------------------------------------------

# As in two FNC-1 training bodies: U+001C and U+001D for curly quotes, a stray DEL before a dash.
SCRAPED = ("Why the title, \x1cThe Adobo Chronicles,\x1d you might ask? Port Alvera opened its new harbour bridge on "
           "Saturday \x7f\u2014 ending four years of construction, the council said.")
CLEAN = SCRAPED.replace("\x1c", "").replace("\x1d", "").replace("\x7f", "")
STRIPPED = "the body contained 3 control characters (the first, U+001C, at offset 15), removed before checking"
SCRAPED_HEADLINE = "Port Alvera opens its harbour bridge"


def test_7_the_cli_refuses_them_with_their_offset(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "check", "--headline", SCRAPED_HEADLINE, "--body", SCRAPED, "--model", FAST)
    assert (code, err) == (1, "headcheck: error: the body contains control characters (e.g. U+001C at offset 15)\n")


def test_7_the_api_and_the_python_api_strip_them_and_say_so(api: TestClient, fast: Checker) -> None:
    response = api.post("/v1/check", json={"headline": SCRAPED_HEADLINE, "body": SCRAPED})
    assert response.status_code == 200, response.text
    assert response.json()["warnings"] == [STRIPPED]
    assert response.json()["evidence"][0]["text"] in CLEAN
    report = fast.check(SCRAPED_HEADLINE + "\x07", SCRAPED)
    assert report.article.body == CLEAN and report.article.headline == SCRAPED_HEADLINE
    assert report.warnings == ["the headline contained 1 control character (the first, U+0007, at offset 36), "
                               "removed before checking", STRIPPED]


def test_7_c1_controls_and_lone_surrogates_are_still_refused() -> None:
    for char, message in (("\x85", "control characters"), ("\ud800", "lone surrogate")):
        with pytest.raises(InputError, match=message):
            read_article(Article(SCRAPED_HEADLINE, BODY + char), english="warn", controls="strip")


def test_7_a_control_is_no_line_break_in_a_text_file(tmp_path: Path) -> None:
    """str.splitlines ends a line at U+001C: the control would vanish into a line break instead of being seen."""
    (tmp_path / "a.txt").write_text(f"{SCRAPED_HEADLINE}\n{SCRAPED}")
    got = read_article(File(tmp_path / "a.txt"), english="refuse", controls="strip")
    assert got.article.body == CLEAN and got.warnings == (STRIPPED,)


def test_7_and_4_a_corpus_run_strips_controls_and_extracts_markup(tmp_path: Path) -> None:
    rows = [{"id": "scraped", "headline": SCRAPED_HEADLINE, "body": SCRAPED},
            {"id": "markup", "headline": SCRAPED_HEADLINE, "body": ARTICLE_MARKUP},
            {"id": "app-shell", "headline": "News", "body": APP_SHELL},
            {"id": "good", "headline": SCRAPED_HEADLINE, "body": BODY}]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    batch_run([str(tmp_path / "in.jsonl")], tmp_path / "out.jsonl", workers=1, model=FAST,
              console=Console(file=io.StringIO()))
    out: dict[str, Any] = {r["id"]: r for r in read_jsonl(tmp_path / "out.jsonl")}
    assert out["scraped"]["warnings"] == [STRIPPED]
    assert all(e["text"] in CLEAN for e in out["scraped"]["evidence"])
    assert all("<" not in e["text"] for e in out["markup"]["evidence"])
    assert out["app-shell"]["error"] == NO_TEXT
    assert out["good"]["warnings"] == []


# -- 8. the CLI's normal output and its file errors ------------------------------------------------------------------


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200f", "\u200b"])  # controls (ESC) are refused
def test_8_invisible_characters_in_a_headline_are_escaped_in_the_report(capsys: pytest.CaptureFixture[str],
                                                                        tmp_path: Path, char: str) -> None:
    headline = f"Mayor {char}resigns over harbour budget"
    (tmp_path / "a.json").write_text(json.dumps({"headline": headline, "body": BODY}))
    code, out, _ = cli(capsys, "check", str(tmp_path / "a.json"), "--model", FAST)
    shown = f"\\u{ord(char):04x}"
    assert code == 0 and char not in out and f"Mayor {shown}resigns" in out


def test_8_a_nul_in_a_file_is_reported_with_its_offset(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(f"{SCRAPED_HEADLINE}\n{BODY}".encode()[:50] + b"\x00" + BODY.encode())
    code, _, err = cli(capsys, "check", str(tmp_path / "a.txt"))
    assert (code, err) == (1, f"headcheck: error: {tmp_path / 'a.txt'} is a binary file, not text (a NUL byte at "
                              "offset 50)\n")


def test_8_the_readme_says_to_activate_the_virtual_environment_before_its_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = readme[readme.index("\n## Commands") :]
    assert commands.index("source .venv/bin/activate") < commands.index("headcheck check ")
