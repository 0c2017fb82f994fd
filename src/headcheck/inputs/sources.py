"""The one way from what a front end was given to an article that can be checked.

Headline and body, a JSON record, a file or '-', a URL, an article as a listing (a feed) shows it:
`read_article` reads any of them, then
validates the article and checks its language, here and nowhere else. What it returns, a
`Checkable`, goes to the Checker, which trusts it; so every problem with the input surfaces here,
as one InputError (or FetchError) with a one-line message.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from headcheck.errors import InputError, shown
from headcheck.inputs.fetch import fetch
from headcheck.inputs.readers import (
    WORD,
    as_given,
    from_json,
    from_listing,
    read_path,
    refuse_controls,
    same_headline,
    strip_controls,
)
from headcheck.limits import FETCH_TIMEOUT_S, MAX_BODY_CHARS, MAX_HEADLINE_CHARS, MIN_BODY_WORDS
from headcheck.types import Article

_LATIN_WORD = re.compile(r"[a-z\u00df-\u024f]+")

# Common English function words, leaving out those that are also words in
# French, German, Spanish, Italian, Portuguese or Dutch (a, an, in, on, is, was,
# no, i, he, me, over, will, also), so that foreign prose scores near zero.
# fmt: off
_ENGLISH_FUNCTION_WORDS = frozenset(
    {
        "the", "of", "and", "to", "that", "for", "with", "as", "by", "it", "at", "from", "his", "her",
        "she", "they", "their", "them", "said", "says", "be", "been", "being", "are", "were", "has", "have",
        "had", "not", "but", "or", "this", "these", "those", "which", "who", "whom", "whose", "its",
        "would", "could", "should", "can", "may", "might", "than", "then", "there", "when", "where",
        "after", "before", "about", "into", "under", "more", "most", "some", "any", "all", "if", "our",
        "we", "you", "your", "my", "him", "what", "while", "because", "since", "during", "against",
        "between", "through",
    }
)
# fmt: on
# Share of these words among all words, measured on sample news text: English
# prose 0.36-0.41, dense English (results, listings, briefs) 0.16-0.29; French,
# German, Spanish, Italian, Portuguese and Dutch 0.00-0.012; Russian, Chinese and
# Japanese 0. The threshold sits well clear of both, nearer the foreign side.
_MIN_FUNCTION_WORD_SHARE = 0.08
# A body that is half in another script (a translation beside the English)
# is not English enough for the models either.
_MIN_LATIN_SHARE = 0.8
_MIN_WORDS_TO_JUDGE = 20

NOT_ENGLISH = "the body does not look like English (headcheck's models are English-only)"
English = Literal["refuse", "warn"]
# Stray control characters (C0 other than tab and line breaks, and DEL): refused with their offset, or removed
# with a warning in the report (`readers.strip_controls`).
Controls = Literal["refuse", "strip"]


@dataclass(frozen=True, slots=True)
class Url:
    """A page to fetch, SSRF-guarded; `id` is the caller's own, echoed in the report. `timeout` bounds the whole
    fetch (less than FETCH_TIMEOUT_S when the caller has already waited for a slot)."""

    url: str
    id: str | None = None
    timeout: float = FETCH_TIMEOUT_S


@dataclass(frozen=True, slots=True)
class File:
    """A text, HTML or JSON file, read by its extension and content, or '-' for standard input."""

    path: str | Path


@dataclass(frozen=True, slots=True)
class Record:
    """A JSON object, or its text, with headline, body and optional id and url."""

    data: str | bytes | dict[str, Any]


@dataclass(frozen=True, slots=True)
class Listed:
    """An article as a listing shows it (a news feed, an aggregator): `headline` is the listing's, checked
    against the body of `page` (the linked page or file) or of `text` (the full text the listing carries).

    Aggregators rewrite headlines, so the page's own title is kept (`Checkable.own_headline`) and the
    report warns when the two differ.
    """

    headline: str
    page: Url | File | None = None
    text: str | None = None
    id: str | None = None
    url: str | None = None


# An Article is a source too: headline and body given as they are (a CLI option, a batch row, the Python API).
Source = Article | Url | File | Record | Listed


@dataclass(frozen=True, slots=True)
class Checkable:
    """A validated article and the warnings its report will carry: the Checker takes it as it is.

    `own_headline` is the page's own title when the article is checked under a listing's headline.
    """

    article: Article
    warnings: tuple[str, ...] = ()
    own_headline: str | None = None


def looks_english(text: str) -> bool:
    """The models are trained on English only; refuse other languages instead of judging them badly.

    Short texts (under 20 words) are given the benefit of the doubt: too few
    words to tell, and a wrong refusal would be worse than a weak verdict. O(text).
    """
    words = WORD.findall(text.casefold())
    if len(words) < _MIN_WORDS_TO_JUDGE:
        return True
    latin = sum(bool(_LATIN_WORD.fullmatch(word)) for word in words) / len(words)
    function = sum(word in _ENGLISH_FUNCTION_WORDS for word in words) / len(words)
    return latin >= _MIN_LATIN_SHARE and function >= _MIN_FUNCTION_WORD_SHARE


def validate(article: Article) -> Article:
    """Refuse input the later stages cannot judge, with a message that says what to fix. O(text)."""
    refuse_controls(article.headline, "the headline")
    refuse_controls(article.body, "the body")
    headline = " ".join(article.headline.split())
    body = article.body.strip()
    if not headline:
        raise InputError("the headline is empty")
    # Before the body: a text pasted as one long line has its whole article in the headline and an
    # empty body, and the hint says how to fix that.
    if len(headline) > MAX_HEADLINE_CHARS:
        raise InputError(
            f"the headline is {len(headline):,} characters long, over the limit of {MAX_HEADLINE_CHARS}"
            " (is the article text on the first line?)"
        )
    if not body:
        raise InputError("the body is empty: there is no article text under the headline")
    if len(body) > MAX_BODY_CHARS:
        raise InputError(f"the body is {len(body):,} characters long, over the limit of {MAX_BODY_CHARS:,}")
    if len(WORD.findall(body)) < MIN_BODY_WORDS:
        raise InputError(f"the body is too short to judge: fewer than {MIN_BODY_WORDS} words")
    return dataclasses.replace(article, headline=headline, body=body)


def _read(source: Source, allow_hosts: Collection[str]) -> tuple[Article, str | None]:
    """The article, not yet validated, and the page's own title when a listing's headline replaced it."""
    match source:
        case Article():
            return as_given(source), None
        case Record(data):
            return from_json(data), None
        case File(path):
            return read_path(path), None
        case Url(url, id, timeout):
            return dataclasses.replace(fetch(url, allow_hosts=allow_hosts, timeout=timeout), id=id), None
        case Listed(headline, None, str() as text, id, url):
            return dataclasses.replace(from_listing(headline, text, url=url), id=id), None
        case Listed(headline, Url() | File() as page, None, id, url):
            own = _read(page, allow_hosts)[0]
            title = " ".join(own.headline.split())
            return dataclasses.replace(own, headline=headline, id=id, url=own.url or url), title
        case Listed():
            raise TypeError("a Listed source needs either a page or a text")
    raise TypeError(f"not an article source: {source!r}")


def _controls(article: Article, controls: Controls) -> tuple[Article, list[str]]:
    """Stray control characters in the headline or body: under "strip" removed, with a warning for each field
    that had some; under "refuse" left for `validate` to refuse with their offset."""
    if controls == "refuse":
        return article, []
    headline, headline_warning = strip_controls(article.headline, "the headline")
    body, body_warning = strip_controls(article.body, "the body")
    warnings = [w for w in (headline_warning, body_warning) if w is not None]
    return dataclasses.replace(article, headline=headline, body=body), warnings


def read_article(source: Source, *, english: English, controls: Controls = "refuse",
                 allow_hosts: Collection[str] = ()) -> Checkable:
    """Read, validate and language-check one article.

    `english="refuse"` (the CLI and the HTTP API) refuses a body that is not English; `"warn"` (the Python
    API, batch runs and the watch, where one article must not stop the others) checks it with a warning in
    its report. `controls="refuse"` (the CLI, and the watch, whose feeds are refused for them) refuses stray
    control characters with their offset; `"strip"` (the HTTP API, the Python API and batch runs) removes
    them, with a warning. `allow_hosts` lets a URL reach those hosts even if private (see `fetch`).
    """
    raw, own = _read(source, allow_hosts)
    article, warnings = _controls(raw, controls)
    article = validate(article)
    if own and not same_headline(article.headline, own):
        warnings.append(f"the headline differs from the article's own: \u201c{shown(own)}\u201d")
    if not looks_english(article.body):
        if english == "refuse":
            raise InputError(NOT_ENGLISH)
        warnings.append(f"{NOT_ENGLISH}: this verdict is unreliable")
    return Checkable(article, tuple(warnings), own_headline=own or None)
