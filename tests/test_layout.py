"""The package's shape: inference never loads training code or torch, and no module imports the package top."""

from __future__ import annotations

import ast
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


# The stages in the order an article flows through them; a module may import its own rank or lower, never
# higher. Training, evaluation and their data sets sit apart above the Checker; the apps on top.
RANKS = {
    "_version": 0, "errors": 0, "limits": 0, "types": 0, "_cache": 0, "_sqlite": 0, "_processes": 0, "shipped": 0,
    "_probabilities": 0,
    "inputs": 1, "text": 2, "evidence": 3, "compare": 4, "judges": 5, "calibration": 5, "verdict": 6,
    "report": 7, "checker": 8, "datasets": 9, "training": 10, "evaluation": 10, "apps": 11,
}


def _imports(path: Path) -> list[str]:
    """Every headcheck module a file imports, at its top or inside a function."""
    tree = ast.parse(path.read_text("utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("headcheck."):
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("headcheck.")]
    return found


def test_every_import_points_down_the_stages() -> None:
    upward = []
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts == ("__init__",):
            continue  # the public API re-exports from everywhere
        own = RANKS[parts[0]]
        upward += [f"{'/'.join(parts)} -> {m}" for m in _imports(path) if RANKS[m.split(".")[1]] > own]
    assert upward == []


def test_the_layer_test_sees_an_upward_import(tmp_path: Path) -> None:
    """The walk above finds deferred imports too (a check that could not fail would prove nothing)."""
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from headcheck.report import Report\n", encoding="utf-8")
    assert _imports(module) == ["headcheck.report"]


def test_import_headcheck_and_version_load_no_model_runtime() -> None:
    """Loading the package (and `headcheck --version`) loads no model runtime, not even numpy or the HTML
    extractor: the public names load on first use, and a judge imports its runtime when it is loaded."""
    heavy = ("lightgbm", "pandas", "onnxruntime", "scipy", "sklearn", "torch", "numpy", "trafilatura")
    code = ("import sys, headcheck, headcheck.apps.cli as cli\n"
            "try:\n    cli.main(['--version'])\nexcept SystemExit:\n    pass\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
