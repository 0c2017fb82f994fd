"""`headcheck eval findings`: the scoring of bench/findings/README.md, and the command that prints and writes it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from headcheck.apps.cli import main
from headcheck.evaluation.findings import Case, Expected, load_cases, match, score
from headcheck.types import Finding

TRAM = {"id": "t1", "headline": "12 injured as tram derails in Oskarby",
        "body": "Two people were injured in Oskarby, the city said. The tram was carrying 12 passengers.",
        "findings": [{"kind": "number", "headline": "12 injured", "body": "Two people were injured"}]}
QUIET = {"id": "t2", "headline": "4 dead in Brask pile-up", "body": "Four people died in the Brask pile-up.",
         "findings": []}


def write(tmp_path: Path, *cases: dict[str, object]) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    return path


def test_a_prediction_matches_by_kind_and_overlapping_spans_one_to_one() -> None:
    case = Case("c", "40 dead", "Four people died. Four more were hurt.",
                (Expected("number", "40 dead", "Four people died"),))
    right = Finding("number", "", (0, 2), (0, 4), "error")
    assert match(case, [right, right]) == {0: 0}  # the second prediction is left over
    assert match(case, [Finding("date", "", (0, 2), (0, 4), "error")]) == {}  # another kind
    assert match(case, [Finding("number", "", (0, 2), None, "warning")]) == {}  # no body span
    assert match(case, [Finding("spelling", "", None, (0, 4), "editorial")]) == {}


def test_precision_and_recall_per_kind(tmp_path: Path) -> None:
    scores = score(load_cases(write(tmp_path, TRAM, QUIET)))
    number = scores.kinds["number"]
    assert (number.matched, number.predicted, number.expected) == (1, 1, 1)
    assert (number.precision, number.recall) == (1.0, 1.0)
    assert scores.kinds["quote"].precision is None and scores.false_positives == [] and scores.misses == []


def test_cases_with_words_not_in_their_text_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = {**TRAM, "findings": [{"kind": "number", "headline": "13 injured", "body": "Two"}]}
    assert main(["eval", "findings", str(write(tmp_path, broken))]) == 1
    assert "not found" in capsys.readouterr().err


def test_the_command_prints_the_table_and_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["eval", "findings", str(write(tmp_path, TRAM, QUIET)), "--out", str(out)]) == 0
    assert "precision" in capsys.readouterr().err
    metrics = json.loads((out / "findings_metrics.json").read_text(encoding="utf-8"))
    assert metrics["kinds"]["number"] == {"precision": 1.0, "recall": 1.0, "matched": 1, "predicted": 1,
                                          "expected": 1}
