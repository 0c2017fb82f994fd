"""Running the watch in tests: a store on SQLite or on the CI's PostgreSQL, and a watcher over it.

PostgreSQL: HEADCHECK_TEST_POSTGRES names the server (default: the one .ci/postgres starts on 127.0.0.1);
each test gets a schema of its own, dropped afterwards. Without a server the PostgreSQL tests skip, saying
how to start one; with HEADCHECK_REQUIRE_POSTGRES=1 (CI) they fail instead.
"""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from headcheck.apps.watch.store import Store
from headcheck.apps.watch.watcher import Options, Tally, Watcher

POSTGRES = os.environ.get("HEADCHECK_TEST_POSTGRES", "postgresql://headcheck:headcheck@127.0.0.1:5432/headcheck_test")
ALL_VERDICTS = frozenset({"faithful", "misleading", "unsupported", "unrelated"})


def postgres_or_skip() -> str:
    """The test server's URL, or a skip (a failure in CI) saying why there is none."""
    try:
        import psycopg
    except ImportError:
        reason = "the PostgreSQL store tests need psycopg (pip install -e '.[watch]')"
    else:
        try:
            psycopg.connect(POSTGRES, connect_timeout=3).close()
            return POSTGRES
        except psycopg.Error as exc:
            reason = (f"no PostgreSQL server answers at HEADCHECK_TEST_POSTGRES ({str(exc).strip().splitlines()[0]}); "
                      "run `sudo bash .ci/postgres` to start one on 127.0.0.1")
    (pytest.fail if os.environ.get("HEADCHECK_REQUIRE_POSTGRES") == "1" else pytest.skip)(reason)
    raise AssertionError  # not reached


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A store URL whose tables live in a fresh schema of the test database."""
    import psycopg

    url = postgres_or_skip()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{url}{'&' if '?' in url else '?'}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(url, autocommit=True) as db:
            db.execute(f"DROP SCHEMA {schema} CASCADE")


@contextmanager
def store_target(kind: str, tmp_path: Path) -> Iterator[str]:
    if kind == "postgresql":
        with postgres_schema() as url:
            yield url
    else:
        yield str(tmp_path / "watch.sqlite")


def run_watch(target: str, feeds: list[str], checker: Any, **options: Any) -> tuple[list[str], list[str], Tally]:
    """One --once run of the watcher (unless options say otherwise): its printed lines, its log and its tally."""
    options.setdefault("once", True)
    options.setdefault("allow_hosts", ("127.0.0.1",))
    options.setdefault("host_interval_s", 0.0)
    out, log = io.StringIO(), []
    with Store(target) as store:
        tally = Watcher(Options(tuple(feeds), **options), store, checker, log=log.append, out=out).run()
    return out.getvalue().splitlines(), log, tally


def rows(target: str, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with Store(target) as store:
        return store.query(sql, params)
