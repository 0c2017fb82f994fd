"""The web page in a real browser: Debian's headless Chromium, driven by Selenium through chromium-driver.

Without Chromium the tests skip, unless HEADCHECK_REQUIRE_BROWSER=1 (as in CI), when
they fail. Selenium is given the driver's path, so it never tries to download one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from headcheck import Article, Checker
from headcheck.apps.serve.app import create_app
from headcheck.apps.serve.settings import Settings
from headcheck.apps.serve.workers import Workers
from serving import BODY, HEADLINE, running, web

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # the browser fixture skips or fails, with the reason
    webdriver = None

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT_S = 30
# Code points outside the BMP before the evidence: the report counts them as one
# character and JavaScript strings as two, so naive slicing would highlight wrongly.
EMOJI_BODY = f"\U0001f4da\U0001f30a {BODY}"
KEY = "page-key"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Skips without a browser, or fails where CI promised one."""
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not shutil.which(path)]
    if webdriver is None:
        missing.append("the selenium package")
    if missing:
        reason = f"the browser tests need {', '.join(missing)} (apt-get install chromium chromium-driver)"
        (pytest.fail if os.environ.get("HEADCHECK_REQUIRE_BROWSER") == "1" else pytest.skip)(reason)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1000,1600",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with web() as base:
        yield base


@pytest.fixture(scope="module")
def page(workers: Workers) -> Iterator[str]:
    with running(create_app(Settings(rate_limit=None, allow_hosts=("127.0.0.1",)), workers)) as base:
        yield base


def _submit(driver: Any, base: str, *, headline: str = "", body: str = "", url: str = "", key: str = "") -> None:
    driver.get(base)
    if url:
        driver.find_element(By.CSS_SELECTOR, "input[name=mode][value=url]").click()
        driver.find_element(By.ID, "url").send_keys(url)
    else:
        # send_keys cannot type characters outside the BMP, so the text goes in as a value.
        driver.execute_script("document.getElementById('headline').value = arguments[0];"
                              "document.getElementById('body').value = arguments[1];", headline, body)
    if key:
        driver.find_element(By.CSS_SELECTOR, "#key-box summary").click()
        driver.find_element(By.ID, "api-key").send_keys(key)
    driver.find_element(By.ID, "submit").click()


def _wait_for(driver: Any, locator: str) -> Any:
    return WebDriverWait(driver, WAIT_S).until(expected_conditions.visibility_of_element_located((By.ID, locator)))


def test_pasted_article_shows_verdict_and_highlights_evidence(
    browser: Any, page: str, checker: Checker, tmp_path: Path
) -> None:
    expected = checker.check_article(Article(HEADLINE, EMOJI_BODY))
    _submit(browser, page, headline=HEADLINE, body=EMOJI_BODY)
    _wait_for(browser, "result")
    verdict = browser.find_element(By.ID, "verdict")
    assert verdict.text.lower() == expected.verdict
    assert expected.verdict in verdict.get_attribute("class")
    assert browser.find_element(By.ID, "confidence").text == f"{round(expected.confidence * 100)}%"
    assert len(browser.find_elements(By.CSS_SELECTOR, "#probabilities tr")) == 4
    marks = browser.find_elements(By.CSS_SELECTOR, "#highlighted mark")
    by_position = sorted(expected.evidence, key=lambda e: e.sentence.start)
    assert [m.get_attribute("textContent") for m in marks] == [e.sentence.text for e in by_position]
    assert browser.find_element(By.ID, "highlighted").get_attribute("textContent") == EMOJI_BODY
    screenshot = tmp_path / "result.png"
    assert browser.save_screenshot(str(screenshot))
    assert screenshot.read_bytes().startswith(b"\x89PNG")
    if target := os.environ.get("HEADCHECK_SCREENSHOT"):  # to look at the page by eye
        shutil.copy(screenshot, target)


def test_markup_in_an_article_is_shown_as_text(browser: Any, page: str) -> None:
    headline = "Millbrook library <img src=x onerror=\"document.title='pwned'\"> reopens after flood repairs"
    body = BODY.replace("Head librarian", "<script>document.title='pwned'</script> Head librarian")
    _submit(browser, page, headline=headline, body=body)
    _wait_for(browser, "result")
    assert browser.find_element(By.ID, "result-headline").text == headline
    assert "<script>" in browser.find_element(By.ID, "highlighted").text
    assert browser.find_elements(By.CSS_SELECTOR, "#result img, #result script") == []
    assert browser.title != "pwned"


def test_link_check_lists_the_evidence(browser: Any, page: str, site: str, checker: Checker) -> None:
    expected = checker.check_article(Article(HEADLINE, BODY))
    _submit(browser, page, url=f"{site}/article")
    _wait_for(browser, "result")
    assert browser.find_element(By.ID, "verdict").text.lower() == expected.verdict
    items = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#evidence li")]
    assert items == [f"\u201c{e.sentence.text}\u201d" for e in expected.evidence]
    assert not browser.find_element(By.ID, "body-view").is_displayed()  # the page never had the body


def test_refused_link_shows_the_reason(browser: Any, page: str) -> None:
    _submit(browser, page, url="http://169.254.169.254/latest/meta-data/")
    status = _wait_for(browser, "status")
    WebDriverWait(browser, WAIT_S).until(lambda _: "refusing to fetch" in status.text)
    assert "error" in status.get_attribute("class")
    assert not browser.find_element(By.ID, "result").is_displayed()


def test_page_asks_for_a_key_when_the_server_needs_one(browser: Any, workers: Workers) -> None:
    with running(create_app(Settings(api_keys=frozenset({KEY}), rate_limit=None), workers)) as base:
        _submit(browser, base, headline=HEADLINE, body=BODY)
        status = _wait_for(browser, "status")
        WebDriverWait(browser, WAIT_S).until(lambda _: "needs an API key" in status.text)
        assert browser.find_element(By.ID, "key-box").get_attribute("open") is not None
        _submit(browser, base, headline=HEADLINE, body=BODY, key=KEY)
        _wait_for(browser, "result")
        assert browser.find_element(By.ID, "verdict").text


def test_each_finding_is_shown_beside_the_words_it_concerns(browser: Any, page: str, tmp_path: Path) -> None:
    headline = "40 dead as ferry capsizes off Skellan Point"
    body = ("A passenger ferry capsized in heavy swell off Skellan Point on Sunday. Four people died and 36 were "
            "rescued by fishing boats and the coastguard, regional officials said.")
    _submit(browser, page, headline=headline, body=body)
    _wait_for(browser, "result")
    assert [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#result-headline .flag")] == ["40"]
    assert "Four" in [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#highlighted .flag")]
    item = next(li for li in browser.find_elements(By.CSS_SELECTOR, "#findings li") if "\u201c40\u201d" in li.text)
    assert [e.text for e in item.find_elements(By.CSS_SELECTOR, ".finding-side")] == ["headline", "body"]
    assert [e.text for e in item.find_elements(By.CSS_SELECTOR, ".flag")] == ["40", "Four"]
    screenshot = tmp_path / "findings.png"
    assert browser.save_screenshot(str(screenshot))
    if target := os.environ.get("HEADCHECK_SCREENSHOT_FINDINGS"):  # to look at the page by eye
        shutil.copy(screenshot, target)


def test_the_words_that_decided_are_shown_on_both_sides(browser: Any, page: str) -> None:
    headline = "Harbour master Ivo Stenberg resigns over dredging row"
    body = ("Harbour master Ivo Stenberg did not resign on Friday and said he would stay to finish the dredging "
            "work. The port board met for three hours and backed his plan, its chair said.")
    _submit(browser, page, headline=headline, body=body)
    _wait_for(browser, "result")
    item = next(li for li in browser.find_elements(By.CSS_SELECTOR, "#reasons li") if "negated" in li.text.lower())
    assert [e.text for e in item.find_elements(By.CSS_SELECTOR, ".finding-side")] == ["headline", "body"]
    assert [e.text for e in item.find_elements(By.CSS_SELECTOR, ".flag.reason")] == ["resigns", "not resign"]
    assert "resigns" in [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#result-headline .flag.reason")]
