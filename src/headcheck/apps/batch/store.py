"""The result store: an SQLite file that makes a batch run resumable.

One process writes it (the batch parent or the Ray driver), one transaction per finished chunk.
WAL with synchronous=FULL means a committed chunk survives kill -9 and even power loss, and an
uncommitted one is simply checked again. The key (a hash of the row's content and the model
version) is the primary key, so a chunk stored twice still leaves one result per key.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import NamedTuple

from headcheck._sqlite import connect
from headcheck.limits import STORE_LOCK_WAIT_S, STORE_LOOKUP_KEYS

_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    key      TEXT PRIMARY KEY,       -- io.row_key: hash of headline, body, url and model version
    report   TEXT,                   -- the report as JSON, id left null; NULL when the row failed
    error    TEXT,                   -- why the row failed; NULL when it was checked
    attempts INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID
"""
# A checked row is final; only a failed one may be replaced, by a retry.
_SAVE = """
INSERT INTO results (key, report, error) VALUES (?, ?, ?)
ON CONFLICT (key) DO UPDATE SET report = excluded.report, error = excluded.error, attempts = attempts + 1
WHERE results.error IS NOT NULL
"""


class Outcome(NamedTuple):
    """A row's result: a report or an error, never both."""

    key: str
    report: str | None
    error: str | None


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = connect(path, "the result store", ["PRAGMA synchronous=FULL", _SCHEMA],
                           timeout=STORE_LOCK_WAIT_S)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._db.close()

    def keys(self, *, with_failed: bool) -> set[str]:
        """Keys that need no checking: all stored ones, or only the successes when failures are retried."""
        where = "" if with_failed else " WHERE error IS NULL"
        return {key for (key,) in self._db.execute(f"SELECT key FROM results{where}")}

    def save(self, outcomes: Iterable[Outcome]) -> None:
        with self._db:
            self._db.executemany(_SAVE, outcomes)

    def lookup(self, keys: Sequence[str]) -> dict[str, Outcome]:
        found: dict[str, Outcome] = {}
        for start in range(0, len(keys), STORE_LOOKUP_KEYS):
            batch = keys[start:start + STORE_LOOKUP_KEYS]
            marks = ",".join("?" * len(batch))
            query = f"SELECT key, report, error FROM results WHERE key IN ({marks})"
            found.update((row[0], Outcome(*row)) for row in self._db.execute(query, batch))
        return found
