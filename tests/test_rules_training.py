"""The editor's decision's training helpers: how hold-out sources are weighed, Fool Me Twice's measure, and
the Fool Me Twice reader."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from headcheck.datasets import claims
from headcheck.errors import InputError
from headcheck.training.rules import _balanced, _restricted
from headcheck.types import STANCES


def test_each_chosen_source_weighs_the_same_and_the_others_nothing() -> None:
    sources = np.array(["hand"] * 2 + ["fnc1"] * 6 + ["fmt"] * 4)
    chosen = sources != "fmt"
    w = _balanced(sources, chosen)
    assert w[sources == "hand"].sum() == pytest.approx(w[sources == "fnc1"].sum())
    assert w[sources == "fmt"].sum() == 0.0
    assert w.sum() == pytest.approx(chosen.sum())  # the regularisation meets the same total as unweighted rows


def test_agree_against_disagree_sets_the_other_stances_aside() -> None:
    agree, disagree, discuss = (STANCES.index(s) for s in ("agree", "disagree", "discuss"))

    def row(**p: float) -> list[float]:
        return [p.get(s, 0.0) for s in STANCES]

    probs = np.array([row(agree=0.2, disagree=0.1, discuss=0.7),  # agree beats disagree: right for an agree label
                      row(agree=0.1, disagree=0.3, discuss=0.6),  # disagree beats agree: wrong for an agree label
                      row(disagree=0.9, discuss=0.1)])  # labelled discuss: not counted
    labels = np.array([agree, agree, discuss])
    assert _restricted(probs, labels, np.ones(3, dtype=bool)) == 0.5
    assert _restricted(probs, labels, np.array([False, False, True])) is None
    assert _restricted(probs, np.array([disagree] * 3), np.ones(3, dtype=bool)) == pytest.approx(2 / 3, abs=1e-4)


def test_a_claim_reads_as_a_headline_over_its_gold_then_retrieved_sentences(tmp_path: Path) -> None:
    row = {"id": "c1", "text": "The bridge opened in 1931.", "label": "REFUTES",
           "gold_evidence": [{"text": "The bridge opened in 1932."}],
           "retrieved_evidence": [{"text": "It spans the river."}, {"text": "The bridge opened in 1932."},
                                  {"text": "  "}]}
    (tmp_path / "dev.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    [(article, refuted)] = claims.load(tmp_path, "dev")
    assert refuted and article.headline == row["text"] and article.id == "c1"
    assert article.body == "The bridge opened in 1932. It spans the river."
    with pytest.raises(InputError, match=r"test\.jsonl"):
        claims.load(tmp_path, "test")
