"""`headcheck serve --store STORE` serving the watch: /v1/watch/items (filters, cursor pages), /v1/watch/feeds
and /metrics, on SQLite and on PostgreSQL, with real reports from a watch over a feed farm."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from headcheck import Checker
from headcheck.apps.serve.app import create_app
from headcheck.apps.serve.settings import Settings
from headcheck.apps.serve.workers import Workers
from serving import running
from watch_farm import Item, Route, farm, headline, numbered_items, unrelated
from watch_helpers import run_watch, store_target

FLAGGED = frozenset({"unrelated"})


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def watched(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, checker: Checker,
            workers: Workers) -> Iterator[tuple[str, str, str, str]]:
    """A store after one watch: feed A with 3 faithful and 2 unrelated items, feed B failing with HTTP 500."""
    with store_target(request.param, tmp_path_factory.mktemp("api")) as target, farm() as site:
        site.add_articles(range(5))
        items = numbered_items(site.base, range(3)) + [Item(unrelated(n), f"{site.base}/article/{n}", f"off-{n}")
                                                       for n in (3, 4)]
        good = site.feed("/a.xml", items)
        site.routes["/b.xml"] = Route(status=500)
        bad = f"{site.base}/b.xml"
        run_watch(target, [good, bad], checker, alert_on=FLAGGED)
        with running(create_app(Settings(rate_limit=None), workers, watch_store=target)) as base:
            yield base, target, good, bad


def _get(base: str, path: str, **params: Any) -> httpx.Response:
    return httpx.get(f"{base}{path}", params=params, timeout=30)


def test_items_newest_first_with_their_reports(watched: tuple[str, str, str, str]) -> None:
    base, _, good, _ = watched
    page = _get(base, "/v1/watch/items").json()
    assert page["next_cursor"] is None and len(page["items"]) == 5
    times = [item["checked_at"] for item in page["items"]]
    assert times == sorted(times, reverse=True)
    flagged = {item["guid"] for item in page["items"] if item["flagged"]}
    assert flagged == {"off-3", "off-4"}
    first = page["items"][0]
    assert first["feed"] == good and first["report"]["schema"] == "headcheck.report/2"
    assert first["report"]["id"] == first["id"] and first["feed_title"] == first["report"]["headline"]


def test_items_filtered_by_verdict_feed_flag_and_time(watched: tuple[str, str, str, str]) -> None:
    base, _, good, bad = watched
    unrelated_items = _get(base, "/v1/watch/items", verdict="unrelated").json()["items"]
    assert {i["guid"] for i in unrelated_items} == {"off-3", "off-4"}
    assert {i["guid"] for i in _get(base, "/v1/watch/items", flagged="false").json()["items"]} == {
        "item-0", "item-1", "item-2"}
    assert len(_get(base, "/v1/watch/items", verdict="unrelated,faithful").json()["items"]) == 5
    assert _get(base, "/v1/watch/items", feed=bad).json()["items"] == []
    assert len(_get(base, "/v1/watch/items", feed=good).json()["items"]) == 5
    future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    assert _get(base, "/v1/watch/items", since=future).json()["items"] == []
    assert len(_get(base, "/v1/watch/items", until=future).json()["items"]) == 5
    assert len(_get(base, "/v1/watch/items", since="2020-01-01T00:00:00").json()["items"]) == 5  # naive: UTC


def test_cursor_pages_cover_every_item_once(watched: tuple[str, str, str, str]) -> None:
    base = watched[0]
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = _get(base, "/v1/watch/items", **params).json()
        seen += [item["id"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3 and len(seen) == len(set(seen)) == 5
    assert seen == [item["id"] for item in _get(base, "/v1/watch/items").json()["items"]]


@pytest.mark.parametrize(("params", "message"), [
    ({"cursor": "not-a-cursor"}, "cursor is not one this server gave out"),
    ({"verdict": "wrong"}, "verdict must be one of faithful, misleading, unsupported, unrelated"),
    ({"since": "yesterday"}, "since must be an ISO 8601 time"),
    ({"limit": 0}, "limit"),
])
def test_bad_parameters_are_one_line_errors(watched: tuple[str, str, str, str], params: dict[str, Any],
                                            message: str) -> None:
    response = _get(watched[0], "/v1/watch/items", **params)
    assert response.status_code == 422 and message in response.json()["error"]


def test_feeds_with_last_poll_error_and_next_poll(watched: tuple[str, str, str, str]) -> None:
    base, _, good, bad = watched
    feeds = {feed["url"]: feed for feed in _get(base, "/v1/watch/feeds").json()["feeds"]}
    assert feeds[good]["last_status"] == "ok" and feeds[good]["last_error"] is None
    assert (feeds[good]["items"], feeds[good]["checked"], feeds[good]["flagged"]) == (5, 5, 2)
    assert feeds[good]["title"] == "County Herald (fictional)"
    assert feeds[bad]["last_status"] == "error" and feeds[bad]["last_error"] == "the feed answered HTTP 500"
    assert feeds[bad]["failures"] == 1 and feeds[bad]["next_poll"] > feeds[bad]["last_poll"]


def test_metrics_in_prometheus_format(watched: tuple[str, str, str, str]) -> None:
    response = _get(watched[0], "/metrics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for family in text_string_to_metric_families(response.text) for s in family.samples}
    assert samples[("headcheck_watch_polls_total", ())] == 2
    assert samples[("headcheck_watch_fetch_errors_total", (("kind", "feed"),))] == 1
    assert samples[("headcheck_watch_items_checked_total", ())] == 5
    assert samples[("headcheck_watch_verdicts_total", (("verdict", "unrelated"),))] == 2
    assert samples[("headcheck_watch_alerts_total", (("webhook", "none"),))] == 2
    assert samples[("headcheck_watch_check_latency_seconds_count", ())] == 5
    assert samples[("headcheck_watch_check_latency_seconds_bucket", (("le", "+Inf"),))] == 5
    assert samples[("headcheck_watch_check_latency_seconds_sum", ())] > 0


def test_without_a_store_the_watch_api_says_how_to_turn_it_on(workers: Workers) -> None:
    with running(create_app(Settings(rate_limit=None), workers)) as base:
        response = _get(base, "/v1/watch/feeds")
        assert response.status_code == 404 and "--store STORE" in response.json()["error"]
        metrics = _get(base, "/metrics")
        assert metrics.status_code == 200 and 'headcheck_info{version="' in metrics.text


def test_the_watch_api_needs_a_key_when_the_server_has_keys(tmp_path: Path, workers: Workers) -> None:
    target = str(tmp_path / "s.db")
    with running(create_app(Settings(rate_limit=None, api_keys=frozenset({"k1"})), workers,
                            watch_store=target)) as base:
        assert _get(base, "/v1/watch/items").status_code == 401
        assert httpx.get(f"{base}/v1/watch/items", headers={"X-API-Key": "k1"}).json() == {
            "items": [], "next_cursor": None}
        assert _get(base, "/metrics").status_code == 200 and _get(base, "/watch").status_code == 200


def test_serve_and_history_share_one_sqlite_file(tmp_path: Path, workers: Workers) -> None:
    """`headcheck serve --store FILE` keeps its check history and reads the watch from the same file."""
    target = tmp_path / "both.sqlite"
    settings = Settings(rate_limit=None, store=target)
    with running(create_app(settings, workers, watch_store=str(target))) as base:
        body = " ".join(["The library reopened on Monday after the flood, the council said."] * 3)
        checked = httpx.post(f"{base}/v1/check", json={"headline": headline(1), "body": body}, timeout=30)
        assert checked.status_code == 200 and checked.headers["x-check-id"]
        assert _get(base, "/v1/watch/feeds").json() == {"feeds": []}
