"""A feed farm on 127.0.0.1 for the watch tests and bench/watch_bench.py: feeds, the articles they link to,
and the ways real feeds misbehave. Nothing here listens on or connects to any address but 127.0.0.1.

`farm()` serves routes from a dict the test changes as it goes (`farm.routes[path] = Route(...)`); every
request is logged with its headers. Feeds answer conditional GETs when their route has an etag. The
articles are fictional, made from a template with a number in them, so that each item has its own page.
"""

from __future__ import annotations

import gzip
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOWNS = ["Millbrook", "Pellingford", "Ashcombe", "Darrowby", "Kestle", "Orrin Bay", "Tallow Cross", "Wenmouth"]


def headline(n: int) -> str:
    return f"{TOWNS[n % len(TOWNS)]} library reopens after flood repairs, number {n}"


def unrelated(n: int) -> str:
    """A headline put over the article of `n` that has nothing to do with it (a feed mixing items up)."""
    return f"Central bank raises interest rates again, say {n} economists"


def paragraphs(n: int) -> list[str]:
    town = TOWNS[n % len(TOWNS)]
    return [
        f"The public library in {town} reopened on Monday, eight months after floodwater filled its ground floor. "
        f"It is library number {n} in the county.",
        f"Head librarian Agnes Okafor said volunteers had dried and catalogued more than {1000 + n} books over the "
        "winter, and that the children's room had been moved upstairs so that it would stay dry in future floods.",
        "The town council paid for new wiring and shelving. Visitors queued outside before the doors opened at nine, "
        "and the first book borrowed was a guide to the river that caused the damage.",
    ]


def article_page(n: int) -> bytes:
    title = headline(n)
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs(n))
    return (f"<!doctype html><html><head><title>{escape(title)} | The County Herald</title></head><body>"
            f"<nav>Home | Local news</nav><article><h1>{escape(title)}</h1>{body}</article></body></html>").encode()


@dataclass
class Item:
    title: str
    link: str | None
    guid: str | None = None
    content: str | None = None


def rss(items: Sequence[Item], title: str = "County Herald (fictional)") -> bytes:
    def one(item: Item) -> str:
        parts = [f"<title>{escape(item.title)}</title>" if item.title else ""]
        if item.link is not None:
            parts.append(f"<link>{escape(item.link)}</link>")
        if item.guid is not None:
            parts.append(f'<guid isPermaLink="false">{escape(item.guid)}</guid>')
        if item.content is not None:
            parts.append(f"<content:encoded><![CDATA[{item.content}]]></content:encoded>")
        return f"<item>{''.join(parts)}</item>"

    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>{escape(title)}</title><link>http://127.0.0.1/</link><description>Local news</description>"
            f"{''.join(one(i) for i in items)}</channel></rss>").encode()


def numbered_items(base: str, numbers: Sequence[int], prefix: str = "") -> list[Item]:
    """Items whose links point at the farm's article pages /article/N."""
    return [Item(headline(n), f"{base}/article/{n}", guid=f"{prefix}item-{n}") for n in numbers]


@dataclass
class Route:
    """What one path answers. `etag`: answer 304 to a matching If-None-Match. `delay_s`: wait before the
    headers. `trickle_s`: send the body a byte at a time with this pause between bytes."""

    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    delay_s: float = 0.0
    trickle_s: float = 0.0
    times: list[int] = field(default_factory=list)  # statuses to answer first, one per request, then `status`


@dataclass
class Request:
    path: str
    method: str
    headers: dict[str, str]
    body: bytes
    at: float  # time.monotonic() when it came in


class Farm:
    def __init__(self, base: str, routes: dict[str, Route]) -> None:
        self.base = base
        self.routes = routes
        self.log: list[Request] = []
        self.lock = threading.Lock()
        self.active = 0
        self.most_active = 0  # the most requests it was answering at once

    def requests(self, path: str) -> list[Request]:
        return [r for r in self.log if r.path == path]

    def add_articles(self, numbers: Sequence[int]) -> None:
        for n in numbers:
            self.routes[f"/article/{n}"] = Route(article_page(n), content_type="text/html; charset=utf-8")

    def feed(self, path: str, items: Sequence[Item], **route: Any) -> str:
        """Serve an RSS feed of `items` at `path` (with an etag, for conditional GET); returns its URL."""
        body = rss(items)
        self.routes[path] = Route(body, etag=route.pop("etag", f'"{hash(body) & 0xFFFFFFFF:x}"'), **route)
        return f"{self.base}{path}"


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean."""

    def _answer(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        farm = self.server.farm
        farm.log.append(Request(self.path, self.command, {k.lower(): v for k, v in self.headers.items()}, body,
                                time.monotonic()))
        with farm.lock:
            farm.active += 1
            farm.most_active = max(farm.most_active, farm.active)
        try:
            self._route()
        finally:
            with farm.lock:
                farm.active -= 1

    def _route(self) -> None:
        route = self.server.farm.routes.get(self.path)
        if route is None:
            self._send(404, b"not found", "text/plain")
            return
        if route.delay_s:
            time.sleep(route.delay_s)
        status = route.times.pop(0) if route.times else route.status
        if route.etag and self.headers.get("if-none-match") == route.etag and status == 200:
            self._send(304, b"", None, {"ETag": route.etag})
            return
        headers = dict(route.headers)
        if route.etag:
            headers["ETag"] = route.etag
        self._send(status, route.body, route.content_type, headers, route.trickle_s)

    do_GET = do_POST = _answer

    def _send(self, status: int, body: bytes, content_type: str | None, headers: dict[str, str] | None = None,
              trickle_s: float = 0.0) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Date", formatdate(usegmt=True))
        self.end_headers()
        try:
            if trickle_s:
                for i in range(len(body)):
                    self.wfile.write(body[i:i + 1])
                    self.wfile.flush()
                    time.sleep(trickle_s)
            else:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    farm: Farm

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up (the watch closes every connection after its answer) is no error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def farm() -> Iterator[Farm]:
    """A feed farm on 127.0.0.1; yields it with its base URL, and stops it afterwards."""
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.farm = Farm(f"http://127.0.0.1:{httpd.server_address[1]}", {})
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.farm
    finally:
        httpd.shutdown()
        httpd.server_close()


def gzip_bomb(megabytes: int) -> bytes:
    """A gzip body that inflates to `megabytes` MB of spaces inside an RSS start tag."""
    return gzip.compress(b"<rss version='2.0'><channel>" + b" " * (megabytes * 1_000_000), compresslevel=9)
