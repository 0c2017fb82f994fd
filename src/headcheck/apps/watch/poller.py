"""Polling feeds and reading their items' pages the way a well-behaved crawler does.

- Every request goes through the SSRF-guarded exchange of `headcheck.inputs.fetch` (pages through
  `read_article`, like every other input), with its User-Agent `headcheck/VERSION`.
- One request per host per HOST_INTERVAL_S (or the host's robots.txt Crawl-delay, if longer), however many
  threads fetch: each request first takes the host's next free turn.
- robots.txt is read once per host per ROBOTS_TTL_S with urllib.robotparser and obeyed for feeds and pages.
  As RFC 9309 says, a robots.txt that is missing (4xx) allows everything, one that cannot be read (5xx, no
  answer) allows nothing until it is tried again.
- Feeds are fetched with conditional GET (If-None-Match, If-Modified-Since); a feed served again byte for
  byte is not parsed again either.
- A failure is retried after RETRY_BASE_S, doubling with each failure in a row up to MAX_RETRY_S, or after
  the server's Retry-After if that is longer; a host's Retry-After also holds back its other requests.
"""

from __future__ import annotations

import hashlib
import threading
import time
import urllib.robotparser
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from headcheck.apps.watch.feeds import parse, read_feed_file
from headcheck.apps.watch.store import FeedState, Item, NewItem, PollRecord
from headcheck.errors import FetchError, HeadcheckError, InputError, shown
from headcheck.inputs import Checkable, File, Listed, Url, read_article
from headcheck.inputs.fetch import Response, request, retry_after_s
from headcheck.limits import (
    FETCH_TIMEOUT_S,
    MAX_CRAWL_DELAY_S,
    MAX_FEED_BYTES,
    MAX_PAGE_ATTEMPTS,
    MAX_RETRY_AFTER_S,
    MAX_RETRY_S,
    MAX_ROBOTS_BYTES,
    RETRY_BASE_S,
    ROBOTS_TTL_S,
)

ROBOTS_AGENT = "headcheck"  # the token robots.txt rules name
_FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, "
                "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.1")


class Stopped(Exception):
    """The watcher is stopping: a request still waiting for its turn is not made."""


def backoff_s(failures: int, retry_after: float | None = None) -> float:
    """Seconds until the next try after `failures` failures in a row (1 or more)."""
    delay = min(RETRY_BASE_S * 2 ** min(failures - 1, 30), MAX_RETRY_S)
    return max(delay, min(retry_after, MAX_RETRY_AFTER_S)) if retry_after else delay


def is_file(feed: str) -> bool:
    """Feeds and links are URLs (with a scheme) or, from feed files, absolute paths."""
    return "://" not in feed


@dataclass(slots=True)
class _Robots:
    rules: urllib.robotparser.RobotFileParser | None  # None: everything allowed
    allow_all: bool
    until: float


class Polite:
    """Turns per host, robots.txt per host, and the fetches themselves; shared by the fetching threads."""

    def __init__(self, allow_hosts: Collection[str], host_interval_s: float, stop: threading.Event,
                 timeout_s: float = FETCH_TIMEOUT_S) -> None:
        self.allow_hosts = tuple(allow_hosts)
        self.host_interval_s = host_interval_s
        self.timeout_s = timeout_s
        self.stop = stop
        self._lock = threading.Lock()
        self._next_turn: dict[str, float] = {}
        self._delay: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, threading.Lock] = {}

    def _turn(self, url: str) -> None:
        """Wait for this host's next free turn (taking it), or raise Stopped if the watcher stops meanwhile."""
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_turn.get(host, now))
            self._next_turn[host] = slot + max(self.host_interval_s, self._delay.get(host, 0.0))
        if self.stop.wait(slot - now) if slot > now else self.stop.is_set():
            raise Stopped

    def hold_back(self, url: str, seconds: float) -> None:
        """A host that answered Retry-After gets no request from us until then."""
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            now = time.monotonic()
            self._next_turn[host] = max(self._next_turn.get(host, now), now + min(seconds, MAX_RETRY_AFTER_S))

    def allowed(self, url: str) -> bool:
        """Whether the host's robots.txt lets headcheck fetch `url` (read first if not known or stale)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        with self._lock:
            origin_lock = self._robots_locks.setdefault(origin, threading.Lock())
        with origin_lock:  # one thread reads a host's robots.txt; the others wait for it
            robots = self._robots.get(origin)
            if robots is None or robots.until < time.monotonic():
                robots = self._robots[origin] = self._read_robots(origin)
        if robots.rules is None:
            return robots.allow_all
        return robots.rules.can_fetch(ROBOTS_AGENT, url)

    def _read_robots(self, origin: str) -> _Robots:
        self._turn(origin)
        try:
            response = request(f"{origin}/robots.txt", allow_hosts=self.allow_hosts, timeout=self.timeout_s,
                               max_bytes=MAX_ROBOTS_BYTES)
        except HeadcheckError:
            return _Robots(None, False, time.monotonic() + RETRY_BASE_S)
        if 400 <= response.status < 500:
            return _Robots(None, True, time.monotonic() + ROBOTS_TTL_S)
        if not 200 <= response.status < 300:
            return _Robots(None, False, time.monotonic() + RETRY_BASE_S)
        rules = urllib.robotparser.RobotFileParser()
        rules.parse(response.body.decode("utf-8", "replace").splitlines())
        delay = rules.crawl_delay(ROBOTS_AGENT)
        if delay:
            with self._lock:
                self._delay[(urlsplit(origin).hostname or "").lower()] = min(float(delay), MAX_CRAWL_DELAY_S)
        return _Robots(rules, True, time.monotonic() + ROBOTS_TTL_S)

    def get(self, url: str, headers: dict[str, str], max_bytes: int) -> Response:
        """A polite GET: robots.txt obeyed, the host's turn taken."""
        if not self.allowed(url):
            raise InputError(f"robots.txt of {shown(urlsplit(url).hostname)} does not allow headcheck to fetch it")
        self._turn(url)
        response = request(url, headers=headers, allow_hosts=self.allow_hosts, timeout=self.timeout_s,
                           max_bytes=max_bytes)
        if response.status in (429, 503) and (wait := retry_after_s(response.headers)):
            self.hold_back(url, wait)
        return response

    def page(self, item: Item) -> Checkable:
        """An item's article: its full text from the feed, or its page (fetched politely) or file."""
        if item.text is not None:
            return read_article(Listed(item.feed_title, text=item.text, id=item.id, url=item.link), english="warn")
        assert item.link is not None  # feeds.parse keeps no item without a link or a text
        if is_file(item.link):
            return read_article(Listed(item.feed_title, File(item.link), id=item.id), english="warn")
        if not self.allowed(item.link):
            raise InputError("robots.txt does not allow headcheck to fetch the page")
        self._turn(item.link)
        try:
            return read_article(Listed(item.feed_title, Url(item.link), id=item.id), english="warn",
                                allow_hosts=self.allow_hosts)
        except FetchError as exc:
            if exc.retry_after_s:
                self.hold_back(item.link, exc.retry_after_s)
            raise


def poll(feed: FeedState, polite: Polite, interval_s: float, now: float) -> tuple[PollRecord, list[NewItem]]:
    """Fetch and read one feed; whatever goes wrong becomes the record's error and its retry time."""
    try:
        return _poll(feed, polite, interval_s, now)
    except Stopped:
        raise
    except HeadcheckError as exc:
        retry_after = exc.retry_after_s if isinstance(exc, FetchError) else None
        return PollRecord("error", now + backoff_s(feed.failures + 1, retry_after), note=str(exc)), []
    except Exception as exc:  # a parser's bug on hostile input must not stop the other feeds
        note = f"internal error reading the feed: {type(exc).__name__}: {shown(exc)}"
        return PollRecord("error", now + backoff_s(feed.failures + 1), note=note), []


def _poll(feed: FeedState, polite: Polite, interval_s: float, now: float) -> tuple[PollRecord, list[NewItem]]:
    etag = modified = None
    if is_file(feed.url):
        data = read_feed_file(Path(feed.url))
    else:
        headers = {"Accept": _FEED_ACCEPT}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        response = polite.get(feed.url, headers, MAX_FEED_BYTES)
        if response.status == 304:
            return PollRecord("unchanged", now + interval_s), []
        if not 200 <= response.status < 300:
            raise FetchError(f"the feed answered HTTP {response.status}",
                             retry_after_s=retry_after_s(response.headers))
        data = response.body
        etag, modified = response.headers.get("etag"), response.headers.get("last-modified")
    digest = hashlib.sha256(data).hexdigest()
    if digest == feed.body_hash:
        return PollRecord("unchanged", now + interval_s, etag=etag, last_modified=modified), []
    folder = Path(feed.url).parent if is_file(feed.url) else None
    parsed = parse(data, feed.url, folder=folder)
    items = [NewItem(e.guid, e.title, e.link, e.text, n) for n, e in enumerate(parsed.entries)]
    note = "; ".join(parsed.notes) or None
    return PollRecord("ok", now + interval_s, parsed.title, etag, modified, digest, note), items


def retry_at(item: Item, error: HeadcheckError, now: float) -> float | None:
    """When to fetch a failed item's page again; None to give it up. Refused or unreadable input (an
    InputError: a private address, robots.txt, no article text) will not change by trying again."""
    if isinstance(error, InputError) or item.attempts + 1 >= MAX_PAGE_ATTEMPTS:
        return None
    return now + backoff_s(item.attempts + 1, error.retry_after_s if isinstance(error, FetchError) else None)
