"""Checking rows inside a worker (a local process or a Ray actor): every row ends as a report or an error.

A bad row (bad input, a failed fetch) must not stop the run, so errors become outcomes, not exceptions.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence

from headcheck._version import __version__
from headcheck.apps.batch.io import Row
from headcheck.apps.batch.store import Outcome
from headcheck.checker import Checker
from headcheck.errors import FetchError, InputError
from headcheck.inputs import Checkable, Source, Url, read_article
from headcheck.judges import ModelRef
from headcheck.report import Report
from headcheck.types import Article


def model_version(model: ModelRef) -> str:
    """Part of every row key: a new model or a new headcheck never reuses old results."""
    return f"{model.name}+headcheck-{__version__}"


def _source(row: Row) -> Source:
    """Headline and body when the row has them, else the page at its url."""
    if row.headline is None and row.body is None:
        if row.url is None:
            raise InputError("the row has no headline and body, and no url")
        return Url(row.url)
    return Article(row.headline or "", row.body or "", url=row.url)


def _ok(key: str, report: Report) -> Outcome:
    return Outcome(key, json.dumps(report.to_dict(), ensure_ascii=False), None)


def _check_one(checker: Checker, key: str, article: Checkable) -> Outcome:
    try:
        return _ok(key, checker.check_article(article))
    except Exception as exc:  # a bug hit by one article is that row's error, not the run's end
        return Outcome(key, None, f"internal error: {type(exc).__name__}: {exc}")


def check_rows(checker: Checker, rows: Sequence[Row], allow_hosts: Collection[str] = ()) -> list[Outcome]:
    """Rows not in English, or with stray control characters, are checked with a warning in their report, as the
    Python API does."""
    outcomes: list[Outcome] = []
    keys: list[str] = []
    articles: list[Checkable] = []
    for row in rows:
        if row.problem is not None:  # the reader found it cannot be checked (wrong type, too large, bad JSON)
            outcomes.append(Outcome(row.key, None, row.problem))
            continue
        try:
            articles.append(read_article(_source(row), english="warn", controls="strip",
                                         allow_hosts=allow_hosts))
            keys.append(row.key)
        except (InputError, FetchError) as exc:
            outcomes.append(Outcome(row.key, None, str(exc)))
    try:
        reports = list(checker.check_many(articles))
    except Exception:  # one article broke the batch: check them one by one to find it
        return outcomes + [_check_one(checker, key, article) for key, article in zip(keys, articles, strict=True)]
    return outcomes + [_ok(key, report) for key, report in zip(keys, reports, strict=True)]
