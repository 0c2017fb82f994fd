"""One rule for an article's fields, however they arrive: a JSON object (CLI, API), a CSV cell, a JSONL or
Parquet value (batch), a feed item. Every reader of records goes through `field_text`."""

from __future__ import annotations

import re

from headcheck.errors import InputError

__all__ = ["FIELDS", "field_text"]

FIELDS = ("id", "headline", "body", "url")
_SURROGATE = re.compile(r"[\ud800-\udfff]")  # from a JSON escape such as "\ud800": no UTF-8 encoder takes one


def field_text(field: str, value: object) -> str | None:
    """A field as text, or None when absent (missing, JSON null; an empty id or url, as a CSV cell leaves it).

    An empty headline or body stays "" so that validation says it is empty. Numeric ids become text
    (spreadsheets and Parquet store them as numbers); a headline, body or url of another type is refused,
    naming the field, never judged as its repr. A lone surrogate is replaced in an id (only a label) and
    refused elsewhere, with its offset.
    """
    if value is None or (value == "" and field in ("id", "url")):
        return None
    if field == "id" and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise InputError(f'the field "{field}" must be a string, not {type(value).__name__}')
    surrogate = _SURROGATE.search(value)
    if surrogate is None:
        return value
    if field == "id":
        return _SURROGATE.sub("\ufffd", value)
    raise InputError(f"the {field} contains a lone surrogate (U+{ord(surrogate.group()):04X}) at offset "
                     f"{surrogate.start():,}, which is not valid Unicode")
