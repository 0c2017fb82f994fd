"""Issue 18: no stage may take quadratic time, and ordinary or scraped text is read, never crashed on.

One test (or one group) per item of the issue that this file covers, numbered as there. Nothing here
asserts a time: linearity is a ratio of CPU times measured within one run (a 400 KB body against a
100 KB one), which a quadratic stage fails whatever the machine's speed.
"""

from __future__ import annotations

import gc
import io
import random
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from headcheck import Checker
from headcheck.inputs import read_article
from headcheck.inputs.readers import from_text
from headcheck.pipeline.claims import split_claims
from headcheck.pipeline.findings import BodyFacts, find_all
from headcheck.pipeline.suggest import suggest_headline
from headcheck.report.console import render
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
