"""`headcheck serve`: the HTTP API and the web page.

Everything that must happen before a request body is read (request ids, access
logs, the body limit, rate limits, API keys) sits in one ASGI layer, `_Gate`, in
front of the FastAPI app, so an unauthenticated or oversized request costs no more
than its headers. Checks run one at a time on a single worker thread: the
`Checker` is CPU-bound and not meant to be shared between threads. URLs are only
ever fetched through `headcheck.fetch`, which refuses private addresses.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import hmac
import json
import logging
import math
import os
import re
import sqlite3
import sys
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import anyio
import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, ValidationError, WithJsonSchema
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from headcheck import __version__, article, fetch
from headcheck.article import megabytes
from headcheck.checker import Checker
from headcheck.errors import InputError
from headcheck.report import SCHEMA, VERDICT_MEANING
from headcheck.types import Article

DEFAULT_MAX_BODY_BYTES = 1_000_000
DEFAULT_RATE_LIMIT = "60/min"
MAX_BATCH = 100
# Fetches and input parsing run on threads; this bounds how many pages (up to
# 5 MB each) are held in memory at once, whatever the number of clients.
_PREPARE_CONCURRENCY = 16
_MAX_RATE_CLIENTS = 10_000
_WEB = resources.files("headcheck") / "web"
# The report's JSON Schema file, shown in the OpenAPI docs as the responses' schema.
_SCHEMA_FILE = resources.files("headcheck") / "schema" / "report-v2.json"
_REPORT_SCHEMA = {
    key: value for key, value in json.loads(_SCHEMA_FILE.read_text("utf-8")).items() if key not in ("$schema", "$id")
}
_ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "string"}, "id": {"type": ["string", "null"]}},
}
# The page loads nothing from elsewhere and runs no inline script, so users behind
# firewalls get a working page and injected markup could not run.
_PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
}

log = logging.getLogger("headcheck.server")


# -- settings -------------------------------------------------------------------------------------


_PERIODS = {"s": 1.0, "sec": 1.0, "second": 1.0, "min": 60.0, "minute": 60.0, "h": 3600.0, "hour": 3600.0}


@dataclasses.dataclass(frozen=True, slots=True)
class Rate:
    """A token bucket's shape: `requests` at once, refilled evenly over `period_s`."""

    requests: int
    period_s: float

    @classmethod
    def parse(cls, text: str) -> Rate | None:
        """'60/min', '5/s', '1000/hour'; 'off' or '0' turns rate limiting off."""
        if text.strip().lower() in ("off", "0"):
            return None
        match = re.fullmatch(r"\s*(\d+)\s*/\s*([a-z]+)\s*", text.lower())
        if not match or match[2] not in _PERIODS or int(match[1]) == 0:
            raise InputError(f"--rate-limit must look like 60/min, 5/s or 1000/hour, or be off (got {text!r})")
        return cls(int(match[1]), _PERIODS[match[2]])


@dataclasses.dataclass(frozen=True, slots=True)
class Settings:
    """What an operator can change; `from_args` reads the command line and the environment."""

    api_keys: frozenset[str] = frozenset()
    allow_hosts: tuple[str, ...] = ()
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    rate_limit: Rate | None = dataclasses.field(default_factory=lambda: Rate.parse(DEFAULT_RATE_LIMIT))
    store: Path | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Settings:
        """Keys come only from the environment: command lines are visible to every user in `ps`."""
        max_body_bytes = DEFAULT_MAX_BODY_BYTES if args.max_body_bytes is None else args.max_body_bytes
        if max_body_bytes < 1:
            raise InputError("--max-body-bytes must be at least 1")
        return cls(
            api_keys=frozenset(_env_list("HEADCHECK_API_KEYS")),
            allow_hosts=(*args.allow_host, *_env_list("HEADCHECK_ALLOW_HOSTS")),
            max_body_bytes=max_body_bytes,
            rate_limit=Rate.parse(args.rate_limit or DEFAULT_RATE_LIMIT),
            store=args.store,
        )


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


# -- the gate: ids, logs, limits and keys, before any body is read ---------------------------------


class RateLimiter:
    """Token buckets per client, kept for the most recently seen clients only so memory stays bounded."""

    def __init__(self, rate: Rate, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, client: str) -> float:
        """Take one token; returns 0 when allowed, else the seconds until a token is free."""
        now = self.clock()
        per_s = self.rate.requests / self.rate.period_s
        tokens, then = self._buckets.pop(client, (float(self.rate.requests), now))
        tokens = min(float(self.rate.requests), tokens + (now - then) * per_s)
        wait = 0.0 if tokens >= 1 else (1 - tokens) / per_s
        self._buckets[client] = (tokens - 1 if wait == 0 else tokens, now)
        if len(self._buckets) > _MAX_RATE_CLIENTS:
            self._buckets.popitem(last=False)
        return wait


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _too_large(limit: int) -> str:
    return f"the request body is larger than the {megabytes(limit)} limit"


def _presented_key(headers: Headers) -> str | None:
    if key := headers.get("x-api-key"):
        return key
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


class _Gate:
    """The outermost layer: everything here happens before the app reads a byte of the body.

    Only /v1/ paths need a key and count against the rate limit; the page, its
    files, the docs and /healthz stay open. Clients with a valid key are limited
    per key, all others per address, so guessing keys is rate limited too.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.limiter = RateLimiter(settings.rate_limit) if settings.rate_limit else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex
        started = time.perf_counter()
        status: int | None = None
        extra = [(b"x-request-id", request_id.encode()), (b"x-content-type-options", b"nosniff")]

        async def send_tagged(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            refusal = self._refusal(scope)
            if refusal is not None:
                await refusal(scope, receive, send_tagged)
            else:
                await self.app(scope, self._limited(receive), send_tagged)
        except Exception:  # the client learns nothing of the failure; the log keeps the traceback
            log.error("internal error", exc_info=True, extra={"fields": {"request_id": request_id}})
            if status is None:
                await _error(500, "internal error")(scope, receive, send_tagged)
        finally:
            client = scope.get("client")
            log.info("request", extra={"fields": {
                "request_id": request_id,
                "method": scope["method"],
                "path": scope["path"],
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "client": client[0] if client else None,
            }})

    def _refusal(self, scope: Scope) -> Response | None:
        headers = Headers(scope=scope)
        length = headers.get("content-length")
        if length is not None and not length.isdigit():
            return _error(400, "the Content-Length header is not a number")
        if length is not None and int(length) > self.settings.max_body_bytes:
            return _error(413, _too_large(self.settings.max_body_bytes))
        if not scope["path"].startswith("/v1/"):
            return None
        key = _presented_key(headers)
        valid = key is not None and any(hmac.compare_digest(key.encode(), k.encode()) for k in self.settings.api_keys)
        if self.limiter is not None:
            client = scope.get("client")
            wait = self.limiter.take(f"key:{key}" if valid else f"ip:{client[0] if client else ''}")
            if wait:
                return _error(429, "too many requests; slow down", {"Retry-After": str(math.ceil(wait))})
        if self.settings.api_keys and not valid:
            message = "this server needs an API key (X-API-Key header or Authorization: Bearer)" if key is None \
                else "the API key is not valid"
            return _error(401, message, {"WWW-Authenticate": "Bearer"})
        return None

    def _limited(self, receive: Receive) -> Receive:
        """Count the body as it streams in and stop at the limit, whatever the headers claimed."""
        received = 0
        limit = self.settings.max_body_bytes

        async def receive_limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise HTTPException(413, _too_large(limit))
            return message

        return receive_limited


# -- logs -----------------------------------------------------------------------------------------


class JsonFormatter(logging.Formatter):
    """One JSON object per line, so logs can be searched and shipped without parsing prose."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            entry["trace"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def _log_to_stderr() -> None:
    """Uvicorn's own messages go through the root logger too, so every line on stderr is JSON."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)


# -- history --------------------------------------------------------------------------------------


class Store:
    """Check history in SQLite: one file, nothing to run beside the server.

    Reports hold the headline and the evidence sentences (not the whole body), so
    the file holds article text: keep it where the articles themselves may be kept.
    """

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS checks (id TEXT PRIMARY KEY, created TEXT NOT NULL,"
                             " report TEXT NOT NULL)")

    def add(self, reports: list[dict[str, Any]]) -> list[str]:
        """Random ids: with keys on, any key holder may read a check, so ids must not be guessable."""
        ids = [uuid.uuid4().hex for _ in reports]
        created = datetime.now(UTC).isoformat(timespec="seconds")
        rows = [(i, created, json.dumps(r, ensure_ascii=False)) for i, r in zip(ids, reports, strict=True)]
        with self._lock, self._db:
            self._db.executemany("INSERT INTO checks (id, created, report) VALUES (?, ?, ?)", rows)
        return ids

    def get(self, check_id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT report FROM checks WHERE id = ?", (check_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def close(self) -> None:
        with self._lock:
            self._db.close()


# -- the API --------------------------------------------------------------------------------------


class ArticleIn(BaseModel):
    """One article to check: a headline and its body, or a URL to fetch them from."""

    model_config = ConfigDict(extra="forbid")

    headline: str | None = Field(None, description="the headline (with body)")
    body: str | None = Field(None, description="the article text under the headline (with headline)")
    url: str | None = Field(None, description="an http(s) page to fetch the article from (instead of headline/body)")
    id: str | None = Field(None, coerce_numbers_to_str=True, description="your id for the article, echoed back")


class BatchIn(BaseModel):
    """Items are validated one by one, so that one malformed article does not fail the others."""

    model_config = ConfigDict(extra="forbid")

    articles: Annotated[
        list[Any],
        Field(max_length=MAX_BATCH),
        WithJsonSchema({"type": "array", "maxItems": MAX_BATCH, "items": {"$ref": "#/components/schemas/ArticleIn"}}),
    ]


def _one_line(errors: list[Any], whole: str = "the request body") -> str:
    """Pydantic lists every problem at length; users get the first one on one line."""
    first = errors[0]
    where = ".".join(str(part) for part in first["loc"] if part != "body") or whole
    more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
    return f"{where}: {first['msg']}{more}"


class _Service:
    """Turns requests into articles (on threads, as fetching blocks) and articles into reports (on one worker)."""

    def __init__(self, settings: Settings, checker: Checker) -> None:
        self.settings = settings
        self.checker = checker
        self.store = Store(settings.store) if settings.store else None
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="headcheck-check")
        self._prepare_slots = anyio.CapacityLimiter(_PREPARE_CONCURRENCY)

    def _article(self, request: ArticleIn) -> Article:
        if request.url is None:
            return article.require_english(article.from_json(request.model_dump(exclude_none=True)))
        if request.headline is not None or request.body is not None:
            raise InputError('give either "url", or "headline" and "body", not both')
        fetched = fetch.fetch(request.url, allow_hosts=self.settings.allow_hosts)
        return article.require_english(dataclasses.replace(fetched, id=request.id))

    async def article(self, request: ArticleIn) -> Article:
        return await anyio.to_thread.run_sync(self._article, request, limiter=self._prepare_slots)

    async def article_or_error(self, item: Any) -> Article | dict[str, Any]:
        """A batch item's problem becomes its result, with its id so the caller can match it up."""
        given_id = item.get("id") if isinstance(item, dict) else None
        try:
            return await self.article(ArticleIn.model_validate(item))
        except (ValidationError, InputError) as exc:
            message = _one_line(exc.errors(), "the article") if isinstance(exc, ValidationError) else str(exc)
            return {"error": message, "id": None if given_id is None else str(given_id)}

    def _check(self, articles: list[Article]) -> tuple[list[dict[str, Any]], list[str] | None]:
        reports = [report.to_dict() for report in self.checker.check_many(articles)]
        return reports, self.store.add(reports) if self.store else None

    async def check(self, articles: list[Article]) -> tuple[list[dict[str, Any]], list[str] | None]:
        """Reports, and their history ids when the store is on."""
        return await asyncio.get_running_loop().run_in_executor(self._worker, self._check, articles)

    async def stored(self, check_id: str) -> dict[str, Any] | None:
        if self.store is None:
            return None
        return await anyio.to_thread.run_sync(self.store.get, check_id)

    def close(self) -> None:
        self._worker.shutdown(wait=True, cancel_futures=True)
        if self.store:
            self.store.close()


def _page() -> str:
    """The verdict meanings come from the report module, so page and CLI say the same thing."""
    meanings = json.dumps(VERDICT_MEANING).replace("<", "\\u003c")
    return (_WEB / "index.html").read_text("utf-8").replace("{{meanings}}", meanings)


def create_app(settings: Settings | None = None, checker: Checker | None = None, model: str | None = None) -> FastAPI:
    """The app, with the model loaded now so that the first request is not slow."""
    settings = settings or Settings()
    service = _Service(settings, checker or Checker(model))
    page = _page()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()

    app = FastAPI(
        title="headcheck",
        version=__version__,
        description="Is a news headline honest to its own article? Reports follow the JSON schema "
        f"`{SCHEMA}`, the same as `headcheck check --json`.",
        lifespan=lifespan,
    )
    app.add_middleware(_Gate, settings=settings)
    app.mount("/static", StaticFiles(directory=str(_WEB)), name="static")
    report_response = {200: {"content": {"application/json": {"schema": _REPORT_SCHEMA}}}}

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0]
        if first["type"] == "json_invalid":
            return _error(400, f"invalid JSON: {first['ctx']['error']} at position {first['loc'][-1]}")
        return _error(422, _one_line(list(exc.errors())))

    @app.exception_handler(InputError)
    async def bad_input(_: Request, exc: InputError) -> JSONResponse:
        return _error(422, str(exc))

    @app.get("/", include_in_schema=False)
    async def index() -> HTMLResponse:
        return HTMLResponse(page, headers=_PAGE_HEADERS)

    @app.get("/healthz", summary="liveness: the model is loaded and the server answers")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/v1/models", summary="the stance model, report schema and headcheck version in use")
    async def models() -> dict[str, str]:
        return {"model": service.checker.judge.name, "schema": SCHEMA, "version": __version__}

    @app.post("/v1/check", summary="check one article", responses=report_response)
    async def check(request: ArticleIn) -> JSONResponse:
        """The report, as `headcheck check --json` prints it; with `--store`, header X-Check-Id names it."""
        (report,), ids = await service.check([await service.article(request)])
        return JSONResponse(report, headers={"X-Check-Id": ids[0]} if ids else None)

    @app.post("/v1/check/batch", summary=f"check up to {MAX_BATCH} articles", responses={200: {"content": {
        "application/json": {"schema": {"type": "object", "required": ["results"], "properties": {
            "results": {"type": "array", "items": {"anyOf": [_REPORT_SCHEMA, _ERROR_SCHEMA]}},
            "check_ids": {"type": "array", "items": {"type": ["string", "null"]}}}}}}}})
    async def check_batch(request: BatchIn) -> dict[str, Any]:
        """One result per article, in order: a report, or {"error", "id"} for an article that could not be checked.

        With `--store`, `check_ids` gives each report's history id (null for errors).
        """
        prepared = await asyncio.gather(*(service.article_or_error(item) for item in request.articles))
        reports, ids = await service.check([a for a in prepared if isinstance(a, Article)])
        checked = iter(zip(reports, ids or [None] * len(reports), strict=True))
        answers = [next(checked) if isinstance(item, Article) else (item, None) for item in prepared]
        response: dict[str, Any] = {"results": [result for result, _ in answers]}
        if service.store is not None:
            response["check_ids"] = [check_id for _, check_id in answers]
        return response

    @app.get("/v1/checks/{check_id}", summary="a stored check (needs --store)", responses=report_response)
    async def stored_check(check_id: str) -> JSONResponse:
        if service.store is None:
            return _error(404, "history is off: start the server with --store PATH")
        report = await service.stored(check_id)
        if report is None:
            return _error(404, f"no check with id {check_id}")
        return JSONResponse(report, headers={"X-Check-Id": check_id})

    return app


def serve(args: argparse.Namespace) -> int:
    """`headcheck serve`: load the model, then serve until interrupted."""
    settings = Settings.from_args(args)
    _log_to_stderr()
    app = create_app(settings, model=args.model)
    if not settings.api_keys and args.host not in ("127.0.0.1", "::1", "localhost"):
        log.warning("serving beyond this machine without API keys: anyone who can reach it can use it")
    uvicorn.run(app, host=args.host, port=args.port, log_config=None, access_log=False)
    return 0
