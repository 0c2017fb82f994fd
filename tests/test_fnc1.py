from __future__ import annotations

import pytest

from headcheck.datasets import fnc1


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


def test_topic_split_shares_no_headline_or_body_between_its_halves() -> None:
    # ten stories, each with two headlines and two bodies, plus unrelated pairs across stories
    pairs = []
    for story in range(10):
        for h in range(2):
            for b in range(2):
                pairs.append(fnc1.Pair(f"story {story} headline {h}", story * 10 + b, "agree" if b else "discuss"))
        pairs.append(fnc1.Pair(f"story {story} headline 0", (story + 1) % 10 * 10, "unrelated"))
    train = fnc1.Split(pairs, {p.body_id: f"body {p.body_id}" for p in pairs})
    fit, held = fnc1.topic_split(train, share=0.3)
    assert fit.pairs and held.pairs
    assert not {p.headline for p in fit.pairs} & {p.headline for p in held.pairs}
    assert not {p.body_id for p in fit.pairs} & {p.body_id for p in held.pairs}
    related = [p for p in pairs if p.stance != "unrelated"]
    assert sorted(map(str, related)) == sorted(str(p) for p in fit.pairs + held.pairs if p.stance != "unrelated")
    assert len({p.headline.split(" headline")[0] for p in held.pairs}) == 3  # 30% of ten stories
    assert fnc1.topic_split(train, share=0.3) == (fit, held)  # seeded
