"""`headcheck eval cases`: verdicts against an editor's, the table, every miss, the JSON; bad files refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import read_example
from headcheck.apps.cli import main


def _cases(tmp_path: Path) -> Path:
    bridge, crackdown = read_example("bridge.txt"), read_example("crackdown.txt")
    rows = [{"id": "b", "split": "dev", "category": "faithful", "headline": bridge.headline, "body": bridge.body,
             "expected": "faithful"},
            {"id": "c", "split": "test", "category": "debunk", "headline": crackdown.headline,
             "body": crackdown.body, "expected": "faithful"}]  # deliberately wrong: must be listed as a miss
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_eval_cases_prints_the_table_and_every_miss_and_writes_json(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "cases", str(_cases(tmp_path)), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().err  # reports of commands other than `check` go to stderr, as for eval fnc1
    assert "split:dev" in out and "split:test" in out
    assert "miss c: expected faithful, got misleading" in out and "miss b" not in out
    metrics = json.loads((tmp_path / "out" / "cases_metrics.json").read_text())
    assert metrics["all"]["n"] == 2 and metrics["all"]["accuracy"] == 0.5
    assert metrics["misses"] == [{"id": "c", "expected": "faithful", "got": "misleading",
                                  "confidence": metrics["misses"][0]["confidence"]}]


def test_eval_cases_refuses_a_file_without_expected_verdicts(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"headline": "a", "body": "b c d e"}\n', encoding="utf-8")
    assert main(["eval", "cases", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "need headline, body and an expected verdict" in err
