"""`headcheck watch` against a feed farm on 127.0.0.1: new items checked once, conditional GET, politeness,
and (see test_watch_feeds for the parsing) every bad feed recorded with its error while the others go on."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest

import headcheck
from headcheck import Checker
from headcheck.apps.cli import main
from headcheck.apps.watch.store import Store
from headcheck.limits import MAX_FEED_BYTES, MAX_FEED_ITEMS, RETRY_BASE_S
from watch_farm import Item, Route, farm, gzip_bomb, headline, numbered_items, rss, unrelated
from watch_helpers import ALL_VERDICTS, rows, run_watch

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "src/headcheck/report/schema"
REPORT_SCHEMA = json.loads((SCHEMA_DIR / f"report-v{headcheck.SCHEMA.rsplit('/', 1)[1]}.json").read_text())
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_done_when_each_new_item_once_then_nothing_then_only_the_new_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], connections: list[tuple[str, int]]) -> None:
    """The issue's first 'done when', through the command line exactly as written there."""
    with farm() as site:
        site.add_articles(range(4))
        url = site.feed("/feed.xml", numbered_items(site.base, range(3)))
        command = ["watch", "--once", "--json", "--allow-host", "127.0.0.1", url, "--store", str(tmp_path / "s.db"),
                   "--host-interval", "0", "--model", "fnc1-features"]
        assert main(command) == 0
        lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert sorted(line["guid"] for line in lines) == ["item-0", "item-1", "item-2"]  # as they were checked
        for line in lines:
            jsonschema.validate({k: v for k, v in line.items() if k in REPORT_SCHEMA["properties"]}, REPORT_SCHEMA)
            assert line["feed"] == url and line["link"] == f"{site.base}/article/{line['guid'][5:]}"
            assert line["feed_title"] == line["headline"] == line["page_title"]
            assert line["warnings"] == []

        assert main(command) == 0
        assert capsys.readouterr().out == ""
        assert site.requests("/feed.xml")[-1].headers["if-none-match"]  # asked conditionally ...
        assert len(site.requests("/article/0")) == 1  # ... and no page fetched twice

        site.feed("/feed.xml", numbered_items(site.base, range(4)))
        assert main(command) == 0
        assert [json.loads(line)["guid"] for line in capsys.readouterr().out.splitlines()] == ["item-3"]
    assert connections and all(host == "127.0.0.1" for host, _ in connections)


def test_examples_feed_runs_offline(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    connections: list[tuple[str, int]]) -> None:
    """`headcheck watch --once examples/feed.xml`: files and the feed's own text, no network at all."""
    assert main(["watch", "--once", str(EXAMPLES / "feed.xml"), "--store", str(tmp_path / "s.db")]) == 0
    captured = capsys.readouterr()
    alerts = [json.loads(line) for line in captured.out.splitlines()]
    assert {a["guid"] for a in alerts} == {"digest-0001", "digest-0003"}
    assert all(a["alert"] and a["verdict"] == "misleading" for a in alerts)
    ferry = next(a for a in alerts if a["guid"] == "digest-0003")
    assert ferry["page_title"] == "Alvera ferry will keep its winter timetable"
    assert ferry["warnings"] == ["the headline differs from the article's own: "
                                 "\u201cAlvera ferry will keep its winter timetable\u201d"]
    assert "checked 4 (2 alerts)" in captured.err
    assert connections == []


def test_a_rewritten_headline_is_checked_and_said_to_differ(tmp_path: Path, checker: Checker) -> None:
    with farm() as site:
        site.add_articles([5])
        url = site.feed("/feed.xml", [Item(unrelated(5), f"{site.base}/article/5", guid="rewritten")])
        lines, _, _ = run_watch(str(tmp_path / "s.db"), [url], checker, json=True)
    (line,) = [json.loads(x) for x in lines]
    assert line["headline"] == line["feed_title"] == unrelated(5)
    assert line["warnings"] == [f"the headline differs from the article's own: \u201c{headline(5)}\u201d"]
    assert line["page_title"] == headline(5)


def test_full_text_in_the_feed_is_checked_without_fetching(tmp_path: Path, checker: Checker) -> None:
    with farm() as site:
        text = "".join(f"<p>{p}</p>" for p in ["The Wenmouth ferry will keep running through the winter, "
                                                "the harbour office said on Friday.",
                                                "Its timetable stays the same until March, when it is reviewed."])
        url = site.feed("/feed.xml", [Item("Wenmouth ferry keeps running", f"{site.base}/nowhere", "t1", text)])
        lines, _, _ = run_watch(str(tmp_path / "s.db"), [url], checker, json=True)
        assert site.requests("/nowhere") == []
    (line,) = [json.loads(x) for x in lines]
    assert line["page_title"] is None and line["link"] == f"{site.base}/nowhere"
    assert line["evidence"][0]["text"].startswith("The Wenmouth ferry will keep running")


def test_alerts_only_without_json(tmp_path: Path, checker: Checker) -> None:
    with farm() as site:
        site.add_articles(range(2))
        items = [Item(headline(0), f"{site.base}/article/0", "a"),
                 Item(unrelated(1), f"{site.base}/article/1", "b")]
        url = site.feed("/feed.xml", items)
        lines, _, tally = run_watch(str(tmp_path / "s.db"), [url], checker, alert_on=frozenset({"unrelated"}))
    assert tally.checked == 2
    assert [(json.loads(x)["guid"], json.loads(x)["alert"]) for x in lines] == [("b", True)]


# -- politeness -----------------------------------------------------------------------------------------

def test_user_agent_robots_txt_and_one_request_per_host_interval(tmp_path: Path, checker: Checker) -> None:
    with farm() as site:
        site.add_articles(range(4))
        site.routes["/robots.txt"] = Route(b"User-agent: headcheck\nDisallow: /article/3\n", content_type="text/plain")
        url = site.feed("/feed.xml", numbered_items(site.base, range(4)))
        _, log, tally = run_watch(str(tmp_path / "s.db"), [url], checker, host_interval_s=0.3)
        hits = [r for r in site.log if r.path != "/robots.txt" or r is site.log[0]]
    assert tally.checked == 3 and site.requests("/article/3") == []
    assert any("robots.txt does not allow" in line for line in log)
    assert {r.headers["user-agent"] for r in site.log} == {f"headcheck/{headcheck.__version__}"}
    # robots.txt, the feed, three pages: turns 0.3 s apart (as they arrive, give or take the machine's load)
    gaps = [b.at - a.at for a, b in itertools.pairwise(hits)]
    assert len(hits) == 5 and hits[-1].at - hits[0].at >= 4 * 0.3 - 0.02 and min(gaps) > 0.15, gaps
    failed = rows(str(tmp_path / "s.db"), "SELECT state, error FROM watch_items WHERE guid = 'item-3'")
    assert failed == [("failed", "robots.txt does not allow headcheck to fetch the page")]


def test_a_feed_robots_txt_forbids_is_not_fetched(tmp_path: Path, checker: Checker) -> None:
    with farm() as site:
        site.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /\n", content_type="text/plain")
        url = site.feed("/feed.xml", [])
        run_watch(str(tmp_path / "s.db"), [url], checker)
        assert site.requests("/feed.xml") == []
    (error,) = rows(str(tmp_path / "s.db"), "SELECT last_error FROM watch_feeds")
    assert "robots.txt of 127.0.0.1 does not allow" in error[0]


def test_fetches_are_bounded_in_number(tmp_path: Path, checker: Checker) -> None:
    from headcheck.limits import WATCH_FETCH_THREADS

    with farm() as site:
        site.add_articles(range(20))
        for n in range(20):
            site.routes[f"/article/{n}"].delay_s = 0.2
        url = site.feed("/feed.xml", numbered_items(site.base, range(20)))
        _, _, tally = run_watch(str(tmp_path / "s.db"), [url], checker)
    assert tally.checked == 20
    assert 2 <= site.most_active <= WATCH_FETCH_THREADS


def test_retry_after_and_exponential_backoff_schedule_the_next_poll(tmp_path: Path, checker: Checker) -> None:
    store = str(tmp_path / "s.db")
    with farm() as site:
        url = site.feed("/feed.xml", [], status=503, headers={"Retry-After": "7200"})
        started = time.time()
        run_watch(store, [url], checker)
        ((failures, next_poll, error),) = rows(store, "SELECT failures, next_poll, last_error FROM watch_feeds")
        assert failures == 1 and error == "the feed answered HTTP 503"
        assert started + 7200 <= next_poll <= time.time() + 7200  # the server's wish, longer than our backoff

        site.routes["/feed.xml"] = Route(status=500)
        with Store(store) as opened:  # due again now
            opened.query("UPDATE watch_feeds SET next_poll = 0")
        for failures_after in (2, 3):
            before = time.time()
            run_watch(store, [url], checker)
            ((failures, next_poll),) = rows(store, "SELECT failures, next_poll FROM watch_feeds")
            assert failures == failures_after
            assert before + RETRY_BASE_S * 2 ** (failures - 1) <= next_poll <= time.time() + RETRY_BASE_S * 2 ** (
                failures - 1)
            _, log, _ = run_watch(store, [url], checker)  # in backoff: a --once run leaves it alone
            assert "1 feed not polled" in log[0]
            with Store(store) as opened:
                opened.query("UPDATE watch_feeds SET next_poll = 0")
        site.routes["/feed.xml"] = Route(rss([]))
        run_watch(store, [url], checker)
        assert rows(store, "SELECT failures, last_status, last_error FROM watch_feeds") == [(0, "ok", None)]


# -- every bad feed of the item 3: its error recorded, the good feed beside it unharmed ---------

BAD_FEEDS = {
    "XML that is no feed at all": (Route(b"<?xml version='1.0'?><catalog><book>Moby Dick</book></catalog"),
                                   "not a feed"),
    "HTML served as a feed": (Route(b"<!doctype html><html><head><title>News</title></head><body><p>Hi</p></body>"
                                    b"</html>", content_type="text/html"), "not a feed: this is an HTML page"),
    "a 50 MB feed": (Route(b"<rss version='2.0'><channel>" + b" " * 50_000_000), "larger than 10 MB"),
    "a gzip bomb": (Route(gzip_bomb(100), headers={"Content-Encoding": "gzip"}), "larger than 10 MB"),
    "a redirect to a private address": (Route(status=302, headers={"Location": "http://169.254.169.254/latest"}),
                                        "169.254.169.254 is not a public address"),
    "a feed that answers slowly": (Route(rss([]), trickle_s=0.05), "timed out after 1 s"),
    "a feed that is not there": (Route(status=404), "the feed answered HTTP 404"),
}


@pytest.mark.parametrize("case", BAD_FEEDS, ids=list(BAD_FEEDS))
def test_a_bad_feed_gets_its_error_and_a_retry_while_the_good_one_is_checked(
        case: str, tmp_path: Path, checker: Checker, connections: list[tuple[str, int]]) -> None:
    route, expected = BAD_FEEDS[case]
    store = str(tmp_path / "s.db")
    with farm() as site:
        site.add_articles(range(2))
        good = site.feed("/good.xml", numbered_items(site.base, range(2)))
        site.routes["/bad.xml"] = route
        started = time.time()
        _, log, tally = run_watch(store, [f"{site.base}/bad.xml", good], checker, fetch_timeout_s=1.0)
    assert tally.checked == 2 and tally.failed_feeds == 1
    ((status, error, failures, next_poll),) = rows(
        store, "SELECT last_status, last_error, failures, next_poll FROM watch_feeds WHERE url LIKE '%/bad.xml'")
    assert status == "error" and expected in error and failures == 1
    assert started + RETRY_BASE_S <= next_poll <= time.time() + RETRY_BASE_S
    assert any(expected in line for line in log)
    assert MAX_FEED_BYTES == 10_000_000  # what the messages above say


def test_malformed_xml_is_read_as_far_as_it_goes_and_the_error_kept(tmp_path: Path, checker: Checker) -> None:
    """Broken XML (an unescaped & is the usual slip) still yields the items before the break; the error is
    recorded for the feed's owner to see, and the feed keeps its schedule."""
    store = str(tmp_path / "s.db")
    with farm() as site:
        site.add_articles(range(2))
        good = rss(numbered_items(site.base, range(2)))
        site.routes["/feed.xml"] = Route(good.replace(b"</channel></rss>", b"<item><title>A & B</title></item>"))
        before = time.time()
        _, _, tally = run_watch(store, [f"{site.base}/feed.xml"], checker, interval_s=900.0)
    assert tally.checked == 2 and tally.failed_feeds == 0
    ((status, error, next_poll),) = rows(store, "SELECT last_status, last_error, next_poll FROM watch_feeds")
    assert status == "ok" and error.startswith("the feed is not well-formed XML (") and "not well-formed" in error
    assert before + 900 <= next_poll <= time.time() + 900


ITEM_PROBLEMS = {
    "items without title or link": ([Item("", "/article/0", "a"), Item("No link", None, "b")],
                                    ["1 item skipped: no title", "1 item skipped: no link and no text"]),
    "duplicate GUIDs": ([Item(headline(0), "/article/0", "same"), Item(headline(1), "/article/1", "same")],
                        ["1 item skipped: a guid seen earlier in the feed"]),
    "javascript: and file: links": ([Item("Click", "javascript:alert(1)", "j"),
                                     Item("Local", "file:///etc/passwd", "f")],
                                    ["1 item skipped: a javascript: link", "1 item skipped: a file: link"]),
}


@pytest.mark.parametrize("case", ITEM_PROBLEMS, ids=list(ITEM_PROBLEMS))
def test_bad_items_are_skipped_with_a_note_and_the_rest_checked(case: str, tmp_path: Path, checker: Checker) -> None:
    """Relative links are not a problem: they are resolved against the feed's URL (/article/0 here)."""
    items, notes = ITEM_PROBLEMS[case]
    store = str(tmp_path / "s.db")
    with farm() as site:
        site.add_articles(range(3))
        url = site.feed("/feed.xml", [*items, Item(headline(2), "/article/2", "fine")])
        lines, log, tally = run_watch(store, [url], checker, json=True)
    checked = {json.loads(line)["guid"]: json.loads(line)["link"] for line in lines}
    assert checked["fine"] == f"{site.base}/article/2"
    assert tally.checked == len(checked) and "j" not in checked and "f" not in checked
    ((status, note),) = rows(store, "SELECT last_status, last_error FROM watch_feeds")
    assert status == "ok" and note == "; ".join(notes)
    assert any(note in line for line in log)


def test_a_feed_of_10000_items_reads_the_first_thousand(tmp_path: Path, checker: Checker) -> None:
    store = str(tmp_path / "s.db")
    with farm() as site:
        url = site.feed("/feed.xml", [Item(f"Story {n}", f"/gone/{n}", f"g{n}") for n in range(10_000)])
        _, _, tally = run_watch(store, [url], checker)
    assert tally.new_items == MAX_FEED_ITEMS and tally.failed_pages == MAX_FEED_ITEMS  # the pages are 404
    ((note,),) = rows(store, "SELECT last_error FROM watch_feeds")
    assert note == f"the feed has 10,000 items; the first {MAX_FEED_ITEMS:,} were read"
    assert rows(store, "SELECT COUNT(*), MIN(next_try) > 0 FROM watch_items WHERE state = 'new' AND attempts = 1") == [
        (MAX_FEED_ITEMS, True)]  # each page gets a retry schedule of its own


# -- the command line -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "code", "message"), [
    (["--once"], 1, "nothing to watch: give a FEED (URL or file) or --feeds FILE"),
    (["--once", "missing.xml"], 1, "FEED: the feed file missing.xml does not exist"),
    (["--once", "ftp://example.org/feed"], 1, "a feed is an http(s) URL or a file, not ftp://example.org/feed"),
    (["--once", "EXAMPLE", "--webhook", "file:///tmp/x"], 1, "--webhook must be an http(s) URL"),
    (["--once", "EXAMPLE", "--store", "/nonexistent/dir/s.db"], 7, "cannot use /nonexistent/dir/s.db"),
    (["--once", "EXAMPLE", "--interval", "0"], 2, "must be more than 0 seconds"),
    (["--once", "EXAMPLE", "--alert-on", "wrong"], 2, "choose from"),
])
def test_bad_usage_is_one_line_and_its_exit_code(args: list[str], code: int, message: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    args = [str(EXAMPLES / "feed.xml") if a == "EXAMPLE" else a for a in args]
    try:
        result = main(["watch", *args])
    except SystemExit as exc:  # argparse's usage errors
        result = exc.code
    err = capsys.readouterr().err
    assert result == code and message in err
    assert "Traceback" not in err


def test_feeds_file_and_the_missing_postgres_extra(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# my feeds\n{EXAMPLES / 'feed.xml'}  # the example\n\n")
    monkeypatch.setitem(__import__("sys").modules, "psycopg", None)  # as if the watch extra were not installed
    assert main(["watch", "--once", "--feeds", str(feeds), "--store", "postgresql://u@127.0.0.1/db"]) == 6
    assert capsys.readouterr().err.strip() == (
        "headcheck: error: a PostgreSQL store needs psycopg: pip install 'headcheck[watch]'")
    feeds.write_text("nowhere.xml\n")
    assert main(["watch", "--once", "--feeds", str(feeds), "--store", str(tmp_path / "s.db")]) == 1
    assert f"{feeds} line 1: the feed file nowhere.xml does not exist" in capsys.readouterr().err


def test_all_verdicts_can_alert(tmp_path: Path, checker: Checker) -> None:
    with farm() as site:
        site.add_articles(range(3))
        url = site.feed("/feed.xml", numbered_items(site.base, range(3)))
        lines, _, tally = run_watch(str(tmp_path / "s.db"), [url], checker, alert_on=ALL_VERDICTS)
    assert tally.alerts == 3 == len(lines)


# -- alerts to a webhook, and stopping ------------------------------------------------------------------

def test_a_webhook_is_retried_with_backoff_one_key_and_a_valid_signature(
        tmp_path: Path, checker: Checker, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEADCHECK_WEBHOOK_SECRET", "s3cret")
    store = str(tmp_path / "s.db")
    with farm() as site:
        site.add_articles([1])
        url = site.feed("/feed.xml", [Item(unrelated(1), f"{site.base}/article/1", "off-1")])
        site.routes["/hook"] = Route(b"ok", content_type="text/plain", times=[500, 503])
        lines, _, tally = run_watch(store, [url], checker, alert_on=frozenset({"unrelated"}),
                                    webhook=f"{site.base}/hook")
    posts = site.requests("/hook")
    assert [p.method for p in posts] == ["POST"] * 3 and tally.sent == 1
    ((line,),) = [lines]
    item = json.loads(line)["id"]
    assert {p.headers["idempotency-key"] for p in posts} == {item}
    for post in posts:
        assert post.body == line.encode()  # the alert's line, as printed
        expected = "sha256=" + hmac.new(b"s3cret", post.body, hashlib.sha256).hexdigest()
        assert post.headers["x-headcheck-signature"] == expected
    assert posts[1].at - posts[0].at >= 0.9 and posts[2].at - posts[1].at >= 1.9  # 1 s, then 2 s
    assert rows(store, "SELECT webhook_state, webhook_attempts, webhook_error FROM watch_alerts") == [
        ("sent", 3, None)]


def test_a_webhook_at_a_private_address_is_refused_without_allow_host(
        tmp_path: Path, checker: Checker, connections: list[tuple[str, int]]) -> None:
    store = str(tmp_path / "s.db")
    with farm() as site:
        site.add_articles([1])
        url = site.feed("/feed.xml", [Item(unrelated(1), f"{site.base}/article/1", "off-1")])
        _, log, _ = run_watch(store, [url], checker, alert_on=frozenset({"unrelated"}),
                              webhook="http://10.20.30.40/hook")
    ((state, error),) = rows(store, "SELECT webhook_state, webhook_error FROM watch_alerts")
    assert state == "failed" and error == "refusing to fetch 10.20.30.40: 10.20.30.40 is not a public address"
    assert any("given up" in line for line in log)
    assert all(host == "127.0.0.1" for host, _ in connections)


def test_sigterm_stops_a_running_watch_cleanly(tmp_path: Path) -> None:
    store = tmp_path / "s.db"
    with farm() as site:
        site.add_articles(range(2))
        url = site.feed("/feed.xml", numbered_items(site.base, range(2)))
        command = [sys.executable, "-m", "headcheck.apps.cli", "watch", "--json", "--interval", "0.5", "--store",
                   str(store), url, "--allow-host", "127.0.0.1", "--host-interval", "0", "--model", "fnc1-features"]
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 120
            while len(site.requests("/feed.xml")) < 3:  # polled, then polled again (and again) on its interval
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.05)
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=30)
        finally:
            proc.kill()
    assert proc.returncode == 0, err
    assert len(out.splitlines()) == 2 and b"SIGTERM, stopping" in err
    assert rows(str(store), "SELECT COUNT(*) FROM watch_feeds WHERE claimed_by IS NOT NULL") == [(0,)]
    assert site.requests("/feed.xml")[-1].headers["if-none-match"]
