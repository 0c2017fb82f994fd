"""Batch input and output: rows from JSONL, CSV and Parquet files; results to one of them, atomically.

Inputs are streamed, never held whole in memory, so a corpus of millions of rows is read in
passes (count, check, write) instead; a line is read at most MAX_INPUT_BYTES at a time, so one
huge row cannot fill memory either. pyarrow is imported only for Parquet, so JSONL and CSV
work without the `batch` extra.

Every row read comes out as a row: one that cannot be checked (a JSONL line or CSV record over the
size limit, JSON nested too deeply, a JSONL line that is not an object, a field of the wrong type)
carries its `problem` and fails on its own, with its line and, where the row has one, its id (`ids`
finds it in a row too large or deep to parse, without keeping the row). A file that cannot be read
row by row (a line that is not JSON, a CSV quote that is never closed) is refused whole, with the
line it went wrong at: rows are never dropped silently.
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
from typing import Any, BinaryIO, TextIO, TypeVar

from headcheck.apps.batch.ids import CsvId, JsonId, json_id
from headcheck.errors import InputError, MissingExtraError, shown
from headcheck.inputs.readers import json_beyond_limits, too_large
from headcheck.inputs.records import FIELDS, field_text
from headcheck.limits import MAX_INPUT_BYTES, READ_BATCH_ROWS, WRITE_BATCH_ROWS, megabytes
from headcheck.report.flat import FLAT_COLUMNS, FLOAT_COLUMNS, flat

COLUMNS = (*FIELDS, "problem")  # a normalized record: the fields as text, and why the row cannot be checked
FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}
_SKIP_PIECE_BYTES = 1 << 20
_BOM = "\ufeff".encode()
_NEVER_CLOSED = "a quoted cell that starts here is never closed"
_JSON_KINDS = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "true or false",
               type(None): "null"}

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Row:
    """One input row; `key` names its result in the store. A row with a `problem` fails with it, unchecked."""

    key: str
    id: str | None
    headline: str | None
    body: str | None
    url: str | None
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class BadRecord:
    """What a reader yields for a line it cannot turn into a record: it becomes a row that fails, with `id` if
    a scan of the line found one."""

    line: int
    message: str
    id: Any = None


def row_key(headline: str | None, body: str | None, url: str | None, version: str, problem: str | None = None) -> str:
    """Content and model decide a result, the id does not: a row repeated under another id is checked once."""
    data = json.dumps([headline, body, url, version, *([problem] if problem else [])], ensure_ascii=False)
    return hashlib.blake2b(data.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _field(field: str, value: object) -> tuple[str | None, str | None]:
    """A field as text or None (`inputs.records.field_text`), or why it cannot be one."""
    try:
        return field_text(field, value), None
    except InputError as exc:
        return None, str(exc)


def normalize(record: Mapping[str, Any] | BadRecord) -> dict[str, str | None]:
    """The four fields as text or None, and the row's problem if it has one (see `COLUMNS`): the same whichever
    reader (ours or Ray's) produced the record."""
    if isinstance(record, BadRecord):
        return {**dict.fromkeys(FIELDS), "id": _field("id", record.id)[0],
                "problem": f"line {record.line:,}: {record.message}"}
    normalized: dict[str, str | None] = {"problem": None}
    for field in FIELDS:
        normalized[field], problem = _field(field, record.get(field))
        normalized["problem"] = normalized["problem"] or problem
    return normalized


def from_columns(columns: Mapping[str, Any], version: str) -> Row:
    """A row from a record `normalize` made."""
    fields = {name: columns.get(name) for name in COLUMNS}
    return Row(row_key(fields["headline"], fields["body"], fields["url"], version, fields["problem"]), **fields)


def to_row(record: Mapping[str, Any] | BadRecord, version: str) -> Row:
    return from_columns(normalize(record), version)


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def file_format(path: Path, role: str) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{shown(path)}: unknown {role} format {shown(repr(path.suffix or '(no extension)'), 40)}; "
                         "use .jsonl, .csv or .parquet")
    return fmt


def expand(patterns: Sequence[str]) -> list[Path]:
    """Shells leave quoted globs alone, and a corpus is often thousands of files, so globs are expanded here."""
    paths: list[Path] = []
    for pattern in patterns:
        if any(ch in pattern for ch in "*?["):
            matches = sorted(glob.glob(pattern, recursive=True))
            if not matches:
                raise InputError(f"no file matches {shown(pattern)}")
            paths += map(Path, matches)
        else:
            paths.append(Path(pattern))
    for path in paths:
        if not path.exists():
            raise InputError(f"{shown(path)} does not exist")
        if path.is_dir():
            raise InputError(f"{shown(path)} is a directory, not a file")
        file_format(path, "input")
    return paths


def check_output(output: Path, inputs: Sequence[Path]) -> None:
    """Refuse a bad output before any work: hours of checking must not end in 'cannot write'."""
    if file_format(output, "output") == "parquet":
        arrow()
    if not output.parent.is_dir():
        raise InputError(f"the output folder {shown(output.parent)} does not exist")
    if output.is_dir():
        raise InputError(f"the output {shown(output)} is a directory")
    if output.exists() and any(output.samefile(path) for path in inputs):
        raise InputError(f"the output {shown(output)} is also an input")


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
        found = shown(", ".join(sorted(names)) or "none")
        raise InputError(f"{shown(path)} needs the columns headline and body, or url (found: {found})")


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[None]:
    """One line naming the file, whatever went wrong reading it."""
    try:
        yield
    except UnicodeDecodeError:
        raise InputError(f"{shown(path)} is not UTF-8 text") from None
    except csv.Error as exc:
        raise InputError(f"cannot read {shown(path)}: {exc}") from None
    except OSError as exc:
        raise InputError(f"cannot read {shown(path)}: {exc.strerror or exc}") from None


def _lines(stream: BinaryIO) -> Iterator[tuple[int, bytes] | BadRecord]:
    """Numbered lines of at most MAX_INPUT_BYTES (a UTF-8 BOM taken off the first). A longer line is read on in
    pieces, never whole, and comes as a BadRecord with its size and the id a scan of it found."""
    number = 0
    while line := stream.readline(MAX_INPUT_BYTES + 1):
        number += 1
        if number == 1:
            line = line.removeprefix(_BOM)
        if len(line) <= MAX_INPUT_BYTES or line.endswith(b"\n"):
            yield number, line
            continue
        scan = JsonId()
        scan.feed(line)
        size = len(line)
        del line
        while piece := stream.readline(_SKIP_PIECE_BYTES):
            size += len(piece)
            scan.feed(piece)
            if piece.endswith(b"\n"):
                break
        yield BadRecord(number, str(too_large("the row", size)), scan.id)


def _read_jsonl(path: Path) -> Iterator[Mapping[str, Any] | BadRecord]:
    """A JSONL file has no header, so its columns are the keys its objects use.

    A line that is not JSON stops the file (it is corrupt, or not JSONL at all); a line that is JSON but cannot
    be a row (over the size limit, nested too deeply, a number too long for Python, not an object) is that
    row's failure only.
    """
    keys: set[str] = set()
    with _reading(path), path.open("rb") as stream:
        for line in _lines(stream):
            if isinstance(line, BadRecord):
                yield line
                continue
            number, data = line
            text = data.decode("utf-8")
            if not text.strip():
                continue
            try:
                record = json.loads(text)
            except json.JSONDecodeError as exc:
                raise InputError(f"{shown(path)} line {number}: invalid JSON: {exc.msg}") from None
            except (RecursionError, ValueError) as exc:
                yield BadRecord(number, json_beyond_limits(exc), json_id(data))
                continue
            if not isinstance(record, dict):
                yield BadRecord(number, f"expected a JSON object, not {_JSON_KINDS[type(record)]}")
                continue
            keys.update(record)
            yield record
    if keys:
        _require_columns(path, keys)


class _TooLarge(Exception):
    """Raised through csv.reader for a record over the size limit, once it has been read past."""

    def __init__(self, record: BadRecord) -> None:
        self.record = record


class _CsvLines:
    """The lines csv.reader asks for, each at most MAX_INPUT_BYTES, counting the characters of the record being
    read. A record that grows past MAX_INPUT_BYTES is read on to its end without being kept (`CsvId` finds
    where, and its id): a huge cell fails that row alone, and a quote never closed reaches the end of the file,
    which refuses the file."""

    def __init__(self, stream: TextIO, path: Path) -> None:
        self.stream, self.path = stream, path
        self.id_column: int | None = None
        self.record_start = self.record_chars = self.line = 0
        self._record: list[str] = []  # the record's lines so far, at most MAX_INPUT_BYTES of them

    def next_record(self) -> None:
        self.record_start, self.record_chars, self._record = self.line + 1, 0, []

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self._read()
        if not line:
            raise StopIteration
        if self.record_chars > MAX_INPUT_BYTES:
            raise _TooLarge(self._read_past(line))
        self._record.append(line)
        return line

    def _read(self) -> str:
        line = self.stream.readline(MAX_INPUT_BYTES + 1)
        self.line += line.endswith(("\n", "\r"))
        self.record_chars += len(line)
        return line

    def _read_past(self, line: str) -> BadRecord:
        scan = CsvId(self.id_column)
        for piece in (*self._record, line):
            scan.feed(piece)
        self._record = []
        while not scan.ended:
            if not (line := self._read()):
                if scan.in_quotes:
                    raise InputError(f"{shown(self.path)} line {self.record_start:,}: {_NEVER_CLOSED}")
                break
            scan.feed(line)
        return BadRecord(self.record_start, f"the row is {self.record_chars:,} characters long, over the "
                                            f"{megabytes(MAX_INPUT_BYTES)} input limit", scan.id)


def _read_csv(path: Path) -> Iterator[Mapping[str, Any] | BadRecord]:
    """Rows as dicts, an empty cell as None (absent). Strict: a stray quote, a quote never closed or a row with
    more cells than the header refuses the file, with the line of the row, instead of swallowing the rows after it."""
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))  # article bodies outgrow the 128 kB default
    with _reading(path), path.open(encoding="utf-8-sig", newline="") as f:
        lines = _CsvLines(f, path)
        reader = csv.reader(lines, strict=True)
        header: list[str] | None = None
        while True:
            lines.next_record()
            try:
                cells = next(reader)
            except StopIteration:
                return
            except _TooLarge as too_large:
                if header is None:
                    raise InputError(f"{shown(path)}: the header is {too_large.record.message}") from None
                yield too_large.record
                reader = csv.reader(lines, strict=True)  # the old one stopped inside the record
                continue
            except csv.Error as exc:
                problem = _NEVER_CLOSED if "end of data" in str(exc) else str(exc)
                raise InputError(f"{shown(path)} line {lines.record_start:,}: {problem}") from None
            if not cells:
                continue
            if header is None:
                header = cells
                _require_columns(path, header)
                lines.id_column = header.index("id") if "id" in header else None
                continue
            if len(cells) > len(header):
                raise InputError(f"{shown(path)} line {lines.record_start:,}: {len(cells)} cells but the header "
                                 f"has {len(header)} (a stray quote or separator?)")
            yield {name: cell or None for name, cell in zip(header, cells, strict=False)}  # CSV has no null


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
        raise InputError(f"cannot read {shown(path)}: {shown(exc)}") from None


_READERS: dict[str, Callable[[Path], Iterator[Mapping[str, Any] | BadRecord]]] = {
    "jsonl": _read_jsonl, "csv": _read_csv, "parquet": _read_parquet,
}


def read_records(path: Path) -> Iterator[Mapping[str, Any] | BadRecord]:
    return _READERS[file_format(path, "input")](path)


def read_rows(paths: Iterable[Path], version: str) -> Iterator[Row]:
    for path in paths:
        for record in read_records(path):
            yield to_row(record, version)


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
    schema = pa.schema([(c, pa.float64() if c in FLOAT_COLUMNS else pa.string()) for c in FLAT_COLUMNS])
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
