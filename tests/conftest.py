from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from headcheck import Article, Checker
from headcheck.inputs import File, read_article
from headcheck.limits import CHECK_BUDGET_S, MIN_CHECK_WORKERS

if TYPE_CHECKING:
    from headcheck.apps.serve.workers import Workers

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def read_example(name: str) -> Article:
    """An example article as the CLI reads it: parsed, validated, English."""
    return read_article(File(EXAMPLES / name), english="refuse").article


@pytest.fixture(scope="session")
def checker() -> Checker:
    return Checker()


@pytest.fixture(scope="session")
def workers() -> Iterator[Workers]:
    """Check workers for the apps of all service tests: each worker loads the model once for the session."""
    from headcheck.apps.serve.workers import Workers

    pool = Workers.of_model(None, MIN_CHECK_WORKERS, CHECK_BUDGET_S)
    pool.start()
    yield pool
    pool.close()


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every address a connection is opened to; anything but loopback fails the test at once."""
    opened: list[tuple[str, int]] = []
    real = socket.create_connection

    def guarded(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        opened.append(address)
        assert ipaddress.ip_address(address[0]).is_loopback, f"connection attempted to {address}"
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
    return opened
