"""The outermost ASGI layer: request ids, access logs, the body limit, rate limits and API keys, all
before the app reads a byte of the body, so that an unauthenticated or oversized request costs no more
than its headers."""

from __future__ import annotations

import hmac
import math
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable

from fastapi.responses import JSONResponse, Response
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from headcheck.apps.serve.logs import log
from headcheck.apps.serve.settings import Rate, Settings
from headcheck.limits import MAX_RATE_LIMITED_CLIENTS, megabytes

# Who a /v1/ request counts as, set in its scope by the Gate: its valid API key, else its address. The rate
# limit and the per-client share of fetch slots both go by it.
CLIENT = "headcheck.client"


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
        if len(self._buckets) > MAX_RATE_LIMITED_CLIENTS:
            self._buckets.popitem(last=False)
        return wait


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
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


class Gate:
    """The outermost layer: everything here happens before the app reads a byte of the body.

    Only /v1/ paths need a key and count against the rate limit; the page, its
    files, the docs and /healthz stay open. Clients with a valid key are limited
    per key, all others per address, so guessing keys is rate limited too; the
    request's scope says which (`CLIENT`).
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
                await error_response(500, "internal error")(scope, receive, send_tagged)
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
            return error_response(400, "the Content-Length header is not a number")
        if length is not None and int(length) > self.settings.max_body_bytes:
            return error_response(413, _too_large(self.settings.max_body_bytes))
        if not scope["path"].startswith("/v1/"):
            return None
        key = _presented_key(headers)
        valid = key is not None and any(hmac.compare_digest(key.encode(), k.encode()) for k in self.settings.api_keys)
        address = scope.get("client")
        scope[CLIENT] = f"key:{key}" if valid else f"ip:{address[0] if address else ''}"
        if self.limiter is not None:
            wait = self.limiter.take(scope[CLIENT])
            if wait:
                return error_response(429, "too many requests; slow down", {"Retry-After": str(math.ceil(wait))})
        if self.settings.api_keys and not valid:
            message = "this server needs an API key (X-API-Key header or Authorization: Bearer)" if key is None \
                else "the API key is not valid"
            return error_response(401, message, {"WWW-Authenticate": "Bearer"})
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
