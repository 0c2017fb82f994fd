"""The sentence-NLI judge's parts that need no network: evaluative words, editor rules, evidence order,
the aggregator's file format, and the training pairs made from NLI and FNC-1 rows."""

from __future__ import annotations

import random

import numpy as np
import pytest

from headcheck.compare import compare
from headcheck.datasets.nli import CONTRADICT, ENTAIL, NEUTRAL, detokenize
from headcheck.errors import ModelError
from headcheck.evidence import LexicalIndex
from headcheck.judges.minilm_nli import AGGREGATE_FEATURES, Aggregator, decisive, editor_rules, prepare
from headcheck.text.evaluative import carried_judgement, headline_judgement
from headcheck.text.lexical import Idf
from headcheck.text.sentences import RuleSplitter
from headcheck.training.pairs import contradict, framed
from headcheck.types import Body, Claim

INDEX = LexicalIndex(Idf({}, 1.0), RuleSplitter())


def test_praise_over_a_body_of_crackdowns_is_opposed() -> None:
    found = carried_judgement("Orlov: the leader Kestria needs",
                              "Orlov ordered the army to crush the protests. Hundreds were arrested and dozens killed.")
    assert found is not None
    assert (found.polarity, found.carried, found.opposed) == ("praise", False, True)
    assert "arrested" in found.body_words


def test_blame_carried_by_a_critical_body() -> None:
    found = carried_judgement("Minister slams stadium plan", "The minister criticised the plan on Monday.")
    assert found is not None and found.carried and not found.opposed


def test_praise_the_body_does_not_carry_is_neither_carried_nor_opposed() -> None:
    found = carried_judgement("Mayor hailed as hero after flood", "The mayor visited the flooded district on Monday.")
    assert found is not None and (found.carried, found.opposed) == (False, False)


def test_reporting_headlines_judge_no_one() -> None:
    assert headline_judgement("Port Alvera opens harbour bridge") is None
    assert carried_judgement("Council approves budget", "The council approved the budget.") is None


def _claim_body(headline: str, body: str) -> tuple[Claim, Body]:
    return INDEX.claim(headline), INDEX.body(body)


def _ruled(claim: Claim, body: Body, p: list[float], nli: list[list[float]], min_entailment: float = 0.0,
           min_contradiction: float = 1.01) -> tuple[np.ndarray, tuple[str, ...], str | None]:
    ruled = editor_rules(prepare(np.array(p), np.array(nli), body.sentences, claim, body, compare(claim, body),
                                 min_entailment, min_contradiction), None)
    return ruled.probabilities, ruled.notes, ruled.rule


def test_faithful_needs_an_entailing_sentence() -> None:
    claim, body = _claim_body("Bridge opens", "The bridge was discussed by the council on Monday.")
    p, notes, _ = _ruled(claim, body, [0.6, 0.1, 0.3, 0.0], [[0.2, 0.1, 0.7]], 0.4)
    assert p.argmax() == 2 and p.sum() == pytest.approx(1.0)
    assert notes == ("no body sentence states the headline's claim",)
    kept, none, _ = _ruled(claim, body, [0.6, 0.1, 0.3, 0.0], [[0.9, 0.05, 0.05]], 0.4)
    assert kept.argmax() == 0 and none == ()


def test_praise_over_a_damning_body_becomes_misleading() -> None:
    claim, body = _claim_body("Orlov: the leader Kestria needs",
                              "Orlov ordered troops to crush the protests. Critics were jailed and protesters killed.")
    p, notes, _ = _ruled(claim, body, [0.7, 0.05, 0.2, 0.05], [[0.8, 0.1, 0.1], [0.7, 0.1, 0.2]], 0.4)
    assert p.argmax() == 1 and p[1] == pytest.approx(0.95)
    assert "at odds with the body" in notes[0]


def test_a_denial_the_network_also_reads_decides_whatever_else_agrees() -> None:
    claim, body = _claim_body("Orlov led the revolution",
                              "Orlov was not the leader of the revolution, records show. Orlov crushed the uprising.")
    nli = [[0.05, 0.7, 0.25], [0.9, 0.05, 0.05]]
    p, notes, rule = _ruled(claim, body, [0.6, 0.2, 0.2, 0.0], nli, min_contradiction=0.6)
    assert p.argmax() == 1 and rule == "negated"
    assert "not the leader" in notes[0]
    unchanged, none, rule = _ruled(claim, body, [0.7, 0.2, 0.1, 0.0], nli, min_contradiction=0.8)
    assert unchanged.argmax() == 0 and none == () and rule is None  # no fitted decision, network not seconding


def test_a_sentence_stating_the_event_does_not_bear_out_a_judgement_the_body_never_makes() -> None:
    claim, body = _claim_body("Reckless driver Ada Brun caused Ostrand crash",
                              "Ada Brun caused the Ostrand crash on Monday when a tyre burst, police said.")
    def weighed(claim: Claim, body: Body) -> set[str]:
        nli = np.array([[0.6, 0.1, 0.3]])
        return prepare(np.array([0.4, 0.1, 0.5, 0.0]), nli, body.sentences, claim, body, compare(claim, body), 0.0,
                       1.01).comparison.kinds()
    assert "supported" in compare(claim, body).kinds() and "supported" not in weighed(claim, body)
    plain, plain_body = _claim_body("Driver Ada Brun caused Ostrand crash", body.text)
    assert "supported" in weighed(plain, plain_body)


def test_decisive_puts_the_deciding_sentence_first() -> None:
    body = INDEX.body("The mayor spoke. The bridge opened on Saturday. Traffic was light.")
    nli = np.array([[0.1, 0.1, 0.8], [0.9, 0.05, 0.05], [0.2, 0.1, 0.7]])
    evidence = decisive(np.array([0.8, 0.1, 0.1, 0.0]), nli, body.sentences)
    assert evidence is not None
    assert [e.sentence.index for e in evidence] == [1, 2, 0]
    assert evidence[0].score == pytest.approx(0.9)
    assert decisive(np.array([0.8, 0.1, 0.1, 0.0]), np.zeros((0, 3)), []) is None


def test_aggregator_round_trip_and_feature_check() -> None:
    n = len(AGGREGATE_FEATURES)
    rng = np.random.default_rng(0)
    agg = Aggregator(rng.normal(size=(4, n)), rng.normal(size=4), rng.normal(size=n), np.ones(n))
    x = rng.normal(size=(3, n))
    again = Aggregator.from_dict(agg.as_dict())
    assert np.allclose(again.probabilities(x), agg.probabilities(x), atol=1e-4)
    assert np.allclose(agg.probabilities(x).sum(axis=1), 1.0)
    with pytest.raises(ModelError, match="other features"):
        Aggregator.from_dict({**agg.as_dict(), "features": ["x"]})


def test_contradict_reverses_outcomes_numbers_and_adds_negations() -> None:
    rng = random.Random(0)
    assert contradict("Council approves stadium plan", rng) == "Council rejects stadium plan"
    changed = {contradict("40 people died in the fire", random.Random(seed)) for seed in range(20)}
    assert "40 people survived in the fire" in changed
    assert any(c is not None and c.endswith("people died in the fire") and not c.startswith("40 ") for c in changed)
    assert contradict("The bridge is open", random.Random(2)) in {"The bridge is not open", "The bridge is close"}
    assert contradict("He was no good at it", random.Random(3)) is None
    assert contradict("Quiet morning in Veldmark", rng) is None


def test_framing_gives_one_pair_of_each_label() -> None:
    examples = framed("The mayor resigned", "The mayor resigned on Monday.", random.Random(0))
    assert [e.label for e in examples] == [NEUTRAL, CONTRADICT, ENTAIL]
    assert all(e.claim == "The mayor resigned" for e in examples)
    assert all("mayor resigned on Monday" in e.premises[0] for e in examples)


def test_fever_evidence_is_detokenised() -> None:
    assert detokenize("Soul Food -LRB- 1997 -RRB- is a film , by `` Babyface '' Edmonds .") == \
        'Soul Food (1997) is a film, by " Babyface " Edmonds.'
