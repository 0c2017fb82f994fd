"""A faithful headline drawn from the body, offered when the real one is not borne out.

Extractive on purpose: the suggestion is one body sentence with words taken away, never a word added
(only its first letter may be capitalised), so it cannot say anything the article does not. The sentence
is the one closest to both the headline (what the writer meant to say) and the body as a whole (what the
article is about), preferring the lead; it is then compressed by dropping, in order, brackets and relative
clauses, leading subordinate clauses and attributions ("On Saturday,", "Police said that"), a trailing
attribution (", officials said"), and, while it is still too long, everything after the first clause
break and then trailing prepositional phrases.
"""

from __future__ import annotations

import re

from headcheck.limits import SUGGEST_SENTENCE_CHARS
from headcheck.text.grammar import is_verb
from headcheck.text.lexical import cosine
from headcheck.types import Body, Claim

MAX_WORDS = 15
MIN_WORDS = 4
_CANDIDATES = 5  # lead sentences looked at, besides those closest to the headline
_LEAD_BONUS = 0.1  # per sentence of distance from the top: the lead usually says what the story is

_BRACKETS = re.compile(r"\s*\([^()]*\)|\s*\[[^\[\]]*\]")
_RELATIVE = re.compile(r",\s+(?:who|which|whose|where)\b[^,]*,", re.IGNORECASE)
_LEADING = (
    re.compile(r"^(?:according to|after|although|amid|as|because|before|despite|during|following|in|on|once|"
               r"since|though|until|when|while|with)\b[^,]{0,80},\s+", re.IGNORECASE),  # "On Saturday, ..."
    re.compile(r"^(?:[\w.'\u2019-]+\s+){1,5}(?:said|says|say|show|shows|showed|found|finds|reported|reports|"
               r"claimed|claims|believe|believes)\s+that\s+", re.IGNORECASE),  # "The records show that ..."
)
_TRAILING_ATTRIBUTION = re.compile(
    r",\s*(?:according to\b[^,]*|(?:[\w.'\u2019-]+\s+){0,5}(?:said|says|told|added|reported|confirmed)\b[^,]{0,40})$",
    re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    r",\s+(?:and|but|while|as|after|when|which|who|ending|saying|leaving|making)\b|;|\s[-\u2013\u2014]\s",
    re.IGNORECASE)
_TRAILING_PHRASE = re.compile(
    r"\s+(?:on|in|at|after|for|during|since|from|by|near|with|over|before|until)\s+[^,]*$", re.IGNORECASE)


def _has_verb(text: str) -> bool:
    tokens = text.split()
    return any(is_verb(tokens, i) for i in range(len(tokens)))


def _length(text: str) -> int:
    return len(text.split())


def compress(sentence: str) -> str:
    """The sentence with clauses removed as described above; only ever deletes words."""
    text = _RELATIVE.sub("", _BRACKETS.sub("", sentence.strip())).rstrip(" .!?;:")
    for pattern in (*_LEADING, *_LEADING, _TRAILING_ATTRIBUTION):  # twice: "According to police, on Saturday, ..."
        shorter = pattern.sub("", text, count=1)
        if _has_verb(shorter):
            text = shorter
    if _length(text) > MAX_WORDS:
        cut = next((m.start() for m in _CLAUSE_BREAK.finditer(text)
                    if _length(text[: m.start()]) >= MIN_WORDS and _has_verb(text[: m.start()])), None)
        text = text[:cut] if cut is not None else text
    while _length(text) > MAX_WORDS:
        shorter = _TRAILING_PHRASE.sub("", text)
        if shorter == text or _length(shorter) < MIN_WORDS or not _has_verb(shorter):
            break
        text = shorter
    text = text.strip(" ,;:-\u2013\u2014")
    return text[:1].upper() + text[1:]


def suggest_headline(claim: Claim, body: Body) -> str | None:
    """The best compressed sentence of at most MAX_WORDS words, or None when no sentence compresses that far.

    O(sentences log sentences) to rank them, then a few sentences of bounded length compressed.
    """
    ranked = sorted(range(len(body.sentences)), key=lambda i: -(
        cosine(claim.vector, body.sentence_vectors[i]) + cosine(body.vector, body.sentence_vectors[i])
        - _LEAD_BONUS * i))
    pool = set(range(_CANDIDATES)) | set(ranked[:_CANDIDATES])
    for i in (i for i in ranked if i in pool):
        sentence = body.sentences[i].text
        if len(sentence) > SUGGEST_SENTENCE_CHARS:
            continue  # no headline in it; and compressing it costs O(n^2) (a trailing phrase is sought anywhere)
        if sentence[:1] in "\"'\u201c\u2018" or not _has_verb(sentence):  # a quotation or a byline
            continue
        text = compress(sentence)
        if MIN_WORDS <= _length(text) <= MAX_WORDS:
            return text
    return None
