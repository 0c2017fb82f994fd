"""The watch loop: poll the feeds that are due, read the pages of their new items, check them, record each
check with its alert in one transaction, print the lines, POST the alerts; then again when the next feed is due.

Feeds, pages and webhooks are fetched on WATCH_FETCH_THREADS threads (the Polite rules hold across them);
the Checker, CPU-bound, runs on the calling thread, each time on all the pages read meanwhile, so that its
batches grow when pages come faster than it checks them. At most WATCH_ITEMS_IN_FLIGHT pages are being
fetched or wait for the Checker at once, however many items the feeds hold. Every failure of a feed, a page
or a webhook is recorded in the store with its next try, and the loop goes on with the others.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, fields
from typing import Any, Protocol, TextIO

from headcheck.apps.watch.alerts import line, post, write_line
from headcheck.apps.watch.poller import Polite, Stopped, poll, retry_at
from headcheck.apps.watch.store import Checked, Delivery, FeedState, Item, NewItem, PollRecord, Store, new_owner
from headcheck.errors import FetchError, HeadcheckError, InputError, shown
from headcheck.inputs import Checkable
from headcheck.limits import (
    FETCH_TIMEOUT_S,
    HOST_INTERVAL_S,
    MAX_WEBHOOK_ATTEMPTS,
    MAX_WEBHOOK_RETRY_S,
    WATCH_FETCH_THREADS,
    WATCH_INTERVAL_S,
    WATCH_ITEMS_IN_FLIGHT,
    WEBHOOK_RETRY_BASE_S,
    WEBHOOK_TRIES_PER_RUN,
)
from headcheck.report import Report

_WAKE_S = 0.5  # how often a waiting loop looks at the stop flag
_MIN_SLEEP_S = 1.0  # between two rounds, however soon something is due


class Checks(Protocol):
    """What the watch needs of a Checker (headcheck.Checker is one): reports for articles, in order."""

    def check_many(self, articles: list[Checkable]) -> Iterator[Report]: ...


@dataclass(frozen=True, slots=True)
class Options:
    """What `headcheck watch` was asked to do; feeds are URLs or absolute paths of feed files."""

    feeds: tuple[str, ...]
    once: bool = False
    interval_s: float = WATCH_INTERVAL_S
    alert_on: frozenset[str] = frozenset({"misleading"})
    webhook: str | None = None
    allow_hosts: tuple[str, ...] = ()
    json: bool = False
    host_interval_s: float = HOST_INTERVAL_S
    fetch_timeout_s: float = FETCH_TIMEOUT_S  # a feed's or robots.txt's whole fetch


@dataclass(slots=True)
class Tally:
    """What a round did, for the summary line."""

    polled: int = 0
    unchanged: int = 0
    failed_feeds: int = 0
    new_items: int = 0
    checked: int = 0
    alerts: int = 0
    failed_pages: int = 0
    sent: int = 0

    def add(self, other: Tally) -> None:
        for counter in fields(self):
            setattr(self, counter.name, getattr(self, counter.name) + getattr(other, counter.name))

    def __str__(self) -> str:
        parts = [f"polled {self.polled} feed{'s' * (self.polled != 1)} ({self.unchanged} unchanged, "
                 f"{self.failed_feeds} failed)", f"{self.new_items} new items",
                 f"checked {self.checked} ({self.alerts} alerts)"]
        if self.failed_pages:
            parts.append(f"{self.failed_pages} pages failed")
        if self.sent:
            parts.append(f"{self.sent} webhooks sent")
        return ", ".join(parts)


@dataclass(slots=True)
class _Round:
    """The work of one round in flight: futures by kind, pages read and waiting for the Checker."""

    tally: Tally = field(default_factory=Tally)
    running: dict[Future[Any], tuple[str, Any]] = field(default_factory=dict)
    ready: list[tuple[Item, Checkable]] = field(default_factory=list)
    more_items: bool = True  # the store may hold items to claim

    def pages_running(self) -> int:
        return sum(kind == "page" for kind, _ in self.running.values())


class Watcher:
    """Runs the watch over one store; `stop` ends it cleanly (SIGTERM, Ctrl-C), between two steps."""

    def __init__(self, options: Options, store: Store, checker: Checks, *, log: Callable[[str], None],
                 stop: threading.Event | None = None, out: TextIO | None = None) -> None:
        self.options = options
        self.store = store
        self.checker = checker
        self.log = log
        self.stop = stop or threading.Event()
        self.out = out
        self.owner = new_owner()
        self.polite = Polite(options.allow_hosts, options.host_interval_s, self.stop, options.fetch_timeout_s)

    def run(self) -> Tally:
        total = Tally()
        self.store.add_feeds(self.options.feeds, time.time())
        pool = ThreadPoolExecutor(WATCH_FETCH_THREADS, thread_name_prefix="headcheck-watch")
        try:
            self._print_lines()  # what a killed run had checked but not printed
            while not self.stop.is_set():
                tally = self._round(pool)
                total.add(tally)
                self.log(str(tally))
                if self.options.once:
                    total.sent += self._last_deliveries(pool)
                    break
                self._sleep()
        finally:
            self.stop.set()  # threads waiting for a host's turn give up
            pool.shutdown(wait=True, cancel_futures=True)
            self.store.release(self.owner)
        return total

    def _round(self, pool: ThreadPoolExecutor) -> Tally:
        work = _Round()
        now = time.time()
        feeds = self.store.claim_feeds(self.owner, self.options.feeds, now, backoff_only=self.options.once)
        if (skipped := len(self.options.feeds) - len(feeds)) and self.options.once:
            self.log(f"{skipped} feed{'s' * (skipped != 1)} not polled: backing off after errors, "
                     "or being polled by another watcher")
        for feed in feeds:
            work.running[pool.submit(poll, feed, self.polite, self.options.interval_s, now)] = ("feed", feed)
        self._claim_items(pool, work)
        self._start_deliveries(pool, work)
        while work.running or work.ready:
            if work.running:
                done, _ = wait(work.running, timeout=_WAKE_S, return_when=FIRST_COMPLETED)
                for future in done:
                    kind, what = work.running.pop(future)
                    self._finish(kind, what, future, work)
            if work.ready:  # whatever is ready: the threads fetch on while the Checker works through it
                self._check(work)
                self._print_lines()
                self._start_deliveries(pool, work)
            if self.stop.is_set():
                break
            self._claim_items(pool, work)
        return work.tally

    def _claim_items(self, pool: ThreadPoolExecutor, work: _Round) -> None:
        room = WATCH_ITEMS_IN_FLIGHT - work.pages_running() - len(work.ready)
        if room <= 0 or not work.more_items or self.stop.is_set():
            return
        items = self.store.claim_items(self.owner, self.options.feeds, time.time(), room)
        work.more_items = len(items) == room
        for item in items:
            work.running[pool.submit(self.polite.page, item)] = ("page", item)

    def _finish(self, kind: str, what: Any, future: Future[Any], work: _Round) -> None:
        try:
            result = future.result()
        except Stopped:
            return
        except Exception as exc:
            error = exc if isinstance(exc, HeadcheckError) else FetchError(
                f"internal error: {type(exc).__name__}: {shown(exc)}")
            if kind == "page":
                self._page_failed(what, error, work)
            else:
                self._delivered(what, error, work)
            return
        if kind == "feed":
            self._polled(what, *result, work)
        elif kind == "page":
            work.ready.append((what, result))
        else:
            self._delivered(what, None, work)

    def _polled(self, feed: FeedState, record: PollRecord, items: list[NewItem], work: _Round) -> None:
        new = self.store.record_poll(self.owner, feed.url, time.time(), record, items)
        work.tally.polled += 1
        work.tally.unchanged += record.status == "unchanged"
        work.tally.new_items += new
        if record.status == "error":
            work.tally.failed_feeds += 1
            self.log(f"feed {shown(feed.url)}: {record.note} (next try {_clock(record.next_poll)})")
        elif record.note:
            self.log(f"feed {shown(feed.url)}: {record.note}")
        work.more_items = work.more_items or new > 0

    def _page_failed(self, item: Item, error: HeadcheckError, work: _Round) -> None:
        next_try = retry_at(item, error, time.time())
        self.store.record_failure(self.owner, item.id, str(error), next_try)
        work.tally.failed_pages += 1
        then = "given up" if next_try is None else f"next try {_clock(next_try)}"
        self.log(f"item {shown(item.link or item.guid)}: {error} ({then})")

    def _check(self, work: _Round) -> None:
        """Check the pages read so far and record each check with its alert (one transaction for them all)."""
        batch, work.ready = work.ready, []
        started = time.perf_counter()
        reports = self._reports([checkable for _, checkable in batch])
        latency = (time.perf_counter() - started) / len(batch)
        now = time.time()
        checks: list[Checked] = []
        for (item, checkable), report in zip(batch, reports, strict=True):
            if isinstance(report, Exception):
                self._page_failed(item, FetchError(f"internal error: {type(report).__name__}: {shown(report)}"),
                                  work)
                continue
            alert = report.verdict in self.options.alert_on
            checks.append(Checked(item.id, now, latency, report.verdict, checkable.own_headline,
                                  report.to_json(indent=None), alert, self.options.json or alert,
                                  self.options.webhook if alert else None))
        recorded = set(self.store.record_checks(self.owner, checks))
        work.tally.checked += len(recorded)
        work.tally.alerts += sum(check.alert for check in checks if check.item_id in recorded)

    def _reports(self, checkables: list[Checkable]) -> list[Report | Exception]:
        """Reports in order; should the Checker fail on the batch, each article alone, so one cannot sink all."""
        try:
            return list(self.checker.check_many(checkables))
        except Exception:
            results: list[Report | Exception] = []
            for checkable in checkables:
                try:
                    results.append(next(iter(self.checker.check_many([checkable]))))
                except Exception as exc:
                    results.append(exc)
            return results

    def _print_lines(self) -> None:
        """Print the lines due (ours, or a stopped watcher's), each marked printed as soon as it is written."""
        for item in self.store.claim_lines(self.owner, self.options.feeds, time.time()):
            write_line(line(item), self.out)
            self.store.mark_printed(self.owner, item.id)

    def _start_deliveries(self, pool: ThreadPoolExecutor, work: _Round) -> None:
        webhook = self.options.webhook
        if webhook is None or self.stop.is_set():
            return
        for delivery, item in self.store.claim_deliveries(webhook, time.time(), WATCH_FETCH_THREADS):
            work.running[pool.submit(post, webhook, item, self.options.allow_hosts)] = ("delivery", delivery)

    def _delivered(self, delivery: Delivery, error: HeadcheckError | None, work: _Round) -> None:
        if error is None:
            self.store.record_delivery(delivery.item_id, error=None, next_try=None)
            work.tally.sent += 1
            return
        attempts = delivery.attempts + 1
        next_try = None
        if attempts < MAX_WEBHOOK_ATTEMPTS and not isinstance(error, InputError):  # a refused URL stays refused
            delay = min(WEBHOOK_RETRY_BASE_S * 2 ** (attempts - 1), MAX_WEBHOOK_RETRY_S)
            retry_after = error.retry_after_s if isinstance(error, FetchError) else None
            next_try = time.time() + max(delay, min(retry_after or 0.0, MAX_WEBHOOK_RETRY_S))
        self.store.record_delivery(delivery.item_id, error=str(error), next_try=next_try)
        then = "given up" if next_try is None else f"next try {_clock(next_try)}"
        self.log(f"webhook for item {delivery.item_id}: {error} ({then})")

    def _last_deliveries(self, pool: ThreadPoolExecutor) -> int:
        """A --once run waits out a few quick retries of its webhooks, then leaves the rest for the next run."""
        webhook = self.options.webhook
        if webhook is None:
            return 0
        longest_wait = WEBHOOK_RETRY_BASE_S * 2 ** WEBHOOK_TRIES_PER_RUN
        sent = 0
        for _ in range(WEBHOOK_TRIES_PER_RUN):
            due = self.store.next_delivery(webhook)
            if due is None or due - time.time() > longest_wait or self.stop.wait(max(due - time.time(), 0.0)):
                break
            work = _Round(more_items=False)
            self._start_deliveries(pool, work)
            while work.running:
                done, _ = wait(work.running, return_when=FIRST_COMPLETED)
                for future in done:
                    kind, what = work.running.pop(future)
                    self._finish(kind, what, future, work)
            sent += work.tally.sent
        return sent

    def _sleep(self) -> None:
        due = [self.store.next_due(self.options.feeds)]
        if self.options.webhook:
            due.append(self.store.next_delivery(self.options.webhook))
        soonest = min((d for d in due if d is not None), default=time.time() + self.options.interval_s)
        self.stop.wait(min(max(soonest - time.time(), _MIN_SLEEP_S), self.options.interval_s))


def _clock(at: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(at))
