"""Issue 11: no input may exhaust memory, stall the service, abort a batch or drop a row.

One test (or one group) per item of the issue, numbered as there. Hostile servers listen on 127.0.0.1
only and stop by themselves; every wait is bounded. Nothing here asserts a time: where the issue
gives one, the test checks what it implies (a fetch ends as timed out, a text check is answered while
slow fetches are still in flight), and the figures themselves are measured outside the suite.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import logging
import re
import socket
import socketserver
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from rich.console import Console

from batch_data import BODIES, HEADLINES, read_jsonl
from headcheck.apps.batch import io as batch_io
from headcheck.apps.batch import run as batch_run
from headcheck.apps.cli import main
from headcheck.apps.serve.app import create_app
from headcheck.apps.serve.logs import QUIET_LOGGERS, log_to_stderr
from headcheck.apps.serve.settings import Settings
from headcheck.apps.serve.workers import Workers
from headcheck.errors import FetchError, InputError, shown
from headcheck.inputs import validate
from headcheck.inputs.fetch import fetch
from headcheck.inputs.readers import from_html
from headcheck.limits import MAX_CONCURRENT_FETCHES, MAX_INPUT_BYTES
from serving import BODY, HEADLINE, PAGE, running

ALLOW = ("127.0.0.1",)
SETTINGS = Settings(rate_limit=None, allow_hosts=ALLOW)
ONE_LINE = re.compile(r"^headcheck: error: [^\n]+\n$")
TITLE = "Council approves new harbour budget for Port Alvera"
FURNITURE = {
    "cookie banner": "<div class='cookie-banner'><p>We use cookies to improve your experience on our site. By "
                     "continuing to browse you agree to our use of cookies. Read our cookie policy.</p>"
                     "<button>Accept all</button></div>",
    "paywall": "<div class='paywall'><p>This article is for subscribers only. Subscribe now to continue reading "
               "and get unlimited access to all our journalism. Already a subscriber? Sign in.</p></div>",
    "menu": "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>Local news</a></li><li><a href='/sport'>"
            "Sport results</a></li><li><a href='/weather'>Weather forecast</a></li><li><a href='/business'>"
            "Business and markets</a></li></ul></nav>",
}


def furniture_page(kind: str) -> bytes:
    return f"<html><head><title>{TITLE}</title></head><body>{FURNITURE[kind]}</body></html>".encode()


def double_gzip_bomb(inflated_bytes: int) -> bytes:
    """gzip inside gzip: a few hundred bytes that inflate to `inflated_bytes` of zeros."""
    inner = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1_000_000)
    once = b"".join([*(inner.compress(zeros) for _ in range(inflated_bytes // len(zeros))), inner.flush()])
    return gzip.compress(once, 9)


# -- hostile web servers on 127.0.0.1 ----------------------------------------------------------------------------


class _Hostile(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    bomb: bytes
    release: threading.Event
    waiting: int
    lock: threading.Lock
    dripped: list[str]  # how each /slow-headers answer ended: "sent" in full, or the client "hung up"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up early (as they must) are expected here."""


class _Handler(socketserver.StreamRequestHandler):
    server: _Hostile

    def send(self, status: str, body: bytes, *headers: str) -> None:
        head = "".join(f"{h}\r\n" for h in (f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", *headers))
        self.wfile.write(head.encode() + b"\r\n" + body)

    def handle(self) -> None:
        path = self.rfile.readline(65536).split(b" ")[1].decode()
        while self.rfile.readline(65536) not in (b"\r\n", b"\n", b""):
            pass
        if path == "/bomb":
            self.send("200 OK", self.server.bomb, "Content-Type: text/html", "Content-Encoding: gzip, gzip")
        elif path == "/slow-headers":  # the status line and headers, one byte at a time, for up to 15 s
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"a" * 120 + b"\r\n"
            try:
                for byte in head:
                    if self.server.release.wait(0.1):
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                self.wfile.write(f"Content-Length: {len(PAGE)}\r\n\r\n".encode() + PAGE)
                self.server.dripped.append("sent")
            except OSError:
                self.server.dripped.append("hung up")
        elif path == "/hold":  # answers only when released (or after 20 s)
            with self.server.lock:
                self.server.waiting += 1
            self.server.release.wait(20)
            self.send("404 Not Found", b"gone")
        elif path.startswith("/furniture/"):
            self.send("200 OK", furniture_page(path.rsplit("/", 1)[1].replace("-", " ")), "Content-Type: text/html")
        elif path == "/article":
            self.send("200 OK", PAGE, "Content-Type: text/html; charset=utf-8")
        else:
            self.send("404 Not Found", b"not found")


@pytest.fixture(scope="module")
def hostile() -> Iterator[tuple[str, _Hostile]]:
    server = _Hostile(("127.0.0.1", 0), _Handler)
    server.bomb = double_gzip_bomb(100_000_000)
    server.release, server.waiting, server.lock, server.dripped = threading.Event(), 0, threading.Lock(), []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", server
    server.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def client(workers: Workers) -> Iterator[TestClient]:
    with TestClient(create_app(SETTINGS, workers)) as test_client:
        yield test_client


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


# -- 1. double-gzip bomb ----------------------------------------------------------------------------------------


def test_1_double_gzip_bomb_is_capped_while_it_inflates(hostile: tuple[str, _Hostile]) -> None:
    base, server = hostile
    assert len(server.bomb) < 2000  # 100 MB of zeros, gzip inside gzip
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match=r"^the page is larger than 5 MB$"):
            fetch(f"{base}/bomb", allow_hosts=ALLOW)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40_000_000, f"{peak:,} bytes allocated at once"  # 5 MB page + pieces; was the whole 100 MB


# -- 2. slow servers: one deadline, and slots of their own --------------------------------------------------------


def test_2_headers_sent_a_byte_at_a_time_cannot_outlast_the_deadline(hostile: tuple[str, _Hostile]) -> None:
    base, server = hostile
    server.dripped.clear()
    # Every byte comes well within a read timeout, so only a deadline over the whole fetch stops it: the
    # fetch must give up (and hang up) long before the server is done sending its headers.
    with pytest.raises(FetchError, match=r"^fetching URL failed: timed out after 0.5 s$"):
        fetch(f"{base}/slow-headers", allow_hosts=ALLOW, timeout=0.5)
    deadline = time.monotonic() + 30
    while not server.dripped:
        assert time.monotonic() < deadline, "the slow server never finished"
        time.sleep(0.05)
    assert server.dripped == ["hung up"]


def test_2_slow_urls_do_not_hold_up_text_checks(workers: Workers, hostile: tuple[str, _Hostile]) -> None:
    base, server = hostile
    server.release.clear()
    server.waiting = 0
    # One client may fill every fetch slot here, and the batch's URLs wait for one as long as they need.
    settings = dataclasses.replace(SETTINGS, fetch_slots_per_client=MAX_CONCURRENT_FETCHES, queue_wait_s=60)
    app = create_app(settings, workers)
    with running(app) as api, ThreadPoolExecutor(20) as pool:
        slow = [pool.submit(httpx.post, f"{api}/v1/check", json={"url": f"{base}/hold"}, timeout=60)
                for _ in range(16)]
        slow.append(pool.submit(httpx.post, f"{api}/v1/check/batch", timeout=60,
                                json={"articles": [{"url": f"{base}/hold", "id": str(i)} for i in range(32)]}))
        deadline = time.monotonic() + 30
        while server.waiting < 16:  # every fetch slot is taken by a page that does not come
            assert time.monotonic() < deadline, f"only {server.waiting} fetches reached the slow server"
            time.sleep(0.05)
        try:
            text = httpx.post(f"{api}/v1/check", json={"headline": HEADLINE, "body": BODY}, timeout=60)
            pending = [future.done() for future in slow]
        finally:
            server.release.set()
        assert text.status_code == 200, text.text
        assert pending == [False] * len(slow)  # answered while every slow fetch was still waiting
        assert [future.result().status_code for future in slow] == [502] * 16 + [200]


# -- 3. lone surrogates -----------------------------------------------------------------------------------------

SURROGATE_JSON = '{"headline": "Mayor \\ud800 resigns", "body": ' + json.dumps(BODY) + "}"


def test_3_lone_surrogate_is_a_422_in_the_api(client: TestClient) -> None:
    response = client.post("/v1/check", content=SURROGATE_JSON, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json() == {"error": "the headline contains a lone surrogate (U+D800) at offset 6, which is not "
                                        "valid Unicode"}


def test_3_lone_surrogate_is_one_line_in_the_cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(SURROGATE_JSON)
    code, err = cli(capsys, "check", str(tmp_path / "a.json"))
    assert code == 1 and ONE_LINE.match(err) and "lone surrogate (U+D800) at offset 6" in err


# -- the batch run that items 3, 4, 6, 7 and 8 share ------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_batch(tmp_path_factory: pytest.TempPathFactory, hostile: tuple[str, _Hostile]) -> dict[str, Any]:
    """One run over a JSONL file whose rows are each hostile in their own way, between good rows."""
    base, _ = hostile
    folder = tmp_path_factory.mktemp("hostile-batch")
    good = [{"id": f"good{i}", "headline": HEADLINES[name][0], "body": body}
            for i, (name, body) in enumerate(BODIES.items())]
    lines = [
        json.dumps(good[0]),
        SURROGATE_JSON[:-1] + ', "id": "surrogate"}',
        json.dumps({"id": "wrong-types", "headline": 42, "body": {"text": BODIES["bridge"]}}),
        '{"id": "deep", "headline": "x", "body": ' + "[" * 10_000 + "]" * 10_000 + "}",
        '{"id": "digits", "headline": "x", "body": "y", "n": ' + "7" * 5000 + "}",
        json.dumps(good[1]),
        json.dumps({"id": "huge", "headline": "Port Alvera", "body": "bridge " * (MAX_INPUT_BYTES // 7 + 10)}),
        json.dumps({"id": "cookies", "url": f"{base}/furniture/cookie-banner"}),
        json.dumps({"id": "paywall", "url": f"{base}/furniture/paywall"}),
        json.dumps({"id": "fetched", "url": f"{base}/article"}),
        json.dumps(good[2]),
    ]
    source = folder / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = folder / "out.jsonl"
    summary = batch_run([str(source)], out, workers=1, allow_hosts=ALLOW, console=Console(file=None, quiet=True))
    records = read_jsonl(out)
    return {"summary": summary, "records": records, "by_id": {r["id"]: r for r in records}, "rows_in": len(lines)}


def test_3_lone_surrogate_fails_its_batch_row_only(hostile_batch: dict[str, Any]) -> None:
    row = hostile_batch["by_id"]["surrogate"]
    assert row["error"] == 'the headline contains a lone surrogate (U+D800) at offset 6, which is not ' \
                           "valid Unicode"
    assert all("verdict" in hostile_batch["by_id"][f"good{i}"] for i in range(3))


def test_rows_in_equal_rows_out_and_the_good_rows_are_checked(hostile_batch: dict[str, Any]) -> None:
    summary, records = hostile_batch["summary"], hostile_batch["records"]
    assert summary.rows == len(records) == hostile_batch["rows_in"]
    failed = [r["id"] for r in records if "error" in r]  # rows too deep or too large keep their ids (issue 18)
    assert failed == ["surrogate", "wrong-types", "deep", "digits", "huge", "cookies", "paywall"]
    assert summary.failed == len(failed)
    assert hostile_batch["by_id"]["fetched"]["headline"] == HEADLINE


# -- 4. page furniture ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(FURNITURE))
def test_4_page_furniture_is_not_an_article(kind: str) -> None:
    with pytest.raises(InputError, match=r"^no article text found in the HTML$"):
        validate(from_html(furniture_page(kind)))


def test_4_a_short_real_article_is_still_one() -> None:
    html = (f"<html><head><title>{TITLE}</title></head><body>{FURNITURE['cookie banner']}<article><p>The Port "
            "Alvera council approved a harbour budget of 12 million on Tuesday, the mayor said.</p></article>"
            "</body></html>")
    article = validate(from_html(html))
    assert article.body == "The Port Alvera council approved a harbour budget of 12 million on Tuesday, the mayor said."


def test_4_page_furniture_in_cli_api_and_batch(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                               client: TestClient, hostile: tuple[str, _Hostile],
                                               hostile_batch: dict[str, Any]) -> None:
    base, _ = hostile
    (tmp_path / "menu.html").write_bytes(furniture_page("menu"))
    code, err = cli(capsys, "check", str(tmp_path / "menu.html"))
    assert code == 1 and err == "headcheck: error: no article text found in the HTML\n"
    response = client.post("/v1/check", json={"url": f"{base}/furniture/paywall"})
    assert (response.status_code, response.json()) == (422, {"error": "no article text found in the HTML"})
    assert hostile_batch["by_id"]["cookies"]["error"] == "no article text found in the HTML"
    assert hostile_batch["by_id"]["paywall"]["error"] == "no article text found in the HTML"


# -- 5. CSV rows lost to a quote that never closes --------------------------------------------------------------


def test_5_csv_with_an_unclosed_quote_is_refused_with_its_line(capsys: pytest.CaptureFixture[str],
                                                             tmp_path: Path) -> None:
    body = BODIES["bridge"].replace("\n", " ")
    rows = [f'r{i},"{HEADLINES["bridge"][0]} (day {i})","{body}"' for i in range(5)]
    rows[1] = f'r1,"{HEADLINES["bridge"][0]} (day 1),"{body}"'  # the headline's quote closes only at the body's
    source = tmp_path / "in.csv"
    source.write_text("id,headline,body\n" + "\n".join(rows) + "\n", encoding="utf-8")
    code, err = cli(capsys, "batch", str(source), "-o", str(tmp_path / "out.jsonl"), "--workers", "1")
    assert code == 1 and ONE_LINE.match(err), err
    assert f"{source} line 3: " in err
    assert not (tmp_path / "out.jsonl").exists()


def test_5_csv_quote_never_closed_to_the_end(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text('id,headline,body\n1,a,b\n2,"a,b\n3,a,b\n4,a,b\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"line 3: a quoted cell that starts here is never closed$"):
        list(batch_io.read_records(source))


# -- 6. wrong types ---------------------------------------------------------------------------------------------


def test_6_fields_of_the_wrong_type_fail_their_row(hostile_batch: dict[str, Any]) -> None:
    assert hostile_batch["by_id"]["wrong-types"]["error"] == 'the field "headline" must be a string, not int'


def test_6_numeric_ids_are_still_text() -> None:
    row = batch_io.to_row({"id": 7, "headline": "h", "body": "b"}, "v")
    assert (row.id, row.problem) == ("7", None)
    assert batch_io.to_row({"id": 7, "headline": "h", "body": ["b"]}, "v").problem == \
        'the field "body" must be a string, not list'


# -- 7. hostile JSON --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [("[" * 10_000 + "]" * 10_000, "invalid JSON: it is nested too deeply"),
     ('{"headline": "x", "body": "y", "n": ' + "7" * 5000 + "}", "invalid JSON: a number has more than 4,300 digits")],
    ids=["deep", "digits"],
)
def test_7_hostile_json_file_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                         text: str, message: str) -> None:
    (tmp_path / "a.json").write_text(text)
    code, err = cli(capsys, "check", str(tmp_path / "a.json"))
    assert (code, err) == (1, f"headcheck: error: {message}\n")


def test_7_hostile_jsonl_rows_fail_alone(hostile_batch: dict[str, Any]) -> None:
    errors = [hostile_batch["by_id"][row]["error"] for row in ("deep", "digits")]
    assert errors == ["line 4: invalid JSON: it is nested too deeply",
                      "line 5: invalid JSON: a number has more than 4,300 digits"]


def test_7_hostile_json_in_the_api_is_a_400(client: TestClient) -> None:
    for payload in ("[" * 10_000 + "]" * 10_000, '{"headline": "x", "n": ' + "7" * 5000 + "}"):
        response = client.post("/v1/check", content=payload, headers={"Content-Type": "application/json"})
        assert response.status_code in (400, 422) and list(response.json()) == ["error"]


# -- 8. huge rows -----------------------------------------------------------------------------------------------


def test_8_a_huge_jsonl_row_is_refused_while_it_is_read(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    huge = '{"headline": "Port Alvera", "body": "' + "bridge " * 9_000_000 + '"}\n'  # 63 MB
    with source.open("w", encoding="utf-8") as f:
        f.write(json.dumps({"headline": "a", "body": "b"}) + "\n")
        f.write(huge)
        f.write(json.dumps({"headline": "c", "body": "d"}) + "\n")
    del huge
    tracemalloc.start()
    try:
        records = list(batch_io.read_records(source))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert records[0] == {"headline": "a", "body": "b"} and records[2] == {"headline": "c", "body": "d"}
    assert batch_io.normalize(records[1])["problem"] == \
        "line 2: the row is 63,000,040 bytes, over the 5 MB input limit"
    assert peak < 20_000_000, f"{peak:,} bytes allocated at once"  # one capped line; was the whole 63 MB line


def test_8_a_huge_row_fails_alone_in_a_run(hostile_batch: dict[str, Any]) -> None:
    error = hostile_batch["by_id"]["huge"]["error"]
    assert re.fullmatch(r"line 7: the row is [\d,]+ bytes, over the 5 MB input limit", error)


# -- 9. what errors echo ----------------------------------------------------------------------------------------


def test_9_the_api_shortens_what_it_echoes(client: TestClient) -> None:
    for url, start in [("http://news.example/" + "a" * 900_000, "invalid URL http://news.example/aaa"),
                       ("ftp://news.example/" + "a" * 60_000, "only http and https URLs can be fetched, not ftp:")]:
        message = client.post("/v1/check", json={"url": url}).json()["error"]
        assert message.startswith(start) and len(message) < 300, message[:400]
    result = client.post("/v1/check/batch", json={"articles": [{"id": "x" * 8000, "headline": "h", "body": ""}]})
    (error,) = result.json()["results"]
    assert len(error["id"]) <= 200 and error["id"].startswith("xxx") and error["error"].startswith("the body is")
    extra = client.post("/v1/check", json={"headline": "h", "body": "b", "k" * 5000: 1}).json()["error"]
    assert len(extra) < 300


def test_9_the_cli_escapes_file_names(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    name = str(tmp_path / "evil\x1b]0;pwned\x07.txt")
    code, err = cli(capsys, "check", name)
    assert code == 1 and ONE_LINE.match(err)
    assert "\x1b" not in err and "\x07" not in err and "evil\\x1b]0;pwned\\x07.txt does not exist" in err
    code, err = cli(capsys, "batch", str(tmp_path / "a\x1b[2J.jsonl"), "-o", str(tmp_path / "o.jsonl"))
    assert code == 1 and ONE_LINE.match(err) and "\x1b" not in err and "a\\x1b[2J.jsonl" in err


def test_9_shown_cuts_and_escapes() -> None:
    assert shown("a\x1bb\u202ec") == "a\\x1bb\\u202ec"
    cut = shown("y" * 10_000)
    assert len(cut) == 200 and cut.endswith("... (10,000 characters)")


# -- 10. no URL in the logs -------------------------------------------------------------------------------------


def test_10_fetched_urls_never_reach_the_log(client: TestClient, hostile: tuple[str, _Hostile],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    base, _ = hostile
    root = logging.getLogger()
    saved = root.handlers[:], root.level, {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    try:
        log_to_stderr()  # what `headcheck serve` sets up
        root.addHandler(Keep())
        assert client.post("/v1/check", json={"url": f"{base}/article"}).status_code == 200
    finally:
        root.handlers[:], level, levels = saved
        root.setLevel(level)
        for name, quiet in levels.items():
            logging.getLogger(name).setLevel(quiet)
    assert any(r.getMessage() == "request" for r in records)
    logged = [r.getMessage() + json.dumps(getattr(r, "fields", {})) for r in records]
    assert not [line for line in logged if "/article" in line or base in line]


# -- 11. offline docs -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["/docs", "/redoc", "/"])
def test_11_no_page_loads_anything_from_another_host(client: TestClient, page: str) -> None:
    html = client.get(page)
    assert html.status_code == 200
    links = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html.text)
    links += re.findall(r"""(?:url|openapi_url|spec-url)\s*:\s*["']([^"']+)["']""", html.text)
    assert links and all(link.startswith("/") and not link.startswith("//") for link in links), links
    assert "cdn.jsdelivr.net" not in html.text and "fonts.googleapis.com" not in html.text
    for link in links:
        assert client.get(link).status_code == 200, link


# -- 12. wording ------------------------------------------------------------------------------------------------


def test_12_one_long_line_gets_the_headline_hint(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Port Alvera " * 417)  # 5,004 characters, no line break
    code, err = cli(capsys, "check", str(tmp_path / "a.txt"))
    assert (code, err) == (1, "headcheck: error: the headline is 5,003 characters long, over the limit of 500 "
                              "(is the article text on the first line?)\n")


def test_12_nul_and_size_messages_say_where_and_how_much(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"headline": "Port Alvera", "body": "The bridge\\u0000 opened."}')
    code, err = cli(capsys, "check", str(tmp_path / "a.json"))
    assert (code, err) == (1, "headcheck: error: the body contains control characters (e.g. U+0000 at offset 10)\n")
    (tmp_path / "big.txt").write_bytes(b"x" * 6_000_000)
    code, err = cli(capsys, "check", str(tmp_path / "big.txt"))
    assert (code, err) == (1, f"headcheck: error: {tmp_path / 'big.txt'} is 6,000,000 bytes, over the 5 MB input "
                              "limit\n")


def test_12_a_bad_content_length_gets_the_json_error(workers: Workers) -> None:
    with running(create_app(SETTINGS, workers)) as api:
        port = int(api.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Content-Length: abc\r\n\r\n{}")
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ") and b"content-type: application/json" in head.lower()
    assert json.loads(body)["error"].startswith("the request is not valid HTTP/1.1")


# -- 13. eval without the peers' predictions --------------------------------------------------------------------


def test_13_eval_runs_without_peer_predictions(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "fnc1"
    data.mkdir()
    bodies = list(BODIES.values())
    (data / "competition_test_bodies.csv").write_text(
        "Body ID,articleBody\n" + "".join(f'{i},"{b}"\n' for i, b in enumerate(bodies)), encoding="utf-8")
    stances = [(HEADLINES["bridge"][0], 0, "agree"), (HEADLINES["orchard"][0], 1, "agree"),
               (HEADLINES["museum"][0], 2, "disagree"), (HEADLINES["storm"][0], 0, "unrelated")]
    (data / "competition_test_stances.csv").write_text(
        "Headline,Body ID,Stance\n" + "".join(f"{h},{b},{s}\n" for h, b, s in stances), encoding="utf-8")
    code, err = cli(capsys, "eval", "fnc1", "--data-dir", str(data), "--out", str(tmp_path / "out"))
    assert code == 0, err
    systems = json.loads((tmp_path / "out" / "fnc1_metrics.json").read_text())["systems"]
    assert len(systems) == 1 and next(iter(systems)).startswith("headcheck")

