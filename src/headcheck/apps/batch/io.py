"""Batch input and output: rows from JSONL, CSV and Parquet files; results to one of them, atomically.

Inputs are streamed, never held whole in memory, so a corpus of millions of rows is read in
passes (count, check, write) instead. pyarrow is imported only for Parquet, so JSONL and CSV
work without the `batch` extra.
"""

from __future__ import annotations

import contextlib
import csv
import glob
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from headcheck.errors import InputError, MissingExtraError
from headcheck.limits import READ_BATCH_ROWS, WRITE_BATCH_ROWS
from headcheck.types import STANCES

FIELDS = ("id", "headline", "body", "url")
FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}
FLAT_COLUMNS = (
    "id", "url", "headline", "verdict", "stance", "confidence", *(f"prob_{s}" for s in STANCES),
    "evidence", "model", "warnings", "error",
)
_FLOAT_COLUMNS = frozenset({"confidence", *(f"prob_{s}" for s in STANCES)})

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Row:
    """One input row; `key` names its result in the store."""

    key: str
    id: str | None
    headline: str | None
    body: str | None
    url: str | None


def row_key(headline: str | None, body: str | None, url: str | None, version: str) -> str:
    """Content and model decide a result, the id does not: a row repeated under another id is checked once."""
    data = json.dumps([headline, body, url, version], ensure_ascii=False)
    return hashlib.blake2b(data.encode(), digest_size=16).hexdigest()


def _text(value: object) -> str | None:
    """CSV has no null, so an empty cell means absent; numbers (numeric ids) become text."""
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


def normalize(record: Mapping[str, Any]) -> dict[str, str | None]:
    """The four fields as text or None, the same whichever reader (ours or Ray's) produced the record."""
    return {field: _text(record.get(field)) for field in FIELDS}


def to_row(record: Mapping[str, Any], version: str) -> Row:
    fields = normalize(record)
    return Row(row_key(fields["headline"], fields["body"], fields["url"], version), **fields)


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def file_format(path: Path, role: str) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: unknown {role} format {path.suffix or '(no extension)'!r}; "
                         "use .jsonl, .csv or .parquet")
    return fmt


def expand(patterns: Sequence[str]) -> list[Path]:
    """Shells leave quoted globs alone, and a corpus is often thousands of files, so globs are expanded here."""
    paths: list[Path] = []
    for pattern in patterns:
        if any(ch in pattern for ch in "*?["):
            matches = sorted(glob.glob(pattern, recursive=True))
            if not matches:
                raise InputError(f"no file matches {pattern}")
            paths += map(Path, matches)
        else:
            paths.append(Path(pattern))
    for path in paths:
        if not path.exists():
            raise InputError(f"{path} does not exist")
        if path.is_dir():
            raise InputError(f"{path} is a directory, not a file")
        file_format(path, "input")
    return paths


def check_output(output: Path, inputs: Sequence[Path]) -> None:
    """Refuse a bad output before any work: hours of checking must not end in 'cannot write'."""
    if file_format(output, "output") == "parquet":
        arrow()
    if not output.parent.is_dir():
        raise InputError(f"the output folder {output.parent} does not exist")
    if output.is_dir():
        raise InputError(f"the output {output} is a directory")
    if output.exists() and any(output.samefile(path) for path in inputs):
        raise InputError(f"the output {output} is also an input")


def arrow() -> tuple[ModuleType, ModuleType]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise MissingExtraError("Parquet files need pyarrow: pip install 'headcheck[batch]'") from None
    return pyarrow, pyarrow.parquet


def _require_columns(path: Path, names: Iterable[str]) -> None:
    names = set(names)
    if not ({"headline", "body"} <= names or "url" in names):
        found = ", ".join(sorted(names)) or "none"
        raise InputError(f"{path} needs the columns headline and body, or url (found: {found})")


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[None]:
    """One line naming the file, whatever went wrong reading it."""
    try:
        yield
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text") from None
    except csv.Error as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def _read_jsonl(path: Path) -> Iterator[Mapping[str, Any]]:
    """A JSONL file has no header, so its columns are the keys its objects use."""
    keys: set[str] = set()
    with _reading(path), path.open(encoding="utf-8-sig") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path} line {number}: invalid JSON: {exc.msg}") from None
            if not isinstance(record, dict):
                raise InputError(f"{path} line {number}: expected a JSON object")
            keys.update(record)
            yield record
    if keys:
        _require_columns(path, keys)


def _read_csv(path: Path) -> Iterator[Mapping[str, Any]]:
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))  # article bodies outgrow the 128 kB default
    with _reading(path), path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is not None:
            _require_columns(path, reader.fieldnames)
            yield from reader


def _read_parquet(path: Path) -> Iterator[Mapping[str, Any]]:
    pa, pq = arrow()
    try:
        file = pq.ParquetFile(path)
        names = file.schema_arrow.names
        _require_columns(path, names)
        columns = [field for field in FIELDS if field in names]  # skip the others, e.g. a raw HTML column
        for batch in file.iter_batches(batch_size=READ_BATCH_ROWS, columns=columns):
            yield from batch.to_pylist()
    except pa.ArrowException as exc:
        raise InputError(f"cannot read {path}: {exc}") from None


_READERS: dict[str, Callable[[Path], Iterator[Mapping[str, Any]]]] = {
    "jsonl": _read_jsonl, "csv": _read_csv, "parquet": _read_parquet,
}


def read_records(path: Path) -> Iterator[Mapping[str, Any]]:
    return _READERS[file_format(path, "input")](path)


def read_rows(paths: Iterable[Path], version: str) -> Iterator[Row]:
    for path in paths:
        for record in read_records(path):
            yield to_row(record, version)


def flat(record: Mapping[str, Any]) -> dict[str, Any]:
    """CSV and Parquet hold scalars: probabilities get a column each, lists go in as JSON text."""
    probabilities = record.get("probabilities") or {}
    as_json = {key: json.dumps(record[key], ensure_ascii=False) if key in record else None
               for key in ("evidence", "warnings")}
    return {
        **{column: record.get(column) for column in FLAT_COLUMNS},
        **{f"prob_{s}": probabilities.get(s) for s in STANCES},
        **as_json,
    }


def _write_jsonl(path: Path, records: Iterable[Mapping[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def _write_csv(path: Path, records: Iterable[Mapping[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, FLAT_COLUMNS)
        writer.writeheader()
        writer.writerows(map(flat, records))


def _write_parquet(path: Path, records: Iterable[Mapping[str, Any]]) -> None:
    pa, pq = arrow()
    schema = pa.schema([(c, pa.float64() if c in _FLOAT_COLUMNS else pa.string()) for c in FLAT_COLUMNS])
    with pq.ParquetWriter(path, schema) as writer:
        for chunk in chunked(records, WRITE_BATCH_ROWS):
            writer.write_table(pa.Table.from_pylist([flat(r) for r in chunk], schema=schema))


_WRITERS: dict[str, Callable[[Path, Iterable[Mapping[str, Any]]], None]] = {
    "jsonl": _write_jsonl, "csv": _write_csv, "parquet": _write_parquet,
}


def write(path: Path, records: Iterable[Mapping[str, Any]]) -> None:
    """Write next to the target, flush to disk, then rename: readers and a rerun after kill -9 see the old
    file or the whole new one, never part of one. A kill mid-write leaves only a hidden .partial file."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        _WRITERS[file_format(path, "output")](partial, records)
        fd = os.open(partial, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
