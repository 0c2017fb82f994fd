"""Opening an SQLite store, shared by the batch result store and the service's check history.

Both want WAL (readers never block the writer), their schema created on first use, and a file that
cannot be used reported as one StoreError naming it, not as a traceback.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from headcheck.errors import StoreError


def connect(path: Path, role: str, setup: Sequence[str], **options: Any) -> sqlite3.Connection:
    """`path` opened in WAL mode with the `setup` statements run; `role` names the store in errors."""
    try:
        db = sqlite3.connect(path, **options)
        db.execute("PRAGMA journal_mode=WAL")
        for statement in setup:
            db.execute(statement)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot use {path} as {role}: {exc}") from None
    return db
