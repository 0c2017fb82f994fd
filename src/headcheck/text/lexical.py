"""Word-level text analysis shared by evidence retrieval and the stance features.

One tokenizer and one TF-IDF weighting serve every stage, so a headline word counts the same
way when evidence is picked as when the stance is judged.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from headcheck.limits import WORD_CACHE_ENTRIES
from headcheck.types import Vector

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_WORD_ANY_CASE = re.compile(_WORD.pattern, re.IGNORECASE)

STOPWORDS = frozenset(
    """a about above after again against all am an and any are aren't as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    it's its itself just me more most my myself nor of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    s t says said say also new one two us via""".split()
)

_SUFFIXES = ("ational", "ization", "fulness", "ousness", "iveness", "ingly", "ments", "ment",
             "ness", "ions", "ion", "ies", "ied", "ing", "edly", "ed", "ly", "es", "s")


@functools.lru_cache(maxsize=WORD_CACHE_ENTRIES)
def stem(word: str) -> str:
    """Strip one common English suffix; crude, but it makes 'denies' meet 'denied'. Cached: a body repeats its
    words, and every stage stems them."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                word += "y"
            return word
    return word


def words(text: str) -> list[str]:
    """Lower-cased word tokens, stopwords kept (cue words such as 'not' are stopwords)."""
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """The tokens of `words` with their character offsets in `text`, for pointing at them."""
    return [(m[0].lower(), m.start(), m.end()) for m in _WORD_ANY_CASE.finditer(text.replace("\u2019", "'"))]


def terms(text: str) -> list[str]:
    """Stemmed content words: what topical overlap is measured on."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1]


@dataclass(frozen=True, slots=True)
class Idf:
    """Inverse document frequencies learnt from training bodies and headlines."""

    weights: Mapping[str, float]
    default: float

    @classmethod
    def fit(cls, documents: Iterable[str]) -> Idf:
        df: Counter[str] = Counter()
        n = 0
        for doc in documents:
            n += 1
            df.update(set(terms(doc)))
        weights = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items() if c >= 2}
        return cls(weights=weights, default=math.log(1 + n) + 1.0)

    def weight(self, term: str) -> float:
        return self.weights.get(term, self.default)

    def vector(self, tokens: Iterable[str]) -> Vector:
        """L2-normalised TF-IDF vector with sub-linear term frequency."""
        counts = Counter(tokens)
        vec = {t: (1.0 + math.log(c)) * self.weight(t) for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        return {t: v / norm for t, v in vec.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    """Dot product of two normalised sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())
