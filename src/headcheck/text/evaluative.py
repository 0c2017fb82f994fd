"""Evaluative words: does a headline praise or blame, and does its body carry that judgement?

A headline that calls someone a hero, or says a minister "slams" a plan, makes a judgement that no
NLI reading of the body's sentences checks: the facts can all be right while the praise is the
headline writer's own. An editor asks whether the body carries the judgement (its own words of
praise or blame, or a quoted source's) and whether it points the other way (a body about a
crackdown under a headline of praise). Word lists, matched on lower-cased words and stems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from headcheck.text.lexical import stem, words

Polarity = Literal["praise", "blame"]

# Words a headline uses to judge, not to report.
_HEADLINE_PRAISE = frozenset(
    """hero heroes heroic heroine genius visionary saviour savior legend legendary triumph triumphant
    masterstroke masterful brilliant brilliantly inspiring inspirational miracle miraculous beloved
    greatest glorious superb stellar trailblazer trailblazing iconic""".split()
)
_HEADLINE_BLAME = frozenset(
    """slams slammed blasts blasted lambasts lambasted savages savaged disgrace disgraceful shameful
    shame fiasco shambles farce disastrous catastrophic villain incompetent reckless betrayal betrays
    betrayed humiliation humiliating humiliated outrageous scandalous pathetic woeful""".split()
)
# "the leader Kestria needs", "the man the city needs": praise without a praising word.
_NEEDED = re.compile(r"\bthe (?:leader|man|woman|president|champion|hero|voice)\b(?:\s+\S+){1,3}?\s+needs?\b",
                     re.IGNORECASE)
# Words in a body that carry praise or blame, its own or a quoted source's.
_BODY_PRAISE = frozenset(
    """praise praised praising hail hailed applaud applauded applause acclaim acclaimed laud lauded commend
    commended admire admired admiration celebrate celebrated hero heroic brave bravery courage courageous
    success successful brilliant inspiring thank thanked grateful gratitude popular beloved triumph
    welcomed visionary genius legendary remarkable outstanding""".split()
)
_BODY_BLAME = frozenset(
    """criticise criticised criticize criticized criticism critic critics condemn condemned condemnation
    slam slammed blast blasted attack attacked denounce denounced accuse accused blame blamed fault
    failure failed fail disgrace disgraceful shameful outrage outraged anger angry furious scandal
    incompetent incompetence reckless betrayal betrayed disaster disastrous fiasco shambles lambast
    lambasted rebuke rebuked""".split()
)
# What makes a body's account damning whatever its wording: what it says the person did.
_BODY_DAMNING = frozenset(
    """crackdown crush crushed crushing repression repressive brutal brutality torture tortured jail jailed
    imprison imprisoned detain detained arrest arrested protester protesters kill killed killing shot
    massacre censorship censor censored corrupt corruption fraud bribe bribery abuse abused violence
    violent persecution persecuted purge purged rigged embezzle embezzled""".split()
)


def _stems(lexicon: frozenset[str]) -> frozenset[str]:
    return frozenset(stem(w) for w in lexicon)


_BODY_STEMS: dict[Polarity, frozenset[str]] = {"praise": _stems(_BODY_PRAISE), "blame": _stems(_BODY_BLAME)}
_DAMNING_STEMS = _stems(_BODY_DAMNING)


@dataclass(frozen=True, slots=True)
class CarriedJudgement:
    """A headline's judgement and what the body makes of it."""

    polarity: Polarity
    headline_words: tuple[str, ...]
    carried: bool  # the body has words of the same judgement
    opposed: bool  # the body's account points the other way
    body_words: tuple[str, ...]  # the words that carry or oppose it


def headline_judgement(headline: str) -> tuple[Polarity, tuple[str, ...]] | None:
    """The headline's evaluative polarity and the words that make it, or None for a headline that reports."""
    tokens = words(headline)
    praise = [w for w in tokens if w in _HEADLINE_PRAISE] + [m[0] for m in _NEEDED.finditer(headline)]
    blame = [w for w in tokens if w in _HEADLINE_BLAME]
    if len(praise) == len(blame):
        return None
    return ("praise", tuple(praise)) if len(praise) > len(blame) else ("blame", tuple(blame))


def carried_judgement(headline: str, body: str) -> CarriedJudgement | None:
    """None when the headline judges no one; otherwise whether the body carries or opposes its judgement.

    Praise is opposed by a body with two or more damning or blaming words and none of praise; blame is
    opposed by praise without blame. Mixed bodies carry the judgement (a quoted critic is enough). O(body).
    """
    found = headline_judgement(headline)
    if found is None:
        return None
    polarity, headline_words = found
    other: Polarity = "blame" if polarity == "praise" else "praise"
    body_words = words(body)
    same = [w for w in body_words if stem(w) in _BODY_STEMS[polarity]]
    against = [w for w in body_words if stem(w) in _BODY_STEMS[other]
               or (polarity == "praise" and stem(w) in _DAMNING_STEMS)]
    opposed = not same and len(against) >= (2 if polarity == "praise" else 1)
    shown = same if same else against
    return CarriedJudgement(polarity, headline_words, bool(same), opposed, tuple(dict.fromkeys(shown)))
