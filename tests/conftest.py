from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import Any

import pytest

from headcheck import Checker

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="session")
def checker() -> Checker:
    return Checker()


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
