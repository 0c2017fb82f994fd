"""The watch store, the same tests on SQLite and on PostgreSQL: migrations, claims, one transaction per
check and alert, lines printed once."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
import time
from collections.abc import Iterator
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from headcheck.apps.batch.store import Store as BatchStore
from headcheck.apps.watch import store as store_module
from headcheck.apps.watch.store import (
    SCHEMA_VERSION,
    Checked,
    NewItem,
    PollRecord,
    Store,
    item_id,
    new_owner,
    redacted,
)
from headcheck.errors import StoreError
from watch_helpers import store_target

FEED = "http://127.0.0.1:1/feed.xml"


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with store_target(request.param, tmp_path) as url:
        yield url


def _with_items(store: Store, count: int, owner: str) -> list[str]:
    store.add_feeds([FEED], 0.0)
    assert [f.url for f in store.claim_feeds(owner, [FEED], 1.0, backoff_only=False)] == [FEED]
    items = [NewItem(f"g{n}", f"Headline {n}", f"http://127.0.0.1:1/a/{n}", None, n) for n in range(count)]
    assert store.record_poll(owner, FEED, 1.0, PollRecord("ok", 100.0), items) == count
    return [item_id(FEED, f"g{n}") for n in range(count)]


def _check(item: str, *, alert: bool = True, verdict: str = "misleading") -> Checked:
    return Checked(item, time.time(), 0.01, verdict, "Own title", json.dumps({"id": item}), alert, True, None)


def test_an_older_store_is_migrated_and_a_newer_one_refused(target: str) -> None:
    with Store(target) as store:
        assert store.version() == SCHEMA_VERSION == 2
        store.query("DROP INDEX watch_items_checked")  # back to version 1, with a feed in it
        store.query("DROP INDEX watch_items_feed_checked")
        store.query("UPDATE watch_schema SET version = 1")
        store.add_feeds([FEED], 5.0)
    with Store(target) as store:
        assert store.version() == SCHEMA_VERSION
        assert store.query("SELECT url, added FROM watch_feeds") == [(FEED, 5.0)]
        store.query("SELECT 1 FROM watch_items ORDER BY feed, checked_at, id")
        index = ("SELECT COUNT(*) FROM sqlite_master WHERE name = ?" if store.dialect == "sqlite"
                 else "SELECT COUNT(*) FROM pg_indexes WHERE indexname = ? AND schemaname = current_schema()")
        assert store.query(index, ("watch_items_checked",)) == [(1,)]
        store.query("UPDATE watch_schema SET version = 99")
    with pytest.raises(StoreError, match="has schema version 99, newer than this headcheck knows"):
        Store(target)


def test_two_watchers_never_hold_the_same_item(target: str) -> None:
    first, second = new_owner(), new_owner()
    with Store(target) as store:
        ids = _with_items(store, 3, first)
        assert [i.id for i in store.claim_items(first, [FEED], 2.0, 2)] == ids[:2]
        assert [i.id for i in store.claim_items(second, [FEED], 2.0, 5)] == ids[2:]
        assert store.claim_items(second, [FEED], 2.0, 5) == []
        assert store.claim_feeds(second, [FEED], 200.0, backoff_only=False) != []  # the feed was released
        assert store.record_checks(second, [_check(ids[0])]) == []  # not its claim: nothing recorded
        store.record_failure(first, ids[0], "HTTP 500", 3.0)
        assert [i.id for i in store.claim_items(second, [FEED], 4.0, 5)] == [ids[0]]
        # A claim runs out after CLAIM_S: the first watcher's other item is free again then (and so is the one
        # the second took at the same time).
        later = 2.0 + store_module.CLAIM_S + 1
        assert [i.id for i in store.claim_items(second, [FEED], later, 5)] == ids[1:]


def test_a_killed_watchers_claims_are_free_at_once_a_live_ones_are_not(target: str) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    killed = f"{store_module._HOST}:{dead.stdout.strip()}:deadbeef"
    alive = f"{store_module._HOST}:1:cafe0001"  # init never stops
    elsewhere = "another-host:12345:cafe0002"  # a process on another machine: only its claim's time tells
    with Store(target) as store:
        ids = _with_items(store, 3, new_owner())
        for holder, item in zip((alive, elsewhere, killed), ids, strict=True):
            assert [i.id for i in store.claim_items(holder, [FEED], 2.0, 1)] == [item]
        assert [i.id for i in store.claim_items(new_owner(), [FEED], 3.0, 5)] == [ids[2]]


def test_a_check_and_its_alert_are_one_transaction(target: str) -> None:
    owner = new_owner()
    with Store(target) as store:
        ids = _with_items(store, 2, owner)
        store.claim_items(owner, [FEED], 2.0, 2)
        broken = _check(ids[1], verdict=None)  # type: ignore[arg-type]  # the alert's NOT NULL verdict fails
        with pytest.raises(StoreError, match="failed"):
            store.record_checks(owner, [_check(ids[0]), broken])
        assert store.query("SELECT state FROM watch_items ORDER BY position") == [("new",), ("new",)]
        assert store.query("SELECT COUNT(*) FROM watch_alerts") == [(0,)]
        assert store.record_checks(owner, [_check(ids[0]), _check(ids[1], alert=False)]) == ids
        assert store.query("SELECT item_id FROM watch_alerts") == [(ids[0],)]
        assert store.record_checks(owner, [_check(ids[0])]) == []  # checked already: once only


def test_lines_are_handed_out_until_marked_printed(target: str) -> None:
    owner, other = new_owner(), new_owner()
    with Store(target) as store:
        ids = _with_items(store, 2, owner)
        store.claim_items(owner, [FEED], 2.0, 2)
        store.record_checks(owner, [_check(ids[0]), _check(ids[1])])
        assert store.claim_lines(other, [FEED], time.time()) == []  # the checking watcher prints them
        assert [i.id for i in store.claim_lines(owner, [FEED], time.time())] == ids
        store.mark_printed(owner, ids[0])
        store.release(owner)  # stopping: the unprinted line is free for the next run
        (line,) = store.claim_lines(other, [FEED], time.time())
        assert line.id == ids[1] and line.alert and line.page_title == "Own title"


def test_a_postgres_password_never_shows() -> None:
    assert redacted("postgresql://watch:s3cret@db.example:5432/news") == "postgresql://watch@db.example:5432/news"
    with pytest.raises(StoreError) as caught:
        Store("postgresql://watch:s3cret@127.0.0.1:1/news")
    assert "s3cret" not in str(caught.value) and "postgresql://watch@127.0.0.1:1/news" in str(caught.value)


def _open_after(barrier: Barrier, path: str) -> None:
    barrier.wait()
    Store(path).close()


def test_two_watchers_opening_a_new_sqlite_store_at_once_both_open_it(tmp_path: Path) -> None:
    """Switching a new file to WAL races, and SQLite answered the loser 'database is locked' at once, whatever
    its busy timeout: two watchers started together on a new store, one exited with a StoreError."""
    context = multiprocessing.get_context("fork")
    for round_ in range(10):
        barrier = context.Barrier(2)
        path = str(tmp_path / f"watch{round_}.db")
        procs = [context.Process(target=_open_after, args=(barrier, path)) for _ in range(2)]
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.join(60)
        assert [proc.exitcode for proc in procs] == [0, 0], f"round {round_}"


def test_every_sqlite_store_reports_an_unusable_path_on_one_line(tmp_path: Path) -> None:
    """The batch store and the watch store open through one `_sqlite.connect`: a path that cannot be opened is one
    StoreError naming the store, its control characters escaped, never a traceback or a broken line."""
    bad = tmp_path / "no\nsuch dir" / "s.db"
    for opened, role in ((lambda: BatchStore(bad), "the result store"), (lambda: Store(str(bad)), "the watch store")):
        with pytest.raises(StoreError) as caught:
            opened()
        assert role in str(caught.value) and "\n" not in str(caught.value)
