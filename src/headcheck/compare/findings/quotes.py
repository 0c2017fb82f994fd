"""Quotations: the body's quoted words with who said them, so a headline quote can be looked up as a quotation
and its speaker compared with the headline's."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from headcheck.compare.findings.context import canonical
from headcheck.limits import MAX_SPEAKER_CHARS
from headcheck.text.grammar import quoted_spans
from headcheck.text.lexical import STOPWORDS, word_spans
from headcheck.types import Span

_SPEECH = (r"said|says|say|told|tells|tell|added|adds|wrote|writes|tweeted|insisted|insists|claimed|claims|"
           r"warned|warns|warn|called|calls|call|described|describes|denied|denies|deny|admitted|admits|admit|"
           r"acknowledged|promised|promises|vowed|vows|vow|stated|alleged|alleges|allege|found|finds|find|"
           r"according to|urged|urges|argued|argues")
_VERB = re.compile(rf"\b(?:{_SPEECH})\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_SPEAKER_END = re.compile(r"[.;!?]|\b(?:after|when|as|because|while|who|which|that|on|in|at)\b")
_MAX_SPEAKER_WORDS = 8
_PRONOUNS = frozenset("he she they".split())
_NAME_RUN = re.compile(r"\b[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)+")  # 'Tove Brannstad', 'Judge Ada Brun'


@dataclass(frozen=True, slots=True)
class Quotation:
    """Quoted words: the span with its marks, the words, and the speaker's words and span if the text names one."""

    start: int
    end: int
    words: tuple[str, ...]
    speaker: frozenset[str]
    speaker_span: Span | None


def words_of(text: str) -> tuple[str, ...]:
    return tuple(w for w, _, _ in word_spans(text))


def _speaker_words(phrase: str) -> frozenset[str]:
    """The words that describe a speaker, one form each; a possessive as its owner ("Ostrand's mayor": Ostrand)."""
    return frozenset(canonical(w.removesuffix("'s").removesuffix("\u2019s")) for w, _, _ in word_spans(phrase)
                     if w not in STOPWORDS and len(w) > 1)


def _trimmed(text: str, start: int, end: int) -> Span | None:
    part = text[start:end]
    stripped = part.strip(" ,:\u2014-")
    if not stripped:
        return None
    at = start + part.index(stripped)
    return at, at + len(stripped)


@dataclass(frozen=True, slots=True)
class _Marks:
    """Where a text's sentence ends, speech verbs and speaker ends are, found once for all its quotations:
    each quotation then looks them up by bisection instead of searching its sentence again."""

    sentence_ends: list[int]
    verbs: list[tuple[int, int]]
    stops: list[int]

    @classmethod
    def of(cls, text: str) -> _Marks:
        return cls([m.start() for m in _SENTENCE_END.finditer(text)], [m.span() for m in _VERB.finditer(text)],
                   [m.start() for m in _SPEAKER_END.finditer(text)])

    def verb(self, start: int, end: int) -> tuple[int, int] | None:
        """The first speech verb within start..end."""
        i = bisect_left(self.verbs, (start, 0))
        return self.verbs[i] if i < len(self.verbs) and self.verbs[i][1] <= end else None


def _speaker(text: str, start: int, end: int, marks: _Marks) -> Span | None:
    """Who the text says spoke the words quoted at start..end: the subject before a speech verb that comes
    before the quote in its sentence, or the words beside a speech verb after it."""
    i = bisect_left(marks.sentence_ends, start)  # sentence ends before the quote
    sentence_start = marks.sentence_ends[i - 1] + 1 if i else 0
    if text[start - 1 : start] in (".", "!", "?"):  # a mark right before the quote ends a sentence there
        sentence_start = start
    verb = marks.verb(sentence_start, start)
    if verb is not None:
        return _trimmed(text, sentence_start, verb[0])
    j = bisect_left(marks.sentence_ends, end)
    after_end = marks.sentence_ends[j] if j < len(marks.sentence_ends) else len(text)
    verb = marks.verb(end, after_end)
    if verb is None:
        return None
    if text[end : verb[0]].strip(" ,:\u2014-"):
        return _trimmed(text, end, verb[0])  # '"...," Kelvar Bank chairman Harlan Voss told ...'
    k = bisect_left(marks.stops, verb[1])
    stop = marks.stops[k] if k < len(marks.stops) and marks.stops[k] < after_end else None
    return _trimmed(text, verb[1], stop if stop is not None and stop > verb[1] + 1 else after_end)


def _named_before(text: str, start: int, marks: _Marks, seen: dict[int, Span | None]) -> Span | None:
    """Whom 'she said' stands for: a speaker of the sentence before the quotation's, a name of two or more
    capitalised words just before a speech verb ('Opposition leader Tove Brannstad said ... "It is economic
    suicide," she said'); None where that sentence has none (one who 'apologised' may not be the one quoted).
    `seen`: the answer per sentence, so that many quotations after one long sentence read it once."""
    i = bisect_left(marks.sentence_ends, start)
    if i == 0:
        return None
    if i not in seen:
        before = marks.sentence_ends[i - 2] + 1 if i >= 2 else 0
        found = [m for m in _NAME_RUN.finditer(text, before, marks.sentence_ends[i - 1])
                 if _VERB.match(text, m.end() + 1)]
        seen[i] = found[-1].span() if found else None
    return seen[i]


def quotations(text: str) -> list[Quotation]:
    """Every quotation in the text, with its speaker where the sentence names one; O(n log n)."""
    marks = _Marks.of(text)
    named: dict[int, Span | None] = {}
    out = []
    for start, end in quoted_spans(text):
        words = words_of(text[start:end])
        if not words:
            continue
        span = _speaker(text, start, end, marks)
        if span is not None and text[span[0] : span[1]].lower() in _PRONOUNS:
            span = _named_before(text, start, marks, named)
        if span is not None and span[1] - span[0] > MAX_SPEAKER_CHARS:
            span = None  # not a name; and reading it for every quote of a long sentence would be quadratic
        speaker = _speaker_words(text[span[0] : span[1]]) if span else frozenset()
        if len(speaker) > _MAX_SPEAKER_WORDS:
            speaker, span = frozenset(), None
        out.append(Quotation(start, end, words, speaker, span))
    return out


def headline_speaker(headline: str, quote: Span) -> frozenset[str]:
    """Who the headline says spoke: the words before a speech verb or a colon, or after a closing 'says'."""
    outside = headline[: quote[0]] + " " * (quote[1] - quote[0]) + headline[quote[1] :]
    colon = outside.find(":")
    verb = _VERB.search(outside)
    if colon > 0 and (verb is None or colon < verb.start()):
        return _speaker_words(outside[:colon])
    if verb is None:
        return frozenset()
    before = outside[: verb.start()].rstrip()
    if before and not before.endswith(","):
        return _speaker_words(before)
    return _speaker_words(outside[verb.end() :])  # '..., says the minister'



def same_speaker(headline: frozenset[str], body: frozenset[str]) -> bool:
    """Whether the body's speaker may be the headline's: they share two words, or all the words the shorter
    description has ('Mayor Lind' / 'Lind'); one title word alone is not enough ('energy secretary' is not
    'general secretary of the union', 'Mayor Lind' not 'deputy mayor Brent')."""
    return len(headline & body) >= min(2, len(headline), len(body))


def contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))
