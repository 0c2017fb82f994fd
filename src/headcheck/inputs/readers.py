"""Readers: turn text, JSON, HTML or a file into an Article, not yet validated.

Each reader only parses; `sources.read_article` validates what they return, once, for every way in.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sys
from pathlib import Path
from typing import Any, BinaryIO

import lxml.html
import trafilatura
from lxml import etree

from headcheck.errors import InputError, shown
from headcheck.inputs.records import FIELDS, field_text
from headcheck.limits import MAX_INPUT_BYTES, MIN_BODY_WORDS, megabytes
from headcheck.types import Article

# Scrapers leave view counts and reading times between headline and body;
# they are a number with at most a counter word around it, never prose. The runs of separators are
# possessive (*+): as plain * they could split a run among themselves in O(n^2) ways, and a long line of
# digits and dots ("1 . . . . x") took minutes to refuse.
_COUNTER_WORDS = r"(?:views?|reads?|comments?|shares?|likes?|min(?:ute)?s?(?:\s+read)?|reading\s+time)"
_COUNTER_LINE = re.compile(
    rf"^\W*+(?:{_COUNTER_WORDS}\W*+)?\d[\d,.\s]*+[km]?\W*+(?:{_COUNTER_WORDS})?\W*+$", re.IGNORECASE
)

# C0 controls other than tab, newline and carriage return, DEL and the C1 block:
# real text never holds them, so their presence means a corrupt or binary input.
# Lone surrogates (from a JSON escape such as "\ud800", or undecodable bytes in a command
# line) are not characters at all: no UTF-8 encoder accepts them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Those of them that scraped text often carries one of (U+001C and U+001D for curly quotes, a stray
# U+007F): where one bad byte must not cost a whole article, they are removed instead (`strip_controls`).
# C1 controls and lone surrogates are left to be refused: they mean a broken encoding, not a stray byte.
_STRAY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Lines end at these only: str.splitlines also ends them at controls (U+001C ...), which would hide them.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029]")

# Scripts written without spaces count one word per character, so that a
# Chinese paragraph is not mistaken for a text too short to judge.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
WORD = re.compile(rf"[{_CJK}]|[^\W\d_{_CJK}]+")

# What extraction keeps of a page without an article: consent banners and paywall prompts. A line with
# one of these phrases is page furniture even beside real text.
_FURNITURE = re.compile(
    r"\b(?:we(?: and our partners)? use cookies|(?:accept|reject|allow|manage)(?: all| optional)? cookies"
    r"|cookies? (?:policy|settings|preferences|notice|consent)|use of cookies|by continuing to browse"
    r"|subscribe (?:now|today)|to (?:continue|keep) reading|subscribers? only|(?:only )?for subscribers"
    r"|already (?:a subscriber|subscribed)|(?:sign|log) in to (?:continue|read)|create a free account"
    r"|unlimited (?:digital )?access)\b",
    re.IGNORECASE,
)
_MIN_PROSE_LINE_WORDS = 5
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s*$")
# A tag, a comment or a doctype ("a < b" is not markup), and the tags only a whole page has.
_MARKUP = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*|/[a-zA-Z]|!--|!doctype\s)", re.IGNORECASE)
_PAGE = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
# What joins a headline to the site's or section's name in a page title.
_TITLE_SEPARATOR = re.compile(r"\s+[|\-\u2013\u2014:\u00b7\u2022]\s+")

# Text files hold almost no control bytes; binary files (images, PDFs, archives)
# hold NULs or many other controls within their first few kilobytes.
_SNIFF_BYTES = 8192
_MAX_BINARY_CONTROL_SHARE = 0.05


def refuse_controls(text: str, where: str = "the input") -> None:
    """Controls mean a corrupt input; check before any splitting, which treats some as line breaks.

    The message gives the first one's code and its offset (in characters) in `where`, so it can be found.
    """
    control = _CONTROL.search(text)
    if control:
        code, offset = f"U+{ord(control.group()):04X}", control.start()
        if "\ud800" <= control.group() <= "\udfff":
            raise InputError(f"{where} contains a lone surrogate ({code}) at offset {offset:,}, which is not "
                             "valid Unicode")
        raise InputError(f"{where} contains control characters (e.g. {code} at offset {offset:,})")


def strip_controls(text: str, where: str) -> tuple[str, str | None]:
    """The text without stray controls (C0 other than tab and line breaks, and DEL), and a warning that says
    how many there were and where the first was, or None when there were none."""
    found = _STRAY_CONTROL.search(text)
    if found is None:
        return text, None
    stripped, count = _STRAY_CONTROL.subn("", text)
    return stripped, (f"{where} contained {count:,} control character{'s' if count > 1 else ''} (the first, "
                      f"U+{ord(found.group()):04X}, at offset {found.start():,}), removed before checking")


def _lines(text: str) -> list[str]:
    return _LINE_BREAK.split(text)


def _same_text(a: str, b: str) -> bool:
    """Repeated headlines differ from the original only in case, spacing and punctuation."""

    def key(s: str) -> str:
        return "".join(ch for ch in s.casefold() if ch.isalnum())

    return key(a) == key(b)


def _first_line(text: str) -> str:
    """Pasted and extracted text alike put the headline first."""
    return next((line for line in _lines(text) if line.strip()), "")


def _clean_body(headline: str, text: str) -> str:
    """Drop lines that repeat the headline or only hold a counter: they are page furniture, not text. O(text)."""
    kept = [
        line
        for line in _lines(text)
        if not (_same_text(line, headline) or _COUNTER_LINE.match(line.strip()))
    ]
    return "\n".join(kept)


def from_text(text: str) -> Article:
    """Plain text is how people paste articles: headline on the first line, body below. Controls stay where
    they are, for `sources.read_article` to refuse or strip."""
    headline = _first_line(text)
    return Article(headline, _clean_body(headline, text))


def parse_json(text: str | bytes) -> Any:
    """json.loads, with every way it can fail as one InputError: hostile JSON (10,000 nested arrays, an
    integer of 5,000 digits) raises RecursionError or ValueError there, not JSONDecodeError."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except (RecursionError, ValueError) as exc:
        raise InputError(json_beyond_limits(exc)) from None


def json_beyond_limits(exc: RecursionError | ValueError) -> str:
    """What went wrong when json.loads failed on valid JSON: too deep, or a number past int's digit limit."""
    if isinstance(exc, RecursionError):
        return "invalid JSON: it is nested too deeply"
    return f"invalid JSON: a number has more than {sys.get_int_max_str_digits():,} digits"


def from_json(data: str | bytes | dict[str, Any]) -> Article:
    """JSON is the batch and API format: an object with headline, body and optional id and url."""
    if isinstance(data, bytes):
        data = decode(data, "the JSON input")
    if isinstance(data, str):
        data = parse_json(data)
    if not isinstance(data, dict):
        raise InputError('the JSON must be an object with "headline" and "body" fields')
    fields = {f: field_text(f, data.get(f)) for f in FIELDS}
    if fields["headline"] is None:
        raise InputError('the JSON has no "headline" field')
    if fields["body"] is None:
        raise InputError('the JSON has no "body" field')
    return as_given(Article(**fields))


def as_given(article: Article) -> Article:
    """An article whose body was given as it is (a CLI option, a JSON field, a batch row). A body that opens with
    an HTML tag, a comment or a doctype (pasted page source, an export's HTML field) is read for its article text
    (`markup_text`); scraped text with a stray tag or comment further on (14 FNC-1 bodies) stays text."""
    if not _MARKUP.match(article.body.lstrip()):
        return article
    return dataclasses.replace(article, body=markup_text(article.headline, article.body, article.url))


def _is_prose(line: str) -> bool:
    """A sentence, or several: enough words, ending as sentences end. Menus, link lists and labels are not."""
    return len(WORD.findall(line)) >= _MIN_PROSE_LINE_WORDS and bool(_SENTENCE_END.search(line))


def _extract(html: str | bytes, url: str | None) -> tuple[str | None, str]:
    """The page's title (None when it has none) and main text, as trafilatura finds them."""
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    return (document.title, document.text or "") if document is not None else (None, "")


def _article_text(headline: str, text: str) -> str:
    """The body of extracted text: repeats of the headline, counters and consent or paywall notices dropped.

    On a page with no article (a consent wall, a paywall, a bare menu) extraction returns whatever is
    left, so the text must also hold prose once those notices are dropped.
    """
    lines = [line for line in _lines(_clean_body(headline, text)) if not _FURNITURE.search(line)]
    body = "\n".join(lines)
    if len(WORD.findall(body)) < MIN_BODY_WORDS or not any(map(_is_prose, lines)):
        raise InputError("no article text found in the HTML")
    return body


def from_html(html: str | bytes, url: str | None = None) -> Article:
    """Web pages carry menus, ads and footers; trafilatura keeps only the title and main text."""
    title, text = _extract(html, url)
    headline = title or _first_line(text)
    return Article(headline, _article_text(headline, text), url=url)


def markup_text(headline: str, markup: str, url: str | None = None) -> str:
    """The article text of HTML given where text is expected (a feed item's text, page source pasted as a body,
    an export's HTML field): a whole page is read as an HTML file is (trafilatura drops its menus and footers),
    a fragment block by block (trafilatura gives up on a fragment of one paragraph); either is refused when it
    holds no article text."""
    text = _extract(markup, url)[1] if _PAGE.search(markup) else _fragment_text(markup)
    return _article_text(headline, text)


def from_listing(headline: str, content: str, url: str | None = None) -> Article:
    """An article's text as a listing carries it (a feed item's full text, HTML or plain), under the
    listing's headline: none of the text is the headline, so none of it is taken for one. A feed's text is HTML
    when it holds any tag."""
    refuse_controls(content, "the item's text")
    body = markup_text(headline, content, url) if _MARKUP.search(content) else _article_text(headline, content)
    return Article(headline, body, url=url)


_BLOCKS = ("p", "div", "br", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "pre", "figcaption")


def _fragment_text(markup: str) -> str:
    """The text of an HTML fragment, a line per block. A listing's text is the article alone, without the
    menus and footers trafilatura is there to drop (and it gives up on a fragment of one paragraph)."""
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for unseen in root.xpath("//script|//style|//template"):
        unseen.drop_tree()
    for block in root.iter(*_BLOCKS):
        block.tail = "\n" + (block.tail or "")
    return "\n".join(line.strip() for line in _lines(root.text_content()) if line.strip())


def same_headline(headline: str, title: str) -> bool:
    """Whether a headline shown elsewhere is the page's own: the same words, or the same words as a part of a
    title that also names the site or section ('Bridge opens | The Gazette', 'World - Bridge opens')."""
    parts = _TITLE_SEPARATOR.split(title)
    runs = (" ".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1))
    return _same_text(headline, title) or any(_same_text(headline, run) for run in runs)


def decode(data: bytes, source: str) -> str:
    """Only UTF-8 is accepted: guessing other encodings silently garbles the words the models read."""
    sample = data[:_SNIFF_BYTES]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{source} is UTF-16 text, not UTF-8; save it as UTF-8")
    nul = sample.find(b"\x00")
    if nul >= 0:
        raise InputError(f"{source} is a binary file, not text (a NUL byte at offset {nul:,})")
    controls = sum(byte < 0x20 and byte not in b"\t\n\r\f\b\x1b" for byte in sample)
    if controls > len(sample) * _MAX_BINARY_CONTROL_SHARE:
        raise InputError(f"{source} is a binary file, not text ({controls:,} control bytes in its first "
                         f"{len(sample):,})")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{not_utf8(source, exc)}; save it as UTF-8") from None


def not_utf8(source: str, exc: UnicodeDecodeError) -> str:
    """Where the first byte that is not UTF-8 is, so it can be found."""
    return f"{source} is not UTF-8 text (invalid byte at offset {exc.start})"


def too_large(source: str, size: int | None = None) -> InputError:
    """The size when it is known (a file's); a stream is only read one byte past the limit."""
    if size is None:
        return InputError(f"{source} is larger than the {megabytes(MAX_INPUT_BYTES)} input limit "
                          f"(more than {MAX_INPUT_BYTES:,} bytes)")
    return InputError(f"{source} is {size:,} bytes, over the {megabytes(MAX_INPUT_BYTES)} input limit")


def _read_capped(stream: BinaryIO, source: str) -> bytes:
    """Read at most one byte past the limit, so a huge input fails fast instead of filling memory."""
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise too_large(source)
    return data


def _read_file(path: Path) -> bytes:
    """Check the size before reading, and turn OS errors into messages a user can act on."""
    name = shown(path)
    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > MAX_INPUT_BYTES:
                raise too_large(name, size)
            return _read_capped(stream, name)
    except FileNotFoundError:
        raise InputError(f"{name} does not exist") from None
    except IsADirectoryError:
        raise InputError(f"{name} is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror}") from None


def read_text(path: str | Path) -> str:
    """Read a file, or stdin for '-', as text, refusing what cannot be an article before parsing it."""
    if str(path) == "-":
        source = "standard input"
        return decode(_read_capped(sys.stdin.buffer, source), source)
    path = Path(path)
    return decode(_read_file(path), shown(path))


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
