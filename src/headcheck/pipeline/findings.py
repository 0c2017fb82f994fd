"""Checks that need no model: numbers, dates, names and quotes in the headline that the body does not bear
out, and names the article spells two ways.

The stance model judges meaning; these checks catch the concrete slips it is blind to ("40 dead" over
a body that says four people died). Each finding points at the headline words and, where there is one,
the body words that conflict with them, so an editor can see both at once. They are heuristics, reported
beside the verdict and never changing it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from headcheck.text.grammar import QUOTED, VERB_FORMS
from headcheck.text.lexical import STOPWORDS, stem, word_spans
from headcheck.types import Sentence

Kind = Literal["number", "date", "name", "quote", "spelling"]
Severity = Literal["error", "warning", "editorial"]
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: `error` = the body says otherwise, `warning` = the body never says it, `editorial` = a slip."""

    kind: Kind
    message: str
    headline_span: Span | None
    body_span: Span | None
    severity: Severity


# -- numbers --------------------------------------------------------------------------------------------

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000}
_NUMBER_STARTS = frozenset({*_UNITS, *_TENS, *_SCALES, "a", "an", "dozen"})
_SUFFIX_SCALE = {"k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}
_DIGITS = re.compile(r"(?<![\w/.,-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(bn|m|k)?(?![\w/]|\.\d|,\d)")
_QUALIFIER_CUES = {
    qualifier: re.compile(rf"\b(?:{cues})$")
    for qualifier, cues in {
        "more": "more than|over|above|at least|upwards of",
        "less": "less than|fewer than|under|below|nearly|almost|up to",
        "about": "about|around|some|roughly|approximately|an estimated",
    }.items()
}
# Words that count the same thing in different ways ("40 dead", "four people died").
_SAME_THING = {
    "die": "dead died dies death deaths kill killed killing fatalities fatality perished lives",
    "injure": "injured injuries injury wounded hurt",
    "arrest": "arrested arrests detained held",
    "percent": "percent per cent %",
}
_CANONICAL = {w: key for key, ws in _SAME_THING.items() for w in ws.split()}
_NOT_COUNTED = frozenset("a an dozen dozens least nearly almost roughly approximately estimated".split())
_CONTEXT_AFTER = 4  # words after a number (and one content word before) that say what it counts


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number in a text, its offsets, a qualifier ('more', 'less', 'about') and the words saying what it counts."""

    value: float
    start: int
    end: int
    qualifier: str | None
    context: frozenset[str]


def _canonical(word: str) -> str:
    return _CANONICAL.get(word, stem(word))


def _word_number(text: str, tokens: Sequence[tuple[str, int, int]], i: int) -> tuple[float, int] | None:
    """A number written in words from token i ('forty-two', 'two hundred', 'a dozen'): (value, tokens used)."""
    total = current = 0.0
    used = 0
    for j in range(i, len(tokens)):
        word = tokens[j][0]
        if j > i and text[tokens[j - 1][2] : tokens[j][1]].strip(" -"):  # punctuation ends a number
            break
        following = tokens[j + 1][0] if j + 1 < len(tokens) else ""
        if word in ("a", "an") and j == i and following in (*_SCALES, "dozen"):
            current = 1.0
        elif word in _UNITS or word in _TENS:
            current += _UNITS.get(word, 0) + _TENS.get(word, 0)
        elif word in ("dozen", "hundred"):
            current = (current or 1.0) * (12 if word == "dozen" else 100)
        elif word in _SCALES:
            total += (current or 1.0) * _SCALES[word]
            current = 0.0
        elif not (word == "and" and used and (following in _UNITS or following in _TENS)):
            break
        used = j - i + 1
    if not used or (used == 1 and tokens[i][0] in ("one", "zero")):  # "one of", "no one": not counts
        return None
    return total + current, used


def _counted(word: str) -> bool:
    """Can this word say what a number counts? Not a stopword or another number."""
    if word in _CANONICAL:
        return True
    return not (word in STOPWORDS or word[0].isdigit() or word in _UNITS or word in _TENS or word in _SCALES
                or word in _NOT_COUNTED)


def _same_clause(text: str, tokens: Sequence[tuple[str, int, int]], k: int, n: int) -> list[tuple[str, int, int]]:
    """Up to n tokens after token k (before it, for negative n), stopping at punctuation."""
    out: list[tuple[str, int, int]] = []
    step = 1 if n > 0 else -1
    j = k + step
    while 0 <= j < len(tokens) and len(out) < abs(n):
        a, b = (tokens[j - 1], tokens[j]) if step > 0 else (tokens[j], tokens[j + 1])
        if re.search(r"[.,;:!?]", text[a[2] : b[1]]):
            break
        out.append(tokens[j])
        j += step
    return out if step > 0 else out[::-1]


def _spans(text: str, tokens: Sequence[tuple[str, int, int]]) -> list[tuple[float, int, int]]:
    """(value, first token, last token) of every number, digits ('1,204', '3.5m', '2 million') or words."""
    found = []
    starts = {s: k for k, (_, s, _) in enumerate(tokens)}
    for m in _DIGITS.finditer(text):
        first = starts.get(m.start())
        if first is None:
            continue
        value = float(m[1].replace(",", "") + (m[2] or "")) * _SUFFIX_SCALE.get(m[3] or "", 1)
        last = first
        while last + 1 < len(tokens) and tokens[last + 1][1] < m.end():
            last += 1
        if last + 1 < len(tokens) and tokens[last + 1][0] in _SCALES:
            last += 1
            value *= _SCALES[tokens[last][0]]
        found.append((value, first, last))
    in_digits = {k for _, first, last in found for k in range(first, last + 1)}
    k = 0
    while k < len(tokens):
        parsed = None if k in in_digits or tokens[k][0] not in _NUMBER_STARTS else _word_number(text, tokens, k)
        if parsed is None:
            k += 1
            continue
        found.append((parsed[0], k, k + parsed[1] - 1))
        k += parsed[1]
    return sorted(found, key=lambda f: f[1])


def quantities(text: str) -> list[Quantity]:
    """Every number in the text, in digits or words, with what it seems to count."""
    tokens = word_spans(text)
    out = []
    for value, first, last in _spans(text, tokens):
        start, end = tokens[first][1], tokens[last][2]
        before = text[max(0, start - 24) : start].lower().rstrip()
        qualifier = next((q for q, cue in _QUALIFIER_CUES.items() if cue.search(before)), None)
        after = [w for w, _, _ in _same_clause(text, tokens, last, _CONTEXT_AFTER) if _counted(w)]
        previous = [w for w, _, _ in _same_clause(text, tokens, first, -2) if _counted(w)][-1:]
        context = {_canonical(w) for w in after + previous}
        if text[end : end + 1] == "%":
            context.add("percent")
        if re.fullmatch(r"1[89]\d\d|20\d\d", text[start:end]):
            context.add("<year>")
        out.append(Quantity(value, start, end, qualifier, frozenset(context)))
    return out


def _agrees(headline: Quantity, body: Quantity) -> bool:
    """Equal, or within what the headline's wording allows ('more than 1,000' for 1,204; 'about 40' for 38)."""
    h, b = headline.value, body.value
    if h == b:
        return True
    if headline.qualifier == "more":
        return b > h
    if headline.qualifier == "less":
        return b < h
    if headline.qualifier == "about":
        return abs(b - h) <= 0.1 * max(h, b)
    digits = f"{h:.0f}".rstrip("0")
    return h >= 100 and h.is_integer() and len(digits) <= 2 and abs(b - h) <= 0.05 * h  # "1,200" for 1,204


def _say(q: Quantity, text: str) -> str:
    return f"\u201c{text[q.start:q.end]}\u201d"


def number_findings(headline: str, body: BodyFacts) -> list[Finding]:
    """Headline numbers no body number bears out: an error when the body counts the same thing differently."""
    body_quantities = body.quantities
    findings = []
    for q in quantities(headline):
        if any(_agrees(q, b) for b in body_quantities):
            continue
        rival = max(body_quantities, key=lambda b: len(q.context & b.context), default=None)
        if rival is not None and q.context & rival.context:
            findings.append(Finding(
                "number", f"the headline says {_say(q, headline)} but the body says {_say(rival, body.text)}",
                (q.start, q.end), (rival.start, rival.end), "error"))
        else:
            findings.append(Finding("number", f"the body never states the headline's {_say(q, headline)}",
                                    (q.start, q.end), None, "warning"))
    return findings


_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
# "May" and "March" are left out: they are verbs and names as often as months.
_MONTHS = frozenset("january february april june july august september october november december".split())
_DATE_WORDS = _WEEKDAYS | _MONTHS | {"may", "march"}


def date_findings(headline: str, body: BodyFacts) -> list[Finding]:
    """Weekdays and months in the headline that the body does not name, or names differently."""
    findings = []
    for word, start, end in word_spans(headline):
        word = _base(word)
        for names in (_WEEKDAYS, _MONTHS):
            if word not in names or word in body.vocabulary.words:
                continue
            other = next(((s, e) for w, s, e in body.words if _base(w) in names), None)
            if other:
                said = body.text[other[0] : other[1]]
                message = f"the headline says {headline[start:end]} but the body says {said}"
                findings.append(Finding("date", message, (start, end), other, "error"))
            else:
                findings.append(Finding("date", f"the body never mentions {headline[start:end]}", (start, end),
                                        None, "warning"))
    return findings


# -- names ----------------------------------------------------------------------------------------------

# Capitalised in Title Case headlines but rarely names; with STOPWORDS and the verb forms they are skipped
# there, where capitals say nothing about which words are names.
_COMMON = frozenset(
    """after against ahead amid army back big black bad best better biggest city country court crowd day days
    dead death deal early end even ever every face family final first free full good government great half
    high home how huge just last late latest law leader life little live long major man men minister more
    most much near never new news next night no now off old only over part party people photo photos plan
    police power president protest protesters public real record report right school second set small state
    still study talks than these things time today top troops under video war water way week what when where
    white who why woman women work world year years young""".split()
)
_NAME = re.compile(r"(?<![\w'\u2019-])[A-Z][\w'\u2019-]*")
_OPENERS = ":-\u2013\u2014\"'\u2018\u201c("


def _title_case(headline: str) -> bool:
    content = [w for w in re.findall(r"[A-Za-z][\w'\u2019-]*", headline) if w.lower() not in STOPWORDS]
    return len(content) >= 3 and sum(w[0].isupper() for w in content) >= 0.8 * len(content)


def _base(word: str) -> str:
    word = word.lower().replace("\u2019", "'")
    return word[:-2] if word.endswith("'s") else word


def _common_prefix(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The words of a text and their stems, indexed by their first four letters for the related-form test."""

    words: frozenset[str]
    by_prefix: dict[str, list[str]]

    @classmethod
    def of(cls, words: Iterable[str]) -> Vocabulary:
        bases = {_base(w) for w in words}
        every = frozenset(bases | {stem(w) for w in bases})
        by_prefix: dict[str, list[str]] = {}
        for w in sorted(every):
            if len(w) >= 4:
                by_prefix.setdefault(w[:4], []).append(w)
        return cls(every, by_prefix)

    def mentions(self, word: str) -> bool:
        """Case-insensitively, as the same stem, or as another form of it ('Kestria', 'Kestrian')."""
        w = _base(word)
        if w in self.words or stem(w) in self.words:
            return True
        return len(w) >= 4 and any(_common_prefix(w, v) >= max(4, min(len(w), len(v)) - 1)
                                   for v in self.by_prefix.get(w[:4], ()))


def name_runs(headline: str, *, include_first: bool = False) -> list[tuple[str, int, int]]:
    """Runs of capitalised words that may be names ('Valen Orlov'), with offsets.

    The headline's first word and words after a colon, dash or opening quote are capitalised anyway, so
    they are skipped unless asked for (acronyms are always kept); in a Title Case headline common words
    are skipped too. Weekdays and months are left to the date check.
    """
    title_case = _title_case(headline)
    runs: list[tuple[str, int, int]] = []
    for m in _NAME.finditer(headline):
        word = _base(m[0])
        lead = headline[: m.start()].rstrip()
        opener = not lead or lead[-1] in _OPENERS
        if (opener and not include_first and not m[0].isupper()) or word in STOPWORDS or word in _DATE_WORDS:
            continue
        if title_case and (word in _COMMON or word in VERB_FORMS or word in _UNITS or word in _TENS):
            continue
        if runs and headline[runs[-1][2] : m.start()] == " ":
            text, start, _ = runs[-1]
            runs[-1] = (f"{text} {m[0]}", start, m.end())
        else:
            runs.append((m[0], m.start(), m.end()))
    return runs


def name_findings(headline: str, body: BodyFacts) -> list[Finding]:
    """Runs of capitalised headline words of which the body mentions none."""
    return [
        Finding("name", f"the body never mentions \u201c{text}\u201d", (start, end), None, "warning")
        for text, start, end in name_runs(headline)
        if not any(body.vocabulary.mentions(w) for w in text.split())
    ]


# -- quotes ---------------------------------------------------------------------------------------------

_SPEECH = r"(?:said|says|told|added|wrote|tweeted|insisted|claimed|warned|according to)"
_SPEAKER_AFTER = re.compile(rf"\b{_SPEECH}\s+((?:[A-Z][\w'\u2019-]*\s?)+)")
_SPEAKER_BEFORE = re.compile(rf"((?:[A-Z][\w'\u2019-]*\s)+){_SPEECH}\b")


def _find_words(needle: list[str], haystack: list[tuple[str, int, int]]) -> Span | None:
    n = len(needle)
    for i in range(len(haystack) - n + 1):
        if [w for w, _, _ in haystack[i : i + n]] == needle:
            return haystack[i][1], haystack[i + n - 1][2]
    return None


def _speakers(sentence: str) -> list[str]:
    """Named speakers in a sentence ('said Pell Varan', 'Varan told'); pronouns are not names."""
    found = [m[1].strip() for pattern in (_SPEAKER_AFTER, _SPEAKER_BEFORE) for m in pattern.finditer(sentence)]
    return [s for s in found if any(_base(w) not in STOPWORDS for w in s.split())]


def quote_findings(headline: str, body: BodyFacts) -> list[Finding]:
    """Quoted headline words the body lacks, or puts in the mouth of someone the headline does not name."""
    findings = []
    for m in QUOTED.finditer(headline):
        quoted = [w for w, _, _ in word_spans(m[0])]
        if not quoted:
            continue
        span = (m.start(), m.end())
        where = _find_words(quoted, body.words)
        if where is None:
            findings.append(Finding("quote", f"the body does not contain the quoted words {m[0]}", span, None,
                                    "warning"))
            continue
        outside = headline[: m.start()] + " " * (m.end() - m.start()) + headline[m.end() :]
        named = [w for text, _, _ in name_runs(outside, include_first=True) for w in text.split()]
        sentence = next((s.text for s in body.sentences if s.start <= where[0] < s.end), "")
        speakers = _speakers(sentence)
        said_by = Vocabulary.of(w for s in speakers for w in s.split())
        if named and speakers and not any(said_by.mentions(w) for w in named):
            findings.append(Finding(
                "quote", f"the body attributes {m[0]} to {' / '.join(speakers)}, not to {' '.join(named)}",
                span, where, "error"))
    return findings


# -- spelling -------------------------------------------------------------------------------------------

_MIN_NAME = 5
_MAX_NAMES = 3000
_SENTENCE_OPENERS = ".!?\n\"'\u201c\u2018("


def _one_slip(a: str, b: str) -> bool:
    """One swapped pair of neighbours, one wrong letter, or one extra letter inside the word (not at its end,
    where 'Kestria' / 'Kestrian' are two words), with the first letter the same."""
    if a[0] != b[0] or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and (a[diff[0]], a[diff[1]]) == (b[diff[1]], b[diff[0]])
    short, long = sorted((a, b), key=len)
    i = _common_prefix(short, long)
    return i < len(short) and short[i:] == long[i + 1 :]


@dataclass
class _Name:
    spots: list[tuple[str, int, int]]  # ("headline" | "body", start, end)
    mid_sentence: bool = False  # seen capitalised where a sentence does not start: a name, not an opener


def _capitalised(where: str, text: str, words: Iterable[tuple[str, int, int]]) -> tuple[dict[str, _Name], set[str]]:
    """Capitalised words of five letters or more, and every word the text writes in lower case."""
    names: dict[str, _Name] = {}
    lower: set[str] = set()
    for word, start, end in words:
        if not text[start].isupper():
            lower.add(word)
        elif len(word) >= _MIN_NAME and word.isalpha() and word not in STOPWORDS and word not in VERB_FORMS:
            name = names.setdefault(word, _Name([]))
            name.spots.append((where, start, end))
            before = text[:start].rstrip()
            name.mid_sentence |= bool(before) and before[-1] not in _SENTENCE_OPENERS
    return names, lower


def _by_letter(words: Iterable[str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[0], []).append(w)
    return groups


def _slips(new: Sequence[str], old: Sequence[str] = ()) -> list[tuple[str, str]]:
    """Pairs one slip apart among `new`, and between `new` and `old`; each pair once."""
    groups = _by_letter(old)
    within = [(a, b) for group in _by_letter(new).values() for i, a in enumerate(group) for b in group[i + 1 :]]
    between = [(a, b) for a in new for b in groups.get(a[0], ())]
    return [(a, b) for a, b in within + between if _one_slip(a, b)]


def spelling_findings(headline: str, body: BodyFacts) -> list[Finding]:
    """Two capitalised words, never written in lower case, that differ by one slip and one of which is seen
    mid-sentence (a name, not just a sentence opener): reported with the rarer spelling as the suspect."""
    head, head_lower = _capitalised("headline", headline, word_spans(headline))
    lower = body.lower | head_lower
    names = {w: _Name(list(n.spots), n.mid_sentence) for w, n in body.names.items()}
    for w, n in head.items():
        merged = names.setdefault(w, _Name([]))
        merged.spots[:0] = n.spots
        merged.mid_sentence |= n.mid_sentence
    pairs = body.slips + _slips(sorted(head.keys() - body.names.keys()), sorted(body.names))
    parts = {"headline": headline, "body": body.text}
    findings = []
    for a, b in pairs:
        if a in lower or b in lower:
            continue
        rare, usual = sorted((names[a], names[b]), key=lambda n: len(n.spots))
        if not (rare.mid_sentence or usual.mid_sentence):
            continue
        shown = [parts[where][s:e] for where, s, e in (rare.spots[0], usual.spots[0])]
        message = (f"\u201c{shown[0]}\u201d ({_times(len(rare.spots))}) and \u201c{shown[1]}\u201d "
                   f"({_times(len(usual.spots))}) look like one name spelt two ways")
        in_headline = next(((s, e) for where, s, e in rare.spots if where == "headline"), None)
        in_body = next(((s, e) for where, s, e in rare.spots + usual.spots if where == "body"), None)
        findings.append(Finding("spelling", message, in_headline, in_body, "editorial"))
    return findings


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


# -- the body, analysed once ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BodyFacts:
    """What the checks need from a body, worked out once however many headlines are checked against it."""

    text: str
    sentences: Sequence[Sentence]
    words: list[tuple[str, int, int]]
    vocabulary: Vocabulary
    quantities: list[Quantity]
    names: dict[str, _Name]
    lower: frozenset[str]
    slips: list[tuple[str, str]]

    @classmethod
    def of(cls, text: str, sentences: Sequence[Sentence]) -> BodyFacts:
        words = word_spans(text)
        names, lower = _capitalised("body", text, words)
        kept = sorted(names)[:_MAX_NAMES]
        return cls(text, sentences, words, Vocabulary.of(w for w, _, _ in words), quantities(text),
                   {w: names[w] for w in kept}, frozenset(lower), _slips(kept))


def find_all(headline: str, body: BodyFacts) -> list[Finding]:
    """Every finding: headline problems in headline order, then editorial ones."""
    findings = (number_findings(headline, body) + date_findings(headline, body) + name_findings(headline, body)
                + quote_findings(headline, body))
    findings.sort(key=lambda f: f.headline_span or (len(headline), 0))
    return findings + spelling_findings(headline, body)
