"""Issue 18: no stage may take quadratic time, and ordinary or scraped text is read, never crashed on.

One test (or one group) per item of the issue that this file covers (1, 4, 6, 7 and the CLI's part of 8),
numbered as there. Nothing here asserts a time: linearity is a ratio of CPU times measured within one run
(a 400 KB body against a 100 KB one), which a quadratic stage fails whatever the machine's speed.
"""

from __future__ import annotations

import contextlib
import csv
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
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rich.console import Console

from batch_data import read_jsonl
from headcheck import Checker
from headcheck.apps.batch import run as batch_run
from headcheck.apps.cli import main
from headcheck.apps.serve.app import create_app
from headcheck.apps.serve.settings import Settings
from headcheck.compare import signals
from headcheck.compare.findings import BodyFacts, HeadlineFacts, dates_otherwise, find_all, name_findings, names
from headcheck.compare.reading import BodyReading
from headcheck.errors import InputError
from headcheck.inputs import Checkable, File, read_article
from headcheck.inputs.readers import as_given, from_text
from headcheck.limits import MAX_HEADLINE_CHARS
from headcheck.report.console import render
from headcheck.report.suggest import suggest_headline
from headcheck.text.claims import split_claims
from headcheck.text.evaluative import carried_judgement
from headcheck.text.grammar import verb_forms
from headcheck.text.lexical import STOPWORDS, word_spans
from headcheck.text.sentences import RuleSplitter
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
    reading = BodyReading.of(body, tuple(analysed.sentences))
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
        "comparison: the body read word by word": lambda: BodyReading.of(body, tuple(analysed.sentences)),
        "comparison: the headline's signals": lambda: signals.compare(HEADLINE, reading, facts),
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


def test_1_clefts_that_repeat_no_quotation_are_read_in_linear_time(fast: Checker) -> None:
    """'It was Ann Berg who said nothing and it was ...' in one sentence, against an attributed headline: each
    cleft looked for the headline's quoted words in the rest of the sentence, O(n^2) (2,000 clefts took 9 s)."""
    def compared(clefts: int) -> Callable[[], object]:
        body = "It was Ann Berg who said nothing and " * clefts + "it ended there."
        analysed = fast.index.body(body)
        reading = BodyReading.of(body, tuple(analysed.sentences))
        facts = BodyFacts.of(body, analysed.sentences)
        return lambda: signals.compare(HEADLINE, reading, facts)

    small, large = compared(250), compared(1_000)
    repeats = max(1, round(_MIN_TIMED_S / max(_cpu(small, 1), 1e-6)))
    assert _cpu(large, repeats) / _cpu(small, repeats) < _QUADRATIC_CUT


def test_1_dates_the_body_gives_otherwise_are_found_in_linear_time(fast: Checker) -> None:
    """A dated headline against a body of dated sentences: each date given otherwise looked through every
    sentence for one that also gave an agreeing date, O(n^2) (2,000 sentences took 0.16 s, 8,000 would take 2.6)."""
    headline = HeadlineFacts.of("Harl bridge opened in 1931")

    def compared(sentences: int) -> Callable[[], object]:
        body = " ".join(f"The Harl bridge was painted in {1900 + i % 90} by crew {i}." for i in range(sentences))
        facts = BodyFacts.of(body, fast.index.body(body).sentences)
        return lambda: dates_otherwise(headline, facts)

    small, large = compared(1_000), compared(4_000)
    repeats = max(1, round(_MIN_TIMED_S / max(_cpu(small, 1), 1e-6)))
    assert _cpu(large, repeats) / _cpu(small, repeats) < _QUADRATIC_CUT


# -- 4. HTML pasted as a body ------------------------------------------------------------------------------------

APP_SHELL = ('<!DOCTYPE html><html><head><title>News</title><script src="app.js"></script></head>'
             '<body><div id="root"></div><script src="app.js"></script></body></html>')
ARTICLE_MARKUP = (f"<html><head><title>Bridge opens</title></head><body><nav><a href='/'>Home</a></nav><article>"
                  f"<p>{BODY}</p><p>City engineers confirmed that the bridge opened to traffic at noon.</p>"
                  "</article><script src='app.js'></script></body></html>")
FRAGMENT = f"<p>{BODY}</p>\n<p>City engineers confirmed that the bridge <b>opened</b> to traffic at noon.</p>"
NO_TEXT = "no article text found in the HTML"


@pytest.mark.parametrize("text", [BODY, "3 < 4, and <3 is no tag either",
                                  f"{BODY}\n\n<!-- google_ad_client = 'pub-1'; -->\n<a href='/watch'>Watch</a>"])
def test_4_text_is_taken_as_it_is(text: str) -> None:
    """Scraped text with markup left in it further on (as 14 FNC-1 bodies have) is still text."""
    assert as_given(Article("News", text)).body == text


@pytest.mark.parametrize(("markup", "text"), [
    (ARTICLE_MARKUP, f"{BODY}\nCity engineers confirmed that the bridge opened to traffic at noon."),
    (FRAGMENT, f"{BODY}\nCity engineers confirmed that the bridge opened to traffic at noon."),
    (f"  <!-- saved -->\n<DIV class='story'>{BODY}</DIV>", BODY),
])
def test_4_markup_is_read_for_its_article_text(markup: str, text: str) -> None:
    """A whole page as an HTML file is read (menus and scripts dropped), a fragment block by block."""
    assert as_given(Article("Port Alvera opens harbour bridge", markup)).body == text


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


# -- 6. ordinary text never crashes a check ----------------------------------------------------------------------


def test_6_ordinals_with_thousands_separators(fast: Checker) -> None:
    body = ("Derek scored the 1,900th run of his career on Saturday. Two years earlier he had hit the 5,000th home "
            "run of the club's history, the club said.")
    report = fast.check("Derek hits the 1,900th run of his career", body)
    assert report.findings == []  # the headline's ordinal is the body's
    facts = BodyFacts.of(body, RuleSplitter().split(body))
    assert {(1900.0, "ordinal"), (5000.0, "ordinal")} <= {(q.low, q.unit) for q in facts.quantities}


def _shared_texts() -> list[str]:
    """Every distinct text of the shared data that reads as a headline or a body, in a fixed order."""
    texts: dict[str, None] = {}

    def rows(path: Path) -> Iterator[dict[str, str]]:
        with path.open(encoding="utf-8", newline="") as f:
            yield from csv.DictReader(f)

    fnc1 = SHARED_DATA / "fnc1"
    for name in ("train_bodies.csv", "competition_test_bodies.csv"):
        texts |= dict.fromkeys(r["articleBody"] for r in rows(fnc1 / name))
    for name in ("train_stances.csv", "competition_test_stances.csv"):
        texts |= dict.fromkeys(r["Headline"] for r in rows(fnc1 / name))
    for path in sorted((SHARED_DATA / "claims" / "fool_me_twice").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            claim = json.loads(line)
            texts |= dict.fromkeys([claim["text"], *(e["text"] for e in claim["gold_evidence"]
                                                     + claim["retrieved_evidence"])])
    for path in sorted((SHARED_DATA / "nli").glob("*/*.csv")):
        texts |= dict.fromkeys(t for r in rows(path) for t in (r["premise"], r["hypothesis"]))
    return [t for t in texts if t.strip()]


_PER_BODY = 2  # texts joined into one body: each text is checked as a headline over the body it is part of
_FILLER = "The council said on Monday that the new harbour bridge would open after its final safety checks."


def _readable(texts: list[str]) -> bool:
    try:
        read_article(Article("Headline", "\n".join(texts)), english="warn", controls="strip")
        return True
    except InputError:
        return False


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared/data is not here")
def test_6_no_text_of_the_shared_data_is_an_internal_error(fast: Checker) -> None:
    """Every FNC-1 headline and body, Fool Me Twice claim and sentence and NLI premise and hypothesis, checked as
    part of a body and (when it fits) as a headline: each may be refused (InputError), none may raise anything
    else."""
    texts = _shared_texts()
    assert len(texts) > 100_000
    articles: list[Checkable] = []
    refused: list[str] = []  # texts that would refuse any body they are part of (a broken encoding)
    for at in range(0, len(texts), _PER_BODY):
        part = texts[at : at + _PER_BODY]
        if not _readable(part):  # too short together, or one of them refused
            refused += [t for t in part if not _readable([t, _FILLER])]
            part = [t for t in part if t not in refused]
        body = "\n".join(part)
        for headline in (t for t in part if len(" ".join(t.split())) <= MAX_HEADLINE_CHARS):
            with contextlib.suppress(InputError):  # a body of a few words, too short to judge
                articles.append(read_article(Article(headline, body), english="warn", controls="strip"))
    failures = []
    for at in range(0, len(articles), 256):
        batch = articles[at : at + 256]
        try:
            list(fast.check_many(batch))
        except Exception:  # find which
            for article in batch:
                try:
                    fast.check_article(article)
                except Exception as exc:
                    failures.append(f"{type(exc).__name__}: {exc} in {article.article.headline[:80]!r}")
    assert failures == []
    assert len(refused) < 10, refused  # the rest were all checked
    assert len(articles) > 0.95 * len(texts)


# Property-based: the number, date and name readers over generated formats.

_PROPERTIES = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                       suppress_health_check=[HealthCheck.too_slow])


def _facts(text: str) -> BodyFacts:
    return BodyFacts.of(text, RuleSplitter().split(text))


def _quantities(text: str) -> list[tuple[float, float, str | None]]:
    return [(q.low, q.high, q.unit) for q in _facts(text).quantities]


_COUNT = st.integers(0, 10**12).filter(lambda n: not 1800 <= n <= 2099)  # plain 1800-2099 read as years
_SUFFIX = {1: "st", 2: "nd", 3: "rd"}


def _ordinal(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else _SUFFIX.get(n % 10, "th")


@_PROPERTIES
@given(_COUNT, st.booleans())
def test_6_counts_with_and_without_separators(n: int, separated: bool) -> None:
    written = f"{n:,}" if separated else str(n)
    assert (n, n, None) in _quantities(f"Officials said {written} people were evacuated from the town.")


@_PROPERTIES
@given(st.integers(1, 10**9), st.booleans())
def test_6_ordinals(n: int, separated: bool) -> None:
    written = f"{n:,}" if separated else str(n)
    assert (n, n, "ordinal") in _quantities(f"He scored the {written}{_ordinal(n)} run of his career.")


@_PROPERTIES
@given(st.sampled_from([("$", "dollar"), ("\u00a3", "pound"), ("\u20ac", "euro")]), st.integers(1, 999),
       st.integers(0, 99), st.sampled_from([("", 1), ("k", 1e3), ("m", 1e6), ("bn", 1e9)]))
def test_6_amounts_of_money(sign: tuple[str, str], whole: int, cents: int, scale: tuple[str, float]) -> None:
    value = float(f"{whole}.{cents:02d}") * scale[1]
    assert (value, value, f"money:{sign[1]}") in _quantities(f"The council spent {sign[0]}{whole}.{cents:02d}"
                                                             f"{scale[0]} on the new bridge.")


@_PROPERTIES
@given(st.integers(1, 10**6), st.sampled_from([("km", "length", 1e3), (" metres", "length", 1), (" kg", "mass", 1e3),
                                               (" tonnes", "mass", 1e6), ("%", "percent", 1),
                                               (" per cent", "percent", 1)]))
def test_6_units(n: int, unit: tuple[str, str, float]) -> None:
    assert (n * unit[2], n * unit[2], unit[1]) in _quantities(f"The figure given was {n:,}{unit[0]} in the end.")


@_PROPERTIES
@given(_COUNT, _COUNT, st.sampled_from(["between {} and {}", "{} to {}", "{}\u2013{}"]))
def test_6_ranges(low: int, more: int, form: str) -> None:
    """'10-20' with a hyphen is not read as a range: a number after a hyphen is not read at all, as reading it
    would read dates ('2014-10-09') and scores ('3-1') as numbers."""
    assume(more > 0 and not 1800 <= low + more <= 2099)
    assert (low, low + more, None) in _quantities(f"Officials said {form.format(low, low + more)} people were hurt.")


# Characters numbers are written with and around, ASCII or not: digits of other scripts, separators (comma,
# stop, apostrophe, no-break and thin spaces), ordinal endings, currency signs, units and range joiners.
_NUMBER_TEXT = st.lists(st.one_of(
    st.characters(categories=["Nd"]), st.sampled_from(list("0123456789,.'-%$\u00a3\u20ac\u00a0\u2009\u2013 ")),
    st.sampled_from(["st", "nd", "rd", "th", "k", "m", "bn", "km", " kg", " per cent", " to ", " and ", " in ",
                     " half of ", " dozens of ", "more than ", "nearly ", " people", " March ", " 2025", "."])),
    max_size=40).map("".join)


@_PROPERTIES
@given(_NUMBER_TEXT, _NUMBER_TEXT)
def test_6_number_soup_is_read_without_error(headline: str, body: str) -> None:
    text = f"Officials said {body} were hurt on Monday."
    facts = _facts(text)
    for q in facts.quantities:
        assert 0 <= q.start < q.end <= len(text) and q.low <= q.high
    find_all(f"{headline} hurt", facts)


_MONTHS = ("January February March April May June July August September October November December").split()
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


@_PROPERTIES
@given(st.integers(1, 12), st.integers(1, 28), st.integers(1800, 2099), st.booleans(),
       st.sampled_from(["{weekday}, {month} {day}{th}, {year}", "{day}{th} {month} {year}", "{month} {day}{th} {year}",
                        "{weekday} {day} {month}"]))
def test_6_dates(month: int, day: int, year: int, ordinal: bool, form: str) -> None:
    written = form.format(weekday=_WEEKDAYS[(day + month) % 7], month=_MONTHS[month - 1], day=day,
                          th=_ordinal(day) if ordinal else "", year=year)
    mentions = _facts(f"The bridge opened on {written} after four years.").dates
    assert any(d.fields.get("month") == {month} and d.fields.get("day") == {day} for d in mentions), written
    if "{year}" in form:
        assert any(d.fields.get("year") == {year} for d in mentions), written


_DATE_TEXT = st.lists(st.one_of(st.sampled_from([*_MONTHS, *_WEEKDAYS, "Jan", "Sept", "mid-", "early", "late",
                                                 "Christmas Eve", "last week", "ago", "years", "weekend", "Q3",
                                                 "quarter", "spring", "yesterday"]),
                                st.integers(0, 3000).map(str), st.sampled_from(["st", "th", ",", ".", " ", "-"])),
                      max_size=20).map(" ".join)


@_PROPERTIES
@given(_DATE_TEXT, _DATE_TEXT)
def test_6_date_soup_is_read_without_error(headline: str, body: str) -> None:
    text = f"The bridge opened {body} after four years."
    facts = _facts(text)
    assert all(0 <= d.start < d.end <= len(text) and d.fields for d in facts.dates)
    find_all(f"Bridge opens {headline}", facts)


# Made-up names: syllables that are no English word, accented or not, joined by a hyphen or an apostrophe.
_SYLLABLE = st.tuples(st.sampled_from("bdgklmnprstvz"), st.sampled_from("aeiou\u00e9\u00f6\u00e1")).map("".join)
_WORD = st.lists(_SYLLABLE, min_size=2, max_size=4).map(lambda s: "".join(s).capitalize() + "n")
_NAME = st.one_of(_WORD, st.tuples(_WORD, st.sampled_from(["-", "'"]), _WORD).map("".join))
_NOT_NAMES = STOPWORDS | verb_forms() | names.COMMON | names.TITLES


@_PROPERTIES
@given(_NAME, _NAME)
def test_6_names(first: str, last: str) -> None:
    """A two-word name is one run of the body, and the headline that gives it as the body does has no finding."""
    assume(not {names.base(first), names.base(last)} & _NOT_NAMES)
    name = f"{first} {last}"
    body = f"Officials said {name} had resigned on Monday. {last} did not comment."
    facts = _facts(body)
    assert (name, 15, 15 + len(name)) in facts.runs
    assert name_findings(f"{name} resigns as minister", facts) == []


@_PROPERTIES
@given(st.text(max_size=200))
def test_6_folding_accents_keeps_every_offset(text: str) -> None:
    """Offsets found in the folded text are offsets in the text."""
    folded = names.fold(text)
    assert len(folded) == len(text)
    for _, start, end in word_spans(folded):
        assert names.fold(text[start:end]) == folded[start:end]


@_PROPERTIES
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=120), _NUMBER_TEXT, _DATE_TEXT, _NAME)
def test_6_a_whole_check_of_generated_text_is_an_answer_or_a_refusal(fast: Checker, noise: str, numbers: str,
                                                                      dates: str, name: str) -> None:
    headline = f"{name} says {numbers} {dates}"[:MAX_HEADLINE_CHARS]
    body = f"{name} said on Monday that {numbers} people had left {dates}. {noise} The council confirmed it."
    with contextlib.suppress(InputError):
        fast.check(headline, body)


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
