"""Batch checking of whole corpora: resumable on one machine, distributed on Ray (see docs/batch.md).

`run` and `Summary` load on first use, so the CLI can parse its arguments (and answer `--version`)
without loading the checker."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from headcheck.apps.batch.job import Summary, run

__all__ = ["Summary", "run"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'headcheck.apps.batch' has no attribute {name!r}")
    from headcheck.apps.batch import job

    return getattr(job, name)
