from __future__ import annotations

from headcheck.text.sentences import RuleSplitter


def test_offsets_point_back_into_the_body() -> None:
    body = 'Dr. Ilse Varga spoke first.  "It is over!" she said. The U.S. team left at 3 p.m. on Monday.\nA new line.'
    sentences = RuleSplitter().split(body)
    assert [s.text for s in sentences] == [
        "Dr. Ilse Varga spoke first.",
        '"It is over!" she said.',
        "The U.S. team left at 3 p.m. on Monday.",
        "A new line.",
    ]
    for i, s in enumerate(sentences):
        assert body[s.start : s.end] == s.text
        assert s.index == i


def test_blank_text_has_no_sentences() -> None:
    assert RuleSplitter().split("  \n\n ") == []


def test_long_bodies_split_like_short_ones() -> None:
    paragraph = "Dr. Ilse Varga met Mr. Oren Lask at 3 p.m. on Monday. They spoke about the U.S. harbour fund. "
    sentences = RuleSplitter().split(paragraph * 5000)
    assert len(sentences) == 10_000
    assert {s.text for s in sentences} == {
        "Dr. Ilse Varga met Mr. Oren Lask at 3 p.m. on Monday.",
        "They spoke about the U.S. harbour fund.",
    }
