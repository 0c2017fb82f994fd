"""What the watch says about a checked item: a JSON line on standard output, and a webhook POST for alerts.

A line is the item's report (schema headcheck.report/2, its `id` the item's id) plus where it came from:
`feed`, `guid`, `link`, `feed_title` (the headline as the feed shows it), `page_title` (the article's own,
when a page or file was read) and `alert`. The webhook gets the same JSON, with
- `Idempotency-Key: ITEM_ID`, the same on every retry and after a restart, so a receiver can drop repeats;
- `X-Headcheck-Signature: sha256=HEX`, the HMAC-SHA256 of the body with HEADCHECK_WEBHOOK_SECRET, when set.
The webhook URL is guarded like any fetch (public addresses only unless --allow-host lets its host through)
and redirects are not followed: a POST is not replayed to wherever a redirect points.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sys
from collections.abc import Collection
from typing import Any, TextIO

from headcheck.apps.watch.store import Item
from headcheck.errors import FetchError
from headcheck.inputs.fetch import request, retry_after_s
from headcheck.limits import MAX_WEBHOOK_REPLY_BYTES

SECRET_VARIABLE = "HEADCHECK_WEBHOOK_SECRET"
SIGNATURE_HEADER = "X-Headcheck-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"


def line(item: Item) -> str:
    """The item's JSON line (one line, no newline at its end)."""
    report: dict[str, Any] = json.loads(item.report or "{}")
    report.update(feed=item.feed, guid=item.guid, link=item.link, feed_title=item.feed_title,
                  page_title=item.page_title, alert=item.alert)
    return json.dumps(report, ensure_ascii=False, separators=(",", ":"))


def write_line(text: str, stream: TextIO | None = None) -> None:
    """One write() for the whole line where the stream is a file descriptor, so a kill -9 cannot leave half a
    line in a file; the stream's own write otherwise (a test's captured output)."""
    stream = stream or sys.stdout
    data = (text + "\n").encode("utf-8")
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        stream.write(text + "\n")
        stream.flush()
        return
    stream.flush()
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def signature(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def post(url: str, item: Item, allow_hosts: Collection[str]) -> None:
    """POST the item's line to the webhook; a FetchError (or InputError for a refused URL) when it fails."""
    body = line(item).encode("utf-8")
    headers = {"Content-Type": "application/json", IDEMPOTENCY_HEADER: item.id}
    if secret := os.environ.get(SECRET_VARIABLE):
        headers[SIGNATURE_HEADER] = signature(body, secret)
    response = request(url, method="POST", headers=headers, content=body, allow_hosts=allow_hosts,
                       max_bytes=MAX_WEBHOOK_REPLY_BYTES, max_redirects=0)
    if not 200 <= response.status < 300:
        raise FetchError(f"the webhook answered HTTP {response.status}", retry_after_s=retry_after_s(response.headers))
