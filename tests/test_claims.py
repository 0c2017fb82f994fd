"""Splitting headlines into claims, and the headline verdict that follows from them (fictional news)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from headcheck import Article, Checker
from headcheck.text.claims import split_claims
from headcheck.text.lexical import Idf
from headcheck.types import STANCES, Judged, Judgement, Stance
from headcheck.verdict import headline_verdict


def texts(headline: str) -> list[tuple[str, str | None]]:
    return [(c.text, c.attribution) for c in split_claims(headline)]


@pytest.mark.parametrize(("headline", "claims"), [
    ("Port Alvera opens bridge and ferry service ends",
     [("Port Alvera opens bridge", None), ("ferry service ends", None)]),
    ("Police arrest three and charge two with arson",  # the second clause shares the subject
     [("Police arrest three", None), ("Police charge two with arson", None)]),
    ("Orlov wins vote but loses seat and gains allies",
     [("Orlov wins vote", None), ("Orlov loses seat", None), ("Orlov gains allies", None)]),
    ("Bridge opens; ferry stops", [("Bridge opens", None), ("ferry stops", None)]),
    ("Police caught two and charged three with arson",  # an irregular form ('caught') is a verb too
     [("Police caught two", None), ("Police charged three with arson", None)]),
    ("Dorvik stocks fall, while oil prices rise", [("Dorvik stocks fall", None), ("oil prices rise", None)]),
])
def test_coordinated_clauses_become_claims(headline: str, claims: list[tuple[str, str | None]]) -> None:
    assert texts(headline) == claims


@pytest.mark.parametrize(("headline", "claims"), [
    ("Bridge is unsafe, says engineer", [("Bridge is unsafe", "engineer")]),
    ("Bridge is unsafe, city engineer says", [("Bridge is unsafe", "city engineer")]),
    ("Mayor Tomas Ferrand says the bridge will open on Saturday",
     [("the bridge will open on Saturday", "Mayor Tomas Ferrand")]),
    ("'Orlov led the revolution', says Varan", [("Orlov led the revolution", "Varan")]),
    ("According to police, the bridge was closed", [("the bridge was closed", "police")]),
    ("Bridge opens and ferry stops, says mayor", [("Bridge opens", "mayor"), ("ferry stops", "mayor")]),
])
def test_attributions_are_taken_off_the_claim(headline: str, claims: list[tuple[str, str | None]]) -> None:
    assert texts(headline) == claims


@pytest.mark.parametrize(("headline", "claims"), [
    ("The new bridge is safe and cheap", [("The new bridge is safe", None), ("The new bridge is cheap", None)]),
    ("The bridge will be late, costly and open to lorries only",
     [("The bridge will be late", None), ("The bridge will be costly", None),
      ("The bridge will be open to lorries only", None)]),
])
def test_x_is_y_and_z_becomes_one_claim_per_predicate(headline: str, claims: list[tuple[str, str | None]]) -> None:
    assert texts(headline) == claims


@pytest.mark.parametrize("headline", [
    "Bread and butter prices rise in Port Alvera",  # 'and' inside a noun phrase
    "Port is closed to ships and boats",  # the 'and' may belong to the preposition
    "Orlov is not safe and well",  # negation over both: splitting would change the meaning
    "Orlov bans protests and rallies",  # one verb, two objects
    "Orlov, who led the revolt, resigns",  # a relative clause is not a claim of its own
    "Orlov resigns, ending 20-year rule",
    "Orlov said to be ill",  # 'said to be' is not an attribution
    "Minister says sorry",  # nothing after 'says' reads as a clause
    "Port Alvera opens its new harbour bridge after four years of work",
    "Dorvik stocks fall, while band plays on",  # 'band' is no form of 'ban'
])
def test_headlines_without_those_constructions_stay_whole(headline: str) -> None:
    assert texts(headline) == [(headline, None)]


def test_quoted_words_are_never_split() -> None:
    assert texts("Varan calls Orlov's rule 'cruel and it must end'") == [
        ("Varan calls Orlov's rule 'cruel and it must end'", None)]


@pytest.mark.parametrize(("headline_stance", "claims", "verdict"), [
    ("agree", ["agree", "disagree"], "misleading"),  # one contradicted claim is enough
    ("disagree", ["agree", "agree"], "misleading"),  # so is a contradicted whole headline
    ("unrelated", ["unrelated", "unrelated"], "unrelated"),
    ("agree", ["agree", "agree"], "faithful"),
    ("agree", ["agree", "discuss"], "unsupported"),
    ("agree", ["agree", "unrelated"], "unsupported"),  # the body never addresses part of the headline
    ("discuss", ["discuss"], "unsupported"),
])
def test_headline_verdict_follows_from_its_claims(headline_stance: Stance, claims: list[Stance],
                                                  verdict: str) -> None:
    assert headline_verdict(headline_stance, claims) == verdict


class KeywordJudge:
    """A stand-in stance model: contradicts any claim mentioning 'ferry'; records what it was asked."""

    name = "keyword-judge"

    def __init__(self) -> None:
        self.idf = Idf.fit(["bridge ferry port", "bridge opens", "ferry service"])
        self.calls: list[list[str]] = []

    def judge(self, items: Sequence[Judged]) -> list[Judgement]:
        self.calls.append([claim.text for claim, _, _ in items])
        out = []
        for claim, _, _ in items:
            stance: Stance = "disagree" if "ferry" in claim.text.lower() and " and " not in claim.text else "agree"
            out.append(Judgement({s: 0.85 if s == stance else 0.05 for s in STANCES}))
        return out


BODY = ("Port Alvera opened its new harbour bridge on Saturday. The ferry service between the old town and the "
        "docks will keep running on weekends until the end of the year.")


def test_checker_judges_every_claim_in_one_call_and_one_contradiction_makes_it_misleading() -> None:
    judge = KeywordJudge()
    checker = Checker(judge=judge)
    articles = [Article("Port Alvera opens bridge and ferry service ends", BODY),
                Article("Port Alvera opens bridge", BODY)]
    split, whole = checker.check_many(articles)
    assert judge.calls == [["Port Alvera opens bridge and ferry service ends", "Port Alvera opens bridge",
                            "Port Alvera opens bridge", "ferry service ends"]]
    assert [(c.claim.text, c.stance, c.verdict) for c in split.claims] == [
        ("Port Alvera opens bridge", "agree", "faithful"), ("ferry service ends", "disagree", "misleading")]
    assert split.stance == "agree"  # the whole headline's judgement is kept as it was
    assert split.verdict == "misleading"
    assert "ferry" in split.claims[1].evidence[0].sentence.text
    assert [c.claim.text for c in whole.claims] == ["Port Alvera opens bridge"] and whole.verdict == "faithful"
    data = split.to_dict()
    assert [c["verdict"] for c in data["claims"]] == ["faithful", "misleading"]
    assert data["claims"][1]["probabilities"]["disagree"] == 0.85


def test_attributed_claims_are_judged_as_said_by_their_source() -> None:
    judge = KeywordJudge()
    report = Checker(judge=judge).check("Bridge opens and ferry stops, says mayor", BODY)
    assert judge.calls[0][1:] == ["mayor says Bridge opens", "mayor says ferry stops"]
    assert [(c.claim.text, c.claim.attribution) for c in report.claims] == [
        ("Bridge opens", "mayor"), ("ferry stops", "mayor")]
    assert report.to_dict()["claims"][1]["attribution"] == "mayor"


def test_a_headline_that_does_not_split_is_its_own_single_claim() -> None:
    judge = KeywordJudge()
    report = Checker(judge=judge).check("Bridge is unsafe, says engineer", BODY)
    assert judge.calls == [["Bridge is unsafe, says engineer"]]  # judged once, as a whole
    (claim,) = report.claims
    assert (claim.claim.text, claim.claim.attribution, claim.judgement) == ("Bridge is unsafe", "engineer",
                                                                              report.judgement)


def test_without_explanations_the_judge_sees_whole_headlines_only() -> None:
    judge = KeywordJudge()
    report = Checker(judge=judge, explain=False).check("Port Alvera opens bridge and ferry service ends", BODY)
    assert judge.calls == [["Port Alvera opens bridge and ferry service ends"]]
    assert report.claims == [] and report.findings == [] and report.clickbait is None
    assert report.verdict == "faithful"  # the stance alone decides, as in headcheck 0.1
