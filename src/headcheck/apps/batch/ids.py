"""The id of a row that cannot be parsed whole, found by a scan that keeps almost nothing of the row.

A JSONL line over the input limit, nested too deeply or holding a number too long for Python, and a CSV
record over the limit, each fail alone; but the output must still say which row failed, by its id. These
scanners read the row in pieces, as it streams past, and keep only the state of the syntax (how deep,
inside a string or not, which cell) and the id itself: at most MAX_SCANNED_ID_BYTES of it, so memory stays
bounded however long the row. Each piece is taken in a few regular-expression matches per token that
matters (a string or a CSV cell is skipped in one), so time is linear in the row's length.
"""

from __future__ import annotations

import json
import re
from typing import Any

from headcheck.limits import MAX_SCANNED_ID_BYTES

_STRUCTURE = re.compile(rb'["{}\[\]:,]')  # outside strings, what changes the JSON scanner's state
_STRING_REST = re.compile(rb'[^"\\]*(?:\\.[^"\\]*)*', re.DOTALL)  # a string's content, to its quote or a last \\
_NOT_SPACE = re.compile(rb"\S")
_SCALAR_END = re.compile(rb"[\s,}\]]")
_CSV_QUOTED = re.compile(r'[^"]*(?:""[^"]*)*')  # a quoted cell's content, to its closing quote or a last quote
_CSV_PLAIN = re.compile(r"[^,\r\n]*")


class _Capture:
    """Bytes or characters kept from the row, at most MAX_SCANNED_ID_BYTES; past that the value is dropped."""

    def __init__(self, empty: Any) -> None:
        self.parts: list[Any] = []
        self.size = 0
        self.empty = empty
        self.overflowed = False

    def keep(self, part: Any) -> None:
        self.size += len(part)
        if self.size > MAX_SCANNED_ID_BYTES:
            self.overflowed, self.parts = True, []
        elif part:
            self.parts.append(part)

    def value(self) -> Any:
        return None if self.overflowed else self.empty.join(self.parts)


class JsonId:
    """Feed a JSON text in pieces; `id` is then the top-level object's "id" (the last one, as json.loads
    keeps it) if it is a string or a number, else None."""

    def __init__(self) -> None:
        self.depth = 0
        self.done = False  # the top level ended, or is not an object
        self.in_string = False
        self.escaped = False  # the last piece ended on a backslash inside a string
        self.expect_key = False
        self.wants_value = False  # between "id": and its value
        self.key: _Capture | None = None
        self.value: _Capture | None = None  # the id being read: its JSON text
        self.scalar = False  # the id is a number (or true, false, null) still being read
        self.last_key: str | None = None
        self._id: bytes | None = None

    @property
    def id(self) -> str | int | float | None:
        if self._id is None:
            return None
        try:
            found = json.loads(self._id)
        except (ValueError, RecursionError):
            return None
        return found if isinstance(found, str | int | float) and not isinstance(found, bool) else None

    def feed(self, data: bytes) -> None:
        pos = 0
        while pos < len(data) and not self.done:
            if self.in_string:
                pos = self._string(data, pos)
            elif self.scalar:
                end = _SCALAR_END.search(data, pos)
                stop = end.start() if end else len(data)
                self._keep(data[pos:stop])
                pos = stop
                if end:
                    self.scalar = False
                    self._value_ended()
            elif self.wants_value:
                first = _NOT_SPACE.search(data, pos)
                if first is None:
                    return
                pos = first.start()
                self.wants_value = False
                if data[pos] not in b'"{[':  # a number, true, false or null
                    self.value, self.scalar = _Capture(b""), True
                elif data[pos] == ord('"'):
                    self.value = _Capture(b"")
            else:
                pos = self._structure(data, pos)

    def _keep(self, part: bytes) -> None:
        for capture in (self.key, self.value):
            if capture is not None:
                capture.keep(part)

    def _string(self, data: bytes, pos: int) -> int:
        if self.escaped:
            self.escaped = False
            self._keep(data[pos:pos + 1])
            return pos + 1
        end = _STRING_REST.match(data, pos).end()  # type: ignore[union-attr]  # it matches the empty string
        self._keep(data[pos:end])
        if end == len(data):
            return end
        if data[end] == ord("\\"):  # the piece ends between a backslash and what it escapes
            self._keep(b"\\")
            self.escaped = True
            return end + 1
        self.in_string = False
        self._keep(b'"')
        if self.key is not None:
            raw, self.key = self.key.value(), None
            self.last_key = _decoded(raw)
        elif self.value is not None:
            self._value_ended()
        return end + 1

    def _value_ended(self) -> None:
        assert self.value is not None
        self._id, self.value = self.value.value(), None

    def _structure(self, data: bytes, pos: int) -> int:
        token = _STRUCTURE.search(data, pos)
        if self.depth == 0 and _NOT_SPACE.search(data, pos, token.start() if token else len(data)):
            self.done = True  # the top level is not an object
            return len(data)
        if token is None:
            return len(data)
        char = data[token.start()]
        if char == ord('"'):
            self.in_string = True
            if self.depth == 1 and self.expect_key:
                self.key = _Capture(b"")
                self.key.keep(b'"')
            elif self.value is not None:
                self.value.keep(b'"')
        elif char in b"{[":
            self.depth += 1
            if self.depth == 1:
                self.done, self.expect_key = char != ord("{"), True
        elif char in b"}]":
            self.depth -= 1
            self.done = self.depth == 0
        elif self.depth == 1 and char == ord(":"):
            self.expect_key, self.wants_value = False, self.last_key == "id"
        elif self.depth == 1 and char == ord(","):
            self.expect_key = True
        return token.end()


def _decoded(raw: bytes | None) -> str | None:
    try:
        return json.loads(raw) if raw is not None else None
    except ValueError:
        return None


def json_id(line: bytes) -> str | int | float | None:
    """The "id" of one JSON object's text, however deeply nested or long its other values."""
    scan = JsonId()
    scan.feed(line)
    return scan.id


class CsvId:
    """Feed one CSV record's text in pieces, from its start; `ended` says when the record has ended (at a line
    break outside quotes), and `id` is then its cell in `column` (counted from 0; None for no id column, a
    record without that cell, or a cell longer than MAX_SCANNED_ID_BYTES). Quoting as csv.reader's default
    dialect reads it: a cell that starts with a quote runs to a quote that is not doubled."""

    def __init__(self, column: int | None) -> None:
        self.column = column
        self.cell = 0
        self.at_start = True
        self.in_quotes = False
        self.quote_pending = False  # a piece ended on a quote inside a quoted cell: closing, or the first of ""
        self.ended = False
        self.capture = _Capture("")

    @property
    def id(self) -> str | None:
        return self.capture.value() if self.column is not None and self.cell >= self.column else None

    def feed(self, text: str) -> None:
        pos = 0
        while pos < len(text) and not self.ended:
            if self.quote_pending:
                self.quote_pending = False
                if text[pos] == '"':
                    self._keep('"')
                    pos += 1
                    continue
                self.in_quotes = False
            if self.at_start:
                self.at_start = False
                if text[pos] == '"':
                    self.in_quotes = True
                    pos += 1
                    continue
            if self.in_quotes:
                pos = self._quoted(text, pos)
                continue
            end = _CSV_PLAIN.match(text, pos).end()  # type: ignore[union-attr]  # it matches the empty string
            self._keep(text[pos:end])
            if end < len(text):
                self.ended = text[end] != ","
                self.cell += 1
                self.at_start = True
            pos = end + 1

    def _quoted(self, text: str, pos: int) -> int:
        end = _CSV_QUOTED.match(text, pos).end()  # type: ignore[union-attr]  # it matches the empty string
        self._keep(text[pos:end].replace('""', '"'))
        if end == len(text):
            return end
        if end + 1 == len(text):  # the piece ends on a quote: the next piece says which kind
            self.quote_pending = True
        else:
            self.in_quotes = False  # a single quote, not followed by another: the cell's closing one
        return end + 1

    def _keep(self, part: str) -> None:
        if self.cell == self.column:
            self.capture.keep(part)
