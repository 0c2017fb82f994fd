"""`headcheck serve --store`: every check kept in SQLite, to be read back by its id."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from headcheck._sqlite import connect

_SCHEMA = "CREATE TABLE IF NOT EXISTS checks (id TEXT PRIMARY KEY, created TEXT NOT NULL, report TEXT NOT NULL)"


class History:
    """Check history in SQLite: one file, nothing to run beside the server.

    Reports hold the headline and the evidence sentences (not the whole body), so
    the file holds article text: keep it where the articles themselves may be kept.
    """

    def __init__(self, path: Path) -> None:
        self._db = connect(path, "the check history", [_SCHEMA], check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()

    def add(self, reports: list[dict[str, Any]]) -> list[str]:
        """Random ids: with keys on, any key holder may read a check, so ids must not be guessable."""
        ids = [uuid.uuid4().hex for _ in reports]
        created = datetime.now(UTC).isoformat(timespec="seconds")
        rows = [(i, created, json.dumps(r, ensure_ascii=False)) for i, r in zip(ids, reports, strict=True)]
        with self._lock, self._db:
            self._db.executemany("INSERT INTO checks (id, created, report) VALUES (?, ?, ?)", rows)
        return ids

    def get(self, check_id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT report FROM checks WHERE id = ?", (check_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def close(self) -> None:
        with self._lock:
            self._db.close()
