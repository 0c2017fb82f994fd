"""The report as one flat row, for the formats that hold only scalars (CSV, Parquet): every output form lives
in `report/`, the batch writer only picks the file format."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from headcheck.types import STANCES

__all__ = ["FLAT_COLUMNS", "FLOAT_COLUMNS", "flat"]

FLAT_COLUMNS = (
    "id", "url", "headline", "verdict", "stance", "confidence", *(f"prob_{s}" for s in STANCES),
    "evidence", "model", "warnings", "error",
)
FLOAT_COLUMNS = frozenset({"confidence", *(f"prob_{s}" for s in STANCES)})


def flat(record: Mapping[str, Any]) -> dict[str, Any]:
    """A batch result (a report's dict, or a failed row's id and error) as one row of `FLAT_COLUMNS`:
    probabilities get a column each, lists go in as JSON text."""
    probabilities = record.get("probabilities") or {}
    as_json = {key: json.dumps(record[key], ensure_ascii=False) if key in record else None
               for key in ("evidence", "warnings")}
    return {
        **{column: record.get(column) for column in FLAT_COLUMNS},
        **{f"prob_{s}": probabilities.get(s) for s in STANCES},
        **as_json,
    }
