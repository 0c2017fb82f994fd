"""Stage 1: every way in produces a validated Article or one clear InputError."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from headcheck.errors import InputError
from headcheck.inputs import File, Record, Source, looks_english, read_article, readers, validate
from headcheck.inputs.readers import decode, from_html, from_text, read_text
from headcheck.limits import MAX_INPUT_BYTES
from headcheck.types import Article

HEADLINE = "Quillfield council votes to close old ferry"
BODY = (
    "The council of Quillfield voted on Thursday to close the old ferry crossing after a report found "
    "that the landing stage was no longer safe.\n"
    "Residents who use the ferry to reach the market on the far bank said they had not been consulted, "
    'and several of them spoke at the meeting. "We were told by letter after the decision had been made," '
    "said Hetty Vane, who has run a bakery near the landing for twenty years.\n"
    "The council said it would pay for a bus service until a new crossing is built."
)
FRENCH = (
    "Le conseil municipal de Quillfield a voté jeudi la fermeture de l'ancien bac après qu'un rapport a "
    "conclu que l'embarcadère n'était plus sûr. Les habitants qui prennent le bac pour se rendre au marché "
    "sur l'autre rive disent qu'ils n'ont pas été consultés, et plusieurs d'entre eux ont pris la parole."
)
GERMAN = (
    "In der Altstadt von Quillfield ist in der Nacht zum Sonntag ein Feuer in einem Lagerhaus ausgebrochen. "
    "Was genau passiert ist, ist noch unklar; die Feuerwehr war mit an die achtzig Einsatzkräften vor Ort. "
    "In den umliegenden Straßen wurden die Anwohner gebeten, Fenster und Türen geschlossen zu halten."
)
CHINESE = (
    "奎尔菲尔德镇议会星期四投票决定关闭旧渡口，此前一份报告认为码头已经不再安全。"  # noqa: RUF001
    "经常乘坐渡船去对岸市场的居民说，事先没有人征求他们的意见，其中几位居民在会上发了言。"  # noqa: RUF001
)
DENSE_ENGLISH = (
    "Results, Saturday: Harlow Vale 3 Thornbury Athletic 1; Kessing United 0 Bramcote Rovers 0; "
    "Old Wyvern 2 Fallowfield Town 2. Goals for Harlow Vale came from Pym (two) and Odell, while Thornbury "
    "replied through Castell. Bramcote keep top spot on goal difference ahead of Kessing. "
    "Next round: Fallowfield v Harlow Vale, Thornbury v Kessing."
)
ARTICLE_HTML = f"""<!DOCTYPE html>
<html><head><title>{HEADLINE} | The Quillfield Echo</title>
<meta property="og:title" content="{HEADLINE}"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>{HEADLINE}</h1>
{"".join(f"<p>{p}</p>" for p in BODY.splitlines())}
</article><footer>Copyright The Quillfield Echo</footer></body></html>"""


def read(source: Source) -> Article:
    """What a front end gets from a source: the article, validated (a language is warned about, not refused)."""
    return read_article(source, english="warn").article


def _fails(match: str) -> pytest.RaisesContext[InputError]:
    return pytest.raises(InputError, match=match)


# -- from_text -------------------------------------------------------------------------------------


def test_from_text_splits_headline_from_body() -> None:
    got = validate(from_text(f"\n\n  {HEADLINE}  \n\n{BODY}\n"))
    assert got == Article(HEADLINE, BODY)


def test_from_text_drops_repeated_headline_and_counters() -> None:
    scraped = "\n".join(
        [
            HEADLINE,
            "",
            HEADLINE.upper() + "!",
            "  quillfield   council votes to close old ferry.  ",
            "3 min read",
            "1,204 views",
            "Views: 1.2K",
            "42",
            "5 comments",
            BODY,
            "Reading time: 4 minutes",
        ]
    )
    got = validate(from_text(scraped))
    assert got.headline == HEADLINE
    assert got.body == BODY


def test_from_text_keeps_body_lines_that_merely_contain_numbers() -> None:
    body = BODY + "\n2 people were hurt when the landing stage gave way in 2019.\n1999 was the last repair."
    assert validate(from_text(f"{HEADLINE}\n{body}")).body == body


def test_from_text_headline_only_is_refused() -> None:
    with _fails("the body is empty"):
        validate(from_text(f"{HEADLINE}\n\n"))
    with _fails("the body is empty"):
        validate(from_text(f"{HEADLINE}\n{HEADLINE}\n1,204 views\n3 min read"))


def test_from_text_empty_input_has_no_headline() -> None:
    with _fails("the headline is empty"):
        validate(from_text(" \n\n "))


def test_from_text_refuses_controls_that_split_lines() -> None:
    # U+001C counts as a line break for str.splitlines; it must be refused, not silently eaten.
    with _fails(rf"control characters \(e\.g\. U\+001C at offset {len(HEADLINE)}\)"):
        validate(from_text(f"{HEADLINE}\x1c\n{BODY}"))


# -- validate / from_parts -------------------------------------------------------------------------


def test_from_parts_strips_and_keeps_id_and_url() -> None:
    got = read(Article(f"  {HEADLINE}\n ", f"\n{BODY}  ", id="17", url="https://echo.example/a"))
    assert got == Article(HEADLINE, BODY, id="17", url="https://echo.example/a")


def test_headline_whitespace_is_collapsed_to_one_line() -> None:
    assert read(Article("Quillfield council\n   votes  to close\told ferry", BODY)).headline == HEADLINE


@pytest.mark.parametrize("headline", ["", "   ", "\n\t"])
def test_empty_headline_is_refused(headline: str) -> None:
    with _fails("^the headline is empty$"):
        read(Article(headline, BODY))


@pytest.mark.parametrize("body", ["", "  \n  "])
def test_empty_body_is_refused(body: str) -> None:
    with _fails("^the body is empty: "):
        read(Article(HEADLINE, body))


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
def test_control_characters_are_refused(char: str) -> None:
    code = f"U+{ord(char):04X}"
    with _fails(rf"^the body contains control characters \(e\.g\. {code[:2]}\+{code[2:]} at offset 40\)$"):
        read(Article(HEADLINE, BODY[:40] + char + BODY[40:]))
    with _fails(f"^the headline contains control characters .* at offset {len(HEADLINE)}"):
        read(Article(HEADLINE + char, BODY))


def test_tabs_and_line_breaks_are_not_control_characters() -> None:
    assert read(Article(HEADLINE, BODY.replace("\n", "\r\n\t"))).headline == HEADLINE


def test_overlong_headline_is_refused() -> None:
    with _fails("the headline is 501 characters long, over the limit of 500"):
        read(Article("x" * 501, BODY))
    assert read(Article("x" * 500, BODY)).headline == "x" * 500


def test_overlong_body_is_refused() -> None:
    with _fails("^the body is 5,000,004 characters long, over the limit of 5,000,000$"):
        read(Article(HEADLINE, "word " * 1_000_001))


@pytest.mark.parametrize("body", [FRENCH, GERMAN, CHINESE], ids=["french", "german", "chinese"])
def test_non_english_body_is_refused(body: str) -> None:
    assert not looks_english(body)
    parsed = read(Article(HEADLINE, body))
    with _fails(r"^the body does not look like English \(headcheck's models are English-only\)$"):
        read_article(parsed, english="refuse")


@pytest.mark.parametrize("body", [BODY, DENSE_ENGLISH], ids=["prose", "results"])
def test_english_body_is_accepted(body: str) -> None:
    assert looks_english(body)
    parsed = read(Article(HEADLINE, body))
    assert read_article(parsed, english="refuse").article == parsed and parsed.body == body


def test_english_beside_a_long_translation_is_refused() -> None:
    assert not looks_english(BODY.splitlines()[0] + " " + CHINESE + " " + CHINESE)


def test_short_texts_get_the_benefit_of_the_doubt() -> None:
    assert looks_english("Le conseil a voté jeudi la fermeture du bac.")
    assert looks_english("奎尔菲尔德镇议会投票决定关闭旧渡口")


# -- from_json -------------------------------------------------------------------------------------


def test_from_json_accepts_str_bytes_and_dict() -> None:
    data = {"headline": HEADLINE, "body": BODY, "id": 7, "url": "https://echo.example/7"}
    expected = Article(HEADLINE, BODY, id="7", url="https://echo.example/7")
    assert read(Record(json.dumps(data))) == expected
    assert read(Record(json.dumps(data).encode())) == expected
    assert read(Record(data)) == expected
    assert read(Record({"headline": HEADLINE, "body": BODY, "id": None})) == Article(HEADLINE, BODY)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ('{"headline": "x", ', "^invalid JSON: Expecting property name enclosed in double quotes at line 1"),
        ("[1, 2]", 'must be an object with "headline" and "body"'),
        ('"just a string"', 'must be an object with "headline" and "body"'),
        (json.dumps({"body": BODY}), '^the JSON has no "headline" field$'),
        (json.dumps({"headline": HEADLINE}), '^the JSON has no "body" field$'),
        (json.dumps({"headline": HEADLINE, "body": 12}), '^the field "body" must be a string, not int$'),
        (json.dumps({"headline": ["a"], "body": BODY}), '"headline" must be a string, not list'),
        (json.dumps({"headline": HEADLINE, "body": BODY, "id": True}), '"id" must be a string, not bool'),
        (json.dumps({"headline": HEADLINE, "body": BODY, "url": 3.5}), '"url" must be a string, not float'),
        (b"\xff\xfe{\x00", "the JSON input is UTF-16 text"),
    ],
)
def test_from_json_refuses_bad_input(data: str | bytes, message: str) -> None:
    with _fails(message):
        read(Record(data))


# -- from_html -------------------------------------------------------------------------------------


def test_from_html_extracts_title_and_main_text() -> None:
    got = validate(from_html(ARTICLE_HTML, url="https://echo.example/ferry"))
    assert got.headline == HEADLINE
    assert got.url == "https://echo.example/ferry"
    # The <h1> repeating the headline, the menu and the footer are not body text.
    assert got.body == BODY


def test_from_html_accepts_bytes() -> None:
    assert validate(from_html(ARTICLE_HTML.encode())).headline == HEADLINE


def test_from_html_without_title_uses_first_line() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in [HEADLINE, *BODY.splitlines()])
    got = validate(from_html(f"<html><body><div>{paragraphs}</div></body></html>"))
    assert (got.headline, got.body) == (HEADLINE, BODY)


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Quillfield Echo</title></head><body></body></html>",
        "<html><body><nav><a href='/'>Home</a></nav></body></html>",
        "",
    ],
)
def test_from_html_without_article_text_is_refused(html: str) -> None:
    with _fails("^no article text found in the HTML$"):
        validate(from_html(html))


# -- decode ----------------------------------------------------------------------------------------


def test_decode_accepts_utf8_with_bom() -> None:
    assert decode("\ufeffCafé in Quillfield".encode(), "x.txt") == "Café in Quillfield"


@pytest.mark.parametrize(
    ("data", "why"),
    [(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "a NUL byte at offset 8"),
     (bytes(range(1, 32)) * 40, "1,000 control bytes in its first 1,240")],
    ids=["nul-bytes", "mostly-controls"],
)
def test_decode_refuses_binary(data: bytes, why: str) -> None:
    with _fails(rf"^photo.png is a binary file, not text \({why}\)$"):
        decode(data, "photo.png")


def test_decode_refuses_other_encodings() -> None:
    with _fails(r"^old.txt is not UTF-8 text \(invalid byte at offset 3\); save it as UTF-8$"):
        decode("Caf\u00e9 opens".encode("latin-1"), "old.txt")
    with _fails("^old.txt is UTF-16 text, not UTF-8"):
        decode("Caf\u00e9 opens".encode("utf-16"), "old.txt")


# -- read_path -------------------------------------------------------------------------------------


def test_read_path_dispatches_by_extension_and_content(tmp_path: Path) -> None:
    expected = Article(HEADLINE, BODY)
    (tmp_path / "a.txt").write_text(f"{HEADLINE}\n{BODY}", encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"headline": HEADLINE, "body": BODY}), encoding="utf-8")
    (tmp_path / "a.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (tmp_path / "page").write_text(ARTICLE_HTML, encoding="utf-8")
    (tmp_path / "data").write_text(json.dumps({"headline": HEADLINE, "body": BODY, "id": 3}))
    assert read(File(tmp_path / "a.txt")) == expected
    assert read(File(str(tmp_path / "a.json"))) == expected
    assert read(File(tmp_path / "a.html")) == expected
    assert read(File(tmp_path / "page")) == expected
    assert read(File(tmp_path / "data")).id == "3"


def test_read_path_reports_missing_file_and_directory(tmp_path: Path) -> None:
    with _fails(f"^{tmp_path / 'nope.txt'} does not exist$"):
        read(File(tmp_path / "nope.txt"))
    with _fails(f"^{tmp_path} is a directory, not a file$"):
        read(File(tmp_path))


def test_read_path_refuses_binary_and_non_utf8_files(tmp_path: Path) -> None:
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    (tmp_path / "old.txt").write_bytes(f"{HEADLINE}\nThe caf\u00e9 by the ferry. {BODY}".encode("cp1252"))
    with _fails("scan.txt is a binary file, not text"):
        read(File(tmp_path / "scan.txt"))
    with _fails("old.txt is not UTF-8 text"):
        read(File(tmp_path / "old.txt"))


def test_read_path_refuses_control_characters_in_file(tmp_path: Path) -> None:
    (tmp_path / "bell.txt").write_bytes(f"{HEADLINE}\n{BODY}\x07".encode())
    with _fails(rf"the body contains control characters \(e\.g\. U\+0007 at offset {len(BODY)}\)"):
        read(File(tmp_path / "bell.txt"))
    # A NUL past the first 8 KB is not seen by the binary sniff but still refused.
    (tmp_path / "nul.txt").write_bytes(f"{HEADLINE}\n{BODY * 30}\x00".encode())
    with _fails(r"the body contains control characters \(e\.g\. U\+0000 at offset [\d,]+\)"):
        read(File(tmp_path / "nul.txt"))


def test_read_path_refuses_huge_file_before_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "huge.txt"
    huge.write_bytes(f"{HEADLINE}\n".encode() + b"more words " * 2_000_000)

    def no_reading(*args: object) -> bytes:
        raise AssertionError("read a file already known to be too large")

    monkeypatch.setattr(readers, "_read_capped", no_reading)
    with _fails(f"^{huge} is {huge.stat().st_size:,} bytes, over the 5 MB input limit$"):
        read(File(huge))


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(data)))


def test_read_path_dash_reads_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, f"{HEADLINE}\n3 min read\n{BODY}\n".encode())
    assert read(File("-")) == Article(HEADLINE, BODY)
    _stdin(monkeypatch, json.dumps({"headline": HEADLINE, "body": BODY}).encode())
    assert read(File("-")) == Article(HEADLINE, BODY)


def test_read_path_dash_stops_reading_stdin_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.BytesIO(b"a" * (MAX_INPUT_BYTES + 1000))
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=stream))
    with _fails(r"^standard input is larger than the 5 MB input limit \(more than 5,000,000 bytes\)$"):
        read(File("-"))
    assert stream.tell() == MAX_INPUT_BYTES + 1


def test_read_text_reads_a_body_file(tmp_path: Path) -> None:
    (tmp_path / "body.txt").write_text(BODY, encoding="utf-8")
    assert read_text(tmp_path / "body.txt") == BODY
