from __future__ import annotations

from pathlib import Path

import pytest

from headcheck import Checker

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="session")
def checker() -> Checker:
    return Checker()
