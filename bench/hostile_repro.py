"""Issues 11 and 18 re-run: each hostile case against the CLI, the service and the batch runner, with what it cost.

    nice -n 19 python bench/hostile_repro.py        # about 5 minutes; writes bench/results/hostile.json
    python bench/hostile_repro.py --only issue-18-service   # just those cases, printed, nothing written
    python bench/hostile_repro.py --only issue-18-text      # items 1, 4, 6, 7 and the CLI's part of 8

Hostile servers listen on 127.0.0.1 only, reached through --allow-host 127.0.0.1; every wait is bounded
and everything started here is stopped at the end. RSS is the peak resident set (VmHWM / maxrss) of the
process that did the work; seconds are wall-clock on whatever machine runs this (run it niced on a shared
one, and say so when quoting).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import socket
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from serve_load import children

ROOT = Path(__file__).resolve().parents[1]
HEADCHECK = [sys.executable, "-m", "headcheck.apps.cli"]
BODY = ("The public library in Millbrook reopened on Monday, eight months after floodwater filled its ground floor. "
        "Head librarian Agnes Okafor said volunteers had dried and catalogued more than 12,000 books.")
HEADLINE = "Millbrook library reopens after flood repairs"
PAGE = (f"<html><head><title>{HEADLINE}</title></head><body><article><p>{BODY}</p></article></body></html>").encode()
COOKIES = (b"<html><head><title>Council approves harbour budget</title></head><body><div><p>We use cookies to "
           b"improve your experience. By continuing to browse you agree to our use of cookies.</p></div></body></html>")
RELEASE = threading.Event()
results: list[dict[str, Any]] = []


def bomb(inflated: int) -> bytes:
    inner = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    once = b"".join([*(inner.compress(zeros) for _ in range(inflated // len(zeros))), inner.flush()])
    return gzip.compress(once, 9)


class Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        try:
            path = self.rfile.readline(65536).split(b" ")[1].decode()
            while self.rfile.readline(65536) not in (b"\r\n", b"\n", b""):
                pass
            if path == "/bomb":
                data = self.server.bomb  # type: ignore[attr-defined]
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip, gzip\r\n"
                                 + f"Content-Length: {len(data)}\r\n\r\n".encode() + data)
            elif path == "/slow-headers":  # one byte every 2 s, for at most 70 s
                for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Pad: " + b"a" * 20 + b"\r\n\r\n":
                    if RELEASE.wait(2):
                        return
                    self.wfile.write(bytes([byte]))
            elif path == "/drip-body":  # headers at once, then one byte every 9.5 s, for at most 40 s
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100\r\n\r\n")
                for _ in range(4):
                    if RELEASE.wait(9.5):
                        return
                    self.wfile.write(b"<")
            elif path == "/hold":  # never answers (until released, at most 60 s)
                RELEASE.wait(60)
            elif path in ("/article", "/cookies", "/empty"):
                data = {"/article": PAGE, "/cookies": COOKIES, "/empty": b"<html><body><div></div></body></html>"}[path]
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                                 + f"Content-Length: {len(data)}\r\n\r\n".encode() + data)
        except OSError:
            pass


def record(item: int | str, case: str, **figures: Any) -> None:
    """`item` is issue 11's item number, or "18.N" for issue 18's."""
    results.append({"item": item, "case": case, **figures})
    print(f"{item!s:>4}  {case:<58} {json.dumps(figures)}", flush=True)


def timed_cli(*argv: str, stdin: bytes | None = None) -> tuple[int, str, float, float]:
    """exit code, last stderr line, seconds, peak RSS in MB of `headcheck ARGV`."""
    out = subprocess.run(["/usr/bin/time", "-f", "TIME %e %M", *HEADCHECK, *argv], input=stdin,
                         capture_output=True, timeout=300, cwd=ROOT)
    err = out.stderr.decode("utf-8", "backslashreplace").splitlines()
    seconds, rss_kb = re.search(r"TIME ([\d.]+) (\d+)", err[-1]).groups()  # type: ignore[union-attr]
    message = next((line for line in reversed(err[:-1]) if line.startswith("headcheck:")), "")
    return out.returncode, message, float(seconds), int(rss_kb) / 1024


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024  # type: ignore[union-attr]


def tree_peak_rss_mb(pid: int) -> float:
    """The server's peak RSS plus each check worker's: an upper bound on what they held at once."""
    return sum(peak_rss_mb(process) for process in (pid, *children(pid)))


def serve(port: int, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    server = subprocess.Popen([*HEADCHECK, "serve", "--port", str(port), "--allow-host", "127.0.0.1",
                               "--rate-limit", "off"], stderr=subprocess.PIPE, cwd=ROOT, env=env)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("headcheck serve did not start")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def timed_post(url: str, **options: Any) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = httpx.post(url, timeout=120, **options)
    return response, round(time.monotonic() - started, 3)


def issue_18_service(web: str, work: Path) -> None:
    """Issue 18, items 2, 3 and 8 against `headcheck serve` (41 API keys, one per client), and item 5 in batch."""
    keys = [f"client-{i}" for i in range(41)]
    port = free_port()
    server = serve(port, env={**os.environ, "HEADCHECK_API_KEYS": ",".join(keys)})
    api = f"http://127.0.0.1:{port}"
    small = {"headline": HEADLINE, "body": BODY}
    try:
        # 2. A ~990 KB single-paragraph body, and small checks sent 1.5 s after it, while it runs.
        words = BODY.split()
        large = " ".join(words[i % len(words)] for i in range(990_000 // 7))[:990_000]
        with ThreadPoolExecutor(1) as pool:
            big = pool.submit(timed_post, f"{api}/v1/check", json={"headline": HEADLINE, "body": large},
                              headers={"X-API-Key": keys[0]})
            time.sleep(1.5)
            latencies = [timed_post(f"{api}/v1/check", json=small, headers={"X-API-Key": keys[1]}) for _ in range(5)]
            answered_while_running = not big.done()
            big_response, big_seconds = big.result()
        record("18.2", "serve: 5 small checks while a 990 KB check runs",
               small_statuses=sorted({r.status_code for r, _ in latencies}),
               small_max_s=max(s for _, s in latencies), answered_while_running=answered_while_running,
               large_status=big_response.status_code, large_seconds=big_seconds,
               large_error=big_response.json().get("error"), peak_rss_mb=round(tree_peak_rss_mb(server.pid)))
        # 3. 40 slow URLs in flight, one per client, then a normal URL check from another client.
        with ThreadPoolExecutor(40) as pool:
            slow = [pool.submit(timed_post, f"{api}/v1/check", json={"url": f"{web}/hold"},
                                headers={"X-API-Key": keys[i]}) for i in range(40)]
            time.sleep(1)
            response, seconds = timed_post(f"{api}/v1/check", json={"url": f"{web}/article"},
                                           headers={"X-API-Key": keys[40]})
            ends = sorted(f.result()[1] for f in slow)
        record("18.3", "serve: a URL check with 40 slow fetches in flight", status=response.status_code,
               seconds=seconds, retry_after=response.headers.get("Retry-After"), error=response.json().get("error"),
               slow_statuses=sorted({f.result()[0].status_code for f in slow}), slow_last_s=ends[-1])
        # 3. One client's 20 slow URLs, then another client's normal URL check.
        with ThreadPoolExecutor(20) as pool:
            slow = [pool.submit(timed_post, f"{api}/v1/check", json={"url": f"{web}/hold"},
                                headers={"X-API-Key": keys[0]}) for _ in range(20)]
            time.sleep(1)
            response, seconds = timed_post(f"{api}/v1/check", json={"url": f"{web}/article"},
                                           headers={"X-API-Key": keys[1]})
            statuses = [f.result()[0].status_code for f in slow]
        record("18.3", "serve: one client's 20 slow URLs, another's URL check", status=response.status_code,
               seconds=seconds, first_client_busy=statuses.count(503), first_client_timed_out=statuses.count(502))
        # 8. Bodies FastAPI could not parse, and a page trafilatura discards (it logs the URL).
        for case, payload in [("invalid UTF-8", b'{"headline": "Caf\xe9 opens", "body": "text"}'),
                              ("10,000-level nesting", b"[" * 10_000 + b"]" * 10_000),
                              ("100,000-digit number", b'{"headline": "x", "n": ' + b"7" * 100_000 + b"}")]:
            response, seconds = timed_post(f"{api}/v1/check", content=payload, headers={
                "Content-Type": "application/json", "X-API-Key": keys[0]})
            record("18.8", f"serve: {case}", status=response.status_code, error=response.json()["error"])
        response, _ = timed_post(f"{api}/v1/check", json={"url": f"{web}/empty"}, headers={"X-API-Key": keys[0]})
        record("18.8", "serve: a page trafilatura discards", status=response.status_code,
               error=response.json()["error"])
    finally:
        server.terminate()
        _, err = server.communicate(timeout=60)
    host, lines = web.removeprefix("http://"), err.decode().splitlines()
    record("18.8", "serve: log lines naming a fetched URL", count=sum(host in line for line in lines),
           hidden=sum("[url]" in line for line in lines))

    # 5. Batch: an oversized row whose id comes after its 6 MB body, and a line that is not an object.
    good = json.dumps({"id": "good", "headline": HEADLINE, "body": BODY})
    rows = work / "ids.jsonl"
    rows.write_text("\n".join([good, json.dumps({"headline": HEADLINE, "body": "bridge " * 900_000, "id": "huge"}),
                                "[1, 2]", good.replace("good", "good2")]) + "\n")
    code, _, seconds, rss = timed_cli("batch", str(rows), "-o", str(work / "ids.out.jsonl"), "--workers", "1")
    out = [json.loads(line) for line in (work / "ids.out.jsonl").read_text().splitlines()]
    record("18.5", "batch: a 6 MB row with its id last, and an array line", exit=code, seconds=seconds,
           parent_rss_mb=round(rss), rows_in=4, rows_out=len(out), ids=[r["id"] for r in out],
           errors=[r.get("error") for r in out if "error" in r])


# Issue 18, items 1, 4, 6 and 7: texts as scraped corpora carry them.
SCRAPED = ("Why the title, \x1cThe Adobo Chronicles,\x1d you might ask? The library in Millbrook reopened on Monday "
           "\x7f\u2014 eight months after floodwater filled its ground floor, the council said.")
APP_SHELL = ('<!DOCTYPE html><html><head><title>News</title><script src="app.js"></script></head>'
             '<body><div id="root"></div><script src="app.js"></script></body></html>')


def _paragraph(size: int) -> str:
    """A single paragraph of `size` characters whose sentences carry numbers, dates, names and quotes."""
    sentence = ('On {day} March {year} Mayor Agnes Okafor said the library lent its {n:,}th book, "a record", '
                "and {k} volunteers of the Millbrook council catalogued {m:,} more over {w} weeks. ")
    parts, length, i = [], 0, 0
    while length < size:
        parts.append(sentence.format(day=i % 28 + 1, year=1990 + i % 30, n=1000 + i, k=i % 97, m=i * 13, w=i % 9))
        length += len(parts[-1])
        i += 1
    return "".join(parts)[:size]


def issue_18_text(work: Path) -> None:
    """Issue 18, items 1, 4, 6, 7 and the CLI's part of 8: long bodies, pasted HTML, ordinals with separators,
    stray control characters and invisible characters, on the CLI, in batch and against `headcheck serve`."""
    # 1. Time and memory of long bodies without a line break: prose, and the same without a full stop.
    for name, text in (("1 MB single-paragraph body", _paragraph(1_000_000)),
                       ("1 MB body that is one sentence", _paragraph(1_000_000).replace(". ", ", "))):
        (work / "long.txt").write_text(text)
        for model in ("minilm-nli", "fnc1-features"):
            code, message, seconds, rss = timed_cli("check", "--headline", HEADLINE, "--body-file",
                                                    str(work / "long.txt"), "--model", model)
            record("18.1", f"check: {name}, {model}", exit=code, seconds=seconds, rss_mb=round(rss),
                   message=message)
    (work / "long.jsonl").write_text(json.dumps({"id": "long", "headline": HEADLINE, "body": _paragraph(3_000_000)})
                                     + "\n")
    code, message, seconds, rss = timed_cli("batch", str(work / "long.jsonl"), "-o", str(work / "long.out.jsonl"),
                                            "--workers", "1")
    out = [json.loads(line) for line in (work / "long.out.jsonl").read_text().splitlines()]
    record("18.1", "batch: one 3 MB row, default judge", exit=code, seconds=seconds, parent_rss_mb=round(rss),
           verdicts=[r.get("verdict") for r in out], errors=[r.get("error") for r in out if "error" in r])

    # 4, 6, 7 and 8 on the command line.
    article = f"<html><head><title>x</title></head><body><article><p>{BODY}</p></article></body></html>"
    for item, case, argv in (
        ("18.4", "check --body: an app shell's HTML", ("--headline", "News", "--body", APP_SHELL)),
        ("18.4", "check --body: a page's HTML", ("--headline", HEADLINE, "--body", article)),
        ("18.6", "check: '1,900th' in headline and body", ("--headline", "Okafor lends the 1,900th book", "--body",
                                                           f"{BODY} It was the 1,900th book lent this year.")),
        ("18.7", "check --body: U+001C, U+001D and DEL in the body", ("--headline", HEADLINE, "--body", SCRAPED)),
    ):
        code, message, seconds, _ = timed_cli("check", *argv, "--json", "--model", "fnc1-features")
        record(item, case, exit=code, seconds=seconds, message=message)
    (work / "bidi.json").write_text(json.dumps({"headline": f"Library \u202e{HEADLINE}", "body": BODY}))
    shown = subprocess.run([*HEADCHECK, "check", str(work / "bidi.json"), "--model", "fnc1-features"],
                           capture_output=True, timeout=300, cwd=ROOT).stdout.decode()
    record("18.8", "check: U+202E in a headline, terminal report", raw_override_on_stdout="\u202e" in shown,
           escaped_on_stdout="\\u202e" in shown)
    (work / "nul.txt").write_bytes(f"{HEADLINE}\n{BODY}".encode()[:50] + b"\x00" + BODY.encode())
    code, message, *_ = timed_cli("check", str(work / "nul.txt"))
    record("18.8", "check: a NUL byte in a text file", exit=code, message=message)

    # 4 and 7 in a corpus run and against the service.
    rows = [{"id": "scraped", "headline": HEADLINE, "body": SCRAPED}, {"id": "page", "headline": HEADLINE,
            "body": article}, {"id": "app-shell", "headline": "News", "body": APP_SHELL}]
    (work / "texts.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    code, _, seconds, _ = timed_cli("batch", str(work / "texts.jsonl"), "-o", str(work / "texts.out.jsonl"),
                                    "--model", "fnc1-features", "--workers", "1")
    out = [json.loads(line) for line in (work / "texts.out.jsonl").read_text().splitlines()]
    record("18.7", "batch: stray controls, a page's HTML, an app shell's HTML", exit=code, seconds=seconds,
           outcomes={r["id"]: r.get("error") or r["verdict"] for r in out},
           warnings={r["id"]: r["warnings"] for r in out if "warnings" in r})
    port = free_port()
    server = serve(port)
    try:
        for item, case, body in (("18.4", "serve: an app shell's HTML as the body", APP_SHELL),
                                 ("18.4", "serve: a page's HTML as the body", article),
                                 ("18.7", "serve: U+001C, U+001D and DEL in the body", SCRAPED)):
            response, seconds = timed_post(f"http://127.0.0.1:{port}/v1/check",
                                           json={"headline": HEADLINE, "body": body})
            answer = response.json()
            record(item, case, status=response.status_code, seconds=seconds,
                   **({"error": answer["error"]} if "error" in answer else {"verdict": answer["verdict"],
                                                                              "warnings": answer["warnings"]}))
    finally:
        server.terminate()
        server.communicate(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["issue-18-service", "issue-18-text"],
                        help="run only these cases; print, write nothing")
    only = parser.parse_args().only
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.bomb = bomb(2 << 30)  # type: ignore[attr-defined]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    web = f"http://127.0.0.1:{httpd.server_address[1]}"
    allow = ("--allow-host", "127.0.0.1")
    work = Path(tempfile.mkdtemp(prefix="hostile-"))

    if only == "issue-18-service":
        issue_18_service(web, work)
        RELEASE.set()
        httpd.shutdown()
        return
    if only == "issue-18-text":
        issue_18_text(work)
        httpd.shutdown()
        return

    # -- the fetcher itself, in this process ---------------------------------------------------------------------
    from headcheck.inputs.fetch import fetch

    for path, case in [("/bomb", "fetch: the bomb"), ("/slow-headers", "fetch: headers one byte every 2 s"),
                       ("/drip-body", "fetch: body one byte every 9.5 s")]:
        started = time.monotonic()
        try:
            fetch(f"{web}{path}", allow_hosts=("127.0.0.1",))
            message = "fetched"
        except Exception as exc:
            message = str(exc)
        record(1 if path == "/bomb" else 2, case, seconds=round(time.monotonic() - started, 2), message=message)

    # -- the CLI ------------------------------------------------------------------------------------------------
    code, message, seconds, rss = timed_cli("check", f"{web}/bomb", *allow)
    record(1, f"check: {len(httpd.bomb):,}-byte gzip,gzip bomb (2 GiB)", exit=code, seconds=seconds, rss_mb=round(rss),
           message=message)
    code, message, seconds, rss = timed_cli("check", f"{web}/slow-headers", *allow)
    record(2, "check: headers one byte every 2 s", exit=code, seconds=seconds, message=message)
    code, message, seconds, rss = timed_cli("check", f"{web}/drip-body", *allow)
    record(2, "check: body one byte every 9.5 s", exit=code, seconds=seconds, message=message)
    (work / "surrogate.json").write_text('{"headline": "Mayor \\ud800 resigns", "body": ' + json.dumps(BODY) + "}")
    code, message, *_ = timed_cli("check", str(work / "surrogate.json"))
    record(3, "check: lone surrogate in a .json file", exit=code, message=message)
    (work / "cookies.html").write_bytes(COOKIES)
    code, message, *_ = timed_cli("check", str(work / "cookies.html"))
    record(4, "check: cookie-banner page", exit=code, message=message)
    (work / "deep.json").write_text("[" * 10_000 + "]" * 10_000)
    code, message, *_ = timed_cli("check", str(work / "deep.json"))
    record(7, "check: 10,000-deep array", exit=code, message=message)
    (work / "digits.json").write_text('{"headline": "x", "body": "y", "n": ' + "7" * 5000 + "}")
    code, message, *_ = timed_cli("check", str(work / "digits.json"))
    record(7, "check: 5,000-digit integer", exit=code, message=message)
    code, message, *_ = timed_cli("check", str(work / "evil\x1b]0;pwned\x07.txt"))
    record(9, "check: file name with an OSC escape", exit=code, raw_escape_on_stderr="\x1b" in message,
           message=message)
    (work / "long.txt").write_text("Port Alvera " * 417)
    code, message, *_ = timed_cli("check", str(work / "long.txt"))
    record(12, "check: 5,000-character single line", exit=code, message=message)
    (work / "nul.json").write_text('{"headline": "Port Alvera", "body": "The bridge\\u0000 opened."}')
    code, message, *_ = timed_cli("check", str(work / "nul.json"))
    record(12, "check: NUL in the body", exit=code, message=message)
    (work / "big.txt").write_bytes(b"x" * 6_000_000)
    code, message, *_ = timed_cli("check", str(work / "big.txt"))
    record(12, "check: 6 MB file", exit=code, message=message)
    (work / "fnc1").mkdir()
    (work / "fnc1" / "competition_test_bodies.csv").write_text(f'Body ID,articleBody\n0,"{BODY}"\n')
    (work / "fnc1" / "competition_test_stances.csv").write_text(f"Headline,Body ID,Stance\n{HEADLINE},0,agree\n")
    code, message, *_ = timed_cli("eval", "fnc1", "--data-dir", str(work / "fnc1"), "--out", str(work / "eval"))
    record(13, "eval fnc1 without peer_predictions/", exit=code, message=message)

    # -- batch --------------------------------------------------------------------------------------------------
    good = json.dumps({"id": "good", "headline": HEADLINE, "body": BODY})
    with (work / "rows.jsonl").open("w") as f:
        f.write(good + "\n" + '{"id": "s", "headline": "Mayor \\ud800 resigns", "body": ' + json.dumps(BODY) + "}\n")
        f.write(json.dumps({"id": "types", "headline": 42, "body": {"text": BODY}}) + "\n")
        f.write('{"id": "deep", "body": ' + "[" * 10_000 + "]" * 10_000 + "}\n")
        f.write(json.dumps({"id": "cookies", "url": f"{web}/cookies"}) + "\n" + good.replace("good", "good2") + "\n")
    code, message, seconds, rss = timed_cli("batch", str(work / "rows.jsonl"), "-o", str(work / "rows.out.jsonl"),
                                            "--workers", "1", *allow)
    out = [json.loads(line) for line in (work / "rows.out.jsonl").read_text().splitlines()]
    record(3, "batch: surrogate, wrong types, deep JSON, cookie page rows", exit=code, rows_in=6, rows_out=len(out),
           failed=sum("error" in r for r in out), errors=[r.get("error") for r in out if "error" in r])
    with (work / "huge.jsonl").open("w") as f:
        f.write(good + "\n")
        f.write('{"id": "huge", "headline": "x", "body": "' + "bridge " * 30_000_000 + '"}\n')  # 210 MB
        f.write(good.replace("good", "good2") + "\n")
    code, message, seconds, rss = timed_cli("batch", str(work / "huge.jsonl"), "-o", str(work / "huge.out.jsonl"),
                                            "--workers", "1")
    out = [json.loads(line) for line in (work / "huge.out.jsonl").read_text().splitlines()]
    record(8, "batch: one 210 MB JSONL row between two good ones", exit=code, seconds=seconds,
           parent_rss_mb=round(rss), rows_out=len(out), errors=[r.get("error") for r in out if "error" in r])
    (work / "huge.jsonl").unlink()
    rows = [f'r{i},"{HEADLINE} (day {i})","{BODY}"' for i in range(5)]
    rows[1] = f'r1,"{HEADLINE} (day 1),"{BODY}"'
    (work / "quote.csv").write_text("id,headline,body\n" + "\n".join(rows) + "\n")
    code, message, *_ = timed_cli("batch", str(work / "quote.csv"), "-o", str(work / "quote.out.jsonl"))
    record(5, "batch: CSV whose row 2 opens a quote it never closes", exit=code, message=message)

    issue_18_service(web, work)  # before the service cases below release the slow pages
    issue_18_text(work)

    # -- the service --------------------------------------------------------------------------------------------
    port = free_port()
    server = serve(port)
    api = f"http://127.0.0.1:{port}"
    text = {"headline": HEADLINE, "body": BODY}
    try:
        before = peak_rss_mb(server.pid)
        with ThreadPoolExecutor(2) as pool:
            started = time.monotonic()
            answers = list(pool.map(lambda _: httpx.post(f"{api}/v1/check", json={"url": f"{web}/bomb"}, timeout=120),
                                    range(2)))
        record(1, "serve: two bomb URLs at once", statuses=[a.status_code for a in answers],
               seconds=round(time.monotonic() - started, 2), peak_rss_mb=round(peak_rss_mb(server.pid)),
               rss_before_mb=round(before), error=answers[0].json().get("error"))
        def text_latencies(n: int) -> list[float]:
            latencies = []
            for _ in range(n):
                started = time.monotonic()
                assert httpx.post(f"{api}/v1/check", json=text, timeout=120).status_code == 200
                latencies.append(time.monotonic() - started)
            return latencies

        cuts = statistics.quantiles(text_latencies(100), n=100)
        record(2, "serve: 100 text checks, nothing else running", p50_s=round(cuts[49], 3), p99_s=round(cuts[98], 3))
        with ThreadPoolExecutor(20) as pool:
            slow = [pool.submit(httpx.post, f"{api}/v1/check", json={"url": f"{web}/hold"}, timeout=120)
                    for _ in range(16)]
            time.sleep(1)
            cuts = statistics.quantiles(text_latencies(100), n=100)
            in_flight = sum(not f.done() for f in slow)
            statuses = [f.result().status_code for f in slow]
        record(2, "serve: 100 text checks while 16 slow-URL checks run", p50_s=round(cuts[49], 3),
               p99_s=round(cuts[98], 3), slow_in_flight_at_end=in_flight, slow_statuses=sorted(set(statuses)))
        with ThreadPoolExecutor(2) as pool:
            batch = pool.submit(httpx.post, f"{api}/v1/check/batch", timeout=120,
                                json={"articles": [{"url": f"{web}/hold"} for _ in range(32)]})
            time.sleep(1)
            started = time.monotonic()
            status = httpx.post(f"{api}/v1/check", json=text, timeout=120).status_code
            record(2, "serve: text check behind a batch of 32 unanswered URLs", status=status,
                   seconds=round(time.monotonic() - started, 3), batch_status=batch.result().status_code)
        response = httpx.post(f"{api}/v1/check", content='{"headline": "Mayor \\ud800 resigns", "body": "x"}',
                              headers={"Content-Type": "application/json"})
        record(3, "serve: lone surrogate", status=response.status_code, error=response.json()["error"])
        response = httpx.post(f"{api}/v1/check", json={"url": f"{web}/cookies"})
        record(4, "serve: cookie-banner page", status=response.status_code, error=response.json()["error"])
        response = httpx.post(f"{api}/v1/check", json={"url": "http://news.example/" + "a" * 900_000})
        long_id = httpx.post(f"{api}/v1/check/batch", json={"articles": [{"id": "x" * 8000, "headline": "h",
                                                                          "body": ""}]}).json()["results"][0]
        record(9, "serve: 900 KB URL, 8,000-character id", status=response.status_code,
               error_chars=len(response.json()["error"]), id_chars=len(long_id["id"]))
        docs = {page: httpx.get(f"{api}{page}") for page in ("/docs", "/redoc")}
        external = {page: re.findall(r"""(?:src|href)=["']((?:https?:)?//[^"']+)""", r.text)
                    for page, r in docs.items()}
        record(11, "serve: /docs and /redoc", statuses=[r.status_code for r in docs.values()], external_refs=external)
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n")
            answer = sock.recv(65536)
        record(12, "serve: Content-Length: abc", answer=answer.split(b"\r\n\r\n")[-1].decode()[:120],
               status=int(answer.split()[1]))
    finally:
        RELEASE.set()
        server.terminate()
        _, err = server.communicate(timeout=60)
    url_lines = [line for line in err.decode().splitlines() if "127.0.0.1:" + str(httpd.server_address[1]) in line]
    record(10, "serve: log lines naming a fetched URL", count=len(url_lines))
    httpd.shutdown()
    out = ROOT / "bench" / "results" / "hostile.json"
    out.write_text(json.dumps({"load_average": os.getloadavg(), "results": results}, indent=1) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
