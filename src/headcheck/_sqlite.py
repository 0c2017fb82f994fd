"""Opening an SQLite store, shared by the batch result store, the service's check history and the watch store.

All want WAL (readers never block the writer), their schema created on first use, and a file that cannot be
used reported as one StoreError naming it, not as a traceback.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from headcheck.errors import StoreError, shown

_BUSY_TIMEOUT_S = 5.0  # sqlite3's own default wait for a lock
_WAL_RETRY_S = 0.05  # pause between tries to switch a new file to WAL


def _use_wal(db: sqlite3.Connection, timeout: float) -> None:
    """Switch the store to WAL. Two processes opening a new file at once race for the switch, and SQLite answers
    the loser "database is locked" at once instead of waiting out its busy timeout: it is tried again until
    `timeout` seconds have passed."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(_WAL_RETRY_S)


def connect(path: Path, role: str, setup: Sequence[str], **options: Any) -> sqlite3.Connection:
    """`path` opened in WAL mode with the `setup` statements run; `role` names the store in errors (the path
    quoted as `shown` quotes input, so the message stays one line)."""
    try:
        db = sqlite3.connect(path, **options)
        _use_wal(db, options.get("timeout", _BUSY_TIMEOUT_S))
        for statement in setup:
            db.execute(statement)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot use {shown(path)} as {role}: {exc}") from None
    return db
