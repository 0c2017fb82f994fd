"""The watch's store: feeds, items, checks and alerts, in SQLite (a file) or PostgreSQL (a postgresql:// URL).

SQLite needs nothing installed and suits one watcher; PostgreSQL (psycopg 3, the `watch` extra) lets several
watchers and `headcheck serve` replicas share one store. The SQL is written once, with `?` placeholders and
portable types, and both run it.

What makes it lose nothing:
- an item is inserted when its feed is polled (its id is a hash of feed and guid, so a re-poll adds nothing);
- a watcher *claims* what it works on (a feed, an item, a webhook) by a compare-and-set on the claim columns,
  so two watchers never check one item; a claim ends when its holder records the work, when it expires
  (CLAIM_S), or at once when its holder was a process on this machine that no longer runs (kill -9);
- an item's check and its alert are written in one transaction, and the line to print is marked pending in
  it; the watcher prints pending lines and then marks each printed. A kill between the two transactions
  leaves the line pending, printed after the restart; only a kill between writing a line and committing its
  mark (a disk sync) prints it again, and each line carries its item id for a consumer to drop it.
SQLite runs in WAL mode with synchronous=FULL: a committed transaction survives kill -9 and power loss.

The schema is versioned (table watch_schema); `_MIGRATIONS` brings any older store up to date on opening,
and a store written by a newer headcheck is refused rather than misread.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from headcheck._sqlite import connect
from headcheck.errors import MissingExtraError, StoreError, shown
from headcheck.limits import CLAIM_S, STORE_LOCK_WAIT_S, STORE_LOOKUP_KEYS

# Each migration is a list of statements; {real} and {int} become each database's own types.
_MIGRATIONS: list[list[str]] = [
    [  # 1: feeds, items (with their checks) and alerts
        """CREATE TABLE watch_feeds (
            url TEXT PRIMARY KEY,          -- a URL, or the absolute path of a feed file
            title TEXT,
            added {real} NOT NULL,
            etag TEXT,                     -- for the next conditional GET
            last_modified TEXT,
            body_hash TEXT,                -- a feed served again unchanged is not parsed again
            last_poll {real},
            last_status TEXT,              -- ok, unchanged or error
            last_error TEXT,               -- why the last poll failed, or what it had to skip
            next_poll {real} NOT NULL DEFAULT 0,
            failures {int} NOT NULL DEFAULT 0,   -- failed polls in a row: the backoff's exponent
            polls {int} NOT NULL DEFAULT 0,
            poll_errors {int} NOT NULL DEFAULT 0,
            claimed_by TEXT,
            claimed_until {real}
        )""",
        """CREATE TABLE watch_items (
            id TEXT PRIMARY KEY,           -- item_id(feed, guid)
            feed TEXT NOT NULL REFERENCES watch_feeds (url),
            guid TEXT NOT NULL,
            link TEXT,                     -- the page's URL, or a file's absolute path (feed files only)
            feed_title TEXT NOT NULL,      -- the headline as the feed shows it
            text TEXT,                     -- the full text the feed carries, if any
            first_seen {real} NOT NULL,
            position {int} NOT NULL DEFAULT 0,   -- its place in the feed when first seen
            state TEXT NOT NULL DEFAULT 'new',   -- new, checked or failed
            attempts {int} NOT NULL DEFAULT 0,   -- failed fetches of the page
            next_try {real} NOT NULL DEFAULT 0,
            error TEXT,
            checked_at {real},
            latency_s {real},
            verdict TEXT,
            page_title TEXT,
            report TEXT,                   -- the report as JSON (schema headcheck.report/2)
            line_pending {int} NOT NULL DEFAULT 0,   -- its line is yet to be printed
            claimed_by TEXT,
            claimed_until {real}
        )""",
        "CREATE INDEX watch_items_new ON watch_items (state, next_try)",
        """CREATE TABLE watch_alerts (
            item_id TEXT PRIMARY KEY REFERENCES watch_items (id),
            created {real} NOT NULL,
            verdict TEXT NOT NULL,
            webhook TEXT,                  -- where it is POSTed; NULL when there is no webhook
            webhook_state TEXT,            -- pending, sent or failed
            webhook_attempts {int} NOT NULL DEFAULT 0,
            webhook_next_try {real},
            webhook_error TEXT
        )""",
    ],
    [  # 2: what GET /v1/watch/items filters and pages by
        "CREATE INDEX watch_items_checked ON watch_items (checked_at, id)",
        "CREATE INDEX watch_items_feed_checked ON watch_items (feed, checked_at, id)",
    ],
]
SCHEMA_VERSION = len(_MIGRATIONS)
_TYPES = {"sqlite": {"real": "REAL", "int": "INTEGER"}, "postgresql": {"real": "DOUBLE PRECISION", "int": "BIGINT"}}
_HOST = socket.gethostname()


def item_id(feed: str, guid: str) -> str:
    """Stable across polls, watchers and restarts; a hash, so a guid of any length or content makes a safe key."""
    return hashlib.sha256(f"{feed}\n{guid}".encode("utf-8", "surrogatepass")).hexdigest()[:32]


def new_owner() -> str:
    """Who holds a claim: this host and process (to tell a killed one), and a random part (pid reuse)."""
    return f"{_HOST}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _take(tx: Any, rows: Sequence[Sequence[Any]], owner: str, now: float, limit: int, *,
          lines: bool = False) -> list[Item]:
    """Claim for `owner` up to `limit` of `rows` (item columns, then its holder and claim end) whose claim
    can be taken (`_released`), each by compare-and-set on its holder; `lines`: claims of lines to print,
    which `owner` may already hold."""
    taken: list[Item] = []
    for row in rows:
        if len(taken) >= limit:
            break
        holder, until = row[-2:]
        if _released(holder, until, now, owner if lines else None):
            tx.run("UPDATE watch_items SET claimed_by = ?, claimed_until = ? WHERE id = ? AND claimed_by IS NOT "
                   "DISTINCT FROM ?" + (" AND line_pending = 1" if lines else ""),
                   (owner, now + CLAIM_S, row[0], holder))
            if tx.rowcount:
                taken.append(_item(row[:-2]))
    return taken


def _released(owner: str | None, until: float | None, now: float, me: str | None = None) -> bool:
    """A claim can be taken when there is none, it expired, its process on this host is gone, or it is `me`'s
    (only for lines: a feed or an item `me` holds is being worked on)."""
    if owner is None or owner == me or until is None or until < now:
        return True
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != _HOST or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True  # killed, or ended without giving its claims back
    except PermissionError:  # another user's process: alive
        pass
    return False


def redacted(target: str) -> str:
    """The store's name for messages: a PostgreSQL URL without its password."""
    if "://" not in target:
        return shown(target)
    scheme, _, rest = target.partition("://")
    credentials, at, place = rest.rpartition("@")
    user = credentials.partition(":")[0]
    return shown(f"{scheme}://{user}{at}{place}" if at else target)


def is_postgres(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


class _Cursor(Protocol):
    rowcount: int

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class _Tx:
    """One transaction: `run` executes a statement written with `?` placeholders and returns its rows."""

    def __init__(self, cursor: _Cursor, dialect: str) -> None:
        self._cursor = cursor
        self._dialect = dialect
        self.rowcount = 0  # rows the last statement changed

    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if self._dialect == "postgresql":
            sql = sql.replace("?", "%s")
        cursor = self._cursor.execute(sql, params) or self._cursor
        self.rowcount = cursor.rowcount
        return [tuple(row) for row in cursor.fetchall()] if cursor.description else []


class _Database:
    """A connection to either database, used by one thread at a time."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.dialect = "postgresql" if is_postgres(target) else "sqlite"
        self._lock = threading.Lock()
        self._errors: tuple[type[Exception], ...]
        if self.dialect == "postgresql":
            try:
                import psycopg
            except ImportError:
                raise MissingExtraError("a PostgreSQL store needs psycopg: pip install 'headcheck[watch]'") from None
            self._errors = (psycopg.Error,)
            try:
                self._conn: Any = psycopg.connect(target, autocommit=True, connect_timeout=10)
            except psycopg.Error as exc:
                raise StoreError(f"cannot connect to the store {redacted(target)}: {_first_line(exc)}") from None
        else:
            self._errors = (sqlite3.Error,)
            self._conn = connect(Path(target), "the watch store", ["PRAGMA synchronous=FULL"], isolation_level=None,
                                 check_same_thread=False, timeout=STORE_LOCK_WAIT_S)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[_Tx]:
        """SQLite takes the write lock at BEGIN (IMMEDIATE), so two writers queue instead of deadlocking."""
        with self._lock:
            try:
                if self.dialect == "postgresql":
                    with self._conn.transaction(), self._conn.cursor() as cursor:
                        yield _Tx(cursor, self.dialect)
                else:
                    cursor = self._conn.cursor()
                    cursor.execute("BEGIN IMMEDIATE")
                    try:
                        yield _Tx(cursor, self.dialect)
                    except BaseException:
                        cursor.execute("ROLLBACK")
                        raise
                    cursor.execute("COMMIT")
            except self._errors as exc:
                raise StoreError(f"the watch store {redacted(self.target)} failed: {_first_line(exc)}") from None

    def close(self) -> None:
        with self._lock, contextlib.suppress(*self._errors):
            self._conn.close()


def _first_line(exc: Exception) -> str:
    return shown(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)


@dataclass(frozen=True, slots=True)
class FeedState:
    """What a poll needs to know of a feed: its validators and how many polls failed in a row."""

    url: str
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    failures: int


@dataclass(frozen=True, slots=True)
class NewItem:
    """An item as a poll found it."""

    guid: str
    feed_title: str
    link: str | None
    text: str | None
    position: int


@dataclass(frozen=True, slots=True)
class PollRecord:
    """A poll's result, as recorded: `status` ok, unchanged or error; `note` the error or what was skipped."""

    status: str
    next_poll: float
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """An item as stored (the report as JSON when it is checked); `alert` whether it raised one."""

    id: str
    feed: str
    guid: str
    link: str | None
    feed_title: str
    text: str | None
    attempts: int
    state: str = "new"
    checked_at: float | None = None
    verdict: str | None = None
    page_title: str | None = None
    report: str | None = None
    alert: bool = False


@dataclass(frozen=True, slots=True)
class Checked:
    """An item's check, to record with its alert in one transaction."""

    item_id: str
    checked_at: float
    latency_s: float
    verdict: str
    page_title: str | None
    report: str
    alert: bool
    line: bool  # a line is to be printed for it
    webhook: str | None


@dataclass(frozen=True, slots=True)
class Delivery:
    """An alert waiting for its webhook."""

    item_id: str
    attempts: int
    next_try: float


_ITEM_COLUMNS = "i.id, i.feed, i.guid, i.link, i.feed_title, i.text, i.attempts, i.state, i.checked_at, i.verdict, " \
                "i.page_title, i.report, a.item_id IS NOT NULL"
_ITEM_FROM = "watch_items i LEFT JOIN watch_alerts a ON a.item_id = i.id"


def _item(row: Sequence[Any]) -> Item:
    return Item(*row[:12], alert=bool(row[12]))


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), STORE_LOOKUP_KEYS):
        yield values[start:start + STORE_LOOKUP_KEYS]


class Store:
    """The watch store behind one connection; safe to share between threads (calls take turns)."""

    def __init__(self, target: str | Path) -> None:
        self.target = str(target)
        self.name = redacted(self.target)
        self._db = _Database(self.target)
        try:
            self._migrate()
        except BaseException:
            self._db.close()
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @property
    def dialect(self) -> str:
        return self._db.dialect

    def _migrate(self) -> None:
        types = _TYPES[self._db.dialect]
        with self._db.transaction() as tx:
            if self._db.dialect == "postgresql":  # one watcher migrates; the others wait, then find it done
                tx.run("SELECT pg_advisory_xact_lock(4242170017)")
            tx.run("CREATE TABLE IF NOT EXISTS watch_schema (version INTEGER NOT NULL)")
            rows = tx.run("SELECT version FROM watch_schema")
            version = rows[0][0] if rows else 0
            if version > SCHEMA_VERSION:
                raise StoreError(f"the watch store {self.name} has schema version {version}, newer than this "
                                 f"headcheck knows ({SCHEMA_VERSION}): upgrade headcheck")
            for statements in _MIGRATIONS[version:]:
                for statement in statements:
                    tx.run(statement.format(**types))
            if not rows:
                tx.run("INSERT INTO watch_schema (version) VALUES (?)", (SCHEMA_VERSION,))
            elif version < SCHEMA_VERSION:
                tx.run("UPDATE watch_schema SET version = ?", (SCHEMA_VERSION,))

    def version(self) -> int:
        with self._db.transaction() as tx:
            return int(tx.run("SELECT version FROM watch_schema")[0][0])

    # -- the watcher ------------------------------------------------------------------------------------

    def add_feeds(self, urls: Sequence[str], now: float) -> None:
        with self._db.transaction() as tx:
            for url in urls:
                tx.run("INSERT INTO watch_feeds (url, added) VALUES (?, ?) ON CONFLICT (url) DO NOTHING", (url, now))

    def claim_feeds(self, owner: str, urls: Sequence[str], now: float, *, backoff_only: bool) -> list[FeedState]:
        """The feeds of `urls` due for a poll, now claimed by `owner`. `backoff_only` (a --once run): every feed
        is due except one whose failures put it in backoff."""
        due = "failures = 0 OR next_poll <= ?" if backoff_only else "next_poll <= ?"
        claimed: list[FeedState] = []
        with self._db.transaction() as tx:
            for chunk in _chunks(urls):
                marks = ",".join("?" * len(chunk))
                rows = tx.run(f"SELECT url, etag, last_modified, body_hash, failures, claimed_by, claimed_until "
                              f"FROM watch_feeds WHERE url IN ({marks}) AND ({due})", (*chunk, now))
                for url, etag, modified, body_hash, failures, holder, until in rows:
                    if _released(holder, until, now):
                        tx.run("UPDATE watch_feeds SET claimed_by = ?, claimed_until = ? "
                               "WHERE url = ? AND claimed_by IS NOT DISTINCT FROM ?",
                               (owner, now + CLAIM_S, url, holder))
                        if tx.rowcount:
                            claimed.append(FeedState(url, etag, modified, body_hash, failures))
        order = {url: n for n, url in enumerate(urls)}
        return sorted(claimed, key=lambda feed: order[feed.url])

    def record_poll(self, owner: str, url: str, now: float, poll: PollRecord, items: Sequence[NewItem]) -> int:
        """The poll's result and the items it found, in one transaction; returns how many items were new."""
        failed = poll.status == "error"
        with self._db.transaction() as tx:
            tx.run(
                "UPDATE watch_feeds SET title = COALESCE(?, title), etag = COALESCE(?, etag), "
                "last_modified = COALESCE(?, last_modified), body_hash = COALESCE(?, body_hash), last_poll = ?, "
                "last_status = ?, last_error = ?, next_poll = ?, failures = CASE WHEN ? THEN failures + 1 ELSE 0 END, "
                "polls = polls + 1, poll_errors = poll_errors + ?, claimed_by = NULL, claimed_until = NULL "
                "WHERE url = ? AND claimed_by = ?",
                (poll.title, poll.etag, poll.last_modified, poll.body_hash, now, poll.status, poll.note,
                 poll.next_poll, failed, int(failed), url, owner))
            new = 0
            for item in items:
                rows = tx.run(
                    "INSERT INTO watch_items (id, feed, guid, link, feed_title, text, first_seen, position) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id",
                    (item_id(url, item.guid), url, item.guid, item.link, item.feed_title, item.text, now,
                     item.position))
                new += len(rows)
        return new

    def claim_items(self, owner: str, feeds: Sequence[str], now: float, limit: int) -> list[Item]:
        """Up to `limit` items of these feeds waiting for a check, oldest first, now claimed by `owner` (not
        those it holds already: they are being fetched or checked)."""
        claimed: list[Item] = []
        with self._db.transaction() as tx:
            for chunk in _chunks(feeds):
                if len(claimed) >= limit:
                    break
                marks = ",".join("?" * len(chunk))
                # Only rows this watcher may take (free, expired, or held by another process on this host,
                # checked below) are read, free ones first, at most `limit`: a feed farm's ten thousand waiting
                # items are not.
                rows = tx.run(f"SELECT {_ITEM_COLUMNS}, i.claimed_by, i.claimed_until FROM {_ITEM_FROM} "
                              f"WHERE i.state = 'new' AND i.next_try <= ? AND i.feed IN ({marks}) "
                              f"AND (i.claimed_by IS NULL OR i.claimed_until < ? "
                              f"OR (substr(i.claimed_by, 1, ?) = ? AND i.claimed_by <> ?)) "
                              f"ORDER BY i.claimed_by IS NOT NULL, i.first_seen, i.position LIMIT ?",
                              (now, *chunk, now, len(_HOST) + 1, f"{_HOST}:", owner, limit - len(claimed)))
                claimed += _take(tx, rows, owner, now, limit - len(claimed))
        return claimed

    def record_failure(self, owner: str, item: str, error: str, next_try: float | None) -> None:
        """A page that could not be read: tried again at `next_try`, or given up (None)."""
        with self._db.transaction() as tx:
            tx.run("UPDATE watch_items SET attempts = attempts + 1, error = ?, next_try = COALESCE(?, next_try), "
                   "state = CASE WHEN ? THEN 'failed' ELSE state END, claimed_by = NULL, claimed_until = NULL "
                   "WHERE id = ? AND claimed_by = ? AND state = 'new'",
                   (error, next_try, next_try is None, item, owner))

    def record_checks(self, owner: str, checks: Sequence[Checked]) -> list[str]:
        """Each check with its alert, in one transaction; returns the items recorded. An item whose claim
        another watcher took over (ours expired) is left to that watcher: nothing is recorded for it."""
        recorded: list[str] = []
        with self._db.transaction() as tx:
            for check in checks:
                # The claim stays while its line waits to be printed: printing it is this watcher's job.
                tx.run("UPDATE watch_items SET state = 'checked', checked_at = ?, latency_s = ?, verdict = ?, "
                       "page_title = ?, report = ?, text = NULL, error = NULL, line_pending = ?, "
                       "claimed_by = CASE WHEN ? THEN claimed_by END, claimed_until = CASE WHEN ? THEN ? END "
                       "WHERE id = ? AND claimed_by = ? AND state = 'new'",
                       (check.checked_at, check.latency_s, check.verdict, check.page_title, check.report,
                        int(check.line), check.line, check.line, check.checked_at + CLAIM_S, check.item_id, owner))
                if not tx.rowcount:
                    continue
                recorded.append(check.item_id)
                if check.alert:
                    tx.run("INSERT INTO watch_alerts (item_id, created, verdict, webhook, webhook_state, "
                           "webhook_next_try) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (item_id) DO NOTHING",
                           (check.item_id, check.checked_at, check.verdict, check.webhook,
                            "pending" if check.webhook else None, check.checked_at if check.webhook else None))
        return recorded

    def claim_lines(self, owner: str, feeds: Sequence[str], now: float) -> list[Item]:
        """Checked items whose line is not printed yet (ours, or a stopped watcher's), oldest check first."""
        claimed: list[Item] = []
        with self._db.transaction() as tx:
            for chunk in _chunks(feeds):
                marks = ",".join("?" * len(chunk))
                rows = tx.run(f"SELECT {_ITEM_COLUMNS}, i.claimed_by, i.claimed_until FROM {_ITEM_FROM} "
                              f"WHERE i.line_pending = 1 AND i.feed IN ({marks}) "
                              f"ORDER BY i.checked_at, i.first_seen, i.position", tuple(chunk))
                claimed += _take(tx, rows, owner, now, len(rows), lines=True)
        return claimed

    def mark_printed(self, owner: str, item: str) -> None:
        with self._db.transaction() as tx:
            tx.run("UPDATE watch_items SET line_pending = 0, claimed_by = NULL, claimed_until = NULL "
                   "WHERE id = ? AND claimed_by = ?", (item, owner))

    def release(self, owner: str) -> None:
        """Give back every claim of `owner` (a watcher stopping), so that the next run takes them at once."""
        with self._db.transaction() as tx:
            for table in ("watch_feeds", "watch_items"):
                tx.run(f"UPDATE {table} SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?", (owner,))

    def claim_deliveries(self, webhook: str, now: float, limit: int) -> list[tuple[Delivery, Item]]:
        """Alerts due for a POST to `webhook`; each is held for CLAIM_S by moving its next try."""
        claimed: list[tuple[Delivery, Item]] = []
        with self._db.transaction() as tx:
            rows = tx.run(f"SELECT {_ITEM_COLUMNS}, a.webhook_attempts, a.webhook_next_try FROM {_ITEM_FROM} "
                          "WHERE a.webhook = ? AND a.webhook_state = 'pending' AND a.webhook_next_try <= ? "
                          "ORDER BY a.webhook_next_try, a.item_id", (webhook, now))
            for row in rows[:limit]:
                attempts, next_try = row[-2:]
                tx.run("UPDATE watch_alerts SET webhook_next_try = ? WHERE item_id = ? AND webhook_next_try = ? "
                       "AND webhook_state = 'pending'", (now + CLAIM_S, row[0], next_try))
                if tx.rowcount:
                    claimed.append((Delivery(row[0], attempts, next_try), _item(row[:-2])))
        return claimed

    def record_delivery(self, item: str, *, error: str | None, next_try: float | None) -> None:
        """A POST that succeeded (error None), failed and will be retried at next_try, or was given up."""
        state = "sent" if error is None else "pending" if next_try is not None else "failed"
        with self._db.transaction() as tx:
            tx.run("UPDATE watch_alerts SET webhook_state = ?, webhook_attempts = webhook_attempts + 1, "
                   "webhook_error = ?, webhook_next_try = ? WHERE item_id = ?", (state, error, next_try, item))

    def next_delivery(self, webhook: str) -> float | None:
        with self._db.transaction() as tx:
            rows = tx.run("SELECT MIN(webhook_next_try) FROM watch_alerts WHERE webhook = ? "
                          "AND webhook_state = 'pending'", (webhook,))
        return rows[0][0]

    def next_due(self, feeds: Sequence[str]) -> float | None:
        """When the earliest of these feeds or their items waiting for a retry is due."""
        times: list[float] = []
        with self._db.transaction() as tx:
            for chunk in _chunks(feeds):
                marks = ",".join("?" * len(chunk))
                times += [row[0] for row in tx.run(f"SELECT MIN(next_poll) FROM watch_feeds WHERE url IN ({marks})",
                                                   tuple(chunk)) if row[0] is not None]
                times += [row[0] for row in tx.run(f"SELECT MIN(next_try) FROM watch_items WHERE state = 'new' "
                                                   f"AND feed IN ({marks})", tuple(chunk)) if row[0] is not None]
        return min(times, default=None)

    # -- the service --------------------------------------------------------------------------------------

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """A read for the service (watch_api), in a transaction of its own."""
        with self._db.transaction() as tx:
            return tx.run(sql, params)
