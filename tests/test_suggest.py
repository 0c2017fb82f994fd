"""The suggested headline: drawn from the body, words only removed, at most 15 words."""

from __future__ import annotations

import pytest

from conftest import read_example
from headcheck import Checker
from headcheck.report.suggest import MAX_WORDS, compress
from headcheck.text.lexical import words


def is_subsequence(short: list[str], long: list[str]) -> bool:
    rest = iter(long)
    return all(word in rest for word in short)


@pytest.mark.parametrize(("sentence", "compressed"), [
    ("According to police, on Saturday, the bridge (built in 1990) was closed to all traffic after engineers "
     "found cracks in two of its pillars, officials said.", "The bridge was closed to all traffic"),
    ("Orlov was not the leader of the revolution, and the claim that he led it is false, according to court "
     "records and witnesses heard this week.", "Orlov was not the leader of the revolution"),
    ("The records show that President Valen Orlov ordered the army to crush the March uprising.",
     "President Valen Orlov ordered the army to crush the March uprising"),
    ("Mayor Tomas Ferrand, who cut the ribbon, opened the bridge.", "Mayor Tomas Ferrand opened the bridge"),
])
def test_compression_only_drops_clauses(sentence: str, compressed: str) -> None:
    assert compress(sentence) == compressed
    assert is_subsequence(words(compressed), words(sentence))


def test_a_misleading_headline_gets_a_faithful_one_from_the_body(checker: Checker) -> None:
    crackdown = read_example("crackdown.txt")
    report = checker.check_article(crackdown)
    assert report.verdict == "misleading"
    suggestion = report.suggested_headline
    assert suggestion is not None and len(suggestion.split()) <= MAX_WORDS
    assert is_subsequence(words(suggestion), words(crackdown.body))  # nothing invented
    assert "Orlov" in suggestion


def test_a_faithful_headline_gets_no_suggestion(checker: Checker) -> None:
    report = checker.check_article(read_example("bridge.txt"))
    assert report.verdict == "faithful" and report.suggested_headline is None
