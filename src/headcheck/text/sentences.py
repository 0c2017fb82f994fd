"""Stage 2: split a body into sentences that keep their character offsets."""

from __future__ import annotations

import re
from typing import Protocol

from headcheck.types import Sentence


class SentenceSplitter(Protocol):
    def split(self, text: str) -> list[Sentence]: ...


# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace and
# an upper-case letter, digit or opening quote, or at a line break. Common abbreviations are not ends.
_END = re.compile(r"""([.!?]["'\u201d\u2019)\]]*)\s+(?=["'\u201c\u2018(\[]?[A-Z0-9])|\n\s*""")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st mt gen col lt sgt capt gov sen rep rev inc ltd co corp vs no "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k e.g i.e a.m p.m".split()
)
# Abbreviations are short words, so only this much text before a full stop is looked at:
# splitting all the text before every stop made long bodies quadratic (a 600 KB body took 40 s).
_WORD_WINDOW = 64


class RuleSplitter:
    """Punctuation rules; fast, dependency-free and good enough for news prose."""

    def split(self, text: str) -> list[Sentence]:
        """O(text): one pass of the end pattern, and a bounded look before each full stop."""
        sentences: list[Sentence] = []
        start = 0
        for match in _END.finditer(text):
            end = match.end(1) if match.group(1) else match.start()
            if match.group(1) and self._after_abbreviation(text, match.start(1)):
                continue
            self._add(text, start, end, sentences)
            start = match.end()
        self._add(text, start, len(text), sentences)
        return sentences

    @staticmethod
    def _after_abbreviation(text: str, dot: int) -> bool:
        if text[dot] != ".":
            return False
        before = text[max(0, dot - _WORD_WINDOW) : dot].split()
        word = before[-1].lower().lstrip("(\"'") if before else ""
        return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())

    @staticmethod
    def _add(text: str, start: int, end: int, out: list[Sentence]) -> None:
        chunk = text[start:end]
        stripped = chunk.strip()
        if not stripped:
            return
        offset = start + chunk.index(stripped)
        out.append(Sentence(stripped, offset, offset + len(stripped), len(out)))
