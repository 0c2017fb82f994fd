"""The FastAPI app of `headcheck serve`: the API, the web page, and the service behind them.

Checks run in worker processes (`workers`), each request on one worker within a time budget; a request with
much text may not take the last free worker, so small checks stay fast while large ones run. Articles are
read on threads in this process (fetching blocks), always through `headcheck.inputs.read_article`, whose
fetcher refuses private addresses; URLs and texts have separate `slots`, so slow pages cannot delay a text
check, and one client cannot take every fetch slot. Whatever waits for a slot or a worker waits only so
long, then is answered 503 (busy). Everything that happens before a request body is read is in `gate`.
The docs pages (/docs, /redoc) load their scripts from this server (fastapi-offline ships them), never
from a CDN.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import anyio
import h11
import uvicorn
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, ConfigDict, Field, ValidationError, WithJsonSchema
from starlette.exceptions import HTTPException
from uvicorn.protocols.http.h11_impl import H11Protocol

from headcheck._version import __version__
from headcheck.apps.serve import watch_api  # issue 17
from headcheck.apps.serve.gate import CLIENT, Gate, error_response
from headcheck.apps.serve.history import History
from headcheck.apps.serve.logs import log, log_to_stderr
from headcheck.apps.serve.settings import Settings
from headcheck.apps.serve.slots import Slots
from headcheck.apps.serve.workers import Workers
from headcheck.errors import BusyError, FetchError, HeadcheckError, InputError, shown
from headcheck.inputs import Checkable, Record, Source, Url, read_article
from headcheck.inputs.readers import json_beyond_limits, not_utf8
from headcheck.limits import FETCH_TIMEOUT_S, LARGE_CHECK_CHARS, MAX_API_BATCH_ARTICLES, MAX_CONCURRENT_PARSES
from headcheck.report import SCHEMA
from headcheck.verdict import VERDICT_MEANING

_WEB = resources.files("headcheck.apps.serve") / "web"
# The report's JSON Schema file, shown in the OpenAPI docs as the responses' schema.
_SCHEMA_FILE = resources.files("headcheck.report") / "schema" / "report-v2.json"
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
        Field(max_length=MAX_API_BATCH_ARTICLES),
        WithJsonSchema({"type": "array", "maxItems": MAX_API_BATCH_ARTICLES,
                        "items": {"$ref": "#/components/schemas/ArticleIn"}}),
    ]


def _one_line(errors: list[Any], whole: str = "the request body") -> str:
    """Pydantic lists every problem at length; users get the first one on one line."""
    first = errors[0]
    where = shown(".".join(str(part) for part in first["loc"] if part != "body") or whole, 100)
    more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
    return f"{where}: {shown(first['msg'])}{more}"


def _unparsable(cause: BaseException | None) -> str | None:
    """FastAPI answers a body that json.loads fails on other than with JSONDecodeError (bytes that are not
    UTF-8, nesting past the recursion limit, a number past int's digit limit) with a bare "There was an error
    parsing the body", its cause chained: name the problem, as the CLI does."""
    if isinstance(cause, UnicodeDecodeError):
        return f"invalid JSON: {not_utf8('the request body', cause)}"
    if isinstance(cause, RecursionError | ValueError):
        return json_beyond_limits(cause)
    return None


def _client(http: Request) -> str:
    return http.scope.get(CLIENT, "")


class _Service:
    """Turns requests into articles (on threads, as fetching blocks) and articles into reports (on workers)."""

    def __init__(self, settings: Settings, workers: Workers, *, owns_workers: bool) -> None:
        self.settings = settings
        self.workers = workers
        self._owns_workers = owns_workers
        self.store = History(settings.store) if settings.store else None
        self._fetch_slots = Slots("fetch slot", settings.fetch_slots, per_client=settings.fetch_slots_per_client,
                                  retry_after_s=FETCH_TIMEOUT_S)
        self._read_slots = Slots("slot for reading articles", MAX_CONCURRENT_PARSES, retry_after_s=1)
        self._check_slots = Slots("check worker", workers.count, retry_after_s=workers.budget_s)
        self._large_slots = Slots("worker for large articles", workers.count - 1, retry_after_s=workers.budget_s)

    def _article(self, request: ArticleIn, timeout: float) -> Checkable:
        """The API refuses a body not in English, as the CLI does; stray control characters it removes with a
        warning, as batch runs do."""
        source: Source
        if request.url is None:
            source = Record(request.model_dump(exclude_none=True))
        elif request.headline is not None or request.body is not None:
            raise InputError('give either "url", or "headline" and "body", not both')
        else:
            source = Url(request.url, id=request.id, timeout=timeout)
        return read_article(source, english="refuse", controls="strip", allow_hosts=self.settings.allow_hosts)

    async def article(self, request: ArticleIn, client: str) -> Checkable:
        """A URL waits for a fetch slot, text for a reading slot: pages that are slow to come never hold up text.
        A fetch's time limit starts before its wait, so the wait for a slot counts in it."""
        started = anyio.current_time()
        slots = self._read_slots if request.url is None else self._fetch_slots
        async with slots.hold(client, started + self.settings.queue_wait_s):
            timeout = FETCH_TIMEOUT_S - (anyio.current_time() - started)
            return await anyio.to_thread.run_sync(self._article, request, timeout, limiter=slots.threads)

    async def article_or_error(self, item: Any, client: str) -> Checkable | dict[str, Any]:
        """A batch item's problem becomes its result, with its id (shortened, as everything echoed in an
        error) so the caller can match it up."""
        given_id = item.get("id") if isinstance(item, dict) else None
        try:
            return await self.article(ArticleIn.model_validate(item), client)
        except (ValidationError, InputError, FetchError, BusyError) as exc:
            message = _one_line(exc.errors(), "the article") if isinstance(exc, ValidationError) else str(exc)
            return {"error": message, "id": None if given_id is None else shown(given_id)}

    async def _reports(self, articles: list[Checkable], client: str) -> list[dict[str, Any]]:
        """One worker checks the request. One with more than LARGE_CHECK_CHARS of text first takes a slot
        for large articles, of which there is one fewer than workers."""
        deadline = anyio.current_time() + self.settings.queue_wait_s
        async with AsyncExitStack() as held:
            if sum(len(checkable.article.body) for checkable in articles) > LARGE_CHECK_CHARS:
                await held.enter_async_context(self._large_slots.hold(client, deadline))
            await held.enter_async_context(self._check_slots.hold(client, deadline))
            worker = self.workers.take()
            try:
                return await anyio.to_thread.run_sync(worker.run, articles, self.workers.budget_s,
                                                      limiter=self._check_slots.threads)
            finally:
                self.workers.give_back(worker)

    async def check(self, articles: list[Checkable], client: str) -> tuple[list[dict[str, Any]], list[str] | None]:
        """Reports, and their history ids when the store is on."""
        reports = await self._reports(articles, client) if articles else []
        return reports, await anyio.to_thread.run_sync(self.store.add, reports) if self.store else None

    async def stored(self, check_id: str) -> dict[str, Any] | None:
        if self.store is None:
            return None
        return await anyio.to_thread.run_sync(self.store.get, check_id)

    def close(self) -> None:
        if self._owns_workers:
            self.workers.close()
        if self.store:
            self.store.close()


def _page() -> str:
    """The verdict meanings come from `headcheck.verdict`, so page and CLI say the same thing."""
    meanings = json.dumps(VERDICT_MEANING).replace("<", "\\u003c")
    return (_WEB / "index.html").read_text("utf-8").replace("{{meanings}}", meanings)


def create_app(settings: Settings | None = None, workers: Workers | None = None,
               model: str | Path | None = None, watch_store: str | None = None) -> FastAPI:
    """The app, with its workers started and their model loaded now, so that the first request is not slow and
    a model that cannot load stops the server before it serves. `workers` (started, and closed by whoever made
    them) share one pool between apps, as the tests do; their own count and budget then apply. `watch_store`
    (issue 17): the watch's store, served by apps/serve/watch_api."""
    settings = settings or Settings()
    owns_workers = workers is None
    if workers is None:
        workers = Workers.of_model(model, settings.check_workers, settings.check_budget_s)
        workers.start()
    service = _Service(settings, workers, owns_workers=owns_workers)
    page = _page()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()
        if watch is not None:  # issue 17
            watch.close()

    app = FastAPIOffline(
        title="headcheck",
        version=__version__,
        description="Is a news headline honest to its own article? Reports follow the JSON schema "
        f"`{SCHEMA}`, the same as `headcheck check --json`.",
        lifespan=lifespan,
        # Swagger UI's validator badge would load an image from the validator's site.
        swagger_ui_parameters={"validatorUrl": None},
    )
    app.add_middleware(Gate, settings=settings)
    app.mount("/static", StaticFiles(directory=str(_WEB)), name="static")
    report_response = {200: {"content": {"application/json": {"schema": _REPORT_SCHEMA}}}}

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        return error_response(exc.status_code, _unparsable(exc.__cause__) or str(exc.detail), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0]
        if first["type"] == "json_invalid":
            return error_response(400, f"invalid JSON: {first['ctx']['error']} at position {first['loc'][-1]}")
        return error_response(422, _one_line(list(exc.errors())))

    @app.exception_handler(HeadcheckError)
    async def headcheck_error(_: Request, exc: HeadcheckError) -> JSONResponse:
        """Each kind of error has its own status (see `headcheck.errors`): 422 for the caller's input, 502 for
        a page that could not be fetched, 503 when busy (with Retry-After), 5xx for the server's own faults."""
        headers = {"Retry-After": str(math.ceil(exc.retry_after_s))} if isinstance(exc, BusyError) else None
        return error_response(exc.http_status, str(exc), headers)

    @app.get("/", include_in_schema=False)
    async def index() -> HTMLResponse:
        return HTMLResponse(page, headers=_PAGE_HEADERS)

    @app.get("/healthz", summary="liveness: the model is loaded and the server answers")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/v1/models", summary="the stance model, report schema and headcheck version in use")
    async def models() -> dict[str, str]:
        return {"model": service.workers.model, "schema": SCHEMA, "version": __version__}

    @app.post("/v1/check", summary="check one article", responses=report_response)
    async def check(request: ArticleIn, http: Request) -> JSONResponse:
        """The report, as `headcheck check --json` prints it; with `--store`, header X-Check-Id names it."""
        client = _client(http)
        (report,), ids = await service.check([await service.article(request, client)], client)
        return JSONResponse(report, headers={"X-Check-Id": ids[0]} if ids else None)

    @app.post("/v1/check/batch", summary=f"check up to {MAX_API_BATCH_ARTICLES} articles", responses={200: {"content": {
        "application/json": {"schema": {"type": "object", "required": ["results"], "properties": {
            "results": {"type": "array", "items": {"anyOf": [_REPORT_SCHEMA, _ERROR_SCHEMA]}},
            "check_ids": {"type": "array", "items": {"type": ["string", "null"]}}}}}}}})
    async def check_batch(request: BatchIn, http: Request) -> dict[str, Any]:
        """One result per article, in order: a report, or {"error", "id"} for an article that could not be checked.

        With `--store`, `check_ids` gives each report's history id (null for errors).
        """
        client = _client(http)
        prepared = await asyncio.gather(*(service.article_or_error(item, client) for item in request.articles))
        reports, ids = await service.check([a for a in prepared if isinstance(a, Checkable)], client)
        checked = iter(zip(reports, ids or [None] * len(reports), strict=True))
        answers = [next(checked) if isinstance(item, Checkable) else (item, None) for item in prepared]
        response: dict[str, Any] = {"results": [result for result, _ in answers]}
        if service.store is not None:
            response["check_ids"] = [check_id for _, check_id in answers]
        return response

    # -- issue 17: the watch's routes, its page and /metrics (apps/serve/watch_api.py) --
    watch = watch_api.install(app, watch_store, _PAGE_HEADERS)
    # -- end of issue 17 --

    @app.get("/v1/checks/{check_id}", summary="a stored check (needs --store)", responses=report_response)
    async def stored_check(check_id: str) -> JSONResponse:
        if service.store is None:
            return error_response(404, "history is off: start the server with --store PATH")
        report = await service.stored(check_id)
        if report is None:
            return error_response(404, f"no check with id {shown(check_id, 100)}")
        return JSONResponse(report, headers={"X-Check-Id": check_id})

    return app


class _JsonErrorsH11(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, answering a request it cannot parse (a Content-Length that is not a
    number, a malformed header) with the service's JSON error instead of uvicorn's plain text."""

    def send_400_response(self, msg: str) -> None:
        body = json.dumps({"error": "the request is not valid HTTP/1.1: a header is malformed "
                                    "(e.g. a Content-Length that is not a number)"}).encode()
        headers = [(b"content-type", b"application/json"), (b"connection", b"close"),
                   (b"x-content-type-options", b"nosniff")]
        for event in (h11.Response(status_code=400, headers=headers, reason=b"Bad Request"), h11.Data(data=body),
                      h11.EndOfMessage()):
            self.transport.write(self.conn.send(event))
        self.transport.close()


def server_config(app: FastAPI, *, host: str = "127.0.0.1", port: int = 8000) -> uvicorn.Config:
    """How `headcheck serve` runs uvicorn (the tests run the same): JSON errors even below the app, logs ours."""
    return uvicorn.Config(app, host=host, port=port, http=_JsonErrorsH11, log_config=None, access_log=False)


def run(settings: Settings, *, host: str, port: int, model: str | Path | None = None,
        watch_store: str | None = None) -> None:
    """`headcheck serve`: load the model, then serve until interrupted."""
    log_to_stderr()
    app = create_app(settings, model=model, watch_store=watch_store)
    if not settings.api_keys and host not in ("127.0.0.1", "::1", "localhost"):
        log.warning("serving beyond this machine without API keys: anyone who can reach it can use it")
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how it is stopped, as uvicorn.run has it
        uvicorn.Server(server_config(app, host=host, port=port)).run()
