"""The shipped default judge (minilm-nli) on whole articles: what a user of
`headcheck check` sees. Fictional articles; each expectation is one an editor makes at a glance."""

from __future__ import annotations

import subprocess
import sys

import pytest

from headcheck import Checker
from headcheck.judges import resolve
from headcheck.shipped import MINILM_NLI_DIR
from headcheck.types import Article

BRIDGE = ("Port Alvera opens harbour bridge",
          "Port Alvera opened its new harbour bridge on Saturday, the mayor said, after three years of building work.")
PRAISE = ("President Marek Tolvan: the leader Ardesia needs",
          "President Marek Tolvan ordered riot police to crush the protests in the capital on Friday. Hundreds of "
          "protesters were arrested and at least nine were killed, according to hospital staff. Critics accused "
          "the government of brutality, and two opposition newspapers were closed by decree.")


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker()


def test_the_default_is_the_sentence_nli_judge(checker: Checker) -> None:
    ref = resolve(None)
    assert ref.directory == MINILM_NLI_DIR and ref.kind == "minilm-nli"
    assert checker.judge.name == ref.name and checker.calibrator is not None


def test_a_plain_faithful_report_is_faithful(checker: Checker) -> None:
    report = checker.check(*BRIDGE)
    assert report.verdict == "faithful"
    assert report.evidence and report.evidence[0].sentence.index == 0  # the sentence that states it


def test_praise_over_a_body_of_crackdowns_is_misleading_and_says_why(checker: Checker) -> None:
    report = checker.check(*PRAISE)
    assert report.verdict == "misleading"
    assert any("at odds with the body" in note for note in report.judgement.notes)
    assert report.to_dict()["notes"] == list(report.judgement.notes)


def test_an_article_gets_the_same_answer_alone_and_in_a_batch(checker: Checker) -> None:
    alone = checker.check(*BRIDGE).judgement.probabilities
    others = [Article(*PRAISE), Article("Ferry service ends", "The ferry made its last crossing on Sunday after "
                                        "forty years, the operator said.")]
    batched = list(checker.check_many([*others, Article(*BRIDGE)]))[-1].judgement.probabilities
    # The networks read one pair at a time (int8 scales are computed per input), so only the last bits of
    # the aggregator's matrix product can differ.
    assert batched == pytest.approx(alone, abs=1e-12)


def test_checking_with_the_default_judge_never_imports_torch() -> None:
    code = ("import sys; from headcheck import Checker; "
            f"Checker().check({BRIDGE[0]!r}, {BRIDGE[1]!r}); print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "False"


def test_a_body_that_says_the_same_in_other_words_is_not_another_story() -> None:
    from headcheck.compare import Comparison
    from headcheck.judges.minilm_nli import SAME_STORY_CLOSENESS, same_story
    from headcheck.types import Reason

    other = Reason("other_story", "the body shares the headline's names but none of its event", None, None)
    hedge = Reason("hedged", "the body only reports it", None, (0, 5), 0)
    comparison = Comparison([other, hedge])
    assert same_story(comparison, SAME_STORY_CLOSENESS - 0.01).kinds() == {"other_story", "hedged"}
    assert same_story(comparison, SAME_STORY_CLOSENESS).kinds() == {"hedged"}
