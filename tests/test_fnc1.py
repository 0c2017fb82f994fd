from __future__ import annotations

import pytest

from headcheck import fnc1


def test_fnc_score_weights_relatedness_and_stance() -> None:
    gold = ["agree", "disagree", "unrelated", "discuss"]
    # agree right (1.0), disagree called discuss (0.25), unrelated right (0.25), discuss called unrelated (0)
    predicted = ["agree", "discuss", "unrelated", "unrelated"]
    m = fnc1.score(gold, predicted)
    assert m.fnc_score == pytest.approx(100 * 1.5 / 3.25)
    assert m.f1["agree"] == 1.0
    assert m.f1["disagree"] == 0.0
    assert m.f1["unrelated"] == pytest.approx(2 / 3)
    assert m.confusion[1][2] == 1  # gold disagree, predicted discuss
    assert m.macro_f1 == pytest.approx(sum(m.f1.values()) / 4)


def test_score_refuses_misaligned_predictions() -> None:
    with pytest.raises(ValueError, match="2 gold labels but 1"):
        fnc1.score(["agree", "agree"], ["agree"])
