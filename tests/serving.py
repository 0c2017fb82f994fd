"""Real servers on 127.0.0.1 for the server and browser tests, the articles they check, and checkers for
the service's worker processes.

`running(app)` serves a headcheck app with uvicorn on a free loopback port; `web()`
plays the internet with one article page and a redirector. Nothing here listens
on or connects to any address but 127.0.0.1. The articles are fictional.
`GatedChecker` and `FaultyChecker` run in worker processes, so they live in a module the workers can import.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import uvicorn
from fastapi import FastAPI

from headcheck import Checker
from headcheck.apps.serve.app import server_config
from headcheck.errors import MissingExtraError, ModelError, StoreError
from headcheck.inputs import Checkable
from headcheck.limits import CHECK_BATCH_ARTICLES, LARGE_CHECK_CHARS
from headcheck.report import Report

HEADLINE = "Millbrook library reopens after flood repairs"
PARAGRAPHS = [
    "The public library in Millbrook reopened on Monday, eight months after floodwater filled its ground floor.",
    "Head librarian Agnes Okafor said volunteers had dried and catalogued more than 12,000 books over the winter, "
    "and that the children's room had been moved upstairs so that it would stay dry in future floods.",
    "The town council paid for new wiring and shelving. Visitors queued outside before the doors opened at nine, "
    "and the first book borrowed was a guide to the river that caused the damage.",
]
BODY = "\n\n".join(PARAGRAPHS)
OTHER_HEADLINE = "Millbrook library to stay closed until next year"
PAGE = (
    f"<!doctype html><html><head><title>{HEADLINE}</title></head><body><nav>Home | Local news</nav>"
    f"<article><h1>{HEADLINE}</h1>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</article>"
    "</body></html>"
).encode()


@contextmanager
def running(app: FastAPI) -> Iterator[str]:
    """Serve the app on 127.0.0.1 in a thread; yields its base URL and stops it afterwards."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(server_config(app))  # as `headcheck serve` runs it
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()


class _Page(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean."""

    def do_GET(self) -> None:
        if self.path == "/article":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)
        elif self.path.startswith("/to?"):  # an open redirect, as many real sites have
            self.send_response(302)
            self.send_header("Location", self.path.removeprefix("/to?"))
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.send_error(404)


@contextmanager
def web() -> Iterator[str]:
    """A news site on 127.0.0.1: /article, and /to?URL that redirects anywhere."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class GatedChecker(Checker):
    """The shipped model, except that a request with more than LARGE_CHECK_CHARS of text waits at a gate: it
    writes `started` in the gate folder, then waits (60 s at most) until the test writes `open` there. A test
    holds a large check in its worker for as long as it needs, without timing anything."""

    def __init__(self, gate: Path) -> None:
        super().__init__()
        self.gate = gate

    def check_many(self, articles: Iterable[Any], batch_size: int = CHECK_BATCH_ARTICLES) -> Iterator[Report]:
        articles = list(articles)
        if sum(len(a.article.body) for a in articles) > LARGE_CHECK_CHARS:
            (self.gate / "started").touch()
            deadline = time.monotonic() + 60
            while not (self.gate / "open").exists() and time.monotonic() < deadline:
                time.sleep(0.02)
        return super().check_many(articles, batch_size)


FAULTS = {
    "internal": RuntimeError("secret detail from deep inside"),
    "model": ModelError("cannot load ONNX model from /srv/models/stance: the file is truncated"),
    "missing-extra": MissingExtraError("exporting the model needs torch: pip install 'headcheck[train]'"),
    "store": StoreError("cannot use /srv/checks.sqlite as the check history: disk I/O error"),
}


class FaultyChecker(Checker):
    """Loads no model (its workers start fast) and fails every request with the fault its first headline names
    in FAULTS, raised in the worker process as a real fault would be."""

    def __init__(self) -> None:
        self.judge = SimpleNamespace(name="faulty")  # type: ignore[assignment]

    def warm(self) -> None:
        """Nothing was loaded, so nothing is warmed (a check would fail)."""

    def check_many(self, articles: Iterable[Checkable], batch_size: int = CHECK_BATCH_ARTICLES) -> Iterator[Report]:
        raise FAULTS[next(iter(articles)).article.headline]
