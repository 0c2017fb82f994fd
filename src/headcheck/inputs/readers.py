"""Readers: turn text, JSON, HTML or a file into an Article, not yet validated.

Each reader only parses; `sources.read_article` validates what they return, once, for every way in.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any, BinaryIO

import trafilatura

from headcheck.errors import InputError
from headcheck.limits import MAX_INPUT_BYTES, MIN_BODY_WORDS, megabytes
from headcheck.types import Article

# Scrapers leave view counts and reading times between headline and body;
# they are a number with at most a counter word around it, never prose.
_COUNTER_WORDS = r"(?:views?|reads?|comments?|shares?|likes?|min(?:ute)?s?(?:\s+read)?|reading\s+time)"
_COUNTER_LINE = re.compile(
    rf"^\W*(?:{_COUNTER_WORDS}\W*)?\d[\d,.\s]*[km]?\W*(?:{_COUNTER_WORDS})?\W*$", re.IGNORECASE
)

# C0 controls other than tab, newline and carriage return, DEL and the C1 block:
# real text never holds them, so their presence means a corrupt or binary input.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# Scripts written without spaces count one word per character, so that a
# Chinese paragraph is not mistaken for a text too short to judge.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
WORD = re.compile(rf"[{_CJK}]|[^\W\d_{_CJK}]+")

# Text files hold almost no control bytes; binary files (images, PDFs, archives)
# hold NULs or many other controls within their first few kilobytes.
_SNIFF_BYTES = 8192
_MAX_BINARY_CONTROL_SHARE = 0.05


def refuse_controls(text: str) -> None:
    """Controls mean a corrupt input; check before any splitting, which treats some as line breaks."""
    control = _CONTROL.search(text)
    if control:
        raise InputError(f"the input contains control characters (e.g. U+{ord(control.group()):04X})")


def _same_text(a: str, b: str) -> bool:
    """Repeated headlines differ from the original only in case, spacing and punctuation."""

    def key(s: str) -> str:
        return "".join(ch for ch in s.casefold() if ch.isalnum())

    return key(a) == key(b)


def _first_line(text: str) -> str:
    """Pasted and extracted text alike put the headline first."""
    return next((line for line in text.splitlines() if line.strip()), "")


def _clean_body(headline: str, text: str) -> str:
    """Drop lines that repeat the headline or only hold a counter: they are page furniture, not text."""
    kept = [
        line
        for line in text.splitlines()
        if not (_same_text(line, headline) or _COUNTER_LINE.match(line.strip()))
    ]
    return "\n".join(kept)


def from_text(text: str) -> Article:
    """Plain text is how people paste articles: headline on the first line, body below."""
    refuse_controls(text)
    headline = _first_line(text)
    return Article(headline, _clean_body(headline, text))


def _json_field(data: dict[str, Any], key: str) -> str | None:
    """Name the offending field, so a broken export can be fixed without guessing."""
    value = data.get(key)
    if value is None:
        return None
    if key == "id" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise InputError(f'the JSON field "{key}" must be a string, not {type(value).__name__}')
    return value


def from_json(data: str | bytes | dict[str, Any]) -> Article:
    """JSON is the batch and API format: an object with headline, body and optional id and url."""
    if isinstance(data, bytes):
        data = decode(data, "the JSON input")
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise InputError(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    if not isinstance(data, dict):
        raise InputError('the JSON must be an object with "headline" and "body" fields')
    headline, body = _json_field(data, "headline"), _json_field(data, "body")
    if headline is None:
        raise InputError('the JSON has no "headline" field')
    if body is None:
        raise InputError('the JSON has no "body" field')
    return Article(headline, body, id=_json_field(data, "id"), url=_json_field(data, "url"))


def from_html(html: str | bytes, url: str | None = None) -> Article:
    """Web pages carry menus, ads and footers; trafilatura keeps only the title and main text."""
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    text, title = (document.text or "", document.title) if document is not None else ("", None)
    headline = title or _first_line(text)
    body = _clean_body(headline, text)
    if len(WORD.findall(body)) < MIN_BODY_WORDS:
        raise InputError("no article text found in the HTML")
    return Article(headline, body, url=url)


def decode(data: bytes, source: str) -> str:
    """Only UTF-8 is accepted: guessing other encodings silently garbles the words the models read."""
    sample = data[:_SNIFF_BYTES]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{source} is UTF-16 text, not UTF-8; save it as UTF-8")
    controls = sum(byte < 0x20 and byte not in b"\t\n\r\f\b\x1b" for byte in sample)
    if b"\x00" in sample or controls > len(sample) * _MAX_BINARY_CONTROL_SHARE:
        raise InputError(f"{source} is a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{source} is not UTF-8 text (invalid byte at offset {exc.start}); save it as UTF-8"
        ) from None


def _too_large(source: str) -> InputError:
    return InputError(f"{source} is larger than the {megabytes(MAX_INPUT_BYTES)} input limit")


def _read_capped(stream: BinaryIO, source: str) -> bytes:
    """Read at most one byte past the limit, so a huge input fails fast instead of filling memory."""
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise _too_large(source)
    return data


def _read_file(path: Path) -> bytes:
    """Check the size before reading, and turn OS errors into messages a user can act on."""
    try:
        with path.open("rb") as stream:
            if os.fstat(stream.fileno()).st_size > MAX_INPUT_BYTES:
                raise _too_large(str(path))
            return _read_capped(stream, str(path))
    except FileNotFoundError:
        raise InputError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None


def read_text(path: str | Path) -> str:
    """Read a file, or stdin for '-', as text, refusing what cannot be an article before parsing it."""
    if str(path) == "-":
        source = "standard input"
        return decode(_read_capped(sys.stdin.buffer, source), source)
    path = Path(path)
    return decode(_read_file(path), str(path))


def read_path(path: str | Path) -> Article:
    """Read an article from a file or stdin, choosing the reader by extension and then by content."""
    text = read_text(path)
    suffix = Path(path).suffix.lower()
    start = text.lstrip()[:15].lower()
    if suffix == ".json" or start.startswith("{"):
        return from_json(text)
    if suffix in (".html", ".htm") or start.startswith(("<!doctype html", "<html")):
        return from_html(text)
    return from_text(text)
