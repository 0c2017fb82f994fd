"""Dates: weekdays, days of the month, months, years, seasons, quarters and relative times, each read into
the fields it gives, and bound to what happened then.

"Tuesday, March 4" gives a weekday, a month and a day; "mid-April" a month and days 11-20; "weekend"
Saturday or Sunday; "Christmas Eve" December 24; "last week" a relative week. Two dates can be compared
when they give a field in common, and agree when every field they share allows a common value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from headcheck.compare.findings.context import Token, best_bound, context

_WEEKDAYS = {w: i for i, w in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
_MONTHS = {w: i + 1 for i, w in enumerate(
    "january february march april may june july august september october november december".split())}
_MONTHS |= {w[:3]: i for w, i in _MONTHS.items() if w not in ("may", "march")} | {"sept": 9}
# "May" and "March" are verbs and names as often as months: months only beside a day, a year or one of these.
_MONTH_CUES = frozenset("in on since until till by from early late mid last next this of before after end".split())
_SEASONS = frozenset("spring summer autumn winter".split())
_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "q1": 1, "q2": 2, "q3": 3, "q4": 4}
_RELATIVE_UNITS = frozenset("day week weekend month year".split())
_TODAY = {"yesterday": "day:-1", "today": "day:0", "tonight": "day:0", "tomorrow": "day:1"}
_SHIFT = {"last": -1, "past": -1, "this": 0, "next": 1}
_FEASTS = {("christmas", "eve"): (12, 24), ("christmas", "day"): (12, 25), ("new", "year's", "eve"): (12, 31),
           ("new", "year's", "day"): (1, 1)}
_FEAST_FIRST_WORDS = frozenset(key[0] for key in _FEASTS)
_PART_OF_MONTH = {"early": range(1, 11), "mid": range(11, 21), "late": range(21, 32)}
_YEAR = re.compile(r"1[89]\d\d|20\d\d")
_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date in a text: the fields it gives, its offsets and what happened then."""

    fields: dict[str, frozenset[object]]
    start: int
    end: int
    context: dict[str, float]

    def comparable(self, other: DateMention) -> bool:
        return bool(self.fields.keys() & other.fields.keys())

    def agrees(self, other: DateMention) -> bool:
        shared = self.fields.keys() & other.fields.keys()
        return bool(shared) and all(self.fields[f] & other.fields[f] for f in shared)


def _word(token: Token) -> str:
    return token[0][:-2] if token[0].endswith("'s") else token[0]


def _day(tokens: Sequence[Token], text: str, k: int) -> int | None:
    """A day of the month at token k ('4', '4th')."""
    if not 0 <= k < len(tokens):
        return None
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", tokens[k][0])
    after = text[tokens[k][2] : tokens[k][2] + 2]
    return int(m[1]) if m and 1 <= int(m[1]) <= 31 and not re.match(r"[,.]\d|%", after) else None


def _year(tokens: Sequence[Token], text: str, k: int) -> int | None:
    if not 0 <= k < len(tokens) or not _YEAR.fullmatch(tokens[k][0]):
        return None
    s, e = tokens[k][1], tokens[k][2]
    if re.match(r"[,.]\d|-\d|%", text[e : e + 2]) or text[max(0, s - 1) : s] in ("$", "\u00a3", "\u20ac", ",", "."):
        return None
    return int(tokens[k][0])


def _month(tokens: Sequence[Token], text: str, k: int) -> dict[str, frozenset[object]] | None:
    """A month at token k with the day and year around it ('4 March', 'March 4, 2025', 'mid-April', 'Jan 1')."""
    word = _word(tokens[k])
    original = text[tokens[k][1] : tokens[k][2]]
    if word not in _MONTHS or not original[0].isupper():
        return None
    fields: dict[str, frozenset[object]] = {"month": frozenset({_MONTHS[word]})}
    after = None
    if k + 1 < len(tokens) and not text[tokens[k][2] : tokens[k + 1][1]].strip(" ."):
        after = _day(tokens, text, k + 1)
    before = _day(tokens, text, k - 1)
    previous = tokens[k - 1][0] if k else ""
    if after:
        fields["day"] = frozenset({after})
    elif before:
        fields["day"] = frozenset({before})
    elif previous in _PART_OF_MONTH:
        fields["day"] = frozenset(_PART_OF_MONTH[previous])
    elif word in ("may", "march") and previous not in _MONTH_CUES and _year(tokens, text, k + 1) is None:
        return None
    return fields


def mentions(text: str, tokens: Sequence[Token], clause_of: Sequence[int]) -> list[DateMention]:
    """Every date in the text, with the words of its clause; O(tokens), each date read from the tokens
    around it."""
    found: list[tuple[dict[str, frozenset[object]], int, int]] = []  # fields, first and last token
    k = 0
    while k < len(tokens):
        word = _word(tokens[k])
        original = text[tokens[k][1] : tokens[k][2]]
        fields: dict[str, frozenset[object]] | None = None
        last = k
        month = _month(tokens, text, k)
        if month is not None:
            fields = month
            if "day" in fields and _day(tokens, text, k + 1):
                last = k + 1
            if _year(tokens, text, last + 1):
                last += 1
                fields["year"] = frozenset({int(tokens[last][0])})
            if "day" in fields and _day(tokens, text, k - 1) and not _day(tokens, text, k + 1):
                k -= 1  # '4 March': the mention starts at the day
        elif word in _WEEKDAYS and original[0].isupper():
            fields = {"weekday": frozenset({_WEEKDAYS[word]})}
            if k + 1 < len(tokens) and text[tokens[k][2] : tokens[k + 1][1]].strip() in (",", ""):
                following = _month(tokens, text, k + 1)
                if following is not None:
                    fields |= following
                    last = k + 2 if "day" in following and _day(tokens, text, k + 2) else k + 1
        elif word == "weekend" and (not k or tokens[k - 1][0] not in _SHIFT):
            fields = {"weekday": frozenset({5, 6})}
        elif (year := _year(tokens, text, k)) is not None:
            fields = {"year": frozenset({year})}
        elif word in _SEASONS:
            fields = {"season": frozenset({word})}
        elif word in _QUARTERS and k + 1 < len(tokens) and tokens[k + 1][0] == "quarter":
            fields, last = {"quarter": frozenset({_QUARTERS[word]})}, k + 1
        elif word in _TODAY:
            fields = {"relative": frozenset({_TODAY[word]})}
        elif word in _SHIFT and k + 1 < len(tokens) and tokens[k + 1][0] in _RELATIVE_UNITS:
            fields, last = {"relative": frozenset({f"{tokens[k + 1][0]}:{_SHIFT[word]}"})}, k + 1
        elif word in _RELATIVE_UNITS or word.rstrip("s") in _RELATIVE_UNITS:
            ago = _ago(tokens, text, k)
            if ago is not None:
                fields, first = ago
                found.append((fields, first, k + 1))
                k += 2
                continue
        elif tokens[k][0] in _FEAST_FIRST_WORDS:
            feast = next(((key, md) for key, md in _FEASTS.items()
                          if tuple(t[0] for t in tokens[k : k + len(key)]) == key), None)
            if feast is not None:
                fields = {"month": frozenset({feast[1][0]}), "day": frozenset({feast[1][1]})}
                last = k + len(feast[0]) - 1
        if fields is not None:
            found.append((fields, k, last))
            k = last + 1
        else:
            k += 1
    dated = {i for _, first, last in found for i in range(first, last + 1)}
    return [DateMention(fields, tokens[first][1], tokens[last][2],
                        context(tokens, clause_of, first, last, dated.__contains__))
            for fields, first, last in found]


def _ago(tokens: Sequence[Token], text: str, k: int) -> tuple[dict[str, frozenset[object]], int] | None:
    """'three years ago', 'more than a year ago': a relative time, and its first token."""
    if k + 1 >= len(tokens) or tokens[k + 1][0] != "ago" or k == 0:
        return None
    count = tokens[k - 1][0]
    n = int(count) if count.isdigit() else _COUNT_WORDS.get(count)
    if n is None:
        return None
    first = k - 1
    more = k >= 3 and [t[0] for t in tokens[k - 3 : k - 1]] == ["more", "than"]
    if more:
        first = k - 3
    unit = tokens[k][0].rstrip("s")
    return {"relative": frozenset({f"{unit}:-{n}{'+' if more else ''}"})}, first


def compare(headline: DateMention, body: Sequence[DateMention]) -> tuple[str, DateMention | None] | None:
    """None when the body bears the headline date out; else ('error', the body's date for the same event),
    or ('warning', another body date of the same kind, or None)."""
    candidates = [b for b in body if headline.comparable(b)]
    bound = best_bound(headline.context, ((b.context, b) for b in candidates))
    if bound:
        return None if any(headline.agrees(b) for _, b in bound) else ("error", bound[0][1])
    if any(headline.agrees(b) for b in candidates):
        return None
    if len(candidates) == 1:
        return "error", candidates[0]  # the body's only date of that kind: 'Monday' over a body with 'Tuesday'
    return "warning", (candidates[0] if candidates else None)
