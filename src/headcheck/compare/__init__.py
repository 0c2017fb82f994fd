"""Stage 4, comparison: a headline claim lined up against the body's words, before any judge.

`signals` reads for what an editor reads (negated, reversed, changed, count, actor, debunked,
misattributed, hedged, supported, evaluative, other story), each a `Reason` with the words on both sides;
`findings` reports the headline's numbers, dates, names and quotes the body states otherwise. A body is
read once for both, however many claims are compared with it (`body_facts`, `compare`).
"""

from __future__ import annotations

from headcheck._cache import Lru
from headcheck.compare.findings import BodyFacts
from headcheck.compare.reading import BodyReading
from headcheck.compare.signals import CONTRADICTING, Comparison
from headcheck.compare.signals import compare as _compare
from headcheck.limits import BODY_CACHE_ENTRIES
from headcheck.types import Body, Claim

__all__ = ["CONTRADICTING", "Comparison", "body_facts", "compare"]

_FACTS: Lru[str, BodyFacts] = Lru(BODY_CACHE_ENTRIES)
_READINGS: Lru[str, BodyReading] = Lru(BODY_CACHE_ENTRIES)


def body_facts(body: Body) -> BodyFacts:
    """The body's numbers, dates, names and quotes, worked out once per body text in this process."""
    return _FACTS.get(body.text, lambda text: BodyFacts.of(text, body.sentences))


def compare(claim: Claim, body: Body) -> Comparison:
    """Every signal between a claim and a body (`signals.compare`)."""
    reading = _READINGS.get(body.text, lambda text: BodyReading.of(text, tuple(body.sentences)))
    return _compare(claim.text, reading, body_facts(body))
