"""Stage 4, the comparison: a claim lined up word by word against each body sentence, as an editor reads it.

For every sentence that is about the claim (it shares the claim's names or several of its words), the
claim's words are matched by lemma, WordNet synonym or related form, and the sentence is read for what
it does to the claim's event: negates it (`negated`), states its opposite (`reversed`: WordNet antonyms),
replaces it with another event over the same actor and object (`changed`), gives it to someone else
(`actor`), counts it otherwise (`count`: the findings' numbers bound to what they count), calls it false
(`debunked`), gives its quotation to another speaker (`misattributed`), only reports it (`hedged`), or
states it (`supported`). Over the whole body: praise or blame the body's account points against
(`evaluative`: VADER's lexicon), and a body that shares the claim's names but none of its event
(`other_story`). Each signal is a `Reason` with the claim's words and the body's words that carry it.

Every loop runs over the body's words once per claim: linear in the body's length (VADER, quadratic in a
text's length, reads at most `TONE_SENTENCE_CHARS` of each sentence).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence, Set
from dataclasses import dataclass, field
from functools import cache

from headcheck.compare.findings import BodyFacts, matched_amounts, name_findings, number_findings, quote_findings
from headcheck.compare.lexicon import HEDGE, NEGATING_VERBS, NEGATION, SAY, lexicon
from headcheck.compare.reading import CLAUSE_BREAK, BodyReading, Word, read_words
from headcheck.limits import TONE_SENTENCE_CHARS
from headcheck.text.grammar import AUXILIARIES, is_verb, quoted_spans
from headcheck.types import Reason, ReasonKind

__all__ = ["CONTRADICTING", "Comparison", "compare"]

# The kinds that say the body contradicts the claim, the most often right first (the editor's rules try
# them in this order).
CONTRADICTING: tuple[ReasonKind, ...] = ("count", "negated", "reversed", "debunked", "misattributed", "actor",
                                         "evaluative")
_NEGATION_REACH = 5  # words before a matched event word within which a negation governs it
_ACTOR_REACH = 6  # words before the event word where its doer is named
_SUPPORTED = 0.6  # share of the claim's content words a sentence must carry to state it
_HEDGED = 0.4
_CONTRADICTS_SHARE = 0.3  # share of the claim's content words a sentence needs before it can contradict it
_ABOUT_WORDS = 2  # shared content words that make a sentence about the claim
_OTHER_STORY_SHARE = 4  # another story shares at most one in this many of the claim's words beside its names
_OTHER_STORY_WORDS = 3  # words beside its names a claim needs to tell a story ('the leader Ardesia needs' has two)
_TOLD = 0.5  # share of the claim's content words a body carries (with all its names) to tell its story
# What a claim can rest on, a picture or a document ('Video shows ...', 'Leaked memo reveals ...'): the body's
# 'the memo' is the claim's.
_EXHIBITS = frozenset("""photo photograph picture image video clip footage memo letter document chart graph
    screenshot email recording poster leaflet""".split())
_REFERENCES = _EXHIBITS | frozenset("""claim claims report reports post posts story rumour rumor figure figures
    statement quote account allegation allegations""".split())
_DEBUNK_PHRASES = ("no such", "did not happen", "never happened", "out of context", "not genuine",
                   "no evidence", "no basis", "not true", "never took place", "was edited", "been edited",
                   "was altered", "been altered", "were altered", "was staged", "was cropped")
# A headline that calls something false asserts nothing ('Photo of X is fake'); one that reports a fraud, a
# forgery or an invention does ('Jury convicts X of fraud'): the debunking words that judge a claim.
_CALLED_FALSE = frozenset("""false fake hoax untrue bogus baseless misleading myth debunk unfounded groundless
    doctored satire""".split())
_TAKEN = frozenset("take film shoot record date post upload".split())  # where a picture comes from
_ELSEWHERE = frozenset("another different earlier previous".split())
_YEAR = re.compile(r"(?:19|20)\d\d")
_QUOTE_MARKS = re.compile("[\"\u201c\u2018]|(?<!\\w)'")
_SAID_THINGS = frozenset("claim thing remark comment statement word".split())
_SUBORDINATING = frozenset("that which who since when after because while although".split())
_OWNING = frozenset({"belong"})  # 'the line belonged to X': whose words they were
_QUOTED_THINGS = frozenset("remark comment word phrase quote quotation".split())  # what refers to a quotation
# A speaker's denial that words are theirs, in one verb ('has disowned the remark', 'says she was misquoted').
_MISQUOTED = frozenset("misquote misattribute".split())
_DISOWNING = frozenset("disown disavow repudiate".split())  # ... of words: 'disowned the remark'
_WRONGLY = frozenset("wrongly falsely mistakenly wrong".split())  # 'wrongly attributed to him'
_POSSESSIVES = frozenset("his hers theirs mine ours".split())  # 'the words were not his'
_SOURCE_REACH = 12  # words from 'the remark' to 'by' (past the words quoted), and from 'by' to the name
_PHRASAL = frozenset("call rule".split())  # 'called off', 'ruled out'
# What a headline reports as done while the body has it turned down: 'the council rejected the proposal'.
_PROPOSALS = frozenset("proposal plan bid motion offer request application deal bill measure".split())
# What clears a named doer: 'is not a suspect', 'was not involved', 'no evidence that X'.
_CLEARING = frozenset("suspect involved involvement responsible blame behind fault charged arrested".split())
_PRONOUNS = frozenset("he she they it".split())  # the claim's doer in a body that tells its story
_NOT_ONLY = frozenset("just only merely simply".split())  # 'not just X (but Y)' negates nothing
_BESIDES = frozenset("else other others further more".split())  # 'no one else', 'no other', 'no more'
_NO_SIGN = frozenset("evidence sign suggestion indication link connection".split())
_TYING = frozenset("link connect tie implicate suggest indicate".split())  # 'nothing linking X', 'nothing to tie X'

_CANCELLING = frozenset("cancel scrap abandon halt postpone shelve suspend".split())
_ENDING = frozenset("end stop".split())  # a claim that something ends is borne out by its being called off
# Events that a cancellation contradicts outright: the thing was to happen and did not ('goes ahead', 'opens').
_HAPPENING = frozenset("go proceed open reopen start begin launch resume happen hold".split())
_DECIDING = frozenset("approve pass reject vote".split())  # decided at a meeting or vote that can be called off
# Refusing verbs that as often mean something else ('dismissed 11 workers', 'sales declined').
_AMBIGUOUS_REFUSALS = frozenset("dismiss decline".split())
_DENY = frozenset("deny dismiss reject".split())  # a negation that is someone's denial: confirmed evidence outweighs it
_COPULAS = frozenset("is was are were been be".split())
_BE = _COPULAS | {"being"}  # a passive's auxiliary ('is being printed')
_RECEIVING = frozenset("win receive earn collect scoop".split())  # whose doer is the one a prize goes to
_GIVEN = frozenset("go award give present hand".split())  # 'the prize went to X', 'was awarded on Saturday to X'
_SOURCES = frozenset({"come"})  # 'the order came from X': where a thing comes from is its doer
_SHORT = frozenset("short shy".split())  # 'short of', 'shy of': not reaching what follows
_LIGHT_VERBS = frozenset("make take give have hold stage conduct".split())  # 'makes a landing': the noun is the event
_LINKING = frozenset("be stay remain keep".split())  # lemmas of verbs whose complement says what holds
_OF_DOER = frozenset("at of from the a an".split())  # words inside a doer's phrase after 'by'
_DONE = frozenset("make carry do cause conduct".split())  # 'the find was made by', 'the work was carried out by'
_NAMING = frozenset("called named known as led headed run by".split())  # between a common noun and its name
_NOT_DOERS = frozenset("""january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday as""".split())  # 'as': 'by militants, as shown'
_MODALS = frozenset("will would shall should can could may might must".split())
_DETERMINERS = frozenset("the a an its his her their our your my this that these those".split())
_PREPOSITIONS = frozenset("in on at of from to for into near over under with about after before since".split())
_INFLECTED = re.compile(r"(?:s|ed|en|ing)$")
# Verbs that only report what someone said: never a claim's event ('adds', 'calls off', 'warns' can be).
_REPORTING = frozenset("say tell claim insist quote".split())
_SEEMING = frozenset("appear seem suspect".split())  # a headline's own hedges beside the body's cue words
_PARTICIPLE = re.compile(r"(?:ed|en)$")
_FINITE = re.compile(r"(?:[^s]s|ed|en)$")  # 'lifts', 'ordered', 'taken'; not 'loss' nor 'raising'

_CONFIRMING = frozenset("confirm find establish show prove reveal conclude uphold verify corroborate conclusive"
                        .split())  # 'not yet conclusive' is a confirmation still to come
_CONFIRMING_OR_PASSING = _CONFIRMING | frozenset("approve accept back".split())
_FINDING = frozenset("find establish show reveal conclude".split())  # of them, those that report what was found
_PRAISE_OR_BLAME = 1.5  # summed VADER valence of the claim's judging words (not its event)
_BODY_TONE = 0.4  # |compound| of a body sentence that points one way
_EPITHET_REACH = 3  # words between a name and the praise or blame the headline gives it


@dataclass(frozen=True, slots=True)
class _Claim:
    """The claim read once: its words, which are content, which are names, which are its event."""

    text: str
    words: list[Word]
    keys: list[frozenset[str]]  # what each word matches (lemmas, synonyms, related forms)
    content: list[int]
    names: list[int]
    event: list[int]  # its main verbs (one or two): content words that can be verbs and are not names
    negated: frozenset[int]  # event words the claim itself negates ("does not resign")
    said_at: int | None  # the word that attributes it ('X says Y', the event of 'X predicts "Z"', or where the
    # quotation of 'X: "Z"' starts)
    asserts: bool  # not a question, a denial or a debunking ("X will not play", "reports of X are false")
    hedges: bool  # only reports it ("X reportedly ...", "X appears to ..."): a body cannot bear out more
    pictured: bool  # it rests on a picture or a document ('Photo shows ...', 'tiger filmed roaming'): 'the photo'
    # is the claim's
    quoted: list[int]  # content words inside a quotation someone is said to have said ('Chef X: "..."', 'X says
    # "..."'), not a title or a nickname

    @classmethod
    def of(cls, text: str) -> _Claim:
        words = read_words(text)
        lex = lexicon()
        content = [i for i, w in enumerate(words) if w.content]
        # An opening word before another capital is a name ('Ostrand Council'), unless it praises or blames
        # ('Visionary CEO Ada Brun'): that is an epithet.
        names = [i for i in content if words[i].capital or (i == 0 and _name_like(text, words, i)
                                                             and not _valence().get(words[i].text))]
        tokens = [w.text for w in words]
        # The event is what is done, not who says or claims it ("Isis claims to behead ...": behead); a claim
        # that says what something is ("the curfew is a mistake") has none after its copula but a passive one.
        copula = next((i for i, w in enumerate(words) if w.text in _COPULAS), len(words))
        # A gerund after a preposition, a determiner or a number is a noun ('of finding love', 'a £40m ticketing
        # fiasco'), not the claim's event.
        candidates = [i for i in content if i not in names and not words[i].lemmas & (_REPORTING | HEDGE)
                      and (i < copula or _PARTICIPLE.search(words[i].text))
                      and not (i > 0 and words[i].text.endswith("ing") and (
                          words[i - 1].text in _PREPOSITIONS | _DETERMINERS or words[i - 1].number))]
        verbs = [i for i in candidates if is_verb(tokens, i)]
        inflected = [i for i in candidates if i > 0 and lex.is_verb(words[i].text) and _INFLECTED.search(words[i].text)]
        others = [i for i in candidates if i > 0 and lex.is_verb(words[i].text)]
        # A noun that could be a verb, then the verb that agrees with it: 'shares rise', 'fire forces' (one of the
        # two ends in -s); 'teachers end strike', 'mayor cuts jobs' keep their first verb.
        if len(verbs) > 1 and verbs[1] == verbs[0] + 1 and (
                tokens[verbs[0]].endswith("s") != tokens[verbs[1]].endswith("s")):
            verbs = verbs[1:]
        # A headline's verb is most often a form only a verb takes there ('lifts', 'ordered'): the first such
        # beside the first known verb form ('Estrel lifts ban': 'lifts' and 'ban'), in the claim's order.
        marked = [i for i in inflected if _FINITE.search(words[i].text) and words[i - 1].text not in _DETERMINERS
                  and not _in_phrase(words, i)]
        event = sorted(set(verbs[:1] + marked[:1])) or (inflected or others)[:1]
        # A plural noun before a verb's base form is its subject: 'bells ring', 'crews rescue' (not a news verb
        # before its object: 'lifts ban').
        event = sorted({i + 1 if tokens[i].endswith("s") and not is_verb(tokens, i) and i + 1 in candidates
                        and lex.base_verb(tokens[i + 1]) else i for i in event})
        asserts = not text.rstrip().endswith("?") and not any(
            w.lemmas & _CALLED_FALSE or w.text in NEGATION or w.lemmas & _DENY for w in words)
        hedges = any(w.lemmas & (HEDGE | _SEEMING) for w in words)
        # a verb of saying in use ('says', 'warned', 'to warn'), not a noun ('Ezerine state hackers')
        said_at = next((i for i, w in enumerate(words) if w.lemmas & SAY and (
            lex.finite(w.text) or (i > 0 and words[i - 1].text == "to"))), None)
        if said_at is None and (quote := _QUOTE_MARKS.search(text)):
            # 'Coach X: "This is the best squad"': the quotation's first word; 'X predicts "Z"': its event
            opened = next((i for i, w in enumerate(words) if w.start > quote.start()), None)
            said_at = opened if text[: quote.start()].rstrip().endswith(":") or not event else event[0]
        said = [(a, b) for a, b in quoted_spans(text) if text[:a].rstrip().endswith(":") or any(
            w.lemmas & SAY for w in words if w.end <= a and not text[w.end:a].strip())]
        return cls(text, words, [lex.keys(w.lemmas) for w in words], content, names, event,
                   frozenset(i for i in event if _negated(words, i) is not None), said_at, asserts, hedges,
                   any(w.lemmas & _EXHIBITS or ("film" in w.lemmas and lex.finite(w.text)) for w in words),
                   [i for i in content if any(a < words[i].start < b for a, b in said)])


def _in_phrase(words: Sequence[Word], i: int) -> bool:
    """Word i ends a preposition's phrase, with only numbers and words that are no verb forms between
    ('after nine straight defeats'): a noun, not the claim's event."""
    lex = lexicon()
    for m in range(i - 1, -1, -1):
        if words[m].text in _PREPOSITIONS:
            return True
        if not (words[m].number or (words[m].content and not lex.is_verb(words[m].text))):
            return False
    return False


def _claim_span(claim: _Claim, indices: Sequence[int]) -> tuple[int, int] | None:
    """The headline words a reason points at: from the first to the last of `indices` (None for none)."""
    return (claim.words[min(indices)].start, claim.words[max(indices)].end) if indices else None


def _what(claim: _Claim) -> tuple[int, int] | None:
    """The claim's event words, or all its content words when it has no event: what a hedge, a statement
    or a debunking in the body is about."""
    return _claim_span(claim, claim.event or claim.content)


def _name_like(text: str, words: Sequence[Word], i: int) -> bool:
    """An opening capital that names: before another capital ('Ostrand Council', 'University of Saltmarren') or
    a comma ('Tolvan, a safe pair of hands')."""
    return i + 1 < len(words) and (words[i + 1].capital or "," in text[words[i].end : words[i + 1].start] or (
        words[i + 1].text == "of" and i + 2 < len(words) and words[i + 2].capital))


@dataclass(slots=True)
class Comparison:
    """What the body does to one claim: the signals found, strongest first within each kind."""

    reasons: list[Reason] = field(default_factory=list)

    def of_kind(self, kind: ReasonKind) -> list[Reason]:
        return [r for r in self.reasons if r.kind == kind]

    def kinds(self) -> set[ReasonKind]:
        return {r.kind for r in self.reasons}


def _matches(claim: _Claim, i: int, word: Word) -> bool:
    w = claim.words[i]
    if i in claim.names:
        return w.text == word.text
    return bool(w.lemmas & word.lemmas or claim.keys[i] & word.lemmas or w.stem == word.stem)


def _aligned(claim: _Claim, words: Sequence[Word]) -> dict[int, int]:
    """Claim content word -> the first sentence word it matches."""
    found: dict[int, int] = {}
    for i in claim.content:
        for j, word in enumerate(words):
            if word.content and _matches(claim, i, word):
                found[i] = j
                break
    return found


def _negated(words: Sequence[Word], j: int) -> int | None:
    """The negation governing word j, as a word index: a negation a few words before it in its clause, or a
    negating verb whose object clause holds it ('denied that he took', 'refused to sign')."""
    for k in range(j - 1, max(-1, j - 1 - _NEGATION_REACH), -1):
        word = words[k]
        if word.clause != words[j].clause:
            return k if word.lemmas & NEGATING_VERBS else None
        if word.text in NEGATION and any(w.text in _BESIDES for w in words[k + 1 : k + 3]):
            return None  # 'no one else was arrested': of others, not of the claim's
        if word.text in NEGATION or (word.lemmas & NEGATING_VERBS and k < j - 1 and not _itself_negated(words, k)):
            # Another verb between them takes the negation ('had not known the statue was stolen'); not a noun
            # after 'no' ('no plans to move'), nor a verb that hands it on to an infinitive ('not set to close').
            if word.text in NEGATION and any(
                    words[m].content and words[m].text not in AUXILIARIES and lexicon().finite(words[m].text)
                    and words[m - 1].text != "no" and words[m + 1].text != "to" for m in range(k + 1, j)):
                return None
            return k
        if word.text in _SHORT and words[k + 1].text == "of" and k + 1 < j:
            return k  # 'stopped short of closing the fishery', 'a hundredth shy of the record'
        if word.lemmas & _PHRASAL and k + 1 < j and words[k + 1].text in ("off", "out"):
            return None if _itself_negated(words, k) or _undecided(words, k) else k
        if word.text in ("that", "to") and k > 0 and words[k - 1].lemmas & NEGATING_VERBS:
            return k - 1
    return None


def _itself_negated(words: Sequence[Word], k: int) -> bool:
    """A negation just before word k ('could not rule out', 'did not deny'): two negations that cancel."""
    return any(w.text in NEGATION for w in words[max(0, k - 2) : k])


def _undecided(words: Sequence[Word], k: int) -> bool:
    """Word k turns down what a verb of confirming beside it, joined by 'or', bears out: the question is open
    ('hoped to confirm or rule out ice', 'to reject or approve the plan')."""
    return (k > 1 and words[k - 1].text == "or" and bool(words[k - 2].lemmas & _CONFIRMING_OR_PASSING)) or (
        k + 2 < len(words) and words[k + 1].text in ("or", "out") and any(
            w.lemmas & _CONFIRMING_OR_PASSING for w in words[k + 1 : k + 4] if w.text != "or"))


def _span(words: Sequence[Word], a: int, b: int | None = None) -> tuple[int, int]:
    b = a if b is None else b
    return words[min(a, b)].start, words[max(a, b)].end


def _say(claim: _Claim, i: int) -> str:
    return f"\u201c{claim.text[claim.words[i].start:claim.words[i].end]}\u201d"


def _quoted(body: str, span: tuple[int, int]) -> str:
    return f"\u201c{body[span[0]:span[1]]}\u201d"


def compare(claim_text: str, reading: BodyReading, facts: BodyFacts) -> Comparison:
    """Every signal between the claim and the body (see the module docstring); O(body) for a claim, each
    sentence read once and its tone weighed on at most TONE_SENTENCE_CHARS."""
    claim = _Claim.of(claim_text)
    out = Comparison()
    if not claim.content:
        return out
    event_anywhere: set[int] = set()
    shared_anywhere: set[int] = set()
    alignments = [_aligned(claim, words) for words in reading.words]
    # An article that tells the claim's story (its names, most of its words) goes on about it in sentences
    # that say "the agency" or "he": there the claim's event, negated or turned round, needs no more words.
    told = _tells(claim, alignments)
    quotation_ends = [_quotation_end(claim, words) for words in reading.words] if claim.said_at is not None else []
    amounts = sorted(a for a, _ in matched_amounts(claim_text, facts))
    for index, (words, aligned) in enumerate(zip(reading.words, alignments, strict=True)):
        shared = len(aligned)
        names_shared = sum(1 for i in aligned if i in claim.names)
        shared_anywhere |= {i for i in aligned if i not in claim.names}
        coverage = shared / len(claim.content)
        if claim.said_at is not None:  # 'The remark was made by X': the quotation's words need not recur
            # ('It was spoken by X' just after a sentence that repeats the quotation)
            out.reasons += _said_by_other(claim, words, index, reading.text, quotation_ends[index],
                                          after_quotation=index > 0 and quotation_ends[index - 1] is not None)
        amount = shared > 0 and _holds(words, amounts)
        if shared < _ABOUT_WORDS and not names_shared and not amount:
            if told and claim.asserts:
                out.reasons += _told_signals(claim, words, aligned, index, reading.text)
            elif claim.asserts and claim.pictured and any(w.lemmas & _EXHIBITS for w in words):  # 'the photo was'
                out.reasons += _debunked(claim, words, aligned, index, reading.text)
            continue
        event_anywhere |= {i for i in aligned if i in claim.event}
        # A sentence contradicts the claim only when it is plainly about it (a fair share of its words, or all
        # its names and another word: 'Lumora ... will shed 200 roles'), or when it carries the claim's event in
        # an article that tells the claim's story.
        about = coverage >= _CONTRADICTS_SHARE or (names_shared == len(claim.names) > 0 and shared >= _ABOUT_WORDS)
        sentence_reasons = (_sentence_signals(claim, words, aligned, index, reading.text, anaphoric=False)
                            if about and claim.asserts
                            else _told_signals(claim, words, aligned, index, reading.text)
                            if told and claim.asserts else [])
        out.reasons += sentence_reasons
        hedge = _hedge(words)
        contradicted = not claim.asserts or any(r.kind in CONTRADICTING for r in sentence_reasons)
        states = not contradicted and not claim.hedges and bool(claim.event)
        event_ok = not claim.event or any(i in aligned for i in claim.event)
        if hedge is not None and coverage >= _HEDGED and event_ok and not contradicted:
            span = _span(words, hedge)
            out.reasons.append(Reason("hedged", f"the body only reports it: {_quoted(reading.text, span)}",
                                      _what(claim), span, index))
        elif states and coverage >= _HEDGED and (
                confirming := next((k for k in range(len(words)) if _confirms(words, k, aligned)), None)) is not None:
            span = _span(words, confirming)
            out.reasons.append(Reason("supported", f"the body confirms it: {_quoted(reading.text, span)}",
                                      _what(claim), span, index))
        elif states and (first := min(aligned.values()) if coverage >= _SUPPORTED and event_ok
                         else _amount_told(claim, words, aligned) if amount and hedge is None else None) is not None:
            span = _span(words, first, max(aligned.values()))
            out.reasons.append(Reason("supported", f"the body states it: {_quoted(reading.text, span)}",
                                      _claim_span(claim, list(aligned)), span, index))
    changed = _changed(claim, reading, alignments, event_anywhere)
    out.reasons += changed
    out.reasons += _counts(claim_text, facts) + _quotes(claim_text, facts) + _names(claim_text, facts)
    evaluative = _evaluative(claim, reading)
    out.reasons += evaluative
    non_names = [i for i in claim.content if i not in claim.names]
    # What the claim tells of the named thing: its words beside the names' phrases ('Fire destroys | Ostrand town
    # hall'); a body that names the thing and carries none of them tells another story, whatever verb it uses.
    named = _named_phrases(claim)
    story = [i for i in non_names if i not in named]
    # (Another event for the named thing may also be the claim's event told otherwise, 'changed': the judge
    # keeps whichever the sentence embeddings say, `judges.minilm_nli.same_story`.)
    untold = len(story) >= _ABOUT_WORDS and not (shared_anywhere | event_anywhere) & set(story)
    if ((untold or (len(non_names) >= _OTHER_STORY_WORDS
                    and len(shared_anywhere) <= len(non_names) // _OTHER_STORY_SHARE and not changed))
            and not event_anywhere and not evaluative
            and not out.kinds() & {"negated", "reversed", "debunked"} and (mentions := _mentions(claim, reading))):
        names = {claim.words[i].text for i in claim.names}
        first = next(w for w in reading.words[mentions[0]] if w.text in names)
        out.reasons.append(Reason("other_story", "the body shares the headline's names but none of its event",
                                  _claim_span(claim, claim.names), (first.start, first.end), mentions[0]))
    return out


def _holds(words: Sequence[Word], starts: Sequence[int]) -> bool:
    """Whether one of the sorted body offsets `starts` falls in the sentence; O(log n)."""
    if not words:
        return False
    k = bisect_left(starts, words[0].start)
    return k < len(starts) and starts[k] <= words[-1].end


def _amount_told(claim: _Claim, words: Sequence[Word], aligned: dict[int, int]) -> int | None:
    """In a sentence that holds the claim's amount stated alike ('4.2 per cent' for '4.2%'), the claim's event in
    its own words or a kindred verb ('raises' / 'has lifted', 'will increase'): the claim told otherwise, though
    the sentence carry no other word of it ('The mutual has lifted the interest ... to 4.2 per cent'). The event
    word's index, or None."""
    lex = lexicon()
    own = next((aligned[i] for i in claim.event if i in aligned), None)
    return own if own is not None else next(
        (j for j, w in enumerate(words) if (lex.finite(w.text) or (j > 0 and words[j - 1].text in _MODALS))
         and any(lex.kin(claim.words[i].lemmas, w.lemmas) for i in claim.event)), None)


def _named_phrases(claim: _Claim) -> set[int]:
    """The claim's content words in a run of them that holds a name: 'Ostrand town hall', 'mayor Ida Voss'."""
    runs: list[list[int]] = [[]]
    for i, word in enumerate(claim.words):
        if word.content and i not in claim.event and (not runs[-1] or runs[-1][-1] == i - 1):
            runs[-1].append(i)
        else:
            runs.append([i] if word.content and i not in claim.event else [])
    return {i for run in runs if set(run) & set(claim.names) for i in run}


def _hedge(words: Sequence[Word]) -> int | None:
    """The word that makes a sentence only report its claim: a hedge ('reportedly', 'may'), unnamed sources
    ('sources close to the club say'), or a confirmation that has not come ('tests have yet to confirm it',
    'could not be verified')."""
    for k, w in enumerate(words):
        if w.lemmas & HEDGE and not (w.capital and w.text in _NOT_DOERS):  # not the month 'from May'
            return k
        if w.text == "sources" and any(x.lemmas & SAY for x in words[k + 1 : k + 6]):
            return k
        if w.lemmas & _CONFIRMING and k + 2 < len(words) and _undecided(words, k + 2):
            return k  # 'to confirm or rule out': still open
        if w.lemmas & _CONFIRMING and (_negated(words, k) is not None
                                       or [x.text for x in words[max(0, k - 2) : k]] == ["yet", "to"]):
            return k
    return None


def _confirms(words: Sequence[Word], k: int, aligned: dict[int, int]) -> bool:
    """Word k confirms what follows it: a verb of finding or showing, not negated, not only seeming to
    ('a video appearing to show'), with some of the claim's words after it; not a claim word itself ('cracks
    found'), nor a finding of something else after the claim's words ('the bells never rang: engineers found
    a cracked bearing')."""
    used = aligned.values()
    if not words[k].lemmas & _CONFIRMING or _negated(words, k) is not None or k in used or all(j < k for j in used):
        return False
    if k + 2 < len(words) and _undecided(words, k + 2):  # 'to confirm or rule out'
        return False
    return not any(w.lemmas & _SEEMING for w in words[max(0, k - _NEGATION_REACH):k] if w.clause == words[k].clause)


def _mentions(claim: _Claim, reading: BodyReading) -> list[int]:
    return [s for s, words in enumerate(reading.words) if any(w.text == claim.words[i].text for i in claim.names
                                                               for w in words)]


def _tells(claim: _Claim, alignments: Sequence[dict[int, int]]) -> bool:
    """The body tells the claim's story: every name of the claim and most of its words are in it. An opening
    word of the language read as a name needs not be ('Former Greyhope governor cleared')."""
    carried = {i for aligned in alignments for i in aligned}
    names = {i for i in claim.names if i > 0 or not lexicon().known(claim.words[i].lemmas)}
    return names <= carried and len(carried) >= _TOLD * len(claim.content)


def _sentence_signals(claim: _Claim, words: Sequence[Word], aligned: dict[int, int], index: int,
                      body: str, *, anaphoric: bool) -> list[Reason]:
    """Every contradiction one sentence plainly about the claim carries."""
    # The speaker denying the quotation first: "I made no such prediction" also negates the claim's event.
    found = (_unsaid(claim, words, index, body)
             or _event_signals(claim, words, aligned, index, body, anaphoric=anaphoric))
    if not found:
        found += _actor(claim, words, aligned, index, body)
    return found + _debunked(claim, words, aligned, index, body)


def _debunked(claim: _Claim, words: Sequence[Word], aligned: dict[int, int], index: int, body: str) -> list[Reason]:
    """The sentence calls something false, and that something is the claim: it shares the claim's words or
    names what was claimed ('the picture', 'the figure')."""
    # not a word the claim itself reports ('Dealer sold forged painting' over 'the painting was a forgery'), nor
    # one said of some other thing ('under a false name', 'tips made up the difference', 'made up of 40 singers')
    used = set(aligned.values())
    debunk = next((k for k, w in enumerate(words) if (w.lemmas | set(w.text.split("-"))) & lexicon().debunk
                   and k not in used and not _of_another_thing(words, k, used)), None)
    lower = body[words[0].start:words[-1].end].lower() if words else ""
    # a phrase said of the claim, not of a thing a relative clause names ('drills that never took place')
    phrase = next((p for p in _DEBUNK_PHRASES if p in lower and not _relative_to_another(words, lower, p, used)),
                  None)
    if debunk is None and phrase is None:
        return _elsewhere(claim, words, used, index, body)
    if not (any(w.lemmas & _REFERENCES for w in words) or len(aligned) >= _ABOUT_WORDS):
        return []
    span = _span(words, debunk) if debunk is not None else _phrase_span(words, lower, phrase or "")
    # A claim whose event is itself a faking ('Westline falsified safety logs') is borne out, not debunked, by a
    # body that says the logs 'had been altered'.
    lex = lexicon()
    if any(claim.words[i].lemmas & lex.debunk or lex.kin(claim.words[i].lemmas, w.lemmas)
           for i in claim.event for w in words if span[0] <= w.start < span[1]):
        return []
    return [Reason("debunked", f"the body calls it false: {_quoted(body, span)}", _what(claim), span, index)]


def _of_another_thing(words: Sequence[Word], k: int, used: Set[int]) -> bool:
    """Debunking word k is said of something other than a claim: an adjective before a noun that names no claim
    ('a false name', 'fake passports'), or 'made up' followed by what it makes up ('made up the difference',
    'made up of 40 singers')."""
    after = words[k + 1] if k + 1 < len(words) else None
    if "-" in words[k].text:  # 'made with a fake-message generator': the thing is what was faked
        return False
    if "make_up" in words[k].lemmas:
        return any(x.text == "of" or x.text in _DETERMINERS or x.number for x in words[k + 1 : k + 3])
    return bool(after and after.content and after.clause == words[k].clause and k + 1 not in used
                and not after.lemmas & _REFERENCES and not lexicon().finite(after.text)
                and not _FINITE.search(words[k].text))


def _relative_to_another(words: Sequence[Word], lower: str, phrase: str, used: Set[int]) -> bool:
    """The debunking phrase opens a relative clause about a thing the claim does not name ('lifeboat drills
    that never took place')."""
    start = lower.index(phrase)
    first = next((k for k, w in enumerate(words) if w.start - words[0].start >= start), None)
    return bool(first and first >= 2 and words[first - 1].text in ("that", "which")
                and words[first - 2].content and first - 2 not in used
                and not words[first - 2].lemmas & _REFERENCES)


def _elsewhere(claim: _Claim, words: Sequence[Word], claimed: Set[int], index: int, body: str) -> list[Reason]:
    """A picture the claim says shows something, which the body says was taken somewhere or sometime else: 'the
    photo was taken in another country in 2019' (a place or a year the claim does not give). `claimed`: the
    sentence's words that carry the claim's."""
    if not claim.pictured:
        return []
    shown = any(w.lemmas & _EXHIBITS for w in words)
    said = {w.text for w in claim.words}
    for k, w in enumerate(words):
        # the picture named in the sentence, 'it' just before ('It was recorded in 2017'), or the claim's own
        # filming ('wolf filmed roaming' / 'the wolf was filmed in 2019')
        if not w.lemmas & _TAKEN or not lexicon().finite(w.text) or not (
                shown or k in claimed or any(x.text == "it" for x in words[max(0, k - 3) : k])):
            continue
        for m in range(k + 1, min(len(words), k + _NEGATION_REACH)):
            if words[m].text == "ago":  # 'filmed nine years ago'
                span = _span(words, k, m)
                return [Reason("debunked", f"the body gives the picture another origin: {_quoted(body, span)}",
                               _what(claim), span, index)]
            if words[m].text not in ("in", "at", "during", "from") or m + 1 >= len(words):
                continue
            # another place or time just after it ('in another country', 'at Carrow in 2019'), or a year a few
            # words on ('during rehearsals for the 2016 parade') that the claim does not give
            where = words[m + 1 : m + 5]
            hit = next((n for n, x in enumerate(where) if x.text not in said and (
                _YEAR.fullmatch(x.text) or (n < 2 and (x.capital or x.text in _ELSEWHERE)))), None)
            if hit is not None:
                span = _span(words, k, m + 1 + max(hit, min(1, len(where) - 1)))
                return [Reason("debunked", f"the body gives the picture another origin: {_quoted(body, span)}",
                               _what(claim), span, index)]
    return []


def _told_signals(claim: _Claim, words: Sequence[Word], aligned: dict[int, int], index: int,
                  body: str) -> list[Reason]:
    """What a sentence with few of the claim's words does to it, in an article that tells the claim's story:
    negates or turns round its event, has its speaker deny saying it, or calls what was claimed false."""
    return (_unsaid(claim, words, index, body) or _event_signals(claim, words, aligned, index, body, anaphoric=True)
            or _actor(claim, words, aligned, index, body, anaphoric=True)
            or _debunked(claim, words, aligned, index, body))


def _event_signals(claim: _Claim, words: Sequence[Word], aligned: dict[int, int], index: int, body: str, *,
                   anaphoric: bool) -> list[Reason]:
    """The sentence negates the claim's event or states its opposite. `anaphoric`: the article tells the
    claim's story, so the sentence needs none of the claim's other words ('the agency downgraded it')."""
    found: list[Reason] = []
    lexi = lexicon()
    for i in _negatable(claim):
        j = aligned.get(i)
        k = None if j is None else _negated(words, j)
        if j is not None and k is None:
            k = _called_off(words, j)
        # A body that negates what the claim asserts contradicts it; a body that mentions, unnegated, what the
        # claim negates ('will not play') need not: it may be the background the claim denies.
        if j is not None and k is not None and i not in claim.negated:
            kind: ReasonKind = "denied" if words[k].lemmas & _DENY else "negated"
            span = _span(words, k, j)
            found.append(Reason(kind, f"the headline says {_say(claim, i)}; the body says {_quoted(body, span)}",
                                (claim.words[i].start, claim.words[i].end), span, index))
            break
        others = len(aligned) - (1 if i in aligned else 0)
        if not anaphoric and others < _ABOUT_WORDS:
            continue
        opposite = next((jj for jj, w in enumerate(words)
                         if w.content and lexi.opposite(claim.words[i].lemmas, w.lemmas) and not _conditional(words, jj)
                         and not _reports_finding(words, jj) and not _dated(claim, words, jj)
                         and _negated(words, jj) is None and _predicate(words, jj, body)), None)
        if opposite is not None:
            span = _span(words, opposite)
            found.append(Reason("reversed", f"the headline says {_say(claim, i)}; the body says {_quoted(body, span)}",
                                (claim.words[i].start, claim.words[i].end), span, index))
            break
    return found or _turned_down(claim, words, aligned, index, body, anaphoric=anaphoric)


def _restates_claim(claim: _Claim, word: Word) -> bool:
    """A negating verb that is one of the claim's words in other words, the same or a kindred verb ('pulls cough
    syrup' / 'has withdrawn its cough syrup', 'recalls baby formula' / 'has withdrawn its infant formula'): it
    tells the claim, not turns it down."""
    lex = lexicon()
    return bool(word.lemmas & NEGATING_VERBS) and any(
        claim.keys[i] & word.lemmas or lex.kin(claim.words[i].lemmas, word.lemmas) for i in claim.content)


def _negatable(claim: _Claim) -> list[int]:
    """The claim's event words, and after a light verb the noun that names the event ('makes an emergency
    landing': 'landing', which 'the jet never landed' negates)."""
    objects = _objects(claim)
    light = any(claim.words[i].lemmas & _LIGHT_VERBS for i in claim.event)
    return [*claim.event, *(objects[-1:] if light else [])]


def _dated(claim: _Claim, words: Sequence[Word], j: int) -> bool:
    """Word j's clause dates it 'in' a year the claim does not give, or to some time ago ('she joined the
    house in 2015'): another event, not the claim's turned round ('extended the ban until 2026' is not)."""
    years = {w.text for w in claim.words if _YEAR.fullmatch(w.text)}
    return any((_YEAR.fullmatch(w.text) and w.text not in years and k > 0 and words[k - 1].text == "in")
               or w.text == "ago" for k, w in enumerate(words) if w.clause == words[j].clause)


def _called_off(words: Sequence[Word], j: int) -> int | None:
    """The event word j, as a noun, called off after it in its clause: 'the strike was put on hold', 'the launch
    has been postponed', 'the vote never took place'; the word that calls it off."""
    for k in range(j + 1, min(len(words), j + _NEGATION_REACH)):
        if words[k].clause != words[j].clause:
            return None
        if words[k - 1].text in _COPULAS and (_turns_down(words, k) or words[k].lemmas & _CANCELLING):
            return k
        if words[k].text in NEGATION and _happens(words, k + 1):
            return k
    return None


def _happens(words: Sequence[Word], k: int) -> bool:
    """A verb of taking place at word k or the next ('happened', 'did take place', 'go ahead')."""
    for m in range(k, min(len(words), k + 2)):
        here, after = words[m], words[m + 1].text if m + 1 < len(words) else ""
        if here.lemmas & _HAPPENING or ("take" in here.lemmas and after == "place") or (
                "go" in here.lemmas and after == "ahead"):
            return True
    return False


def _reports_finding(words: Sequence[Word], k: int) -> bool:
    """Word k is a verb of finding that reports what follows or went before ('an inquiry found.', 'found that
    ...'): no event of its own to oppose the claim's ('lost')."""
    return bool(words[k].lemmas & _FINDING) and (
        k + 1 == len(words) or words[k + 1].clause != words[k].clause or words[k + 1].text == "that")


def _conditional(words: Sequence[Word], k: int) -> bool:
    """Word k sits in an 'if' or 'unless' clause ('if approved, the plan would ban'): what may happen."""
    return any(w.text in ("if", "unless") for w in words[max(0, k - _NEGATION_REACH) : k]
               if w.clause >= words[k].clause - 1)


def _turns_down(words: Sequence[Word], k: int) -> bool:
    """Word k refuses, rejects or calls off what follows it ('rejected', 'ruled out', 'called off', 'voted
    against', 'put on hold')."""
    after = [w.text for w in words[k + 1 : k + 3]]
    if _itself_negated(words, k) or _undecided(words, k):  # 'could not rule out', 'confirm or rule out'
        return False
    return bool(words[k].lemmas & NEGATING_VERBS) or bool(
        words[k].lemmas & _PHRASAL and after[:1] in (["off"], ["out"])) or (
        "vote" in words[k].lemmas and after[:1] == ["against"]) or (
        "put" in words[k].lemmas and after == ["on", "hold"])


def _declines_to_say(words: Sequence[Word], k: int) -> bool:
    """'declined to say', 'refused to comment': no answer, not a denial."""
    return any(w.lemmas & (SAY | {"comment"}) for w in words[k + 1 : k + 3])


def _turned_down(claim: _Claim, words: Sequence[Word], aligned: dict[int, int], index: int, body: str, *,
                 anaphoric: bool) -> list[Reason]:
    """What the claim reports as done, turned down in the sentence: one of its other words refused or denied
    ('ruled out an evacuation', 'no arrests were made'), a proposal rejected ('the council rejected the
    proposal'), or, where the sentence is about the claim's story, that story called off ('the festival had been
    called off'). Not for a claim whose own event is a refusal or a cancellation: that the body bears out."""
    refusal = any(claim.words[i].lemmas & (NEGATING_VERBS | _CANCELLING | _ENDING) for i in claim.event)
    # Its participants and its source ('..., letter reveals'), not the circumstances its event's clause gives
    # after the event: not 'finding' in 'quits over hopes of finding gold'.
    sources = {w.clause for w in claim.words if w.lemmas & (SAY | _CONFIRMING)}
    participants = set(_objects(claim)) | {i for i in claim.content if not claim.event or i < claim.event[0]
                                           or claim.words[i].clause in sources}
    for i, j in sorted(aligned.items()):
        if refusal or i in claim.names or i in claim.event or i not in participants:
            continue
        k = next((k for k in range(j - 1, max(-1, j - 1 - _NEGATION_REACH), -1) if words[k].clause == words[j].clause
                  and ((_turns_down(words, k) and not words[k].lemmas & _AMBIGUOUS_REFUSALS)
                       or (words[k].text in ("no", "none") and k >= j - 4 + 2 * (words[k].text == "no")))), None)
        # 'No sailor younger than her has ...' compares: it says she is the youngest, it denies nothing.
        compares = any(w.text == "than" for w in words[j + 1 : j + 3])
        if (k is not None and not compares and _negated(words, k) is None and not _declines_to_say(words, k)
                and not _restates_claim(claim, words[k])):
            span = _span(words, k, j)
            kind: ReasonKind = "denied" if words[k].lemmas & _DENY else "negated"
            return [Reason(kind, f"the headline says {_say(claim, i)}; the body says {_quoted(body, span)}",
                           (claim.words[i].start, claim.words[i].end), span, index)]
    # The sentence is about the claim's subject (the words before its event), or the story it tells.
    about = bool(claim.event) and (anaphoric or any(i < claim.event[0] for i in aligned)) and any(
        claim.words[i].lemmas & (_HAPPENING | _DECIDING) for i in claim.event)
    for k in range(len(words)):
        if not _turns_down(words, k):
            continue
        # A verb form in use ('rejected', 'will cancel'); unlike `_verb_in_use`, 'called off' counts though
        # 'call' is a verb of saying.
        in_use = lexicon().finite(words[k].text) or (k > 0 and words[k - 1].text in _MODALS)
        if not in_use or _negated(words, k) is not None or _restates_claim(claim, words[k]):
            continue
        proposal = next((x for x in range(k + 1, min(len(words), k + 4)) if words[x].lemmas & _PROPOSALS), None)
        if proposal is None and (refusal or not (about and words[k].lemmas & (_CANCELLING | _PHRASAL))):
            continue
        span = _span(words, k, proposal if proposal is not None else min(k + 1, len(words) - 1))
        return [Reason("negated", f"the headline reports it done; the body says {_quoted(body, span)}", _what(claim),
                       span, index)]
    return []


def _unsaid(claim: _Claim, words: Sequence[Word], index: int, body: str) -> list[Reason]:
    """An attributed claim ('X says Y', 'X predicts "Z"') whose speaker, in the body, says they never said it
    ('I made no such prediction', 'she had never made that claim')."""
    at = claim.said_at
    if at is None:
        return []
    speaker = {claim.words[i].text for i in claim.names if i < at}
    if not speaker or not any(w.text in speaker for w in words):
        return []
    saying = SAY | _SAID_THINGS | {"utter"} | claim.keys[at]  # 'never uttered the phrase'
    for k, word in enumerate(words):
        if (disowned := _disowns(words, k)) is not None:
            span = _span(words, k, disowned)
            return [Reason("misattributed", f"the speaker disowns the words: {_quoted(body, span)}",
                           _claim_span(claim, [at, len(claim.words) - 1]), span, index)]
        if (word.text in NEGATION and words[min(k + 1, len(words) - 1)].text not in _NOT_ONLY) or word.lemmas & _DENY:
            # a verb or noun of saying with no punctuation between ('did not name him, saying' denies nothing),
            # not a name ('not just the Post')
            # nor a verb of its own after 'and' ('denied any involvement and called the report fabricated')
            said = [j for j in range(k + 1, min(len(words), k + 5)) if words[j].lemmas & saying
                    and not words[j].capital and not CLAUSE_BREAK.search(body, word.end, words[j].start)
                    and not any(w.text in ("and", "but") for w in words[k + 1 : j])]
            if said:
                span = _span(words, k, said[0])
                return [Reason("misattributed", f"the speaker denies saying it: {_quoted(body, span)}",
                               _claim_span(claim, [at, len(claim.words) - 1]), span, index)]
    return []


def _disowns(words: Sequence[Word], k: int) -> int | None:
    """Word k starts a denial that the words are the speaker's, without negating a verb of saying: 'has disowned
    the remark', 'was misquoted', 'wrongly attributed', 'distanced herself from the remark', 'the words were not
    his'. Where the denial ends, or None."""
    word = words[k]
    if word.lemmas & _MISQUOTED or (word.text == "attributed" and k > 0 and words[k - 1].text in _WRONGLY):
        return k
    after = words[k + 1 : k + 5]
    if word.lemmas & _DISOWNING or ("distance" in word.lemmas and any(w.text == "from" for w in after[:3])):
        # what is disowned must be words ('disowned the remark', not 'disowned the group')
        return next((k + 1 + m for m, w in enumerate(after) if w.lemmas & (_QUOTED_THINGS | _SAID_THINGS)), None)
    if word.lemmas & (_QUOTED_THINGS | _SAID_THINGS) and not word.capital:
        return next((k + 2 + m for m, w in enumerate(after[:-1]) if w.text == "not"
                     and after[m + 1].text in _POSSESSIVES), None)
    return None


def _said_by_other(claim: _Claim, words: Sequence[Word], index: int, body: str, quotation_end: int | None, *,
                   after_quotation: bool = False) -> list[Reason]:
    """An attributed claim whose words the body gives to a named other person: 'the remark was made by
    councillor Ada Brun', 'the words came from Ada Brun', the quotation repeated and then 'came from' or
    'belonged to' Ada Brun, or 'It was spoken by Ada Brun' just after it (a person's two names, none of them the
    speaker's). `quotation_end`: where the sentence's repetition of the claim's quotation ends
    (`_quotation_end`); `after_quotation`: the sentence before repeats it."""
    speaker = {claim.words[i].text for i in claim.names}
    if (contrast := _not_the_speaker(claim, words, body)) is not None:
        span = _span(words, *contrast)
        return [Reason("misattributed", f"the body says the words are not the speaker's: {_quoted(body, span)}",
                       _claim_span(claim, [claim.said_at or 0, len(claim.words) - 1]), span, index)]
    for k, word in enumerate(words):
        if not (word.lemmas & _QUOTED_THINGS or k == quotation_end
                or (k == 0 and after_quotation and word.text in ("it", "this"))):
            continue
        # 'the phrase came from an audience member, not from Mirren': the speaker named as not its source
        denied = next((m for m in range(k + 1, min(len(words) - 2, k + 2 * _SOURCE_REACH))
                       if words[m].text == "not" and words[m + 1].text in ("by", "from")
                       and any(w.text in speaker for w in words[m + 2 : m + 5])), None)
        if denied is not None:
            span = _span(words, k, denied + 2)
            return [Reason("misattributed", f"the body says the words are not the speaker's: {_quoted(body, span)}",
                           _claim_span(claim, [claim.said_at or 0, len(claim.words) - 1]), span, index)]
        # the 'by' of the words' own verb, not of a clause after them ('comments on the incident since a video
        # was released by', 'comment, emphasizing that the congressman received a tip from')
        reach = next((m for m in range(k + 1, min(len(words), k + _SOURCE_REACH)) if words[m].text in _SUBORDINATING
                      or (words[m].text.endswith("ing") and words[m].clause != words[k].clause)),
                     min(len(words), k + _SOURCE_REACH))
        by = next((m for m in range(k + 1, reach)
                   if words[m].text in ("by", "from") or (words[m].text == "to" and words[m - 1].lemmas & _OWNING)),
                  None)
        if by is None:
            continue
        after = words[by + 1 : by + 1 + _SOURCE_REACH]
        if any(w.text in speaker for w in after) or _negated(words, by) is not None:
            continue
        person = next((m for m in range(len(after) - 1) if after[m].capital and after[m + 1].capital
                       and after[m].clause == after[m + 1].clause), None)
        if person is not None:
            span = _span(words, k, by + 2 + person)
            return [Reason("misattributed", f"the body gives the words to someone else: {_quoted(body, span)}",
                           _claim_span(claim, [claim.said_at or 0, len(claim.words) - 1]), span, index)]
    return []


def _not_the_speaker(claim: _Claim, words: Sequence[Word], body: str) -> tuple[int, int] | None:
    """A sentence with a verb of saying that sets the claim's speaker aside as the one who did not say it: 'It was
    researcher Nils Oft, not resort owner Eva Berg, who told the conference ...'. The span from 'not' to the
    speaker's name, or None."""
    at = claim.said_at
    speaker = {claim.words[i].text for i in claim.names if at is not None and i < at}
    if not speaker or not any(w.lemmas & SAY and not w.capital for w in words):
        return None
    return _set_aside(words, body, speaker, named=True)


def _set_aside(words: Sequence[Word], body: str, doer: Set[str], *, named: bool) -> tuple[int, int] | None:
    """'X, not Y': a 'not' after a comma, a few words before one of the doer's words (a name, where `named`):
    the body sets the claim's doer aside for another ('It was the health inspectorate, not the tax tribunal,
    that imposed the fine'). The span from 'not' to that word, or None."""
    for k, word in enumerate(words[1:], start=1):
        if word.text == "not" and "," in body[words[k - 1].end : word.start]:
            found = next((m for m in range(k + 1, min(len(words), k + 5))
                          if words[m].text in doer and (words[m].capital or not named)), None)
            if found is not None:
                return k, found
    return None


def _quotation_end(claim: _Claim, words: Sequence[Word]) -> int | None:
    """Where the claim's quotation ends in the sentence, when the sentence repeats most of its quoted words ('The
    pledge "we will never charge for text messages" came from ...'): what a 'by' or 'from' after it gives away."""
    quoted = claim.quoted
    found = [j for j, w in enumerate(words) if any(_matches(claim, i, w) for i in quoted)]
    matched = {i for i in quoted if any(_matches(claim, i, words[j]) for j in found)}
    return max(found) if len(quoted) >= _ABOUT_WORDS and len(matched) >= _SUPPORTED * len(quoted) else None


def _phrase_span(words: Sequence[Word], lower: str, phrase: str) -> tuple[int, int]:
    start = words[0].start + lower.index(phrase)
    return start, start + len(phrase)


def _actor(claim: _Claim, words: Sequence[Word], aligned: dict[int, int], index: int, body: str, *,
           anaphoric: bool = False) -> list[Reason]:
    """The sentence gives the claim's event to another named doer, or clears the claim's doer. `anaphoric`: a
    sentence with few of the claim's words, in an article that tells its story: only a passive's doer counts."""
    # The doer is named in the event's clause: 'Pentagon: ISIS seized ...' gives the seizing to ISIS.
    # Its names, or else its words before the event ('amateur astronomer discovers').
    if not claim.event:
        subject = leading = claim.names
    else:
        leading = [i for i in claim.content if i < claim.event[0]
                   and claim.words[i].clause == claim.words[claim.event[0]].clause]
        subject = [i for i in leading if i in claim.names] or leading
    named = any(i in claim.names for i in subject)
    received = any(claim.words[i].lemmas & _RECEIVING for i in claim.event)
    if not subject or any(claim.words[i].lemmas & _EXHIBITS for i in leading):
        return []  # 'Video shows X's execution': a picture does nothing, whoever the body says did it
    subject_names = {claim.words[i].text for i in subject}
    subject_words = {claim.words[i].text for i in leading}  # 'University' of 'University of Saltmarren'
    # An office named by its place ('Mayor of Tressock'): whoever the body names holding it is the claim's doer.
    offices = {claim.words[i].text for i in leading if i + 1 < len(claim.words) and claim.words[i + 1].text == "of"}
    # ... and one its title names ('Harrowgate Mutual chief executive': 'chief executive Tobias Okonjo').
    # (a bare title: 'Dr' of 'Dr Yannick Poldermaar' names its holder, who is no one else called Dr)
    titles = {claim.words[i].text for i in leading if i not in claim.names and i + 1 not in claim.names}
    head_span = (claim.words[subject[0]].start, claim.words[subject[-1]].end)
    claim_names = {claim.words[n].text for n in claim.names}

    def own_doer(found: Sequence[int]) -> bool:
        """One of the claim's doer's words among the body's (a name where the claim names its doer)."""
        return any(words[k].text in subject_names and (words[k].capital or not named) for k in found)

    # 'It was the health inspectorate, not the tax tribunal, that imposed the fine': in a sentence that carries
    # more of the claim than its doer.
    if any(i not in leading for i in aligned) and (aside := _set_aside(words, body, subject_names, named=named)):
        span = _span(words, *aside)
        return [Reason("actor", f"the body sets aside {_quoted(claim.text, head_span)}: {_quoted(body, span)}",
                       head_span, span, index)]

    # The event's word, then the words of what it was done to ('the species was identified by X').
    # A passive headline's words before its event are what was done, not who did it: no doer to misname.
    for i in [] if _passive_headline(claim) else [*claim.event, *_objects(claim)]:
        j = aligned.get(i)
        if j is None and i in claim.event:
            j = _kin_passive(claim, i, words, aligned)
        if j is None or _negated(words, j) is not None:
            continue
        after = _agent(words, j, strict=i not in claim.event, received=received)
        # A name just before the event is its doer when the claim names its own and no passive names another;
        # otherwise only a passive's is ('the error on Corbelline Bank's loans was uncovered by a customer').
        # (or the name a relative clause hangs on, even in a sentence with few of the claim's words: 'composer Liv
        # Aas, who wrote it')
        before = [] if not named or i not in claim.event or after else [
            k for k in range(max(0, j - _ACTOR_REACH), j) if not anaphoric and words[k].clause == words[j].clause
            and _doer(words, k)] or _relative_doer(words, j)
        doers = [k for k in [*before, *after] if words[k].text not in claim_names]
        # The claim's own doer among them (by name, where it has one: 'deputy mayor Brent' is not 'Mayor Lind'); a
        # passive's named doer is the claim's when it ends in the same name ('Trade Minister Edda Lune' is not
        # 'Finance Minister Ravel'), or names nothing the claim's doer does not; a doer the claim leaves unnamed
        # ('Italian fisherman') may be the person the body names ('caught by Ferrari').
        capitals = [words[k].text for k in after if words[k].capital]
        named_doer = next((k for k in doers if words[k].capital), None)  # the title just before the doer's name
        titled = named_doer is not None and any(words[k].text in titles for k in range(max(0, named_doer - 3),
                                                                                     named_doer))
        same = titled or _acronym([claim.words[i].text for i in subject], [words[k].text for k in doers]) or \
            own_doer(before) or any(words[k].text in offices for k in after) or (
            capitals[-1] == claim.words[subject[-1]].text or set(capitals) <= subject_words
            if named and capitals else own_doer(after) or _bare_name(words, after))
        if doers and not same:
            span = _span(words, doers[0], doers[-1])
            return [Reason("actor", f"the headline gives it to {_quoted(claim.text, head_span)}; the body to "
                                    f"{_quoted(body, span)}", head_span, span, index)]
    for j, word in enumerate(words):
        # 'no evidence she had any involvement': a pronoun stands for the doer of a story the body tells
        if word.text in _PRONOUNS and anaphoric and _no_sign_before(words, j) and any(
                w.lemmas & _CLEARING for w in words[j + 1 : j + 1 + _ACTOR_REACH]):
            span = _span(words, j, min(j + _ACTOR_REACH, len(words) - 1))
            return [Reason("actor", f"the body clears {_quoted(claim.text, head_span)}: {_quoted(body, span)}",
                           head_span, span, index)]
        if word.text not in subject_names or (named and not word.capital and j > 0):
            continue  # a named doer is named in the body too ('Magic Mushrooms Found in ...': not 'the garden')
        # 'X is not a suspect', 'X was not involved': a copula's negation after the name, before a word that
        # clears (not 'ESPN is not a company that'); or 'no evidence that X'.
        cleared = [k for k in range(j + 2, min(len(words), j + 3 * _ACTOR_REACH)) if words[k].text in NEGATION
                   and words[k - 1].text in _COPULAS and any((w.lemmas | {w.text}) & _CLEARING
                                                              for w in words[k + 1 : k + 4])]
        if not cleared and _no_sign_before(words, j):
            cleared = [j]
        if cleared:
            span = _span(words, j, min(cleared[0] + 2, len(words) - 1))
            return [Reason("actor", f"the body clears {_quoted(claim.text, head_span)}: {_quoted(body, span)}",
                           head_span, span, index)]
    return []


def _relative_doer(words: Sequence[Word], j: int) -> list[int]:
    """The name a relative clause hangs on, where word j is its verb: 'composer Liv Aas, who wrote it'."""
    if j < 2 or words[j - 1].text != "who":
        return []
    run = []
    for k in range(j - 2, max(-1, j - 2 - _ACTOR_REACH), -1):
        if not (words[k].capital and words[k].content):
            break
        run.insert(0, k)
    return run if run and _doer(words, run[0]) else []


def _acronym(mine: Sequence[str], theirs: Sequence[str]) -> bool:
    """One doer is the other by its initials, either way round ('Islamic State' / 'Isis')."""
    return any(len(short) == 1 and len(long) >= 2 and short[0].startswith("".join(w[0] for w in long))
               for short, long in ((theirs, mine), (mine, theirs)))


def _kin_passive(claim: _Claim, i: int, words: Sequence[Word], aligned: dict[int, int]) -> int | None:
    """A passive participle that tells the claim's event i in kindred words, or in a verb of mere doing, with a
    doer after it ('performs' / 'the operation was led by'; 'brokers' / 'talks hosted and brokered by'; 'the
    find was made by'): where the body names who did it. Not a passive whose subject is the claim's word for
    something else ('audit shows' / 'the audit was carried out by')."""
    lex = lexicon()
    others = {j for c, j in aligned.items() if c not in claim.event}
    for j, w in enumerate(words):
        if j == 0 or not (_PARTICIPLE.search(w.text) or w.text == "made") or _by(words, j, strict=False) is None:
            continue
        kin = lex.kin(claim.words[i].lemmas, w.lemmas)
        aux = next((k for k in range(j - 1, max(-1, j - 4), -1) if words[k].text in _BE), None)
        if not ((kin and (aux is not None or words[j - 1].text == "and")) or (w.lemmas & _DONE and aux is not None)):
            continue
        subject = next((k for k in range(aux - 1, -1, -1) if words[k].content), None) if aux is not None else None
        if subject not in others:
            return j
    return None


def _objects(claim: _Claim) -> list[int]:
    """What the claim's event is done to: its content words after the event, in its clause, up to a preposition
    or a participle that starts a clause of its own, taking an object ('releases video showing the beheading':
    'video'; 'makes emergency landing at': 'emergency landing')."""
    if not claim.event:
        return []
    e = claim.event[0]
    found: list[int] = []
    for i in range(e + 1, len(claim.words)):
        w = claim.words[i]
        participle = w.text.endswith("ing") and i + 1 < len(claim.words) and (
            claim.words[i + 1].text in _DETERMINERS or claim.words[i + 1].capital)  # not 'songwriting prize'
        if w.clause != claim.words[e].clause or w.text in _PREPOSITIONS or (found and participle):
            break
        if w.content and i not in claim.event:
            found.append(i)
    return found


def _bare_name(words: Sequence[Word], doer: Sequence[int]) -> bool:
    """A doer given by a name alone, with no article, as people are ('by Ivo Stenberg'; not 'by the Kettle Peak
    Survey', nor 'by volunteers from Varna')."""
    return bool(doer) and all(words[k].capital for k in doer) and words[doer[0] - 1].text not in _DETERMINERS


def _passive_headline(claim: _Claim) -> bool:
    """'Beavers released into River Sollan', 'Audio captured at time of ...': the words before a participle
    are what it was done to, not its doer."""
    if not claim.event:
        return False
    e = claim.event[0]
    after = claim.words[e + 1].text if e + 1 < len(claim.words) else None
    return bool(_PARTICIPLE.search(claim.words[e].text)) and (after is None or after in _PREPOSITIONS | {"by", "as"})


def _no_sign_before(words: Sequence[Word], j: int) -> bool:
    """'no evidence (that) X', 'no sign X': a word of finding nothing a few words before word j."""
    return any((words[k].text == "no" and words[k + 1].lemmas & _NO_SIGN)
               or (words[k].text == "nothing" and any(w.lemmas & _TYING for w in words[k + 1 : k + 3]))
               for k in range(max(0, j - 4), j - 1))


def _agent(words: Sequence[Word], j: int, *, strict: bool = False, received: bool = False) -> list[int]:
    """The doer a passive gives to the event word j ('rescues were carried out by volunteer teams', 'first
    detected on May 11 by the Sky Survey'), or the source it came from ('the order came from Judge X'): the
    content words after that 'by' in j's clause, up to the next preposition, one of them a name, or a common noun
    with a name in apposition ('by the grower, Marsh Valley Produce'); none for 'by 14 votes', 'by May', 'by
    far', 'by the group'. `strict`: j is what the event was done to, the passive's subject: 'the species was
    first identified by X'. `received`: the claim's event is a winning or a receiving, whose doer is the one a
    prize 'went to' or 'was awarded to'."""
    by = _by(words, j, strict=strict, received=received)
    if by is None:
        return []
    agent: list[int] = []
    end = by + _ACTOR_REACH
    for k in range(by + 1, len(words)):
        w = words[k]
        named = any(words[m].capital for m in agent)
        if k >= end or (named and w.content and not w.capital):  # 'by Danny Boyle and written by ...'
            break
        if w.text in _OF_DOER and agent:  # 'scientists at the Tessaly Institute', 'staff of the Ostrand hospital'
            continue
        if w.text in _NAMING and agent and not named:  # 'a small group called Fields First', 'a team led by Dr X'
            end += 1
            continue
        if w.clause != words[by].clause:
            if agent and not named:
                agent += _apposition(words, k)
            break
        if w.text in _PREPOSITIONS or w.number or w.text in _NOT_DOERS:
            break
        if w.content:
            agent.append(k)
    return agent if any(words[k].capital for k in agent) else []


def _by(words: Sequence[Word], j: int, *, strict: bool, received: bool = False) -> int | None:
    """The 'by' (or a source's 'from') that names the doer of word j in its clause: a few words on, or further
    on past a passive's verb ('the rescue was carried out at night by'). `strict` (j is the passive's subject):
    j's own 'is/was ... <participle> by', its auxiliary two words at most from j."""
    lex = lexicon()
    be = None
    passive = False  # a verb form seen after the auxiliary, before word k
    given = None  # where 'went' or 'awarded' was, for a winner 'to' whom it went
    for k in range(j + 1, min(len(words), j + 2 * _ACTOR_REACH)):
        w = words[k]
        if w.clause != words[j].clause:
            return None
        if received and w.lemmas & _GIVEN:
            given = k
        if received and w.text == "to" and given is not None and k - given <= 3:
            return k
        near = k - j < _ACTOR_REACH and not strict
        if w.text == "by" and (passive or near):
            return k
        if w.text == "from" and not strict and words[k - 1].lemmas & _SOURCES:
            return k
        if w.text in _BE and be is None and (not strict or k - j <= 2):
            be = k
        elif be is not None and lex.finite(w.text):
            passive = True
        if strict and be is None and k - j > 2:
            return None
    return None


def _apposition(words: Sequence[Word], k: int) -> list[int]:
    """The name set beside a common noun, in the clause that starts at word k and closes right after it
    ('the zoo's vet, Dr Ravi Scallow, who'; 'a customer, retired accountant Mara Tann'): its content words, the
    last a name; none for 'a schoolboy, Ostrand museum said'."""
    clause = [m for m in range(k, min(len(words), k + _ACTOR_REACH)) if words[m].clause == words[k].clause]
    closed = clause and (clause[-1] + 1 == len(words) or words[clause[-1] + 1].clause != words[k].clause)
    found = [m for m in clause if words[m].content]
    return found if closed and found and words[found[-1]].capital and words[clause[-1]].capital else []


def _doer(words: Sequence[Word], k: int) -> bool:
    """A capitalised word that can be the doer of what follows: no month or day, not after a preposition."""
    return (words[k].capital and words[k].content and words[k].text not in _NOT_DOERS
            and (k == 0 or words[k - 1].text not in _PREPOSITIONS))


def _predicate(words: Sequence[Word], j: int, text: str) -> bool:
    """A word that can say what happened: a verb in use ('was acquitted'), or a word that cannot be a verb
    ('guilty'), or what something stays or is ('will stay open', 'remained closed'); not a verb's other forms
    ('his surviving sons', 'a rescue bid')."""
    return (not lexicon().is_verb(words[j].text) or _verb_in_use(words, j, text)
            or (j > 0 and bool(words[j - 1].lemmas & _LINKING)))


def _verb_in_use(words: Sequence[Word], j: int, text: str) -> bool:
    """A word that reads as a verb here: a past, third-person or participle form ('extended', 'went'), or a
    base form after a modal ('will cut') or a verb's 'to' ('voted to extend'); not a name or a heading in
    capitals, not a verb of saying."""
    w = words[j]
    # A sentence's first word or one after a determiner is most often its subject ('Engineers found', 'the cuts').
    if (w.capital or text[w.start:w.end].isupper() or w.lemmas & SAY or j == 0
            or words[j - 1].text in _DETERMINERS):
        return False
    lex = lexicon()
    if not lex.is_verb(w.text):
        return False
    # A base form after a modal ('will cut'), or after a verb's 'to' ('voted to extend', 'agreed to reject').
    return lex.finite(w.text) or (j > 0 and words[j - 1].text in _MODALS) or (
        j > 1 and words[j - 1].text == "to" and lex.finite(words[j - 2].text))


def _changed(claim: _Claim, reading: BodyReading, alignments: Sequence[dict[int, int]],
             event_anywhere: set[int]) -> list[Reason]:
    """The claim's event word appears nowhere in the body, while a sentence carries its actor and object with
    another event word: 'the headline says lifts; the body says extended'."""
    missing = [i for i in claim.event if i not in event_anywhere]
    if not missing or len(missing) < len(claim.event):
        return []
    others = [i for i in claim.content if i not in claim.event]
    best: tuple[int, int, int] | None = None
    lex = lexicon()
    for index, (words, aligned) in enumerate(zip(reading.words, alignments, strict=True)):
        carried = [i for i in aligned if i in others]
        if len(carried) < max(2, len(others) - 1):
            continue
        used = set(aligned.values())
        verbs = [j for j, w in enumerate(words) if w.content and j not in used and _verb_in_use(words, j, reading.text)]
        if verbs and (best is None or len(carried) > best[0]):
            near = min(verbs, key=lambda j: min(abs(j - k) for k in used))
            best = (len(carried), index, near)
    if best is None:
        return []
    _, index, j = best
    words = reading.words[index]
    i = missing[0]
    if lex.kin(claim.words[i].lemmas, words[j].lemmas):
        return []  # the event told in other words ('pulls' / 'has withdrawn')
    span = _span(words, j)
    return [Reason("changed", f"the headline says {_say(claim, i)}; the body says {_quoted(reading.text, span)}",
                   (claim.words[i].start, claim.words[i].end), span, index)]


def _counts(claim_text: str, facts: BodyFacts) -> list[Reason]:
    return [Reason("count", f.message, f.headline_span, f.body_span)
            for f in number_findings(claim_text, facts) if f.severity == "error"]


def _names(claim_text: str, facts: BodyFacts) -> list[Reason]:
    """The headline's doer misnamed: the body names another of the family, or spells the name otherwise."""
    return [Reason("actor", f.message, f.headline_span, f.body_span)
            for f in name_findings(claim_text, facts) if f.severity == "error"]


def _quotes(claim_text: str, facts: BodyFacts) -> list[Reason]:
    return [Reason("misattributed", f.message, f.headline_span, f.body_span)
            for f in quote_findings(claim_text, facts) if f.severity == "error"]


@cache
def _vader() -> object:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def _valence() -> dict[str, float]:
    """VADER's word valences (its lexicon, shipped with the package)."""
    return _vader().lexicon  # type: ignore[attr-defined,no-any-return]


def _evaluative(claim: _Claim, reading: BodyReading) -> list[Reason]:
    """Praise or blame in the claim against the body's account (VADER's valences). The claim's tone is that of
    the words it puts beside a name (an epithet: 'reckless coach Timo Rask', 'Mallon, a true champion'), not
    of its event ('earthquake damages cathedral' blames no one). The body points the other way when it has
    more sentences of the opposite tone than of the headline's (each at least `_BODY_TONE` strong)."""
    vader = _vader()
    valence = _valence()
    # An epithet comes before the claim's event or copula: after it, a word is what happened ('tests positive')
    # or what the claim says a thing is ('the final was a dull affair', an opinion). It stands beside a name,
    # or opens the headline before a colon and the name ('Safe pair of hands: Ole Berg presents budget').
    # A copula after a name ('Tolvan is a true statesman') introduces what the claim calls that person.
    copulas = [i for i, w in enumerate(claim.words) if w.text in _COPULAS and (i - 1) not in claim.names]
    end = min([*claim.event[:1], *copulas, len(claim.words)])
    colon = claim.text.find(":")
    titled = next((i for i, w in enumerate(claim.words) if w.start > colon), None) if colon > 0 else None
    # (not the noun a name qualifies: 'Ostrand rebels' are rebels from Ostrand, not called rebels)
    judging = [i for i, w in enumerate(claim.words[:end]) if i not in claim.names and valence.get(w.text, 0.0)
               and (any(abs(i - n) <= _EPITHET_REACH for n in claim.names)
                    or (titled in claim.names and claim.words[i].end <= colon))
               and not (i - 1 in claim.names and not claim.text[claim.words[i - 1].end : w.start].strip())]
    # A headline that denies or debunks ('Duped again: X is not dead') praises or blames no one's deeds.
    if not claim.asserts or not judging or max(abs(valence[claim.words[i].text]) for i in judging) < _PRAISE_OR_BLAME \
            or not _mentions(claim, reading):
        return []
    # Which way the epithet points, read as a phrase ('champion of the poor' praises though 'poor' is sad).
    phrase = claim.text[claim.words[judging[0]].start : claim.words[judging[-1]].end]
    tone = vader.polarity_scores(phrase)["compound"] or sum(valence[claim.words[i].text] for i in judging)  # type: ignore[attr-defined]
    if not tone:
        return []  # its praise and blame cancel ('Thanks Uncle Sam, we have your weapons'): it judges neither way
    sign = 1.0 if tone > 0 else -1.0
    scores = [vader.polarity_scores(sentence.text[:TONE_SENTENCE_CHARS])["compound"] * sign  # type: ignore[attr-defined]
              for sentence in reading.sentences]
    against = sum(score <= -_BODY_TONE for score in scores)
    along = sum(score >= _BODY_TONE for score in scores)
    if against <= along:
        return []
    # The words that point the phrase's way (all of them where VADER's phrase reading overrules each word's).
    judging = [i for i in judging if valence[claim.words[i].text] * tone > 0] or judging
    head = (claim.words[judging[0]].start, claim.words[judging[-1]].end)
    worst = min(range(len(scores)), key=scores.__getitem__)
    sentence = reading.sentences[worst]
    return [Reason("evaluative", f"the headline {'praises' if tone > 0 else 'blames'}; the body's account points the "
                                 f"other way: {_quoted(reading.text, (sentence.start, sentence.end))}",
                   head, (sentence.start, sentence.end), worst)]
