"""Everything that can go wrong for a user, as one tree, so each front end prints one line and picks its code.

    HeadcheckError          exit  HTTP
    ├── InputError            1   422  the article or the request cannot be checked (also a refused URL)
    │   └── FeedError         1   422  a feed cannot be read as one (`headcheck watch` records it and goes on)
    ├── FetchError            4   502  a URL that was allowed could not be fetched or read
    ├── ModelError            5   503  the model cannot be found or loaded
    ├── MissingExtraError     6   501  an optional dependency is not installed (pyarrow, ray, fastapi, torch ...)
    ├── StoreError            7   500  a store (batch results, serve history, the watch) cannot be used
    └── BusyError             8   503  no worker or fetch slot came free in time (raised by the service only,
                                       which answers it with Retry-After)

The CLI exits with `exit_code` and prints the message; the HTTP service answers `http_status` with the
message as `{"error": ...}`. Exit codes 2 (wrong usage) and 3 (`--fail-on`) belong to the CLI itself.

Whatever a message quotes from the input (a URL, a file name, an id, a header) goes through `shown`: at most
200 characters, with control and other invisible characters escaped, so a hostile name can neither flood a
response nor write escape codes to a terminal.
"""

from __future__ import annotations

import re
import unicodedata

SHOWN_CHARS = 200  # the most characters of one quoted value in a message

# Categories a terminal or a reader cannot see as themselves: controls, format characters (bidi overrides,
# zero-width), lone surrogates, private use, unassigned, and the line and paragraph separators.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_MAYBE_HIDDEN = re.compile(r"[^\x20-\x7e]")


def _escape(char: str) -> str:
    if unicodedata.category(char) not in _HIDDEN_CATEGORIES:
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def escaped(text: str) -> str:
    """Invisible characters as Python writes them in a literal (\\x1b, \\u202e); everything else unchanged."""
    return _MAYBE_HIDDEN.sub(lambda m: _escape(m.group()), text)


def shown(value: object, limit: int = SHOWN_CHARS) -> str:
    """A value quoted from the input, fit for a one-line message: escaped, and cut to `limit` characters."""
    raw = str(value)
    text = escaped(raw)
    if len(text) <= limit:
        return text
    suffix = f"... ({len(raw):,} characters)"
    return text[: max(limit - len(suffix), 0)] + suffix


class HeadcheckError(Exception):
    """A problem the user can act on; the message is meant for them, on one line."""

    exit_code = 1
    http_status = 500

    def __init_subclass__(cls, *, exit_code: int, http_status: int, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.exit_code, cls.http_status = exit_code, http_status


class InputError(HeadcheckError, ValueError, exit_code=1, http_status=422):
    """The input cannot be checked: a bad article, file, option or request, or a URL that is refused."""


class FeedError(InputError, exit_code=1, http_status=422):
    """What was fetched or read as a feed is not one the watch can read: malformed, an HTML page, too large."""


class FetchError(HeadcheckError, exit_code=4, http_status=502):
    """A URL passed the checks but fetching it failed: unreachable, an HTTP error, too slow, too large, not a page.

    `retry_after_s` is how long the server asked callers to wait (Retry-After on a 429 or 503), so that a
    poller coming back later honours it; None when it said nothing.
    """

    def __init__(self, message: str, *, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class ModelError(HeadcheckError, exit_code=5, http_status=503):
    """The model named (or shipped) cannot be found or loaded: a server fault, not the caller's."""


class MissingExtraError(HeadcheckError, exit_code=6, http_status=501):
    """An optional dependency is not installed; the message names the extra that brings it."""


class StoreError(HeadcheckError, exit_code=7, http_status=500):
    """A store cannot be opened or used: an SQLite file, or the watch's PostgreSQL database."""


class BusyError(HeadcheckError, exit_code=8, http_status=503):
    """The service has no check worker or fetch slot free in time: the caller should retry after `retry_after_s`."""

    def __init__(self, message: str, retry_after_s: float) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s
