"""The watch page (/watch) in headless Chromium, as test_browser.py drives the main page: each feed's latest
flagged items with their verdict, evidence and reasons, a failing feed's error, and nothing from a feed
run as script."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from headcheck import Checker
from headcheck.apps.serve.app import create_app
from headcheck.apps.serve.settings import Settings
from headcheck.apps.serve.workers import Workers
from serving import running
from test_browser import WAIT_S, browser  # noqa: F401  (the fixture: Chromium, or a skip saying what is missing)
from watch_farm import Item, Route, farm, numbered_items, paragraphs, unrelated
from watch_helpers import run_watch

try:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # the browser fixture has skipped (or failed) already
    pass

HOSTILE_TITLE = '<img src=x onerror="document.title=\'pwned\'">Library news'


@pytest.fixture(scope="module")
def watch_page(tmp_path_factory: pytest.TempPathFactory, checker: Checker, workers: Workers) -> Iterator[str]:
    target = str(tmp_path_factory.mktemp("watch-page") / "watch.sqlite")
    with farm() as site:
        site.add_articles(range(3))
        items = [*numbered_items(site.base, range(2)), Item(unrelated(2), f"{site.base}/article/2", "off-2")]
        body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>' + HOSTILE_TITLE.replace(
            "<", "&lt;").encode() + b"</title>" + b"".join(
            f"<item><title>{i.title}</title><link>{i.link}</link><guid>{i.guid}</guid></item>".encode()
            for i in items) + b"</channel></rss>"
        site.routes["/feed.xml"] = Route(body)
        site.routes["/broken.xml"] = Route(b"<html><body>not a feed</body></html>", content_type="text/html")
        run_watch(target, [f"{site.base}/feed.xml", f"{site.base}/broken.xml"], checker,
                  alert_on=frozenset({"unrelated"}))
    with running(create_app(Settings(rate_limit=None), workers, watch_store=target)) as base:
        yield base


def test_the_watch_page_shows_flagged_items_with_evidence_and_reasons(browser: Any, watch_page: str) -> None:  # noqa: F811
    browser.get(f"{watch_page}/watch")
    WebDriverWait(browser, WAIT_S).until(expected_conditions.text_to_be_present_in_element(
        (By.ID, "status"), "2 feeds watched."))
    feeds = browser.find_elements(By.CSS_SELECTOR, "section.watch-feed")
    assert len(feeds) == 2
    broken = next(f for f in feeds if "broken.xml" in f.text)
    assert "not a feed: this is an HTML page" in broken.find_element(By.CSS_SELECTOR, "p.error").text
    assert "No flagged items." in broken.text

    feed = next(f for f in feeds if "feed.xml" in f.text and f is not broken)
    assert feed.find_element(By.TAG_NAME, "h2").text == HOSTILE_TITLE  # shown as text, never run
    assert browser.title == "headcheck watch: flagged headlines"
    (item,) = feed.find_elements(By.CSS_SELECTOR, "article.watch-item")
    assert item.find_element(By.CSS_SELECTOR, ".verdict").text.lower() == "unrelated"
    link = item.find_element(By.CSS_SELECTOR, "h3 a")
    assert link.text == unrelated(2) and link.get_attribute("href").endswith("/article/2")
    evidence = [li.text for li in item.find_elements(By.CSS_SELECTOR, "ol.evidence li")]
    assert evidence and all(any(e.strip("\u201c\u201d") in p for p in paragraphs(2)) for e in evidence)
    reasons = [li.text for li in item.find_elements(By.CSS_SELECTOR, "ul.reasons li")]
    assert any(r.startswith("the headline differs from the article's own:") for r in reasons)
    assert "The article\u2019s own title: \u201cAshcombe library reopens" in item.text


def test_the_watch_page_asks_for_a_key_when_the_server_has_keys(browser: Any, tmp_path: Path,  # noqa: F811
                                                                workers: Workers) -> None:
    settings = Settings(rate_limit=None, api_keys=frozenset({"watch-key"}))
    with running(create_app(settings, workers, watch_store=str(tmp_path / "s.db"))) as base:
        browser.get(f"{base}/watch")
        WebDriverWait(browser, WAIT_S).until(expected_conditions.text_to_be_present_in_element(
            (By.ID, "status"), "needs an API key"))
        browser.find_element(By.CSS_SELECTOR, "#key-box summary").click()
        browser.find_element(By.ID, "api-key").send_keys("watch-key")
        browser.find_element(By.ID, "reload").click()
        WebDriverWait(browser, WAIT_S).until(expected_conditions.text_to_be_present_in_element(
            (By.ID, "status"), "No feeds watched yet."))
