"""Checks that need no model: numbers, dates, names and quotes in the headline that the body does not bear
out, and names the article spells two ways.

The stance model judges meaning; these checks catch the concrete slips it is blind to ("40 dead" over
a body that says four people died). Each finding points at the headline words and, where there is one,
the body words that conflict with them, so an editor can see both at once. A number or date is compared
with the body's number or date for the same thing (`context`), not with any equal digits; they are
heuristics, reported beside the verdict and never changing it. Measured on `bench/findings` (precision
and recall per kind) and on FNC-1 articles whose body agrees with the headline (false alarms):
`headcheck eval findings`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from headcheck.compare.findings import dates, names, numbers, quotes
from headcheck.compare.findings.context import Token, clauses
from headcheck.text.grammar import quoted_spans
from headcheck.text.lexical import word_spans
from headcheck.types import Finding, Sentence, Span

_SUBJECT_CHARS = 20  # a name this near a sentence's start is what the sentence is about
_STARTED_FROM = re.compile(r"\bfrom\s+[£$€]?$")  # just before a number: the value a change started from


def _said(text: str, span: Span) -> str:
    return f"\u201c{text[span[0]:span[1]]}\u201d"


@dataclass(frozen=True, slots=True)
class HeadlineFacts:
    """The headline read once for all the checks (its dates and numbers), as `BodyFacts` reads a body."""

    text: str
    tokens: list[Token]
    dates: list[dates.DateMention]
    quantities: list[numbers.Quantity]

    @classmethod
    def of(cls, text: str) -> HeadlineFacts:
        tokens = word_spans(names.fold(text))
        clause_of = clauses(text, tokens)
        found = dates.mentions(text, tokens, clause_of)
        skip = [(d.start, d.end) for d in found] + quoted_spans(text)
        return cls(text, tokens, found, numbers.quantities(text, tokens, clause_of, skip, headline=True))


def number_findings(headline: str, body: BodyFacts, read: HeadlineFacts | None = None) -> list[Finding]:
    """Headline numbers the body's number for the same thing contradicts (error), or that it never states.
    `read`: the headline already analysed (`find_all` reads it once for every check)."""
    findings = []
    found = (read or HeadlineFacts.of(headline)).quantities
    for q in found:
        if any(o is not q and o.noun == q.noun is not None for o in found):
            continue  # 'Three boobs are most likely two boobs': the headline sets counts against each other
        outcome = numbers.compare(q, body.quantities)
        if outcome is None:
            continue
        severity, rival = outcome
        said = _said(headline, (q.start, q.end))
        if rival is None:
            findings.append(Finding("number", f"the body never states the headline's {said}", (q.start, q.end),
                                    None, "warning"))
            continue
        other = _said(body.text, (rival.start, rival.end))
        message = (f"the headline says {said} but the body says {other}" if severity == "error"
                   else f"the body never states the headline's {said}; it gives {other}")
        findings.append(Finding("number", message, (q.start, q.end), (rival.start, rival.end), severity))
    return findings


def matched_amounts(headline: HeadlineFacts, body: BodyFacts) -> list[Span]:
    """Body spans of the headline's amounts in a unit (a percentage, a sum of money, a ratio) stated alike: '4.2 per
    cent' for '4.2%', '€30 million' for '€30m', 'to 240 million ..., from 120 million' for 'doubles'. Such an
    amount in a sentence that carries the claim's event is the claim told in other words."""
    found = headline.quantities
    return [(b.start, b.end) for q in found
            if q.unit and (q.unit in ("percent", "ratio") or q.unit.startswith("money:"))
            and not q.vague for b in body.quantities if q.agrees(b)]


def numbers_told(headline: HeadlineFacts, body: BodyFacts) -> bool:
    """The body gives one of the headline's exact numbers in its unit: it tells the headline's story, whatever other
    words it uses ('took 40,000' / 'received payments totalling 40,000', 'jailed for six years' / 'given six years').
    Not a count under ten in its base unit, nor a rank: those recur by chance. (Years are dates, not numbers.)"""
    found = [q for q in headline.quantities if not q.vague and q.low >= 10 and q.unit != "ordinal"]
    return any(q.agrees(b) for q in found for b in body.quantities if not b.vague)


def numbers_otherwise(headline: HeadlineFacts, body: BodyFacts) -> list[int]:
    """Where the body gives a number the headline gives otherwise (sorted starts): in the unit of one of the
    headline's exact numbers and agreeing with none of them. A sentence that holds one and none that agrees
    ('killed four employees' for 'kills 40 workers') does not state the headline, whatever words it shares.
    A value a change started from is not one ('to 4.2 per cent, up from 3.9 per cent'): it tells what was."""
    found = [q for q in headline.quantities if not q.vague]
    return sorted(b.start for b in body.quantities if any(q.comparable(b) for q in found)
                  and not any(q.agrees(b) for q in found)
                  and not _STARTED_FROM.search(body.text, max(0, b.start - 8), b.start))


def dates_otherwise(headline: HeadlineFacts, body: BodyFacts) -> list[int]:
    """Where the body gives a date the headline gives otherwise (sorted starts): of a kind one of the headline's
    dates gives (a year, a weekday, ...), agreeing with none of them, in a sentence that gives no date that agrees.
    Like a number given otherwise, a sentence that holds one does not state the headline ('born in 1952' for 'born
    in 1950')."""
    found = headline.dates
    agreeing = {body.sentence_at(b.start) for b in body.dates if any(d.agrees(b) for d in found)} - {None}
    return sorted(b.start for b in body.dates if any(d.comparable(b) for d in found)
                  and not any(d.agrees(b) for d in found) and body.sentence_at(b.start) not in agreeing)


def date_findings(headline: str, body: BodyFacts, read: HeadlineFacts | None = None) -> list[Finding]:
    """Headline dates the body gives otherwise for the same event (error), or never gives."""
    findings = []
    for d in (read or HeadlineFacts.of(headline)).dates:
        outcome = dates.compare(d, body.dates)
        if outcome is None:
            continue
        severity, rival = outcome
        said = headline[d.start : d.end]
        if rival is None:
            findings.append(Finding("date", f"the body never mentions {said}", (d.start, d.end), None, "warning"))
            continue
        other = body.text[rival.start : rival.end]
        message = (f"the headline says {said} but the body says {other}" if severity == "error"
                   else f"the body never says {said}; it says {other}")
        findings.append(Finding("date", message, (d.start, d.end), (rival.start, rival.end), severity))
    return findings


def name_findings(headline: str, body: BodyFacts) -> list[Finding]:
    """Headline names the body spells otherwise, gives to someone else, or never mentions."""
    findings = []
    title_case = names.title_case(headline)
    headline_words = {names.base(w) for w, _, _ in word_spans(headline)}
    for whole, start, _ in names.name_runs(headline, include_first=True):
        run = names.strip_titles(whole)
        start += whole.index(run)
        end = start + len(run)
        lead = headline[:start].rstrip()
        opener_word = not lead or lead[-1] in names.OPENERS
        if (opener_word and " " not in run and names.common_noun(run)) or lead.rfind("[") > lead.rfind("]"):
            continue  # a common noun opening the headline; a tag in brackets ('[Google Translate]')
        titled = (lead.split()[-1:] and names.base(lead.split()[-1]) in names.TITLES  # 'Minister Kasimov'
                  and not names.common_word(run.split()[0]))
        finding = _name_finding(headline, body, run, start, end, headline_words,
                                guess=not title_case or bool(titled), opener=opener_word)
        if finding is not None:
            findings.append(finding)
    return findings


def _name_finding(headline: str, body: BodyFacts, run: str, start: int, end: int, headline_words: set[str],
                  *, guess: bool, opener: bool) -> Finding | None:
    """The first finding that applies: spelt otherwise, a two-word name with one word replaced, the sentence
    that tells the story naming another of the family, or never mentioned (`guess`: the capitals are names).
    `opener`: the run opens the headline, where every word is capitalised."""
    single_opener = opener and " " not in run
    words = run.split()
    missing = [w for w in words if not body.mentions(w)]
    if opener and len(words) > 1 and missing[:1] == words[:1] and names.common_word(words[0]):
        start += len(words[0]) + 1  # 'Hilarious TV show': capitalised because it opens the headline
        words, missing, run = words[1:], missing[1:], " ".join(words[1:])
    run_span = (start, end)
    if not missing:
        return _sibling(headline, body, run, run_span, headline_words) if len(words) == 2 else None
    for w in missing:  # spelt otherwise in the body
        close = None if w.isupper() else body.closest(w)  # acronyms are not misspelt names
        if close is not None:
            at = start + run.index(w)
            return Finding("name", f"the headline spells {_said(headline, (at, at + len(w)))}, the body "
                           f"{_said(body.text, close)}", (at, at + len(w)), close, "error")
    if not guess or len(words) > 2:
        return None
    if len(words) == 2 and len(missing) == 1 and not missing[0].isupper():
        rival = body.rival(words, missing[0])  # 'Kesslin Foods' over 'Kestrin Foods'
        if rival is not None:
            return Finding("name", f"the body names {_said(body.text, rival)}, not {_said(headline, run_span)}",
                           run_span, rival, "error")
    if single_opener or any(w.isupper() for w in missing) or len(missing) < len(words):
        return None  # an acronym the body may spell out ('UK', 'British'), or a name the body gives in part ('Kim')
    first = start + run.index(missing[0])
    last = start + run.rindex(missing[-1]) + len(missing[-1])
    return Finding("name", f"the body never mentions {_said(headline, (first, last))}", (first, last), None,
                   "warning")


def _sibling(headline: str, body: BodyFacts, run: str, span: Span, headline_words: set[str]) -> Finding | None:
    """'Priya Raman wins' over a body whose sentence telling that story names Dev Raman and not Priya Raman."""
    first, surname = (names.base(w) for w in run.split())
    about = names.story(headline, run.split())
    score, best = max(((len(about & s), i) for i, s in enumerate(body.stories)), default=(0, -1))
    if score < names.ROLE_WORDS:
        return None
    sentence = body.sentences[best]
    if run.lower() in sentence.text.lower():
        return None
    subject = next((r for r in body.runs if sentence.start <= r[1] < sentence.end), None)  # who the sentence is about
    if subject is not None and subject[1] - sentence.start <= _SUBJECT_CHARS:
        other, start, end = subject
        parts = [names.base(w) for w in other.split()]
        if len(parts) == 2 and parts[1] == surname and parts[0] != first and parts[0] not in headline_words:
            return Finding("name", f"the body names {_said(body.text, (start, end))}, not {_said(headline, span)}",
                           span, (start, end), "error")
    return None


def quote_findings(headline: str, body: BodyFacts) -> list[Finding]:
    """Quoted headline words the body never quotes, or quotes from someone the headline does not name; O(body) for
    each quote of the headline."""
    findings = []
    for span in quoted_spans(headline):
        said = headline[span[0] : span[1]]
        quoted = quotes.words_of(said)
        if not quoted:
            continue
        speaker = quotes.headline_speaker(headline, span)
        found = [q for q in body.quotations if quotes.contains(q.words, quoted)]
        if found:
            if speaker and not any(not q.speaker or quotes.same_speaker(speaker, q.speaker) for q in found):
                q = found[0]
                who = body.text[q.speaker_span[0] : q.speaker_span[1]] if q.speaker_span else "someone else"
                findings.append(Finding("quote", f"the body attributes {said} to {who}", span,
                                        q.speaker_span or (q.start, q.end), "error"))
            continue
        if quotes.contains(tuple(w for w, _, _ in body.words), quoted):
            continue  # the body says it, without quote marks
        closest = body.closest_quotation(quoted, speaker, names.story(headline))
        findings.append(Finding("quote", f"the body never quotes {said}", span,
                                closest, "warning"))
    return findings


def spelling_findings(headline: str, body: BodyFacts) -> list[Finding]:
    """Names the body spells two ways, the rarer spelling (seen once) being the suspect; not when the headline
    uses both, as two names."""
    headline_words = {names.base(w) for w, _, _ in word_spans(headline)}
    findings = []
    for suspect, usual in body.slips:
        if suspect in headline_words and usual in headline_words:
            continue
        rare, common = body.spellings[suspect], body.spellings[usual]
        shown = [body.text[s:e] for _, s, e in (rare.spots[0], common.spots[0])]
        message = (f"\u201c{shown[0]}\u201d ({_times(len(rare.spots))}) and \u201c{shown[1]}\u201d "
                   f"({_times(len(common.spots))}) look like one name spelt two ways")
        findings.append(Finding("spelling", message, None, rare.spots[0][1:], "editorial"))
    return findings


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


# -- the body, analysed once ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BodyFacts:
    """What the checks need from a body, worked out once however many headlines are checked against it."""

    text: str
    sentences: Sequence[Sentence]
    words: list[Token]
    vocabulary: frozenset[str]
    quantities: list[numbers.Quantity]
    dates: list[dates.DateMention]
    spellings: dict[str, names.Spelling]
    slips: list[tuple[str, str]]
    runs: list[tuple[str, int, int]]
    stories: list[set[str]]
    quotations: list[quotes.Quotation]

    @classmethod
    def of(cls, text: str, sentences: Sequence[Sentence]) -> BodyFacts:
        """O(n log n) in the body's length (see each reader)."""
        words = word_spans(names.fold(text))
        clause_of = clauses(text, words)
        found_dates = dates.mentions(text, words, clause_of)
        spellings, lower = names.spellings("body", text, words)
        vocabulary = frozenset(names.base(w) for w, _, _ in words)
        return cls(text, sentences, words, frozenset(r for w in vocabulary for r in names.roots(w)),
                   numbers.quantities(text, words, clause_of, [(d.start, d.end) for d in found_dates]),
                   found_dates, spellings, names.slips(spellings, lower, set()), names.body_runs(text),
                   [names.story(s.text) for s in sentences], quotes.quotations(text))

    def mentions(self, word: str) -> bool:
        """Case-insensitively, possessive or not, or as another form of it ('Kestria', 'Kestrian')."""
        parts = [names.base(p) for p in word.replace("\u2019", "'").replace("-", " ").split() if p]
        return all(names.roots(p) & self.vocabulary for p in parts)

    def sentence_at(self, offset: int) -> int | None:
        """The index of the sentence that holds body offset `offset` (by bisection), or None."""
        i = bisect_right(self.sentences, offset, key=lambda s: s.start) - 1
        return i if i >= 0 and offset < self.sentences[i].end else None

    def closest_quotation(self, quoted: Sequence[str], speaker: frozenset[str], about: set[str]) -> Span | None:
        """The body quotation most like a headline quote that the body lacks: by its words, its speaker and the
        story of its sentence; None when none has anything in common with it. O(body): each quotation's sentence
        is found by bisection and its story was worked out with the body."""
        quoted_story = names.story(" ".join(quoted))

        def score(q: quotes.Quotation) -> int:
            i = self.sentence_at(q.start)
            story = self.stories[i] if i is not None else set()
            return (2 * len(quoted_story & names.story(" ".join(q.words))) + len(speaker & q.speaker)
                    + len(about & story))
        scored = [(score(q), -q.start, q) for q in self.quotations]
        best = max(scored, default=None, key=lambda t: t[:2])
        return None if best is None or (best[0] == 0 and len(scored) > 1) else (best[2].start, best[2].end)

    def rival(self, words: Sequence[str], missing: str) -> Span | None:
        """A two-word name in the body that keeps the headline's other word in its place and replaces the
        missing one: 'Kestrin Foods' for 'Kesslin Foods', 'Hanna Sorvik' for 'Anna Sorvik'."""
        keep = [names.base(w) for w in words]
        at = keep.index(names.base(missing))
        for run, start, end in self.runs:
            parts = [names.base(w) for w in run.split()]
            if len(parts) == 2 and parts[1 - at] == keep[1 - at] and parts[at] != keep[at] and not names.spelt_alike(
                    parts[at], keep[at]):
                return start, end
        return None

    def closest(self, word: str) -> Span | None:
        """Where the body writes a capitalised word close enough to `word` to be it misspelt."""
        w = names.base(word)
        best = min((s for s, found in self.spellings.items() if found.mid_sentence and names.similar(w, s)),
                   default=None,
                   key=lambda s: (names.edits(w, s), -len(self.spellings[s].spots)))
        return None if best is None else self.spellings[best].spots[0][1:]


def find_all(headline: str, body: BodyFacts) -> list[Finding]:
    """Every finding: headline problems in headline order, then editorial ones; O(body) for a headline."""
    read = HeadlineFacts.of(headline)
    findings = (number_findings(headline, body, read) + date_findings(headline, body, read)
                + name_findings(headline, body) + quote_findings(headline, body))
    findings.sort(key=lambda f: f.headline_span or (len(headline), 0))
    return findings + spelling_findings(headline, body)
