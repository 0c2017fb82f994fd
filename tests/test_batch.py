"""`headcheck batch` on the local engine: formats, resuming, failed rows, bad input, and kill -9 midway."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jsonschema
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from rich.console import Console

import headcheck
from batch_data import BODIES, FRENCH_BODY, HEADLINES, read_jsonl, rows, write_csv, write_jsonl
from headcheck.apps.batch import Summary, run
from headcheck.apps.batch.io import read_records
from headcheck.apps.cli import main
from headcheck.errors import InputError
from headcheck.limits import MAX_INPUT_BYTES
from headcheck.report.flat import FLAT_COLUMNS, flat

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "src/headcheck/report/schema"
REPORT_SCHEMA = json.loads((SCHEMA_DIR / f"report-v{headcheck.SCHEMA.rsplit('/', 1)[1]}.json").read_text())


def quiet_run(*inputs: Path | str, output: Path, **options: Any) -> Summary:
    return run([str(i) for i in inputs], output, console=Console(file=io.StringIO()), **options)


def stored(store: Path) -> list[tuple[str, int, bool]]:
    """(key, attempts, failed) for every stored result."""
    with sqlite3.connect(store) as db:
        return db.execute("SELECT key, attempts, error IS NOT NULL FROM results").fetchall()


def test_jsonl_rows_come_out_in_order_with_reports_and_errors(tmp_path: Path) -> None:
    good = rows(12)
    bad = [
        {"id": "no-body", "headline": "Port Alvera opens bridge", "body": ""},
        {"id": "nothing", "title": "a row without the columns"},
        {"id": 7, "headline": "Port Alvera pont inauguré", "body": FRENCH_BODY},  # numeric id, French body
    ]
    (tmp_path / "in").mkdir()
    write_jsonl(tmp_path / "in" / "a.jsonl", good[:6] + bad)
    write_jsonl(tmp_path / "in" / "b.jsonl", good[6:])
    out = tmp_path / "out.jsonl"
    summary = quiet_run(tmp_path / "in" / "*.jsonl", output=out, workers=1)

    records = read_jsonl(out)
    assert [r["id"] for r in records] == [r["id"] for r in good[:6]] + ["no-body", "nothing", "7"] + [
        r["id"] for r in good[6:]]
    checked = [r for r in records if "error" not in r]
    for record in checked:
        jsonschema.validate(record, REPORT_SCHEMA)  # a checked row is exactly the published report
    errors = {r["id"]: r["error"] for r in records if "error" in r}
    assert errors == {"no-body": "the body is empty: there is no article text under the headline",
                      "nothing": "the row has no headline and body, and no url"}
    french = next(r for r in records if r["id"] == "7")
    assert french["warnings"] and "English" in french["warnings"][0]  # judged, with a warning, not refused
    assert summary.rows == 15 and summary.computed == 15 and summary.failed == 2
    assert sum(summary.verdicts.values()) == 13
    assert {r["verdict"] for r in checked} <= set(summary.verdicts)


OVER_LIMIT = "Port Alvera bridge. " * (MAX_INPUT_BYTES // 20 + 1_000)  # just over the 5 MB input limit


def test_oversized_and_non_object_jsonl_rows_fail_alone_with_their_ids(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 18, item 5: one output row per input line, each with its id where the line has one."""
    good = rows(2)
    lines = [
        json.dumps(good[0]),
        json.dumps({"id": "big-first", "headline": "Port Alvera opens bridge", "body": OVER_LIMIT}),
        json.dumps({"headline": "Port Alvera opens bridge", "body": f'"{OVER_LIMIT}\\', "id": 7}),  # id last
        "[1, 2]",
        '"just a string"',
        '{"id": "deep", "body": ' + "[" * 10_000 + "]" * 10_000 + "}",
        json.dumps(good[1]),
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(source), "-o", str(out), "--workers", "1"]) == 0, capsys.readouterr().err
    records = read_jsonl(out)
    assert [r["id"] for r in records] == ["r0000", "big-first", "7", None, None, "deep", "r0001"]
    errors = [r.get("error") for r in records]
    assert errors[0] is None and errors[-1] is None
    assert re.fullmatch(r"line 2: the row is [\d,]+ bytes, over the 5 MB input limit", errors[1])
    assert re.fullmatch(r"line 3: the row is [\d,]+ bytes, over the 5 MB input limit", errors[2])
    assert errors[3:6] == ["line 4: expected a JSON object, not an array",
                           "line 5: expected a JSON object, not a string",
                           "line 6: invalid JSON: it is nested too deeply"]


def test_an_oversized_csv_row_fails_alone_with_its_id(tmp_path: Path) -> None:
    """A huge quoted cell (line breaks and doubled quotes in it) fails its row, found by the id after it; the
    rows after it are still read, from the right line."""
    huge = OVER_LIMIT.replace(". ", '.\n"quoted" ', 1000)
    source = write_csv(tmp_path / "in.csv", [
        {"headline": HEADLINES["bridge"][0], "body": BODIES["bridge"], "id": "r0"},
        {"headline": HEADLINES["bridge"][1], "body": huge, "id": "r1"},
        {"headline": HEADLINES["storm"][0], "body": BODIES["storm"], "id": "r2"},
    ], ["headline", "body", "id"])
    out = tmp_path / "out.jsonl"
    summary = quiet_run(source, output=out, workers=1)
    records = read_jsonl(out)
    assert [r["id"] for r in records] == ["r0", "r1", "r2"] and summary.failed == 1
    assert re.fullmatch(r"line 5: the row is [\d,]+ characters long, over the 5 MB input limit", records[1]["error"])
    assert "verdict" in records[0] and "verdict" in records[2]


def test_an_oversized_csv_quote_never_closed_refuses_the_file(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(f'id,headline,body\nr0,a,b\nr1,"a,{OVER_LIMIT}\nr2,a,b\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"line 3: a quoted cell that starts here is never closed$"):
        list(read_records(source))


def test_an_oversized_parquet_row_fails_alone_with_its_id(tmp_path: Path) -> None:
    """Parquet keeps each column apart, so a huge body never hides the id; the body limit fails the row."""
    source = tmp_path / "in.parquet"
    table = [rows(1)[0], {"id": "r1", "headline": "h", "body": OVER_LIMIT}, {**rows(2)[1], "id": "r2"}]
    pq.write_table(pa.Table.from_pylist(table), source)
    records = read_jsonl(quiet_run(source, output=tmp_path / "out.jsonl", workers=1).output)
    assert [r["id"] for r in records] == ["r0000", "r1", "r2"]
    length = len(OVER_LIMIT.strip())
    assert records[1]["error"] == f"the body is {length:,} characters long, over the limit of 5,000,000"


def test_every_format_in_and_out_gives_the_same_results(tmp_path: Path) -> None:
    data = rows(16)
    data[0] = {**data[0], "body": data[0]["body"] + "\n\nA second paragraph, after a blank line."}
    store = tmp_path / "store.sqlite"
    first = quiet_run(write_jsonl(tmp_path / "in.jsonl", data), output=tmp_path / "out.jsonl", store=store,
                      workers=1)
    expected = [flat(r) for r in read_jsonl(tmp_path / "out.jsonl")]
    assert first.computed == 16

    write_csv(tmp_path / "in.csv", data, ["id", "headline", "body"])
    pq.write_table(pa.Table.from_pylist([{**r, "id": i} for i, r in enumerate(data)]), tmp_path / "in.parquet")
    from_csv = quiet_run(tmp_path / "in.csv", output=tmp_path / "out.parquet", store=store)
    from_parquet = quiet_run(tmp_path / "in.parquet", output=tmp_path / "out.csv", store=store)

    # the store is keyed by content, not by file or id: the same rows in another format are not checked again
    assert from_csv.computed == 0 and from_parquet.computed == 0
    assert pq.read_table(tmp_path / "out.parquet").to_pylist() == expected
    assert pq.read_table(tmp_path / "out.parquet").schema.field("prob_agree").type == pa.float64()
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as f:
        from_csv_rows = list(csv.DictReader(f))
    assert list(from_csv_rows[0]) == list(FLAT_COLUMNS)
    assert [r["id"] for r in from_csv_rows] == [str(i) for i in range(16)]
    assert [json.loads(r["evidence"]) for r in from_csv_rows] == [json.loads(r["evidence"]) for r in expected]
    assert [float(r["prob_discuss"]) for r in from_csv_rows] == [r["prob_discuss"] for r in expected]


def test_a_second_run_checks_nothing_and_writes_the_same_output(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", rows(20) + rows(3))  # the last three repeat the first three
    out = tmp_path / "out.jsonl"
    first = quiet_run(src, output=out, workers=1)
    output = out.read_bytes()
    second = quiet_run(src, output=out, workers=1)
    assert (first.computed, second.computed) == (23, 0)
    assert out.read_bytes() == output
    results = stored(tmp_path / "out.jsonl.headcheck.sqlite")
    assert len(results) == 20 and {attempts for _, attempts, _ in results} == {1}


class _FlakyServer(ThreadingHTTPServer):
    up = False


class _Handler(BaseHTTPRequestHandler):
    server: _FlakyServer

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean."""

    def do_GET(self) -> None:
        name = self.path.strip("/")
        page = f"<html><head><title>{name} news</title></head><body><article><p>{BODIES[name]}</p></article>"
        body = page.encode() if self.server.up else b"try later"
        self.send_response(200 if self.server.up else 503)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def news_site() -> Iterator[_FlakyServer]:
    httpd = _FlakyServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_failed_rows_are_kept_and_retried_on_request(tmp_path: Path, news_site: _FlakyServer) -> None:
    base = f"http://127.0.0.1:{news_site.server_address[1]}"
    data = [*rows(4), {"id": "u1", "url": f"{base}/bridge"}, {"id": "u2", "url": f"{base}/storm"},
            {"id": "empty", "headline": "", "body": ""}]
    write_csv(tmp_path / "in.csv", data, ["id", "headline", "body", "url"])
    out = tmp_path / "out.jsonl"
    options: dict[str, Any] = {"output": out, "workers": 1, "allow_hosts": ["127.0.0.1"]}

    down = quiet_run(tmp_path / "in.csv", **options)
    errors = {r["id"]: r["error"] for r in read_jsonl(out) if "error" in r}
    assert errors == {"u1": "fetching URL failed: HTTP 503", "u2": "fetching URL failed: HTTP 503",
                      "empty": "the row has no headline and body, and no url"}
    assert down.failed == 3

    news_site.up = True
    again = quiet_run(tmp_path / "in.csv", **options)  # failures are results too: not retried unasked
    assert again.computed == 0 and again.failed == 3

    retried = quiet_run(tmp_path / "in.csv", retry_failed=True, **options)
    records = {r["id"]: r for r in read_jsonl(out)}
    assert retried.computed == 3 and retried.failed == 1
    assert "error" in records["empty"]
    assert records["u1"]["verdict"] and records["u1"]["url"] == f"{base}/bridge"
    assert records["u2"]["headline"] == "storm news"
    assert sorted(attempts for _, attempts, _ in stored(tmp_path / "out.jsonl.headcheck.sqlite")) == [1] * 4 + [2] * 3


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: write_csv(d / "a.csv", rows(2), ["id", "title", "body"]), "needs the columns headline and body"),
        (lambda d: write_jsonl(d / "a.jsonl", [{"title": "x", "text": "y"}]), "needs the columns headline and body"),
        (lambda d: (d / "a.jsonl").write_text('{"headline": "x", "body": "y"}\n{"headline": \n'), "line 2: invalid"),
        (lambda d: (d / "a.jsonl").write_bytes(b'{"headline": "caf\xe9"}\n'), "is not UTF-8"),
        (lambda d: (d / "a.parquet").write_bytes(b"not parquet at all"), "cannot read"),
        (lambda d: (d / "a.jsonl").write_text("\n\n"), "the input has no rows"),
        (lambda d: (d / "a.txt").write_text("headline,body\n"), "unknown input format '.txt'"),
        (lambda d: None, "no file matches"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          make: Any, message: str) -> None:
    make(tmp_path)
    pattern = str(tmp_path / "a.*")
    code = main(["batch", pattern, "-o", str(tmp_path / "out.jsonl"), "--workers", "1"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith("headcheck: error:") and message in err
    assert err.count("\n") == 1
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize(("output", "message"), [("out.xlsx", "unknown output format"),
                                                 ("missing/out.jsonl", "output folder"),
                                                 ("in.jsonl", "is also an input"),
                                                 ("folder.jsonl", "is a directory")])
def test_bad_output_is_refused_before_any_work(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               output: str, message: str) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", rows(2))
    (tmp_path / "folder.jsonl").mkdir()
    code = main(["batch", str(src), "-o", str(tmp_path / output)])
    err = capsys.readouterr().err
    assert code == 1 and message in err and err.count("\n") == 1


def test_a_model_that_cannot_load_stops_the_run_with_its_exit_code(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """The parent only resolves the model; the workers load it, and their failure is reported as one line."""
    model = tmp_path / "model"
    model.mkdir()
    (model / "model.json").write_text('{"name": "half-copied"}')  # its trees are missing
    src = write_jsonl(tmp_path / "in.jsonl", rows(2))
    code = main(["batch", str(src), "-o", str(tmp_path / "out.jsonl"), "--workers", "1", "--model", str(model)])
    assert code == 5
    assert capsys.readouterr().err.splitlines()[-1].startswith(f"headcheck: error: cannot load model from {model}")
    assert not (tmp_path / "out.jsonl").exists()


def _running_in_group(group: int) -> list[int]:
    """Processes of a process group that still run (zombies waiting for a reaper do not)."""
    running = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, _, pgrp = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, IndexError):
            continue
        if int(pgrp) == group and state != "Z":
            running.append(int(stat.parent.name))
    return running


def _count(store: Path) -> int:
    try:
        with sqlite3.connect(store) as db:
            return db.execute("SELECT count(*) FROM results").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet, or busy
        return 0


def test_kill_9_midway_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    data = rows(2000)
    src = write_jsonl(tmp_path / "in.jsonl", data)
    out, store = tmp_path / "out.jsonl", tmp_path / "store.sqlite"
    out.write_text("results of an earlier run\n")
    command = [sys.executable, "-m", "headcheck.apps.cli", "batch", str(src), "-o", str(out), "--store", str(store),
               "--workers", "2", "--chunk-size", "16"]
    with (tmp_path / "stderr.txt").open("w") as stderr:
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while _count(store) == 0:
            assert proc.poll() is None, (tmp_path / "stderr.txt").read_text()
            assert time.monotonic() < deadline, "no result was stored in time"
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        kept = _count(store)
        assert 0 < kept < len(data), "the kill came too late to interrupt the run"
        assert out.read_text() == "results of an earlier run\n"  # replaced only by a finished run
        if Path("/proc/self/stat").exists():  # orphaned workers notice and stop
            deadline = time.monotonic() + 15
            while _running_in_group(proc.pid) and time.monotonic() < deadline:
                time.sleep(0.2)
            assert _running_in_group(proc.pid) == []
    finally:
        if _running_in_group(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)

    resumed = quiet_run(src, output=out, store=store, workers=2, chunk_size=16)
    assert resumed.computed == len(data) - kept  # what was stored is not checked again, the rest is

    reference = tmp_path / "reference.jsonl"
    quiet_run(src, output=reference, workers=1)  # one uninterrupted run, on one worker
    records = read_jsonl(out)
    assert [r["id"] for r in records] == [r["id"] for r in data]  # every id once, in input order
    assert out.read_bytes() == reference.read_bytes()
    results = stored(store)
    assert len(results) == len(data) and {attempts for _, attempts, _ in results} == {1}
