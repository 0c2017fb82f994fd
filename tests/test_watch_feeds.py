"""Reading feeds: every format the watch takes, the items it skips and why, and the listing as an input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from headcheck.apps.watch.feeds import Entry, parse, read_feed_file
from headcheck.errors import FeedError
from headcheck.inputs import File, Listed, read_article
from headcheck.inputs.readers import same_headline
from headcheck.limits import MAX_FEED_BYTES

BASE = "https://news.example/feeds/main.xml"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

RSS = b"""<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>The Gazette</title><link>https://news.example/</link><description>d</description>
<item><title>Bridge opens</title><link>https://news.example/bridge</link><guid isPermaLink="false">b1</guid>
  <description>A summary.</description></item>
<item><title>Ferry  stays</title><link>/ferry</link><guid isPermaLink="false">f1</guid>
  <content:encoded><![CDATA[<p>The ferry keeps running.</p>]]></content:encoded></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>The Gazette</title>
<id>urn:gazette</id><updated>2026-12-01T00:00:00Z</updated>
<entry><title>Bridge opens</title><link href="https://news.example/bridge"/><id>urn:b1</id>
  <updated>2026-12-01T00:00:00Z</updated><content type="html">&lt;p&gt;Text.&lt;/p&gt;</content></entry>
</feed>"""
RDF = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://news.example/"><title>The Gazette</title>
  <link>https://news.example/</link><description>d</description></channel>
<item rdf:about="https://news.example/bridge"><title>Bridge opens</title><link>https://news.example/bridge</link></item>
</rdf:RDF>"""
JSON_FEED = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "The Gazette", "items": [
    {"id": 7, "url": "https://news.example/bridge", "title": "Bridge opens", "content_text": "The bridge opened."},
    {"id": "2", "url": "ferry", "title": "Ferry stays"},
    {"id": "3", "url": "https://news.example/x", "content_html": "<p>No title: a microblog post.</p>"},
]}).encode()
SITEMAP = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
  xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/bridge</loc><news:news><news:publication><news:name>The Gazette</news:name>
  <news:language>en</news:language></news:publication><news:publication_date>2026-12-01</news:publication_date>
  <news:title>Bridge opens</news:title></news:news></url>
<url><loc>https://news.example/about</loc></url>
</urlset>"""


@pytest.mark.parametrize(("data", "entries"), [
    (RSS, [Entry("b1", "Bridge opens", "https://news.example/bridge", None),
           Entry("f1", "Ferry stays", "https://news.example/ferry", "<p>The ferry keeps running.</p>")]),
    (ATOM, [Entry("urn:b1", "Bridge opens", "https://news.example/bridge", "<p>Text.</p>")]),
    (RDF, [Entry("https://news.example/bridge", "Bridge opens", "https://news.example/bridge", None)]),
    (JSON_FEED, [Entry("7", "Bridge opens", "https://news.example/bridge", "The bridge opened."),
                 Entry("2", "Ferry stays", "https://news.example/feeds/ferry", None)]),
    (SITEMAP, [Entry("https://news.example/bridge", "Bridge opens", "https://news.example/bridge", None)]),
], ids=["RSS 2.0", "Atom", "RDF", "JSON Feed", "news sitemap"])
def test_every_format_gives_its_items(data: bytes, entries: list[Entry]) -> None:
    parsed = parse(data, BASE)
    assert parsed.title == "The Gazette"
    assert parsed.entries == entries  # a summary is never taken for the article's text
    assert parsed.notes == (["1 item skipped: no title"] if data is JSON_FEED else [])


@pytest.mark.parametrize(("data", "message"), [
    (b"<!DOCTYPE html><html><body><p>News</p></body></html>", "not a feed: this is an HTML page"),
    (b"\x00\x01binary", "not a feed"),
    (b'{"version": "1.0", "items": []}', 'not a feed: JSON without a JSON Feed "version"'),
    (b'{"version": "https://jsonfeed.org/version/1", "items": {}}', 'the JSON Feed has no "items" list'),
    (b"[" * 100_000, "not a feed"),
    (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>x</loc></sitemap>'
     b"</sitemapindex>", "a sitemap index, not a news sitemap"),
    (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example/</loc></url></urlset>',
     "not a news sitemap"),
    (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
     b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">&b;</urlset>', "not a news sitemap"),
])
def test_what_is_not_a_feed_is_one_feed_error(data: bytes, message: str) -> None:
    with pytest.raises(FeedError, match=message.replace("(", r"\(")):
        parse(data, BASE)


def test_links_in_a_feed_file_stay_in_its_folder(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("x")
    data = (b'<rss version="2.0"><channel><title>Local</title>'
            b"<item><title>A</title><link>story.txt</link></item>"
            b"<item><title>B</title><link>../outside.txt</link></item>"
            b"<item><title>C</title><link>/etc/passwd</link></item>"
            b"<item><title>D</title><link>https://news.example/d</link></item>"
            b"</channel></rss>")
    parsed = parse(data, str(tmp_path / "feed.xml"), folder=tmp_path)
    assert [(e.title, e.link) for e in parsed.entries] == [("A", str(tmp_path / "story.txt")),
                                                           ("D", "https://news.example/d")]
    assert parsed.notes == ["2 items skipped: a link outside the feed file's folder"]


def test_a_feed_file_over_the_limit_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.xml"
    with big.open("wb") as out:
        out.truncate(MAX_FEED_BYTES + 1)
    with pytest.raises(FeedError, match="larger than 10 MB"):
        read_feed_file(big)
    with pytest.raises(FeedError, match="does not exist"):
        read_feed_file(tmp_path / "missing.xml")


def test_a_listing_headline_is_checked_against_the_page_and_its_own_title_kept() -> None:
    listed = read_article(Listed("Alvera ferry to stop running", File(EXAMPLES / "ferry.html"), id="i1"),
                          english="warn")
    assert listed.article.headline == "Alvera ferry to stop running" and listed.article.id == "i1"
    assert listed.own_headline == "Alvera ferry will keep its winter timetable"
    assert listed.warnings == ("the headline differs from the article's own: "
                               "\u201cAlvera ferry will keep its winter timetable\u201d",)
    assert "Selma Okonjo" in listed.article.body and "fictional newspaper" not in listed.article.body
    text = read_article(Listed("Festival draws crowds", text="<p>The harbour festival drew about twenty thousand "
                                                              "visitors over the weekend, its organisers said.</p>"),
                        english="warn")
    assert text.own_headline is None and text.warnings == ()
    assert text.article.body.startswith("The harbour festival drew")  # the first line is not taken for a title


@pytest.mark.parametrize(("headline", "title", "same"), [
    ("Bridge opens", "Bridge opens | The Gazette", True),
    ("Bridge opens", "World - Bridge opens - The Gazette", True),
    ("bridge OPENS!", "Bridge opens", True),
    ("Bridge closes", "Bridge opens | The Gazette", False),
    ("Bridge", "Bridge opens", False),
])
def test_a_site_name_in_the_title_is_not_a_different_headline(headline: str, title: str, same: bool) -> None:
    assert same_headline(headline, title) is same
