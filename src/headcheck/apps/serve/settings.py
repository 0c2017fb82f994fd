"""What an operator can set for `headcheck serve`: API keys, allowed hosts, the body limit, the rate limit,
the history store, the check workers and how long a request may wait or run. The CLI turns its options into
`Settings`; everything else reads them. Defaults come from `headcheck.limits`."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Sequence
from pathlib import Path

from headcheck.errors import InputError
from headcheck.limits import (
    CHECK_BUDGET_S,
    DEFAULT_RATE_LIMIT,
    FETCH_SLOTS_PER_CLIENT,
    MAX_CONCURRENT_FETCHES,
    MAX_QUEUE_WAIT_S,
    MAX_REQUEST_BODY_BYTES,
    MIN_CHECK_WORKERS,
    default_workers,
)

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
    """What an operator can change; `from_environment` adds what the environment says to the options given."""

    api_keys: frozenset[str] = frozenset()
    allow_hosts: tuple[str, ...] = ()
    max_body_bytes: int = MAX_REQUEST_BODY_BYTES
    rate_limit: Rate | None = dataclasses.field(default_factory=lambda: Rate.parse(DEFAULT_RATE_LIMIT))
    store: Path | None = None
    check_workers: int = dataclasses.field(default_factory=lambda: max(MIN_CHECK_WORKERS, default_workers()))
    check_budget_s: float = CHECK_BUDGET_S
    fetch_slots: int = MAX_CONCURRENT_FETCHES
    fetch_slots_per_client: int = FETCH_SLOTS_PER_CLIENT
    queue_wait_s: float = MAX_QUEUE_WAIT_S

    @classmethod
    def from_environment(cls, *, allow_hosts: Sequence[str] = (), max_body_bytes: int = MAX_REQUEST_BODY_BYTES,
                         rate_limit: str = DEFAULT_RATE_LIMIT, store: Path | None = None,
                         workers: int | None = None, check_budget_s: float = CHECK_BUDGET_S) -> Settings:
        """Keys come only from the environment: command lines are visible to every user in `ps`."""
        if max_body_bytes < 1:
            raise InputError("--max-body-bytes must be at least 1")
        if workers is not None and workers < MIN_CHECK_WORKERS:
            raise InputError(f"--workers must be at least {MIN_CHECK_WORKERS}: one is kept for small checks "
                             "while large ones run")
        if not check_budget_s > 0:
            raise InputError("--check-budget must be a positive number of seconds")
        return cls(
            api_keys=frozenset(_env_list("HEADCHECK_API_KEYS")),
            allow_hosts=(*allow_hosts, *_env_list("HEADCHECK_ALLOW_HOSTS")),
            max_body_bytes=max_body_bytes,
            rate_limit=Rate.parse(rate_limit),
            store=store,
            check_budget_s=check_budget_s,
            **({"check_workers": workers} if workers is not None else {}),
        )


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]
