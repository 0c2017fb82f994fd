"""Split a headline into the claims it makes (the verdict that follows from theirs is in `headcheck.verdict`).

A headline often packs two statements into one line ("Bridge opens and ferry stops") or puts a
claim in someone's mouth ("Bridge is unsafe, says engineer"). Judging each part against the body
shows which part fails. The rules are deliberately conservative (word lists and a crude verb test,
no parser): when a construction is not recognised the whole headline stays one claim, which is
exactly how headcheck 0.1 judged it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from headcheck.text.grammar import AUXILIARIES, COPULAS, PREPOSITIONS, SAY_VERBS, is_verb, norm, quoted_spans
from headcheck.types import HeadlineClaim


def _first_verb(tokens: Sequence[str], start: int = 1) -> int | None:
    return next((i for i in range(start, len(tokens)) if is_verb(tokens, i)), None)


def _clean(text: str) -> str:
    """Trim spaces, edge punctuation and quotes that only wrapped the whole claim."""
    text = text.strip().strip(",;:.-\u2013\u2014 ").strip()
    quotes = {"'": "'", '"': '"', "\u2018": "\u2019", "\u201c": "\u201d"}
    if len(text) > 1 and text[0] in quotes and text.endswith(quotes[text[0]]) and text.count(text[0]) <= 2:
        text = text[1:-1].strip()
    return text


def _outside_quotes(text: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    inside = quoted_spans(text)
    return [m for m in pattern.finditer(text) if not any(a < m.start() < b for a, b in inside)]


# -- the splitting rules, each mapping one claim to one or more -----------------------------------------

_SEMICOLON = re.compile(r"\s*;\s*")


def _semicolons(claim: HeadlineClaim) -> list[HeadlineClaim]:
    found = _outside_quotes(claim.text, _SEMICOLON)
    if not found:
        return [claim]
    cuts = [0, *(p for m in found for p in (m.start(), m.end())), len(claim.text)]
    pieces = [claim.text[cuts[i] : cuts[i + 1]] for i in range(0, len(cuts), 2)]
    return [HeadlineClaim(p, claim.attribution) for p in pieces if _clean(p)]


# A source that finds rather than says, named after the claim: "X, bank records show", "X, jury finds" (never
# "Video shows X": at the start the verb is the claim's own).
_FINDING_VERBS = "shows|show|showed|finds|find|found|reveals|reveal|revealed|concludes|concluded|rules|ruled"
_ATTRIBUTION = [
    re.compile(rf"^(?P<claim>.+?),\s*(?:{SAY_VERBS})\s+(?P<who>[^,]+)$", re.IGNORECASE),  # X, says Y
    re.compile(rf"^(?P<claim>.+?),\s*(?P<who>[^,]+?)\s+(?:{SAY_VERBS}|{_FINDING_VERBS})$", re.IGNORECASE),  # X, Y says
    re.compile(r"^(?P<claim>.+?),?\s+according to\s+(?P<who>.+)$", re.IGNORECASE),  # X, according to Y
    re.compile(r"^according to\s+(?P<who>[^,]+),\s*(?P<claim>.+)$", re.IGNORECASE),  # according to Y, X
]
_SAYS = re.compile(rf"\s+(?:{SAY_VERBS})\s+(?:that\s+)?", re.IGNORECASE)
_MAX_SPEAKER_WORDS = 6


def _attribution(claim: HeadlineClaim) -> list[HeadlineClaim]:
    for pattern in _ATTRIBUTION:
        match = pattern.match(claim.text)
        if match and _clean(match["claim"]) and len(match["who"].split()) <= _MAX_SPEAKER_WORDS:
            return [HeadlineClaim(match["claim"], _clean(match["who"]))]
    for match in _outside_quotes(claim.text, _SAYS):  # Y says X: only when X reads as a clause of its own
        who, said = claim.text[: match.start()], claim.text[match.end() :]
        said_tokens = _clean(said).split()
        if (0 < len(who.split()) <= _MAX_SPEAKER_WORDS and said_tokens and norm(said_tokens[0]) != "to"
                and _first_verb(said_tokens, 0) is not None):  # "X said to be ill" is not an attribution
            return [HeadlineClaim(said, _clean(who))]
    return [claim]


_COORDINATING_WORDS = frozenset({"and", "or", "but"})
_COORDINATOR = re.compile(r",?\s+(?:and|but|while|whereas)\s+|\s*,\s+(?=\S)", re.IGNORECASE)


def _plain_subject(tokens: Sequence[str]) -> bool:
    """After a bare comma, a new clause starts with a plain subject: not "X, cheap and open", "X, ending Y"."""
    words = [norm(w) for w in tokens]
    return not (_COORDINATING_WORDS & set(words) or words[0].endswith(("ing", "ed")) or words[0] in PREPOSITIONS)


def _clauses(claim: HeadlineClaim) -> list[HeadlineClaim]:
    """Cut at the first coordinator that has a clause on both sides; the right side may share the subject."""
    for match in _outside_quotes(claim.text, _COORDINATOR):
        left, right = claim.text[: match.start()].split(), claim.text[match.end() :].split()
        verb = _first_verb(left)
        if verb is None or not right:
            continue
        coordinated = bool(match[0].strip(" ,"))
        right_verb = _first_verb(right)
        if coordinated and len(right) >= 2 and is_verb(right, 0):  # "X wins vote but loses seat"
            pieces = [" ".join(left), " ".join(left[:verb] + right)]
        elif right_verb is not None and (coordinated or _plain_subject(right[:right_verb])):
            pieces = [" ".join(left), " ".join(right)]
        else:
            continue
        return [HeadlineClaim(p, claim.attribution) for p in pieces]
    return [claim]


def _clause_like(tokens: Sequence[str]) -> bool:
    """A conjunct with its own verb ('army backs him', 'stops traffic'); a participle ('closed') is not one."""
    first = norm(tokens[0])
    return _first_verb(tokens) is not None or first in AUXILIARIES or (first.endswith("s") and is_verb(tokens, 0))


_CONJUNCT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+", re.IGNORECASE)


def _predicates(claim: HeadlineClaim) -> list[HeadlineClaim]:
    """'X is Y and Z' -> 'X is Y', 'X is Z', unless a conjunct could be a prepositional object or a clause."""
    tokens = claim.text.split()
    copula = next((i for i in range(1, len(tokens)) if norm(tokens[i]) in COPULAS), None)
    if copula is None or copula + 1 >= len(tokens) or norm(tokens[copula + 1]) in ("not", "no", "never"):
        return [claim]
    predicate = " ".join(tokens[copula + 1 :])
    if not re.search(r"\s+and\s+", predicate, re.IGNORECASE):
        return [claim]
    conjuncts = [c for c in _CONJUNCT.split(predicate) if c.strip()]
    if len(conjuncts) < 2 or any(norm(w) in PREPOSITIONS for w in conjuncts[0].split()):
        return [claim]
    if any(_clause_like(c.split()) for c in conjuncts):
        return [claim]
    head = " ".join(tokens[: copula + 1])
    return [HeadlineClaim(f"{head} {c}", claim.attribution) for c in conjuncts]


# Predicates before clauses, so that "X is safe, cheap and open" is not read as the clause "open ...".
_RULES: tuple[Callable[[HeadlineClaim], list[HeadlineClaim]], ...] = (_semicolons, _attribution, _predicates,
                                                                      _clauses)
_MAX_CLAIMS = 6


def split_claims(headline: str) -> list[HeadlineClaim]:
    """The headline's claims in reading order; the whole headline when nothing splits."""
    claims = [HeadlineClaim(" ".join(headline.split()))]
    for rule in _RULES:
        changed = True
        while changed and len(claims) <= _MAX_CLAIMS:
            expanded = [part for c in claims for part in rule(c)]
            changed = expanded != claims
            claims = expanded
    cleaned = [HeadlineClaim(_clean(c.text), c.attribution) for c in claims]
    unique = list(dict.fromkeys(c for c in cleaned if c.text))
    return unique[:_MAX_CLAIMS] if unique else [HeadlineClaim(headline)]
