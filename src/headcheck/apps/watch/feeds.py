"""Reading a feed into items the watch can check, and saying which items it had to skip and why.

RSS 0.9x/2.0, RDF (RSS 1.0) and Atom go through feedparser, the parser most feed readers have relied on for
twenty years and still maintained; it reads broken XML as far as it can. JSON Feed (which feedparser 6 does
not read) is a small JSON document, read with json; news sitemaps (`<urlset>` with `<news:news>`, which
feedparser does not read either) with lxml, already installed for trafilatura, with entities and network
access off. Nothing here fetches: it parses bytes it is given, so feedparser never sees a URL to open.

A problem with the whole feed is a FeedError; a problem with one item (no title, no usable link, a
duplicate guid, a `javascript:` or `file:` link) skips that item and becomes a note, so that the others go on.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
from lxml import etree

from headcheck.errors import FeedError, InputError, shown
from headcheck.inputs.readers import parse_json
from headcheck.limits import MAX_FEED_BYTES, MAX_FEED_ITEMS, megabytes

_SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
_SITEMAP_ROOT = re.compile(rb"<(?:[\w.-]+:)?(?:urlset|sitemapindex)[\s>]")
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]",
                         re.IGNORECASE | re.DOTALL)
_JSON_FEED_VERSION = "https://jsonfeed.org/version/"
_WEB_SCHEMES = ("http", "https")
_SNIFF_BYTES = 4096


@dataclass(frozen=True, slots=True)
class Entry:
    """One item: its guid, the headline the feed shows, and the page (URL or file path) or full text to check."""

    guid: str
    title: str
    link: str | None
    text: str | None


@dataclass(slots=True)
class Parsed:
    """A feed's title, its readable items, and what was skipped (`notes`, one line each)."""

    title: str | None
    entries: list[Entry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Raw:
    """An item as the format gives it, before checking what it holds."""

    guid: str | None
    title: str | None
    link: str | None
    text: str | None


def read_feed_file(path: Path) -> bytes:
    """A feed file, refused past MAX_FEED_BYTES before it is read."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FEED_BYTES + 1)
    except FileNotFoundError:
        raise FeedError(f"the feed file {shown(path)} does not exist") from None
    except OSError as exc:
        raise FeedError(f"cannot read the feed file {shown(path)}: {exc.strerror}") from None
    if len(data) > MAX_FEED_BYTES:
        raise FeedError(f"the feed is larger than {megabytes(MAX_FEED_BYTES)}")
    return data


def parse(data: bytes, base: str, *, folder: Path | None = None) -> Parsed:
    """Read a feed's bytes. `base` is its URL (relative links are resolved against it); `folder`, for a feed
    file, is where its relative links point: files inside that folder, nothing outside it."""
    head = data[:_SNIFF_BYTES]
    if head.lstrip().startswith(b"{"):
        read = _json_feed(data)
    elif _SITEMAP_ROOT.search(head):
        read = _sitemap(data)
    else:
        read = _with_feedparser(data, base, remote=folder is None)
    return _entries(read, base, folder)


_Read = tuple[str | None, list[_Raw], list[str]]  # a format's reading: the feed's title, its items, its notes


def _with_feedparser(data: bytes, base: str, *, remote: bool) -> _Read:
    # Never sanitised or rendered (the text is only read by trafilatura), so feedparser's HTML passes are skipped.
    # The base resolves relative links and xml:base; the type keeps feedparser from flagging a missing header.
    headers = {"content-location": base, "content-type": "application/xml"} if remote else {}
    document = feedparser.parse(data, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)
    problem = document.get("bozo_exception")
    if not document.get("version"):
        if _HTML_START.search(data[:_SNIFF_BYTES]):
            raise FeedError("not a feed: this is an HTML page")
        raise FeedError(f"not a feed: {shown(problem or 'no RSS, Atom or RDF channel found', 120)}")
    notes = []
    if document.get("bozo") and not isinstance(problem, feedparser.CharacterEncodingOverride):
        notes.append(f"the feed is not well-formed XML ({shown(problem, 120)}); its readable items were taken")
    raws = [_Raw(e.get("id"), e.get("title"), e.get("link"), _content(e)) for e in document.get("entries", [])]
    return _clean(document.get("feed", {}).get("title")), raws, notes


def _content(entry: Any) -> str | None:
    """The full text an item carries (content:encoded, Atom content), never its summary: a summary is not the
    article, and a headline checked against it would be judged on a sentence or two."""
    texts = [c.get("value", "") for c in entry.get("content", []) if c.get("value", "").strip()]
    return max(texts, key=len) if texts else None


def _json_feed(data: bytes) -> _Read:
    try:
        document = parse_json(data)
    except InputError as exc:
        raise FeedError(f"not a feed: {exc}") from None
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(_JSON_FEED_VERSION):
        raise FeedError('not a feed: JSON without a JSON Feed "version"')
    items = document.get("items")
    if not isinstance(items, list):
        raise FeedError('not a feed: the JSON Feed has no "items" list')
    raws = [
        _Raw(_text(item.get("id")), _text(item.get("title")), _text(item.get("url")),
             _text(item.get("content_html")) or _text(item.get("content_text")))
        if isinstance(item, dict) else _Raw(None, None, None, None)
        for item in items
    ]
    return _clean(_text(document.get("title"))), raws, []


def _sitemap(data: bytes) -> _Read:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"not a feed: the sitemap is not well-formed XML ({shown(exc, 120)})") from None
    if root.tag == f"{_SITEMAP}sitemapindex":
        raise FeedError("a sitemap index, not a news sitemap: give each of its news sitemaps as a feed")
    if root.tag != f"{_SITEMAP}urlset":
        raise FeedError("not a feed: an XML document that is neither a feed nor a sitemap")
    raws: list[_Raw] = []
    names: set[str] = set()
    for url in root.iter(f"{_SITEMAP}url"):
        loc = url.findtext(f"{_SITEMAP}loc")
        news = url.find(f"{_NEWS}news")
        if news is None:
            continue
        names.update(name for name in [news.findtext(f"{_NEWS}publication/{_NEWS}name")] if name)
        raws.append(_Raw(loc, news.findtext(f"{_NEWS}title"), loc, None))
    if not raws and len(root):
        raise FeedError("not a news sitemap: none of its URLs has <news:news>")
    return ", ".join(sorted(names)) or None, raws, []


def _text(value: object) -> str | None:
    """A string field as a string (ids may be numbers in JSON Feed); anything else as missing."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    return value if isinstance(value, str) else None


def _clean(text: str | None) -> str | None:
    return " ".join(text.split()) if text else None


class _Skip(Exception):
    """Why one item cannot be checked."""


def _link(raw: str | None, base: str, folder: Path | None) -> str | None:
    """An item's link as something to read: an http(s) URL, or (in a feed file) a file inside its folder."""
    if not raw or not raw.strip():
        return None
    raw = raw.strip()
    scheme = urlsplit(raw).scheme.lower()
    if folder is not None and not scheme and not raw.startswith("//"):
        path = (folder / unquote(raw)).resolve()
        if not path.is_relative_to(folder.resolve()):
            raise _Skip("a link outside the feed file's folder")
        return str(path)
    link = raw if scheme in _WEB_SCHEMES else urljoin(base, raw) if folder is None else raw
    scheme = urlsplit(link).scheme.lower()
    if scheme not in _WEB_SCHEMES:
        raise _Skip(f"a {shown(scheme or 'relative', 20)}: link")
    return link


def _checked(raws: Iterable[_Raw], base: str, folder: Path | None, skipped: Counter[str]) -> Iterator[Entry]:
    seen: set[str] = set()
    for raw in raws:
        try:
            title = _clean(raw.title)
            if not title:
                raise _Skip("no title")
            link = _link(raw.link, base, folder)
            if link is None and not raw.text:
                raise _Skip("no link and no text")
            guid = (raw.guid or "").strip() or link
            if not guid:
                raise _Skip("no guid and no link")
            if guid in seen:
                raise _Skip("a guid seen earlier in the feed")
        except _Skip as why:
            skipped[str(why)] += 1
            continue
        seen.add(guid)
        yield Entry(guid, title, link, raw.text)


def _entries(read: _Read, base: str, folder: Path | None) -> Parsed:
    title, raws, notes = read
    if len(raws) > MAX_FEED_ITEMS:
        notes.append(f"the feed has {len(raws):,} items; the first {MAX_FEED_ITEMS:,} were read")
    skipped: Counter[str] = Counter()
    entries = list(_checked(raws[:MAX_FEED_ITEMS], base, folder, skipped))
    notes += [f"{count:,} item{'s' if count > 1 else ''} skipped: {why}" for why, count in skipped.items()]
    return Parsed(title, entries, notes)
