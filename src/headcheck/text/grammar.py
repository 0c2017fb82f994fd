"""The small grammar of headlines: verb forms, a crude verb test, quoted words, and what a word form can be.

Word lists and rules, no parser: enough to split a headline into its claims, to check that a shortened
sentence still has a verb, and to find the words a headline quotes. `parts_of_speech` is lemminflect's
dictionary of English, looked up once per form for every stage that asks.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Sequence

from headcheck.limits import WORD_CACHE_ENTRIES

# Base forms of verbs common in news headlines; lemminflect gives their other forms (`verb_forms`).
_VERB_BASES = """
accept accuse acquire acquit add admit agree aim allow announce appeal appoint approve arrest arrive ask
attack back ban beat become begin blame block bomb boost borrow break bring build burn buy call cancel
capture catch celebrate charge claim clear climb close collapse condemn confirm consider continue convict
cost crash criticise criticize crush cut damage debate decide declare defeat defend delay deliver deny deport
destroy detain die disappear discover divorce double drop earn elect employ end endorse erupt escape evacuate
expand expect explode expose face fail fall fear file find fire flee flood force form free freeze gain get
give go grow hack hail halt hand help hide hire hit hold hope hurt identify increase injure invade invest
investigate issue jail join jump keep kidnap kill know launch lead leak learn leave lend lift limit lose loot
make marry meet merge miss mourn move murder name need offer open oppose order oust overturn owe pass pay plan
plead pledge plunge postpone praise prepare probe promise propose protest prove pull push qualify quit raid
raise rally reach rebuild receive recall record reduce refuse reject release remain remove reopen repair
report rescue resign restore resume retire return reveal rise rob rule run sack save say score see seek seem
seize sell send sentence set share shoot show shut sign sink slam slash slump soar spark speak spend split
spread stab stand start stay steal step stop storm strike struggle sue support surge survive suspend take
target teach tell test think threaten throw top torch trade transfer try tumble turn uncover understand
unveil uphold urge vanish veto vote vow want warn welcome win withdraw work worry wound write
choose come drive fight forgive hang lay mean overtake swear tear undertake
""".split()
AUXILIARIES = frozenset(
    """am is are was were be been being has have had do does did will would shall should can could may might
    must isn't aren't wasn't weren't won't can't cannot don't doesn't didn't hasn't haven't hadn't wouldn't
    couldn't shouldn't""".split()
)
COPULAS = frozenset("is are was were be been remains remain remained becomes became seems seemed".split())
_BE_FORMS = frozenset("am is are was were be been being".split())
# After one of these a verb-looking word is a noun: "the plans", "new talks", "three attacks".
_NOUN_BEFORE = frozenset(
    """a an the this that these those his her their its our my your no new more further fresh first last
    another some many several any each every""".split()
)
PREPOSITIONS = frozenset(
    """about above across after against along among around at before behind below beneath beside between
    beyond by despite during for from in inside into near of off on onto out outside over since through
    throughout to toward towards under until upon with within without""".split()
)
_NUMBER_WORD = re.compile(r"^(?:\d[\d,.]*(?:-\w+)?|one|two|three|four|five|six|seven|eight|nine|ten|dozens?|"
                          r"hundreds?)$")
SAY_VERBS = (
    "says|said|claims|claimed|warns|warned|insists|insisted|admits|admitted|reports|reported|announces|"
    "announced|alleges|alleged|argues|argued|confirms|confirmed|suggests|suggested|believes|believed|"
    "predicts|predicted"
)


@functools.cache
def verb_forms() -> frozenset[str]:
    """Every form of the news verbs above, irregular ones too ('caught', 'upheld'), as lemminflect inflects them;
    built on first use, as lemminflect loads its tables when first imported."""
    from lemminflect import getAllInflections

    return frozenset(_VERB_BASES) | frozenset(
        form for base in _VERB_BASES for forms in getAllInflections(base, upos="VERB").values() for form in forms)


@functools.lru_cache(maxsize=WORD_CACHE_ENTRIES)
def parts_of_speech(word: str) -> dict[str, tuple[str, ...]]:
    """What a word form can be, with its lemmas as each ('shares': NOUN 'share', VERB 'share'; {} for a word
    lemminflect does not know, as a coined name); cached, as bodies repeat their words. Not to be mutated."""
    from lemminflect import getAllLemmas

    return dict(getAllLemmas(word))


@functools.lru_cache(maxsize=WORD_CACHE_ENTRIES)
def inflection(lemma: str, tag: str) -> tuple[str, ...]:
    """lemminflect's forms of the lemma for a Penn tag ('take', 'VBD': 'took'); cached, as lemminflect copies
    its tables on every call."""
    from lemminflect import getInflection

    return tuple(getInflection(lemma, tag=tag))


def norm(token: str) -> str:
    return re.sub(r"[^\w'-]", "", token.lower().replace("\u2019", "'")).strip("'-")


def is_verb(tokens: Sequence[str], i: int) -> bool:
    """A crude part-of-speech test: a known verb form not preceded by a determiner-like word."""
    word = norm(tokens[i])
    if word in AUXILIARIES:
        return True
    if word not in verb_forms():
        return False
    before = norm(tokens[i - 1]) if i > 0 else ""
    if word.endswith("ing"):
        return before in _BE_FORMS
    if before in _NOUN_BEFORE or before.endswith("'s") or _NUMBER_WORD.match(before):
        return False
    return not (i + 1 < len(tokens) and norm(tokens[i + 1]) == "of")


# Quotation marks: what opens a quotation, and for each opening mark what closes it. An apostrophe inside a
# word ("Orlov's") neither opens nor closes a single quote.
_QUOTE_OPEN = re.compile(r"[\"\u201c\u2018]|(?<!\w)'")
_QUOTE_CLOSE = {'"': re.compile('"'), "\u201c": re.compile("\u201d"), "\u2018": re.compile(r"\u2019(?!\w)"),
                "'": re.compile(r"'(?!\w)")}


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Quoted words with their marks, left to right: "...", \u201c...\u201d, \u2018...\u2019 and '...', each
    from an opening mark to the first closing mark after it.

    What the regex `"[^"]*"|\u201c[^\u201d]*\u201d|...` finds, in O(n log n): an opening mark looks its closing
    mark up by bisection, where the regex scanned to the end of the text for every opening mark left unclosed
    (quadratic in a long text full of them).
    """
    closing = {mark: [m.start() for m in pattern.finditer(text)] for mark, pattern in _QUOTE_CLOSE.items()}
    spans: list[tuple[int, int]] = []
    for m in _QUOTE_OPEN.finditer(text):
        if spans and m.start() < spans[-1][1]:
            continue  # inside the quotation just found
        ends = closing[m[0]]
        i = bisect_right(ends, m.start())
        if i < len(ends):
            spans.append((m.start(), ends[i] + 1))
    return spans
