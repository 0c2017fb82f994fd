"""The service's logs: one JSON object per line on stderr, uvicorn's own messages included."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

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
        if record.exc_info:
            entry["trace"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


# Libraries that log every URL they fetch at INFO ("HTTP Request: GET http://..."): the service's logs
# never hold a URL (docs/serve.md), so only their warnings and errors get through.
QUIET_LOGGERS = ("httpx", "httpcore")


def log_to_stderr() -> None:
    """Uvicorn's own messages go through the root logger too, so every line on stderr is JSON."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
