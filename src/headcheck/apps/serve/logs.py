"""The service's logs: one JSON object per line on stderr, uvicorn's own messages included."""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

log = logging.getLogger("headcheck.server")  # its name is in every log line, so it stays what it was


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
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["trace"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s\"'<>]+", re.IGNORECASE)
_HIDDEN_URL = "[url]"


def _without_urls(value: Any) -> Any:
    return _URL.sub(_HIDDEN_URL, value) if isinstance(value, str) else value


class NoUrls(logging.Filter):
    """The service's logs never hold a URL (docs/serve.md), but libraries log the URLs they handle
    (trafilatura: "discarding data: http://..."): whoever logged it, each URL in a message, a traceback or a
    field becomes "[url]" before the line is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = _without_urls(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_text = _without_urls(record.exc_text)
        if fields := getattr(record, "fields", None):
            record.fields = {key: _without_urls(value) for key, value in fields.items()}
        return True


# Libraries that log a line for every URL they fetch, at INFO ("HTTP Request: GET http://..."): only their
# warnings and errors get through (the URLs in those are hidden by NoUrls).
QUIET_LOGGERS = ("httpx", "httpcore")


def log_to_stderr() -> None:
    """Uvicorn's own messages go through the root logger too, so every line on stderr is JSON, and none holds
    a URL (the filter is on the handler, so it sees every logger's records)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(NoUrls())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
