"""The package's shape: inference never loads training code or torch, and no module imports the package top."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "headcheck"


def test_importing_the_package_and_the_cli_loads_no_training_code_and_no_torch() -> None:
    code = ("import sys, headcheck, headcheck.apps.cli; "
            "print(sorted(m for m in sys.modules if m.startswith('headcheck.training') or m.split('.')[0] == 'torch'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "[]"


def test_no_module_imports_the_package_top() -> None:
    """The top is the public API; modules inside it import what they need from where it lives."""
    top = re.compile(r"^\s*(?:import headcheck\s*$|from headcheck import )", re.MULTILINE)
    assert [str(p.relative_to(SRC)) for p in sorted(SRC.rglob("*.py")) if top.search(p.read_text("utf-8"))] == []
