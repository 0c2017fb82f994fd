"""What a number, date or name in a text is about: the words of its clause.

"12 injured" and "the tram was carrying 12 passengers" share digits but not what they count. A mention is
bound to the content words of its clause (split at punctuation, subordinating words, and an "and" that
starts a new verb phrase), the nearest word on each side counting double. Two mentions are about the same
thing when their clauses share enough words; the words are put in one form first ("died" / "dead" /
"killed", "fled" / "flee") so that different wordings of one event meet.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from typing import TypeVar

from headcheck.limits import CLAUSE_WINDOW_TOKENS, WORD_CACHE_ENTRIES
from headcheck.text.grammar import AUXILIARIES, verb_forms
from headcheck.text.lexical import STOPWORDS, stem

Token = tuple[str, int, int]
Context = Mapping[str, float]

# A clause ends at these, and before these words.
_BREAK = re.compile(r"[,;:.!?()\[\]\"\u201c\u201d\u2014\u2013]|\s-\s")
_SENTENCE_END = re.compile(r"[.!?]\s")
_SUBORDINATE = frozenset(
    "when after before while as because but until since though although whereas which who whom whose where once "
    "unless if than that whether so yet then".split())
_AND_LOOKAHEAD = 3  # an "and" followed within this many words by a verb starts a new clause
# Words that say the same thing in different ways, put in one form.
_SAME = {
    "die": "dead died dies death deaths kill kills killed killing fatalities fatality perished dying",
    "injure": "injured injures injuring injuries injury wounded wounding hurt hurts",
    "arrest": "arrested arrests arresting detained detain detains detaining held",
    "jail": "jailed jails jailing prison imprisoned imprisonment sentence sentenced sentencing",
    "flee": "fled flees fleeing",
    "steal": "stole stolen steals stealing theft thefts robbed robbery",
    "profit": "profits income earnings",
    "company": "companies firm firms businesses employers",
    "rise": "up rose rises risen rising increase increased increases climb climbed grew grow",
    "fall": "down fell falls fallen dropped drop drops declined decline",
    "evacuate": "evacuated evacuation evacuations evacuating",
    "win": "won wins winning",
    "aboard": "passengers passenger crew",
    "open": "opened opens opening",
    "job": "jobs",
    "leave": "left quit quits resign resigns resigned",
    "blaze": "blazes fire fires burn burns burned burnt burning flames",
}
_CANONICAL = {w: key for key, words in _SAME.items() for w in (key, *words.split())}
_NOT_CONTENT = frozenset(
    """people person men women percent per cent
    around about some nearly almost least more less than over under roughly approximately estimated""".split())
# What gives a number to the noun before it ('turnout was 47 percent', 'the toll stood at 40').
_LEVEL_LINKS = frozenset("is was are were be been remains remained stood stands at".split())
_BOUND = 2.0  # the least score at which two mentions count as the same thing
T = TypeVar("T")


@functools.lru_cache(maxsize=WORD_CACHE_ENTRIES)
def canonical(word: str) -> str:
    """One form for a word and its inflections ('collapse', 'collapsed') and for words of one meaning."""
    stemmed = stem(word)
    return _CANONICAL.get(word) or _CANONICAL.get(stemmed) or (stemmed[:-1] if stemmed.endswith("e") else stemmed)


def _content(word: str) -> bool:
    return not (word in STOPWORDS or word in _NOT_CONTENT or word[0].isdigit() or len(word) < 2)


def _verb(word: str) -> bool:
    return word in verb_forms() or word.endswith("ed")


def _starts_clause(text: str, tokens: Sequence[Token], k: int) -> bool:
    word, start, _ = tokens[k]
    gap = text[tokens[k - 1][2] : start]
    if gap in (",", ".") and word[0].isdigit() and tokens[k - 1][0][-1].isdigit():  # '1,204', '3.5'
        return False
    if _BREAK.search(gap) or word in _SUBORDINATE:
        return True
    following = tokens[k + 1 : k + 1 + _AND_LOOKAHEAD]
    return word == "and" and any(_verb(w) or w in AUXILIARIES for w, _, _ in following)


def clauses(text: str, tokens: Sequence[Token]) -> list[int]:
    """The clause number of every token; O(tokens), each looked at with its neighbours only."""
    out: list[int] = []
    clause = 0
    for k in range(len(tokens)):
        if k and _starts_clause(text, tokens, k):
            clause += 1
        out.append(clause)
    return out


def _clause_window(clause_of: Sequence[int], first: int, last: int) -> range:
    """The tokens of the clause of first..last, at most CLAUSE_WINDOW_TOKENS on each side of them."""
    clause = clause_of[first]
    lo = first
    while lo > max(0, first - CLAUSE_WINDOW_TOKENS) and clause_of[lo - 1] == clause:
        lo -= 1
    hi = last + 1
    while hi < min(len(clause_of), last + 1 + CLAUSE_WINDOW_TOKENS) and clause_of[hi] == clause:
        hi += 1
    return range(lo, hi)


def context(tokens: Sequence[Token], clause_of: Sequence[int], first: int, last: int,
            skip: Callable[[int], bool] = lambda k: False, text: str = "") -> dict[str, float]:
    """The content words of the clause of tokens first..last, the nearest on each side counting double.
    `skip(k)` says token k is not a word about the mention (another number, the quote itself). Given the
    `text`, a clause with no such word ('..., about three hours after it started') takes those of the
    clauses before it in its sentence, which it adds to.

    O(CLAUSE_WINDOW_TOKENS) per mention, whatever the length of the text or of the clause.
    """
    window = _clause_window(clause_of, first, last)

    def about(k: int) -> bool:
        return not (first <= k <= last or skip(k)) and _content(tokens[k][0])

    lo = window.start
    empty = bool(text) and not any(about(k) for k in window)
    while empty and lo > 0 and first - lo < CLAUSE_WINDOW_TOKENS \
            and not _SENTENCE_END.search(text[tokens[lo - 1][2] : tokens[lo][1]]):
        start = _clause_window(clause_of, lo - 1, lo - 1).start
        empty = not any(about(k) for k in range(start, lo))  # each token looked at once
        lo = start
    window = range(max(lo, first - CLAUSE_WINDOW_TOKENS), window.stop)

    near: list[int] = []
    for side in (range(first - 1, window.start - 1, -1), range(last + 1, window.stop)):
        k = next((k for k in side if about(k)), None)
        # What a number counts follows it, or is the verb before it, or the noun a copula gives it to ('turnout
        # was 47 percent').
        if k is not None and (k > last or _verb(tokens[k][0]) or _given_by_copula(tokens, k, first)):
            near.append(k)
    words: dict[str, float] = {}
    for k in window:
        if about(k):
            word = canonical(tokens[k][0])
            words[word] = max(words.get(word, 0.0), 2.0 if k in near else 1.0)
    return words


def _given_by_copula(tokens: Sequence[Token], k: int, first: int) -> bool:
    """Only a copula stands between word k and the number at token `first` ('turnout was 47 percent', 'the
    toll stood at 40'): the number is what word k measures."""
    between = {t[0] for t in tokens[k + 1 : first]}
    return bool(between) and between <= _LEVEL_LINKS


def near_after(tokens: Sequence[Token], clause_of: Sequence[int], last: int, skip: Container[int] = ()) -> int | None:
    """The first content word after token `last` in its clause: what a number counts; O(CLAUSE_WINDOW_TOKENS)."""
    end = _clause_window(clause_of, last, last).stop
    return next((k for k in range(last + 1, end) if k not in skip and _content(tokens[k][0])), None)


def overlap(a: Context, b: Context) -> float:
    return sum(weight * b[word] for word, weight in a.items() if word in b)


def best_bound(about: Context, candidates: Iterable[tuple[Context, T]]) -> list[tuple[float, T]]:
    """The candidates whose clause is about the same thing as `about`, best first (in text order on a tie)."""
    scored = [(overlap(about, c), i, item) for i, (c, item) in enumerate(candidates)]
    return [(s, item) for s, _, item in sorted(scored, key=lambda t: (-t[0], t[1])) if s >= _BOUND]
