"""The watch in `headcheck serve --store STORE`: what the watchers recorded, read from their store.

- `GET /v1/watch/items`: checked items, newest first, filtered by verdict, feed, flagged (raised an alert)
  and time (`since`, `until`, ISO 8601), a page at a time (`limit`, and `cursor` from the previous page).
- `GET /v1/watch/feeds`: every feed with its last poll, last error, next poll and counts.
- `GET /watch`: the page showing each feed's latest flagged items with their evidence and reasons.
- `GET /metrics`: Prometheus text format (prometheus-client), computed from the store when scraped, so every
  replica reports the same numbers for all watchers: polls, fetch errors, items checked, verdicts, alerts,
  webhooks and check latency.

The store is only read here. /v1/ paths go through the service's gate (API keys, rate limit) like the others;
/watch and /metrics, like the page and /healthz, do not.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources
from typing import Annotated, Any

import anyio
from fastapi import FastAPI, Query
from fastapi.responses import HTMLResponse, JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric

from headcheck._version import __version__
from headcheck.apps.serve.gate import error_response
from headcheck.apps.watch.store import Store
from headcheck.errors import InputError, shown
from headcheck.limits import MAX_WATCH_API_ITEMS, WATCH_API_ITEMS
from headcheck.verdict import VERDICTS

_WEB = resources.files("headcheck.apps.serve") / "web"
LATENCY_BUCKETS_S = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_OFF = "the watch is off: start the server with --store STORE (the watch's SQLite file or postgresql:// URL)"


def _iso(at: float | None) -> str | None:
    return None if at is None else datetime.fromtimestamp(at, UTC).isoformat(timespec="seconds")


def _moment(text: str, name: str) -> float:
    """An ISO 8601 time (UTC unless it says otherwise) as seconds since the epoch."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"{name} must be an ISO 8601 time such as 2026-12-01T08:00:00Z, not {shown(text, 60)}"
                         ) from None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


def _cursor(text: str) -> tuple[float, str]:
    """The opaque cursor: where the last page ended (checked_at and id of its last item)."""
    try:
        at, item = json.loads(base64.urlsafe_b64decode(text.encode("ascii") + b"==="))
        return float(at), str(item)
    except (ValueError, TypeError, binascii.Error, UnicodeError):
        raise InputError("cursor is not one this server gave out") from None


def _next_cursor(at: float, item: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([at, item]).encode()).decode().rstrip("=")


def items(store: Store, *, verdicts: list[str], feed: str | None, flagged: bool | None, since: str | None,
          until: str | None, limit: int, cursor: str | None) -> dict[str, Any]:
    """A page of checked items, newest first, and the cursor of the next page (None on the last)."""
    where, params = ["i.state = 'checked'"], []
    unknown = sorted(set(verdicts) - set(VERDICTS))
    if unknown:
        raise InputError(f"verdict must be one of {', '.join(VERDICTS)}, not {shown(unknown[0], 40)}")
    if verdicts:
        where.append(f"i.verdict IN ({','.join('?' * len(verdicts))})")
        params += verdicts
    if feed is not None:
        where.append("i.feed = ?")
        params.append(feed)
    if flagged is not None:
        where.append("a.item_id IS NOT NULL" if flagged else "a.item_id IS NULL")
    if since is not None:
        where.append("i.checked_at >= ?")
        params.append(_moment(since, "since"))
    if until is not None:
        where.append("i.checked_at < ?")
        params.append(_moment(until, "until"))
    if cursor is not None:
        at, last = _cursor(cursor)
        where.append("(i.checked_at < ? OR (i.checked_at = ? AND i.id < ?))")
        params += [at, at, last]
    rows = store.query(
        "SELECT i.id, i.feed, i.guid, i.link, i.feed_title, i.page_title, i.checked_at, i.verdict, i.report, "
        "a.item_id IS NOT NULL FROM watch_items i LEFT JOIN watch_alerts a ON a.item_id = i.id "
        f"WHERE {' AND '.join(where)} ORDER BY i.checked_at DESC, i.id DESC LIMIT ?", (*params, limit + 1))
    page = [{"id": r[0], "feed": r[1], "guid": r[2], "link": r[3], "feed_title": r[4], "page_title": r[5],
             "checked_at": _iso(r[6]), "verdict": r[7], "flagged": bool(r[9]), "report": json.loads(r[8])}
            for r in rows[:limit]]
    more = len(rows) > limit
    return {"items": page, "next_cursor": _next_cursor(rows[limit - 1][6], rows[limit - 1][0]) if more else None}


def feeds(store: Store) -> dict[str, Any]:
    rows = store.query(
        "SELECT f.url, f.title, f.last_poll, f.last_status, f.last_error, f.next_poll, f.failures, f.polls, "
        "COUNT(i.id), SUM(CASE WHEN i.state = 'checked' THEN 1 ELSE 0 END), COUNT(a.item_id) "
        "FROM watch_feeds f LEFT JOIN watch_items i ON i.feed = f.url LEFT JOIN watch_alerts a ON a.item_id = i.id "
        "GROUP BY f.url, f.title, f.last_poll, f.last_status, f.last_error, f.next_poll, f.failures, f.polls "
        "ORDER BY f.url")
    return {"feeds": [{"url": r[0], "title": r[1], "last_poll": _iso(r[2]), "last_status": r[3],
                       "last_error": r[4], "next_poll": _iso(r[5]), "failures": r[6], "polls": r[7],
                       "items": r[8], "checked": r[9] or 0, "flagged": r[10]} for r in rows]}


class WatchCollector:
    """Prometheus metrics read from the store at each scrape (see the module doc)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def collect(self) -> Iterator[Metric]:
        q = self.store.query
        (feed_count, polls, poll_errors), = q("SELECT COUNT(*), COALESCE(SUM(polls), 0), "
                                              "COALESCE(SUM(poll_errors), 0) FROM watch_feeds")
        (page_errors, checked, given_up), = q(
            "SELECT COALESCE(SUM(attempts), 0), SUM(CASE WHEN state = 'checked' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END) FROM watch_items")
        yield GaugeMetricFamily("headcheck_watch_feeds", "Feeds in the store", value=feed_count)
        yield CounterMetricFamily("headcheck_watch_polls", "Feed polls, failed ones included", value=polls)
        errors = CounterMetricFamily("headcheck_watch_fetch_errors", "Failed fetches of feeds and of item pages",
                                     labels=["kind"])
        errors.add_metric(["feed"], poll_errors)
        errors.add_metric(["page"], page_errors)
        yield errors
        yield CounterMetricFamily("headcheck_watch_items_checked", "Items checked", value=checked or 0)
        yield CounterMetricFamily("headcheck_watch_items_given_up", "Items whose page could not be read",
                                  value=given_up or 0)
        verdicts = CounterMetricFamily("headcheck_watch_verdicts", "Checked items by verdict", labels=["verdict"])
        counted = dict(q("SELECT verdict, COUNT(*) FROM watch_items WHERE state = 'checked' GROUP BY verdict"))
        for verdict in VERDICTS:
            verdicts.add_metric([verdict], counted.get(verdict, 0))
        yield verdicts
        alerts = CounterMetricFamily("headcheck_watch_alerts", "Alerts raised, by the state of their webhook",
                                     labels=["webhook"])
        for state, count in q("SELECT COALESCE(webhook_state, 'none'), COUNT(*) FROM watch_alerts "
                              "GROUP BY COALESCE(webhook_state, 'none')"):
            alerts.add_metric([state], count)
        yield alerts
        yield self._latency()

    def _latency(self) -> HistogramMetricFamily:
        """Cumulative buckets counted by the database, so no latency is read into memory."""
        cases = ", ".join("SUM(CASE WHEN latency_s <= ? THEN 1 ELSE 0 END)" for _ in LATENCY_BUCKETS_S)
        row = self.store.query(f"SELECT COUNT(*), COALESCE(SUM(latency_s), 0), {cases} FROM watch_items "
                               "WHERE latency_s IS NOT NULL", LATENCY_BUCKETS_S)[0]
        buckets = [(f"{le:g}", count or 0) for le, count in zip(LATENCY_BUCKETS_S, row[2:], strict=True)]
        return HistogramMetricFamily("headcheck_watch_check_latency_seconds",
                                     "Time to check an item (its share of the batch it was checked in)",
                                     buckets=[*buckets, ("+Inf", row[0])], sum_value=row[1])


class _Version:
    def collect(self) -> Iterator[Metric]:
        info = GaugeMetricFamily("headcheck_info", "The headcheck version serving", labels=["version"])
        info.add_metric([__version__], 1)
        yield info


def install(app: FastAPI, target: str | None, page_headers: dict[str, str]) -> Store | None:
    """Add the routes to the app; returns the store it opened (for the app to close), None without one."""
    store = Store(target) if target else None
    registry = CollectorRegistry()
    registry.register(_Version())
    if store is not None:
        registry.register(WatchCollector(store))
    page = (_WEB / "watch.html").read_text("utf-8")

    @app.get("/v1/watch/items", summary="checked items of the watched feeds, newest first (needs --store)")
    async def watch_items(
        verdict: Annotated[list[str], Query(description="only these verdicts (repeat, or comma-separated)")] = [],  # noqa: B006
        feed: Annotated[str | None, Query(description="only this feed (its URL or file path)")] = None,
        flagged: Annotated[bool | None, Query(description="only items that raised an alert (true) or not")] = None,
        since: Annotated[str | None, Query(description="checked at or after this ISO 8601 time")] = None,
        until: Annotated[str | None, Query(description="checked before this ISO 8601 time")] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_WATCH_API_ITEMS)] = WATCH_API_ITEMS,
        cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
    ) -> JSONResponse:
        if store is None:
            return error_response(404, _OFF)
        chosen = [v.strip() for value in verdict for v in value.split(",") if v.strip()]
        page = await anyio.to_thread.run_sync(lambda: items(
            store, verdicts=chosen, feed=feed, flagged=flagged, since=since, until=until, limit=limit, cursor=cursor))
        return JSONResponse(page)

    @app.get("/v1/watch/feeds", summary="the watched feeds: last poll, last error, next poll (needs --store)")
    async def watch_feeds() -> JSONResponse:
        if store is None:
            return error_response(404, _OFF)
        return JSONResponse(await anyio.to_thread.run_sync(feeds, store))

    @app.get("/watch", include_in_schema=False)
    async def watch_page() -> HTMLResponse:
        return HTMLResponse(page, headers=page_headers)

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        body = await anyio.to_thread.run_sync(generate_latest, registry)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    return store
