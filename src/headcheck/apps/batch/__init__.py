"""Batch checking of whole corpora: resumable on one machine, distributed on Ray (see docs/batch.md)."""

from headcheck.apps.batch.job import Summary, run

__all__ = ["Summary", "run"]
