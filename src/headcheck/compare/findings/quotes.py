"""Quotations: the body's quoted words with who said them, so a headline quote can be looked up as a quotation
and its speaker compared with the headline's."""

from __future__ import annotations

import re
from dataclasses import dataclass

from headcheck.compare.findings.context import canonical
from headcheck.text.grammar import QUOTED
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
    return frozenset(canonical(w) for w, _, _ in word_spans(phrase) if w not in STOPWORDS and len(w) > 1)


def _trimmed(text: str, start: int, end: int) -> Span | None:
    part = text[start:end]
    stripped = part.strip(" ,:\u2014-")
    if not stripped:
        return None
    at = start + part.index(stripped)
    return at, at + len(stripped)


def _speaker(text: str, start: int, end: int) -> Span | None:
    """Who the text says spoke the words quoted at start..end: the subject before a speech verb that comes
    before the quote in its sentence, or the words beside a speech verb after it."""
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    before = text[sentence_start:start]
    verbs = list(_VERB.finditer(before))
    if verbs:
        return _trimmed(text, sentence_start, sentence_start + verbs[0].start())
    following = _SENTENCE_END.search(text, end)
    after_end = following.start() if following else len(text)
    verb = _VERB.search(text, end, after_end)
    if verb is None:
        return None
    if text[end : verb.start()].strip(" ,:\u2014-"):
        return _trimmed(text, end, verb.start())  # '"...," Kelvar Bank chairman Harlan Voss told ...'
    stop = _SPEAKER_END.search(text, verb.end(), after_end)
    return _trimmed(text, verb.end(), stop.start() if stop and stop.start() > verb.end() + 1 else after_end)


def quotations(text: str) -> list[Quotation]:
    """Every quotation in the text, with its speaker where the sentence names one."""
    out = []
    for m in QUOTED.finditer(text):
        words = words_of(m[0])
        if not words:
            continue
        span = _speaker(text, m.start(), m.end())
        speaker = _speaker_words(text[span[0] : span[1]]) if span else frozenset()
        if len(speaker) > _MAX_SPEAKER_WORDS:
            speaker, span = frozenset(), None
        out.append(Quotation(m.start(), m.end(), words, speaker, span))
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



def contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))
