"""Numbers: counts, amounts, percentages, ordinals and measures, each with the values it allows and what it
counts, so that a headline number is compared with the body's number for the same thing.

A number is read as the interval of values its wording allows: "43" is exactly 43, "more than 40" 40 to
80, "nearly 100" 80 to 100, "about 200" 180 to 220, "20 to 30" 20 to 30, "dozens" 24 to 199, "1,200" in a
headline 1,140 to 1,260 (a round figure). Units are brought to one scale ("5 km" is 5,000 metres, "$2bn"
2 billion dollars), fractions to percentages ("half", "1 in 5"). Two numbers agree when their intervals
meet and their units do not differ.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from headcheck.compare.findings.context import Token, best_bound, canonical, context, near_after, overlap
from headcheck.text.grammar import parts_of_speech
from headcheck.text.lexical import STOPWORDS
from headcheck.types import Span

# How many times closer to the headline's clause a rival's clause must be for the same number elsewhere to bear
# nothing out (`compare`).
_ANOTHER_DEED = 2
_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}
NUMBER_WORDS = frozenset({*_UNITS, *_TENS, *SCALES, "dozen"})
_ORDINALS = {w: i + 2 for i, w in enumerate("second third fourth fifth sixth seventh eighth ninth tenth".split())}
# ... and those made from the number words: 'eleventh' to 'nineteenth' ('twelfth'), 'twentieth' to 'ninetieth'.
_ORDINALS |= {("twelf" if w == "twelve" else w) + "th": n for w, n in _UNITS.items() if n > 10}
_ORDINALS |= {w[:-1] + "ieth": n for w, n in _TENS.items()}
_FRACTIONS = {"half": 50.0, "third": 100 / 3, "thirds": 100 / 3, "quarter": 25.0, "quarters": 25.0}
# Vague counts: the values they allow. Writers use them loosely ('hundreds' of 150), so a vague count is
# contradicted only by a number outside its values by more than _VAGUE_SLACK times ('hundreds' by 41, not 150).
_VAGUE = {"dozens": (24, 199), "scores": (40, 199), "hundreds": (200, 999), "thousands": (2_000, 999_999),
          "millions": (2e6, 999e6), "billions": (2e9, 999e9)}
_SUFFIX_SCALE = {"k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}
# A change given as a ratio, in percent ('doubles': up 100%; 'halved': down 50%), set only against a change the
# body gives in percent ('rose 20 percent'), never against a level ('to 8 percent'). Verb forms only: 'a double
# murder' and 'double the size' say no change.
_RATIO_BASES = {"double": 100.0, "triple": 200.0, "quadruple": 300.0, "halve": 50.0}
_RATIOS = {base[:-1] + end: value for base, value in _RATIO_BASES.items() for end in ("es", "ed", "ing")}
_APPROXIMATELY = frozenset("about around nearly almost roughly some over".split())
_BEFORE_BASE = frozenset("to will would could may might set".split())  # 'set to double', 'will halve'
_NOT_PLURALS = frozenset("its his this is was has does as us".split())

_CHANGE_VERBS = (
    r"rise|rises|rising|rose|risen|fall|falls|falling|fell|fallen|grew|grow|grows|growing|grown|jump"
    r"|jumps|jumped|climb|climbs|climbed|drop|drops|dropped|increase|increases|increased|decrease|decreases"
    r"|decreased|cut|cuts|reduce|reduces|reduced|raise|raises|raised|gain|gains|gained|surge|surged|slump"
    r"|slumped|soar|soared|plunge|plunged|slid|slide|slides")
_CHANGE_CUE = re.compile(
    rf"\b(?:by|up|down|{_CHANGE_VERBS})\s+(?:by\s+)?(?:about|around|nearly|almost|some|just"
    r"|roughly|over|under|more than|less than)?\s*$", re.IGNORECASE)
# A change told by where it started and ended: a verb of change before the first ('rose from 40 million to 80
# million', 'cut the budget from 12 million to 9 million'; not where the words between say a range, 'the rise
# ranges from 20 to 30 pounds'), or a verb of change before the end and 'from' after it ('climbed to 240 million
# ..., from 120 million'), or 'up from' between the two ('30 shops, up from 12'): the body's change in percent,
# set against a headline's ('doubles', 'up 40%').
_FROM_TO = re.compile(rf"\b(?:{_CHANGE_VERBS})\s+(?:(?!rang|vary|vari)[\w'-]+\s+){{0,4}}from\s+[$\u00a3\u20ac]?$",
                      re.IGNORECASE)
_TO_THEN_FROM = (re.compile(rf"\b(?:{_CHANGE_VERBS})\s+to\s+[$\u00a3\u20ac]?$", re.IGNORECASE),
                 re.compile(r"^(?:\s[^.;:!?]{0,40})?,?\s(?:up |down )?from\s+[$\u00a3\u20ac]?$", re.IGNORECASE))
_UP_FROM = re.compile(r"^(?:\s[^.;:!?,]{0,40})?,\s(?:up|down)\s+from\s+[$\u00a3\u20ac]?$", re.IGNORECASE)
_REJECTED = re.compile(r",\s+not\s+[$\u00a3\u20ac]?$", re.IGNORECASE)  # '100 homes, not 1,000'
_REJECTED_REACH = 12  # characters before a number read for `_REJECTED`: ', not £' and a little more space
_NOT_CHANGED = frozenset({"percent", "ratio", "age", "time", "ordinal", "magnitude", "times"})  # no level to change
_CHANGE_SPAN = 160  # characters before a number read for the verb of change that starts it
_CHANGE_NUMBERS = 2  # numbers after a change's start read for its end
_CURRENCY_SIGNS = {"$": "dollar", "\u00a3": "pound", "\u20ac": "euro"}
# Unit words after a number: (unit, factor to the unit's base).
_UNIT_WORDS: dict[str, tuple[str, float]] = {
    **{w: ("percent", 1) for w in ("percent", "pc", "%")},
    **{w: ("mass", 1) for w in ("g", "gram", "grams")},
    **{w: ("mass", 1e3) for w in ("kg", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes")},
    **{w: ("mass", 1e6) for w in ("tonne", "tonnes", "ton", "tons")},
    **{w: ("length", 1) for w in ("metre", "metres", "meter", "meters")},
    **{w: ("length", 1e3) for w in ("km", "kilometre", "kilometres", "kilometer", "kilometers")},
    **{w: ("length", 1609.344) for w in ("mile", "miles")},
    **{w: ("length", 0.3048) for w in ("foot", "feet", "ft")},
    **{w: ("length", 0.0254) for w in ("inch", "inches")},
    **{w: (f"money:{c}", 1) for c in ("dollar", "pound", "euro", "crown", "krona", "yen", "rupee")
       for w in (c, f"{c}s")},
    "kronor": ("money:krona", 1),
    "times": ("times", 1),
}
_DIGITS = re.compile(
    r"(?<![\w/.,:])(?<![^\W\d]-)(?P<sign>[$\u00a3\u20ac])?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?"
    r"(?P<ord>st|nd|rd|th)?(?P<suf>bn|m(?![a-z])|k(?![a-z]))?(?P<att>kg|km|%)?(?![\w/:]|\.\d|,\d|['\u2019]s\b)")
# Not counts: a time of day ('9:30', '2 a.m.'), and a score or vote ('4-1', '7-2'), whose second number is not
# above the first as a range's is ('10-20').
_CLOCK = re.compile(r"\b\d{1,2}(?::\d\d)?\s?(?:[ap]\.m\.?|[ap]m\b)|\b\d{1,2}:\d\d\b|\b\d{1,2} o'clock\b", re.IGNORECASE)
_PAIR = re.compile(r"(?<![\w/.,\-])(\d+)[-\u2013](\d+)(?![\w/]|\.\d|,\d)")
_ONE_IN = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten) in (\d+|two|three|four|five|six|"
                     r"seven|eight|nine|ten)\b", re.IGNORECASE)
_YEAR = re.compile(r"1[89]\d\d|20\d\d")
# An earlier year is a year where a date's preposition comes before it: 'a time capsule from 1795'.
_EARLY_YEAR = re.compile(r"1[0-7]\d\d")
_YEAR_CUE = re.compile(r"\b(?:in|from|since|until|till|circa|during|before|after)\s+$", re.IGNORECASE)
_QUALIFIERS = [(kind, re.compile(rf"\b(?:{cues})\s*$", re.IGNORECASE)) for kind, cues in (
    ("near", "nearly|almost|close to|just under|just short of"),
    ("more", "more than|over|above|at least|upwards of|in excess of|exceeding"),
    ("less", "less than|fewer than|under|below|up to|as many as|no more than"),
    ("about", "about|around|some|roughly|approximately|an estimated|estimated|circa|almost exactly"),
)]
_RANGE_JOIN = re.compile(r"\s*(?:to|-|\u2013|and)\s*", re.IGNORECASE)  # "Aged 13 And 14" in Title Case
_LIST_JOIN = re.compile(r",? (?:and|or) ")
# A number counting one of these is a duration, in seconds so that 'three days' and 'three hours' differ:
# 'seven-hour battle', 'five days later', '36 hrs'.
TIME_UNITS = {w: seconds for words, seconds in (
    ("second seconds sec secs", 1), ("minute minutes min mins", 60), ("hour hours hr hrs", 3_600),
    ("day days", 86_400), ("week weeks", 604_800), ("month months", 2_629_800), ("year years", 31_557_600))
    for w in words.split()}
_AGE = re.compile(r"[- ]olds?\b", re.IGNORECASE)
# Before a number, these make it an age: 'aged 13', 'dies at 57', 'as young as 13'.
_AGE_CUE = re.compile(r"\b(?:aged?|ages?(?: of)?|as (?:young|old) as|(?:die[sd]?|dead|dying) at(?: the age of| age)?)"
                      r"(?: between)?\s*$", re.IGNORECASE)
# A number between commas or in brackets after a person is that person's age: 'Oskar Lind, 16,', 'Lind (16)',
# 'his mother, 44,'; the name's last two capitalised words say whose.
_AGED = re.compile(r"\b[A-Za-z][\w\u2019'.-]*['\u2019]?(?:, | \()$")
_WHOSE = re.compile(r"(?:\b[A-Z][\w\u2019'.-]* )?\b[A-Z][\w\u2019'.-]*(?=(?:, | \()$)")
_OLDEST = 120
# Next to a number these say it counts some more, not all there are.
_ADDED = frozenset("more other others another additional further extra".split())
# 'Two of the injured': a part of a count given elsewhere; not 'thirty of its offices', what it has in all.
_WHOLE = frozenset("the them those these whom which".split())
# 'Sixteen of its 60 stores': the tokens from a part to its whole, and the words that own the whole; in a
# headline, the words before a number that give all there are ('has 60 stores').
_PART_GAP = 3
_OWNERS = frozenset("its the their his her our".split())
_HAVING = frozenset("has have had its their owns runs operates employs".split())
# Words after a number read for the noun it counts: 'smart thermostats', 'national tennis title'.
_PHRASE_TOKENS = 3
_ROUND_SLACK = 0.05  # a round headline figure allows 5% either way ("1,200" for 1,204)
_ABOUT_SLACK = 0.1
_VAGUE_SLACK = 2.0
# A measure is rounded, the more so when converted from feet to metres: '40-foot crater' is '12 metres' wide.
_MEASURES = frozenset({"length", "mass", "volume"})
_MEASURE_SLACK = 1.05
# Units that are no amount of anything, which a vague count ('hundreds') never stands for: 'aged 41', 'third',
# 'two years', '20 times', 'magnitude 6', '100% fake' (a share: 'thousands' is never a percentage).
_NOT_AMOUNTS = frozenset({"age", "ordinal", "time", "times", "magnitude", "percent"})


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number in a text: the values it allows, its unit, its offsets and what it counts."""

    low: float
    high: float
    unit: str | None  # "percent", "mass", "length", "volume", "money:dollar", "ordinal", "magnitude", "time"
    # (seconds), "age" (years), "times" ('shot six times', 'ten times as dear') or None
    start: int
    end: int
    context: dict[str, float]

    vague: bool = False  # 'dozens', 'millions': any unit
    noun: str | None = None  # the noun it counts, in one form ('thermostat' for '40,000 smart thermostats')
    # Counts some more of them or some of them ('another 26', '4 more graves', 'two of the injured'), not all.
    added: bool = False
    change: bool = False  # a change in percent ('rose 20 percent', 'doubles'), not a level ('8 percent')
    # All there are, of which another number just before tells a part ('Sixteen of its 60 stores'): it bears out
    # no count of what is done to them, only a headline's count of all there are ('has 60 stores').
    whole: bool = False

    def agrees(self, other: Quantity) -> bool:
        slack = (_VAGUE_SLACK if self.vague or other.vague else _MEASURE_SLACK if self.unit in _MEASURES
                 else 1 + 1e-9)
        return self.comparable(other) and self.low <= other.high * slack and other.low <= self.high * slack

    def comparable(self, other: Quantity) -> bool:
        """Same unit; a vague count stands for any amount, not for an age or a rank; a ratio ('doubles') only
        a change in percent."""
        if "ratio" in (self.unit, other.unit):
            return self.change and other.change and {self.unit, other.unit} <= {"ratio", "percent"}
        return self.unit == other.unit or ((self.vague or other.vague) and not {self.unit, other.unit} & _NOT_AMOUNTS)


@dataclass(frozen=True, slots=True)
class _Raw:
    value: float
    first: int  # token indices
    last: int
    unit: str | None
    vague: tuple[float, float] | None = None
    fraction: bool = False


_NOT_ONE_COUNT = frozenset("no any every each some the this that which no-one".split())  # 'no one', 'the one'


def _word_number(text: str, tokens: Sequence[Token], i: int) -> tuple[float, int] | None:
    """A number written in words from token i ('forty-two', 'two hundred', 'a dozen'): (value, tokens used)."""
    total = current = 0.0
    used = 0
    for j in range(i, len(tokens)):
        word = tokens[j][0]
        if j > i and text[tokens[j - 1][2] : tokens[j][1]].strip(" -"):  # punctuation ends a number
            break
        following = tokens[j + 1][0] if j + 1 < len(tokens) else ""
        if word in ("a", "an") and j == i and following in (*SCALES, "dozen"):
            current = 1.0
        elif word in _UNITS or word in _TENS:
            current += _UNITS.get(word, 0) + _TENS.get(word, 0)
        elif word in ("dozen", "hundred"):
            current = (current or 1.0) * (12 if word == "dozen" else 100)
        elif word in SCALES:
            total += (current or 1.0) * SCALES[word]
            current = 0.0
        elif not (word == "and" and used and (following in _UNITS or following in _TENS)):
            break
        used = j - i + 1
    if not used or (used == 1 and tokens[i][0] == "zero"):
        return None
    if used == 1 and tokens[i][0] == "one" and not _counts_one(text, tokens, i):
        return None
    return total + current, used


def _counts_one(text: str, tokens: Sequence[Token], i: int) -> bool:
    """'one' counts a noun right after it ('one person died', 'one passenger was hurt'); not 'one of', 'no one',
    'the one that', 'one another'."""
    if i + 1 >= len(tokens) or text[tokens[i][2] : tokens[i + 1][1]].strip():
        return False
    before = tokens[i - 1][0] if i > 0 else ""
    return before not in _NOT_ONE_COUNT and "NOUN" in parts_of_speech(tokens[i + 1][0]) and (
        tokens[i + 1][0] not in STOPWORDS)


def _unit_after(text: str, tokens: Sequence[Token], last: int) -> tuple[int, str | None, float]:
    """A scale word and a unit word after token `last`: (new last token, unit, factor)."""
    factor = 1.0
    if last + 1 < len(tokens) and tokens[last + 1][0] in SCALES and tokens[last][0] not in SCALES:
        last += 1
        factor = SCALES[tokens[last][0]]
    if text[tokens[last][2] : tokens[last][2] + 1] == "%":
        return last, "percent", factor
    following = [w for w, _, _ in tokens[last + 1 : last + 3]]
    if following[:2] == ["per", "cent"]:
        return last + 2, "percent", factor
    if following[:2] in (["cubic", "metres"], ["cubic", "meters"]):
        return last + 2, "volume", factor
    if following and following[0] in _UNIT_WORDS:
        unit, scale = _UNIT_WORDS[following[0]]
        return last + 1, unit, factor * scale
    return last, None, factor


def _raw_numbers(text: str, tokens: Sequence[Token], taken: set[int]) -> list[_Raw]:
    """Numbers in digits, words, shares and vague counts, with their units; O(text), each read from the tokens
    it spans and the few after it."""
    starts = {s: k for k, (_, s, _) in enumerate(tokens)}
    found: list[_Raw] = []
    for m in _ONE_IN.finditer(text):  # "1 in 5": a share
        first, last = starts.get(m.start()), starts.get(m.start(2))
        parts = [float(g) if g.isdigit() else float(_UNITS[g.lower()]) for g in (m[1], m[2])]
        if first is not None and last is not None and parts[1]:
            found.append(_Raw(100 * parts[0] / parts[1], first, last, "percent", fraction=True))
            taken.update(range(first, last + 1))
    for m in _DIGITS.finditer(text):
        first = starts.get(m.start("num"))
        if first is None or first in taken:
            continue
        last = first
        while last + 1 < len(tokens) and tokens[last + 1][1] < m.end():
            last += 1
        value = float(m["num"].replace(",", "") + (m["dec"] or ""))  # '1,900th' is an ordinal too
        if m["ord"]:
            if not (m["suf"] or m["att"] or m["dec"] or m["sign"]):
                found.append(_Raw(value, first, last, "ordinal"))
            continue
        if not (m["sign"] or m["suf"] or m["att"] or m["dec"]) and (
                _YEAR.fullmatch(m["num"])
                or (_EARLY_YEAR.fullmatch(m["num"]) and _YEAR_CUE.search(text[max(0, m.start() - 8) : m.start()]))):
            continue  # a year: the date check reads it
        value *= _SUFFIX_SCALE.get(m["suf"] or "", 1)
        unit: str | None = f"money:{_CURRENCY_SIGNS[m['sign']]}" if m["sign"] else None
        if m["att"]:
            unit, scale = _UNIT_WORDS[m["att"]]
            value *= scale
        last, word_unit, factor = _unit_after(text, tokens, last)
        found.append(_Raw(value * factor, first, last, unit or word_unit))
    taken.update(k for r in found for k in range(r.first, r.last + 1))
    k = 0
    while k < len(tokens):
        word = tokens[k][0]
        if k in taken:
            k += 1
            continue
        following = tokens[k + 1][0] if k + 1 < len(tokens) else ""
        if word in _VAGUE and (word != "scores" or following == "of"):  # not the verb: 'Fierro scores twice'
            low, high = _VAGUE[word]
            last = k
            if following == "of" and k + 2 < len(tokens) and tokens[k + 2][0] in ("thousands", "millions"):
                last = k + 2  # "tens of thousands", "hundreds of thousands"
                low, high = (20_000, 99_999) if word == "tens" else (low * 1_000, high * 1_000)
            found.append(_Raw(low, k, last, None, vague=(low, high)))
            k = last + 1
            continue
        if word == "tens" and following == "of" and k + 2 < len(tokens) and tokens[k + 2][0] == "thousands":
            found.append(_Raw(20_000, k, k + 2, None, vague=(20_000, 99_999)))
            k += 3
            continue
        fraction = _fraction(text, tokens, k)
        if fraction is not None:
            found.append(fraction)
            k = fraction.last + 1
            continue
        previous = tokens[k - 1][0] if k else ""
        plural = previous.endswith("s") and previous not in _NOT_PLURALS  # 'prices triple'
        ratio = _RATIOS.get(word) or (_RATIO_BASES.get(word) if previous in _BEFORE_BASE or plural else None)
        if ratio is None and word == "half" and previous == "by":
            ratio = 50.0  # 'cut by half'
        if ratio is not None and following != "down":  # 'doubles down' is no change
            found.append(_Raw(ratio, k, k, "ratio", fraction=True))
            k += 1
            continue
        if word in _ORDINALS and following and following not in ("quarter", "half"):
            found.append(_Raw(_ORDINALS[word], k, k, "ordinal"))
            k += 1
            continue
        parsed = _word_number(text, tokens, k) if word in NUMBER_WORDS or word in ("a", "an") else None
        if parsed is None:
            k += 1
            continue
        last, unit, factor = _unit_after(text, tokens, k + parsed[1] - 1)
        found.append(_Raw(parsed[0] * factor, k, last, unit))
        k = last + 1
    return sorted(found, key=lambda r: r.first)


def _fraction(text: str, tokens: Sequence[Token], k: int) -> _Raw | None:
    """'half of', 'a third of', 'two-thirds of', 'three-quarters of': a share in percent."""
    word = tokens[k][0]
    count, first = 1.0, k
    if word in _UNITS and k + 1 < len(tokens) and text[tokens[k][2] : tokens[k + 1][1]] in ("-", " "):
        count, first, k = float(_UNITS[word]), k, k + 1
        word = tokens[k][0]
    elif word in ("a", "one") and k + 1 < len(tokens):
        first, k = k, k + 1
        word = tokens[k][0]
    if word not in _FRACTIONS or k + 1 >= len(tokens):
        return None
    # A share of a scaled amount is that amount: 'a quarter of a million pounds', 'half a million crowns'.
    of = 2 if tokens[k + 1][0] == "of" else 1 if word == "half" and first == k else 0
    scale = tokens[k + of + 1][0] if k + of + 1 < len(tokens) and tokens[k + of][0] in ("a", "an") else ""
    if of and scale in SCALES:
        last, unit, _ = _unit_after(text, tokens, k + of + 1)
        return _Raw(count * _FRACTIONS[word] / 100 * SCALES[scale], first, last, unit)
    if tokens[k + 1][0] != "of" and _after_by(tokens, first) and word != "half":
        return _Raw(count * _FRACTIONS[word], first, k, "ratio", fraction=True)  # 'rose by a third': a change
    if tokens[k + 1][0] != "of" or (word == "half" and first != k):
        return None
    return _Raw(count * _FRACTIONS[word], first, k, "percent", fraction=True)


def _after_by(tokens: Sequence[Token], k: int) -> bool:
    """Token k follows 'by', perhaps with a word of approximation between ('rose by about a third')."""
    before = [t[0] for t in tokens[max(0, k - 2) : k]]
    return before[-1:] == ["by"] or (len(before) == 2 and before[0] == "by" and before[1] in _APPROXIMATELY)


def _qualifier(text: str, start: int) -> str | None:
    before = text[max(0, start - 24) : start]
    return next((kind for kind, cue in _QUALIFIERS if cue.search(before)), None)


def _interval(raw: _Raw, qualifier: str | None, headline: bool) -> tuple[float, float]:
    v = raw.value
    if raw.vague:
        return raw.vague
    if raw.fraction:
        return v * (1 - _ABOUT_SLACK), v * (1 + _ABOUT_SLACK)
    if qualifier == "more":
        return v, 2 * v
    if qualifier == "less":
        return 0.0, v
    if qualifier == "near":
        return 0.8 * v, v
    if qualifier == "about":
        return v * (1 - _ABOUT_SLACK), v * (1 + _ABOUT_SLACK)
    digits = f"{v:.0f}".rstrip("0")
    if headline and v >= 100 and v.is_integer() and len(digits) <= 2:
        return v * (1 - _ROUND_SLACK), v * (1 + _ROUND_SLACK)
    return v, v


def _inside(tokens: Sequence[Token], spans: Sequence[Span]) -> set[int]:
    """The tokens that lie wholly inside one of `spans`; O(tokens + spans log spans)."""
    inside: set[int] = set()
    ordered = sorted(spans)
    j, reach = 0, -1  # spans starting at or before a token; the furthest end among them
    for k, (_, start, end) in enumerate(tokens):
        while j < len(ordered) and ordered[j][0] <= start:
            reach = max(reach, ordered[j][1])
            j += 1
        if end <= reach:
            inside.add(k)
    return inside


def quantities(text: str, tokens: Sequence[Token], clause_of: Sequence[int], exclude: Sequence[Span] = (), *,
               headline: bool = False) -> list[Quantity]:
    """Every number of the text outside `exclude` (dates), with ranges joined and, in a body, the total of
    parts given one after another ("four men and three women").

    O(tokens + exclude log exclude): each number is read from a bounded stretch of tokens around it.
    """
    not_counts = [m.span() for m in _CLOCK.finditer(text)]
    not_counts += [m.span() for m in _PAIR.finditer(text) if int(m[2]) <= int(m[1])]
    taken = _inside(tokens, [*exclude, *not_counts])
    # (a body's number it says is not so is no number of its own: '100 homes, not 1,000 as reported')
    raws = [r for r in _raw_numbers(text, tokens, taken) if not _in_name(text, tokens, r)
            and (headline or not _REJECTED.search(text, max(0, tokens[r.first][1] - _REJECTED_REACH),
                                                          tokens[r.first][1]))]
    ages = {i for i, r in enumerate(raws) if _age(text, tokens, r)}
    for i in range(len(raws) - 1):  # 'aged 13 or 16'; not 'Holt, 29, to six years'
        if i in ages and _LIST_JOIN.fullmatch(text[tokens[raws[i].last][2] : tokens[raws[i + 1].first][1]]):
            ages.add(i + 1)
    number_tokens = {k for r in raws for k in range(r.first, r.last + 1)}
    # The word a number counts belongs to it alone: 'Sixteen companies ... a four-day week' binds 'day' to four.
    counted = {r.first: near_after(tokens, clause_of, r.last, number_tokens) for r in raws}
    counters = Counter(k for k in counted.values() if k is not None)  # how many numbers count each word
    out: list[Quantity] = []
    i = 0
    while i < len(raws):
        raw = raws[i]
        part = raws[i - 1] if i else None  # the number just before, which may tell a part of this one
        age = i in ages
        start = tokens[raw.first][1] - (1 if text[tokens[raw.first][1] - 1 : tokens[raw.first][1]] in
                                        _CURRENCY_SIGNS else 0)
        end = tokens[raw.last][2] + (1 if text[tokens[raw.last][2] : tokens[raw.last][2] + 1] == "%" else 0)
        unit = raw.unit
        if text[max(0, start - 10) : start].lower().rstrip().endswith("magnitude"):
            unit = "magnitude"
        low, high = _interval(raw, _qualifier(text, start), headline)
        nxt = raws[i + 1] if i + 1 < len(raws) else None
        between = text[end : tokens[nxt.first][1]] if nxt is not None else ""
        is_range = (nxt is not None and _RANGE_JOIN.fullmatch(between) is not None and nxt.value > raw.value
                    and not raw.vague and not nxt.vague
                    and ("and" not in between or text[max(0, start - 9) : start].lower().strip() == "between"
                         or age or i + 1 in ages))  # 'aged 13 and 14', '13 and 14 years old'

        own = [counted[raw.first]]
        if is_range and nxt is not None:
            own.append(counted[nxt.first])
            unit = unit or nxt.unit
            low, high = raw.value, nxt.value
            end = tokens[nxt.last][2] + (1 if text[tokens[nxt.last][2] : tokens[nxt.last][2] + 1] == "%" else 0)
            raw = _Raw(raw.value, raw.first, nxt.last, unit)
            age = age or i + 1 in ages
            i += 1

        def skip(k: int, own: list[int | None] = own) -> bool:
            """Another number, or a word another number counts."""
            return k in number_tokens or counters[k] > own.count(k)

        after = raw.last + 1  # where the words it counts start
        if raw.vague and after < len(tokens) and tokens[after][0] == "of":
            after += 1  # 'hundreds of Palestinians'
        named = None
        if age:  # only ever set against another age
            unit = "age"
            if _years_old(text, tokens, after):
                end = tokens[after + 1][2]
                after += 2  # 'a 20-year-old burger': of the burger
            elif whose := _WHOSE.search(text[max(0, start - 60) : start]):
                named = whose[0].lower()  # 'Oskar Lind, 16,': Oskar Lind's, not Anna Lind's
        elif unit is None and counted.get(raw.first) == after and tokens[after][0] in TIME_UNITS:
            unit = "time"
            low, high = low * TIME_UNITS[tokens[after][0]], high * TIME_UNITS[tokens[after][0]]
            end = tokens[after][2]
            after += 1  # 'three days of checks': the unit is not what it counts, nor what it is about
        noun = named or _counted(text, tokens, clause_of, after - 1, after)
        about = context(tokens, clause_of, raw.first, after - 1, skip, text)
        if noun is not None and noun not in _ANYONE:  # what it counts binds it most ('sixth national title')
            about[noun] = 2.0
        following = [w for w, _, _ in tokens[raw.last + 1 : raw.last + 3]] + ["", ""]
        added = (following[0] in _ADDED or (following[0] == "of" and following[1] in _WHOLE)
                 or (raw.first > 0 and tokens[raw.first - 1][0] in _ADDED))
        cue = _CHANGE_CUE.search(text[max(0, start - 30) : start])
        change = unit == "ratio" or (unit == "percent" and cue is not None)
        before = [w for w, _, _ in tokens[max(0, raw.first - 2) : raw.first]]
        whole = bool(before) and (before[-1] in _HAVING if headline else (
            len(before) == 2 and before[0] == "of" and before[1] in _OWNERS
            and part is not None and 0 < raw.first - part.last <= _PART_GAP and part.unit == unit))
        if whole and out and noun is not None:  # the part counts what the whole does
            out[-1] = replace(out[-1], noun=noun, context={**out[-1].context, noun: 2.0})
        out.append(Quantity(low, high, unit, start, end, about, raw.vague is not None, noun, added, change, whole))
        i += 1
    return out if headline else out + _totals(text, out) + _changes(text, out)


def _years_old(text: str, tokens: Sequence[Token], k: int) -> bool:
    """Tokens k and k + 1 say 'years old' ('13 years old', '20-year-old')."""
    return k + 1 < len(tokens) and tokens[k][0] in ("year", "years") and _AGE.match(text, tokens[k][2]) is not None


def _age(text: str, tokens: Sequence[Token], raw: _Raw) -> bool:
    """An age, which is not a count: '13 years old', 'a 20-year-old', 'aged 13', 'dies at 57', 'Lind, 16,'."""
    if raw.unit is not None or raw.vague or raw.fraction:
        return False
    start, end = tokens[raw.first][1], tokens[raw.last][2]
    return (_years_old(text, tokens, raw.last + 1) or _AGE_CUE.search(text[max(0, start - 24) : start]) is not None
            or (raw.value <= _OLDEST and text[end : end + 1] in (",", ")")
                and _AGED.search(text[max(0, start - 40) : start]) is not None))


def _in_name(text: str, tokens: Sequence[Token], raw: _Raw) -> bool:
    """A bare number that is part of a name or model ('iPhone 6', 'Apollo 11', 'Unit 552'), not a count: after
    a word written with a capital inside it, or a capitalised word that is a name or a noun only (lemminflect;
    'Kills 40' in a headline is a verb's object)."""
    k = raw.first
    if raw.unit is not None or raw.first != raw.last or not k or text[tokens[k - 1][2] : tokens[k][1]] != " ":
        return False
    word = text[tokens[k - 1][1] : tokens[k - 1][2]]
    if not word.isupper() and any(c.isupper() for c in word[1:]):
        return True
    before = tokens[k - 1][0]
    return word[0].isupper() and before not in STOPWORDS and set(parts_of_speech(before)) <= {"NOUN"}


def _counted(text: str, tokens: Sequence[Token], clause_of: Sequence[int], last: int, k: int) -> str | None:
    """The noun a number ending at token `last` counts, its phrase starting at token k ('40,000 smart
    thermostats', 'a sixth national tennis title'): the first plural noun in lower case of the adjectives,
    nouns and names that follow it, else the last noun among them, else the last word lemminflect does not
    know ('Two GOP Congressmen'), in one form. None when a verb or preposition follows it ('40 dead in',
    'seven injured as', 'Thousands run Kettleburn half marathon'). O(_PHRASE_TOKENS)."""
    found = name = None
    plural = False
    previous = last
    for j in range(k, min(k + _PHRASE_TOKENS, len(tokens))):
        word, start, _ = tokens[j]
        if clause_of[j] != clause_of[last] or text[tokens[previous][2] : start] not in (" ", "-") or word in STOPWORDS:
            break
        forms = parts_of_speech(word)
        if "NOUN" in forms:
            found = forms["NOUN"][0].lower()
            if (found != word or word in _PLURAL) and text[start].islower():
                plural = True
                break  # a plural ends the phrase ('120 jobs cut'); not a name's ('80,000 Ferrow Motors saloons')
        elif not forms and text[start].isupper():  # a name goes on
            name = word
        elif not ("ADJ" in forms or ("VERB" in forms and word.endswith(("ed", "en")))):  # so does an adjective,
            break  # or a participle used as one ('2,500 degraded rockets')
        previous = j
    if previous == k and found == tokens[k][0] and "VERB" in parts_of_speech(found):
        return None  # one word that may be a verb: '15 hurt as', not '40,000 smart thermostats'
    first = tokens[k][0] if k < len(tokens) else ""
    if not plural and first and text[tokens[last][2] : tokens[k][1]] == " " and text[tokens[k][1]].islower() and (
            tokens[last][0] != "one" and first in (parts_of_speech(first).get("VERB") or ())):
        return None  # a count of more than one takes a plural, so a verb's base form after it is its verb (not
        # '2,500 degraded rockets', '300 branch offices', '400-home estate')
    found = found or name
    return None if found is None else canonical(found)


# Plural nouns that lemminflect gives as their own lemma.
_PLURAL = frozenset("people police staff cattle livestock clergy".split())
# Nouns that count anyone, not one kind of thing: 'Seven people were injured' may count the headline's
# 'seven students'.
_ANYONE = frozenset(canonical(w) for w in ("people", "person", "other", "individual", "adult"))


def _totals(text: str, found: Sequence[Quantity]) -> list[Quantity]:
    """Counts given in parts joined by 'and' ('four men and three women'): their total, about both."""
    totals = []
    for a, b in itertools.pairwise(found):
        gap = text[a.end : b.start]
        if (a.unit == b.unit and a.low == a.high and b.low == b.high and re.fullmatch(r" [a-z]+ and ", gap)
                and "." not in gap):
            totals.append(Quantity(a.low + b.low, a.high + b.high, a.unit, a.start, b.end, _merged(a, b), a.vague,
                                   a.noun if a.noun == b.noun else None))
    return totals


def _changes(text: str, found: Sequence[Quantity]) -> list[Quantity]:
    """Changes told by where a level started and ended (`_FROM_TO`): each as a ratio change in percent ('from 40
    million to 80 million': 100), about what the level counts. Only a level's change (not a percentage's, whose
    change is in points, nor an age's). O(numbers)."""
    changes = []
    for q in found:  # a range after a verb of change: 'grew from 2 million tonnes to 3 million tonnes'
        if 0 < q.low < q.high and not q.vague and q.unit not in _NOT_CHANGED and _FROM_TO.search(
                text, max(0, q.start - _CHANGE_SPAN), q.start) and " to " in text[q.start : q.end]:
            changes.append(_change(q.low, q.high, q, q))
    for at, a in enumerate(found):
        # the next number in the same unit, past one in another ('to 240 million in the six months to June, from')
        b = next((b for b in found[at + 1 : at + 1 + _CHANGE_NUMBERS] if b.unit == a.unit), None)
        if (b is None or a.unit in _NOT_CHANGED or a.vague or b.vague or a.low != a.high or b.low != b.high
                or not a.low or not b.low):  # (from nothing: no change in percent)
            continue
        gap = text[a.end : b.start]
        if _FROM_TO.search(text, max(0, a.start - _CHANGE_SPAN), a.start) and gap == " to ":
            changes.append(_change(a.low, b.low, a, b))  # (falling: 'cut from 12 million to 9 million')
        elif _UP_FROM.match(gap) or (_TO_THEN_FROM[1].match(gap) and _TO_THEN_FROM[0].search(
                text, max(0, a.start - _CHANGE_SPAN), a.start)):
            changes.append(_change(b.low, a.low, a, b))
    return changes


def _change(start: float, end: float, a: Quantity, b: Quantity) -> Quantity:
    """The change from `start` to `end` as a ratio in percent, over the text of `a` and `b`."""
    value = abs(end / start - 1) * 100
    return Quantity(value, value, "ratio", a.start, b.end, _merged(a, b), noun=b.noun or a.noun, change=True)


def _merged(a: Quantity, b: Quantity) -> dict[str, float]:
    """What a number made of two is about: the words either is about, each as near as the nearer makes it."""
    return {w: max(a.context.get(w, 0.0), b.context.get(w, 0.0)) for w in {*a.context, *b.context}}


def compare(q: Quantity, body: Sequence[Quantity]) -> tuple[str, Quantity | None] | None:
    """None when the body bears the headline number out; else ('error', the body's number for the same
    thing), ('warning', a body number in the same unit) or ('warning', None)."""
    candidates = [b for b in body if q.comparable(b)]
    bound = [b for _, b in best_bound(q.context, ((b.context, b) for b in candidates))]
    if bound and q.noun is not None and bound[0].noun == q.noun:  # best bound by what both count: judged by
        # the body's counts of that, and of what names nothing else ('around 400 of his'); a rank by its own
        # series alone ('sixth title', not 'sixth in the rankings')
        unnamed = [b for b in bound if b.noun is None or b.noun in _ANYONE] if q.unit != "ordinal" else []
        bound = [b for b in bound if b.noun == q.noun] + unnamed
    elif q.noun is None and q.unit is None and (people := [b for b in bound or candidates if b.noun in _ANYONE]):
        bound = people  # a bare count ('Thousands march', 'sickens 200') counts people: not the 1,800 signatures
        # beside them, nor the 200 samples tested
    # Not a count of something else ('eleven complaints'), nor of some of them ('two of the injured'), nor all
    # there are of what some are done to ('of its 60 stores').
    def bears_out(b: Quantity) -> bool:
        return q.agrees(b) and _may_count_alike(q, b) and (q.whole or not b.whole)

    agreeing = [b for b in bound if bears_out(b)]
    rivals = [b for b in bound if _same_kind(q, b) and not b.added and (q.whole or not b.whole) and not bears_out(b)]
    # The same number in a clause less about the headline's than another number's ('will close three of its
    # shops' / 'it runs 30 shops' for 'to close 30 shops') counts something else.
    if agreeing and not (rivals and not q.added and max(overlap(q.context, b.context) for b in rivals)
                         > _ANOTHER_DEED * max(overlap(q.context, b.context) for b in agreeing)):
        return None
    if rivals and not q.added:  # '4 more graves' says nothing of how many there are in all
        return "error", rivals[0]
    if any(q.agrees(b) and _may_count_alike(q, b) for b in candidates):  # not 'runs 300 branches' for '300 offices'
        return None
    same_unit = [b for b in candidates if q.unit is not None and b.unit == q.unit]
    return "warning", (same_unit[0] if same_unit else None)


def _may_count_alike(a: Quantity, b: Quantity) -> bool:
    """An equal number bears a count out where it may count the same thing; one in a unit always measures
    alike ('a four-day week' and 'the four-day trial' are four days either way)."""
    return a.unit is not None or _same_kind(a, b)


def _same_kind(a: Quantity, b: Quantity) -> bool:
    """Whether the two may count one thing: not when each counts a noun of its own ('complaints' and
    'thermostats'), unless one of them counts anyone ('people')."""
    return a.noun is None or b.noun is None or a.noun == b.noun or a.noun in _ANYONE or b.noun in _ANYONE
