"""`headcheck serve`: the HTTP API and the web page (needs the `serve` extra: FastAPI and uvicorn).

`settings` (what an operator sets), `gate` (ids, logs, body limit, rate limit and keys, before any body is
read), `logs` (JSON lines), `history` (the SQLite check history), `slots` (how many requests fetch, read
or check at once, and how long they may wait), `workers` (the check worker processes), `app` (the API,
the page and the service behind them, and `run`, the uvicorn entry point), `web/` (the page's static files).
"""

__all__ = ["app", "gate", "history", "logs", "settings", "slots", "workers"]
