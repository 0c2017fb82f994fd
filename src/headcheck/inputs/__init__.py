"""Stage 1, input: whatever a front end was given becomes a validated article (`read_article`).

`readers` parse text, HTML, JSON and files; `fetch` reads a URL without letting it reach private
networks; `sources` is the one resolver that every front end and the Checker go through.
"""

from headcheck.inputs.sources import (
    NOT_ENGLISH,
    Checkable,
    Controls,
    English,
    File,
    Listed,
    Record,
    Source,
    Url,
    looks_english,
    read_article,
    validate,
)

__all__ = [
    "NOT_ENGLISH",
    "Checkable",
    "Controls",
    "English",
    "File",
    "Listed",
    "Record",
    "Source",
    "Url",
    "looks_english",
    "read_article",
    "validate",
]
