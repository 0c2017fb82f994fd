"""Names: headline names the body spells otherwise or gives to someone else, and names the article spells two
ways.

Closeness is measured with rapidfuzz (Damerau-Levenshtein edits, Jaro-Winkler similarity), allowing more
edits in longer names. Precision matters more than reach here: close names are often two real people
("Andersen" and "Anderson"), so a pair is a slip only when one spelling is seen once, the two are not
derived forms of one word ("Kestria", "Kestrian"), and the text does not give them different first names.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from headcheck.compare.findings.context import Token, canonical
from headcheck.limits import MAX_SPELLING_NAMES, WORD_CACHE_ENTRIES
from headcheck.text.grammar import verb_forms
from headcheck.text.lexical import STOPWORDS

# Capitalised in Title Case headlines but rarely names; with STOPWORDS and the verb forms they are skipped
# there, where capitals say nothing about which words are names.
COMMON = frozenset(
    """after against ahead amid army back big black bad best better biggest city country court crowd day days
    dead death deal early end even ever every face family final first free full good government great half
    high home how huge just last late latest law leader life little live long major man men minister more
    most much near never new news next night no now off old only over part party people photo photos plan
    police power president protest protesters public real record report right school second set small state
    still study talks than these things time today top troops under video war water way week what when where
    white who why woman women work world year years young""".split()
)
# Words before a name that are not first names.
TITLES = frozenset(
    """mr mrs ms miss dr prof sir dame lord lady judge justice mayor minister president governor senator chief
    inspector sergeant officer captain general colonel coach councillor director chairman chairwoman king queen
    prince princess pope bishop father sister brother uncle aunt deputy prosecutor professor midfielder defender
    striker manager chef head editor""".split())
_DATE_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december jan feb mar apr jun jul aug sep sept oct nov dec christmas easter eve
    year's""".split())
# A single capitalised word opening a headline is a name only if it does not look like a common noun.
_NOUN_ENDINGS = ("ist", "ists", "er", "ers", "or", "ors", "ian", "ians", "ess", "ant", "ants", "ent", "ents", "man",
                 "men", "s")
_ADJECTIVE_ENDINGS = ("ous", "ful", "ive", "able", "ible", "ing", "ed", "less", "est", "ly", "ry", "ss")
# Endings that make another word of the same name: 'Kestria' / 'Kestrian', 'Argentina' / 'Argentine'.
_DERIVED = ("ians", "ian", "eans", "ean", "ans", "an", "ese", "ish", "ine", "ina", "ic", "al", "n", "s", "a", "i", "y")
# Inside a body 'Human' / 'Humane' are two words too; in a headline a final 'e' is more often a slip
# ('Brackenmoore' over 'Brackenmoor').
_DERIVED_IN_BODY = (*_DERIVED, "e")
_NAME_STEM = 4  # letters a place's name and its people's word share ('Iran' / 'Iranian')
_NAME_ENDINGS = frozenset("a e n i y an ian ese ic ist ish on s ns is".split()) | {""}  # of such words
_NAME = re.compile(r"(?<![\w'\u2019-])[A-Z](?:[\w'\u2019-]*\w)?(?:['\u2019]s)?")
OPENERS = ":-\u2013\u2014\"'\u2018\u201c(?!."  # after these a word is capitalised anyway
_SENTENCE_OPENERS = ".!?\n\"'\u201c\u2018("
MIN_SLIP_LETTERS = 5
_SHORT_NAME = 6  # below this a name mistyped keeps its length or gains a letter at an end
_LONG_NAME = 7  # long enough not to be a common word that opens sentences
ROLE_WORDS = 3  # shared content words that make a body sentence tell the headline's story


def fold(text: str) -> str:
    """The text with accents taken off letters, one character for one so offsets still hold ('Symoné')."""
    if text.isascii():
        return text
    return "".join(unicodedata.normalize("NFKD", c)[0] if not c.isascii() and c.isalpha() else c for c in text)


@functools.lru_cache(maxsize=WORD_CACHE_ENTRIES)
def base(word: str) -> str:
    """Lower case, without accents or a possessive ending ('Kowalczyk's', 'Mars'', 'Symoné'); cached, as a body
    repeats its words."""
    word = word.lower().replace("\u2019", "'")
    if not word.isascii():
        word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return word[:-2] if word.endswith("'s") else word.rstrip("'")


@functools.lru_cache(maxsize=WORD_CACHE_ENTRIES)
def roots(word: str, endings: tuple[str, ...] = _DERIVED) -> frozenset[str]:
    """The word and what is left of it without an ending that derives another word from a name; cached, as
    every pair of a body's names asks again."""
    return frozenset({word} | {word[: -len(e)] for e in endings if word.endswith(e) and len(word) - len(e) >= 4})


def derived(a: str, b: str, endings: tuple[str, ...] = _DERIVED) -> bool:
    """One word of one name: one is the other with an ending ('kestria', 'kestrian'), or both are one stem
    with endings of two letters or more ('argentina', 'argentine'); not one final letter for another
    ('szymanski', 'szymansky')."""
    if a in roots(b, endings) or b in roots(a, endings):
        return True
    longer = tuple(e for e in endings if len(e) > 1)
    return bool((roots(a, longer) - {a}) & (roots(b, longer) - {b}))


def one_name(a: str, b: str) -> bool:
    """Two forms of one name (lower case): `derived`, or a place and its people's word ('lebanon' / 'lebanese',
    'islamist' / 'islamic', 'ukraine' / 'ukrainian'): a stem of at least `_NAME_STEM` letters and endings that
    make such words (not two one-letter endings: 'maria' is not 'marin'). The comparison's test for a doer the
    body names as the claim does; the findings keep to `derived`, where a looser test would hide slips."""
    if a == b or derived(a, b):
        return True
    return any(a[:cut] == b[:cut] and a[cut:] in _NAME_ENDINGS and b[cut:] in _NAME_ENDINGS
               and not len(a) == len(b) == cut + 1 for cut in range(_NAME_STEM, min(len(a), len(b)) + 1))


# British and American spellings of one word ('Centre' / 'Center', 'Harbour' / 'Harbor', 'Organise' / 'Organize').
_VARIANTS = ((re.compile(r"re$"), "er"), (re.compile(r"our"), "or"), (re.compile(r"is(e|ation)"), r"iz\1"),
             (re.compile(r"yse$"), "yze"), (re.compile(r"ogue$"), "og"))


def spelt_alike(a: str, b: str) -> bool:
    """One word in British and American spelling."""
    for pattern, to in _VARIANTS:
        a, b = pattern.sub(to, a), pattern.sub(to, b)
    return a == b


def similar(a: str, b: str, *, moved_only: bool = False) -> bool:
    """Close enough to be one name mistyped: one edit (a swap of neighbours counts as one) up to seven letters,
    two from eight letters on with a Jaro-Winkler similarity of at least 0.9. `moved_only`: two edits only
    when they move letters ('Kowalski' / 'Kowlaksi'), not when they change them ('Medicare' / 'Medicaid').
    Otherwise, from seven letters, also two slips that keep the first letter and all letters but one added or
    dropped, which Damerau-Levenshtein may count as three edits: a swap over a letter and a doubled one
    ('Sadykov' / 'Sakydyov'); not one letter for another ('Johnson' / 'Jonsson')."""
    shorter = min(len(a), len(b))
    if shorter < 4 or derived(a, b) or spelt_alike(a.lower(), b.lower()):
        return False
    distance = DamerauLevenshtein.distance(a, b)
    if distance == 1:  # in a short name a letter more only at an end ('Brand' / 'Brandt'; not 'India' / 'Indira')
        return shorter >= _SHORT_NAME or len(a) == len(b) or a.startswith(b) or b.startswith(a) \
            or a.endswith(b) or b.endswith(a)
    if distance == 2 and shorter >= 8 and JaroWinkler.similarity(a, b) >= 0.9:
        return not moved_only or sorted(a) == sorted(b)
    letters_apart = (Counter(a) - Counter(b)).total() + (Counter(b) - Counter(a)).total()
    return (not moved_only and distance <= 3 and shorter >= _LONG_NAME and a[0] == b[0] and letters_apart <= 1
            and JaroWinkler.similarity(a, b) >= 0.9)


def common_noun(word: str) -> bool:
    """Looks like a common noun or number word rather than a name ('Pianist', 'Hundreds', 'Woman')."""
    w = base(word)
    return w in COMMON or w in verb_forms() or w.endswith(_NOUN_ENDINGS)


def common_word(word: str) -> bool:
    """Looks like a common word capitalised only because it opens the headline ('Hilarious TV', 'Grieving
    Afghan mother'), unlike a name ('Kesslin Foods')."""
    w = base(word)
    return (w in COMMON or w in verb_forms() or w in STOPWORDS or w.endswith("n't")
            or w.endswith(_ADJECTIVE_ENDINGS)
            or (w.endswith(_NOUN_ENDINGS) and not w.endswith(("is", "us"))))  # not Orbis


def strip_titles(run: str) -> str:
    """'Dr Rao' -> 'Rao': titles are not part of the name."""
    words = run.split()
    while len(words) > 1 and base(words[0]) in TITLES:
        words.pop(0)
    return " ".join(words)


def title_case(headline: str) -> bool:
    content = [w for w in re.findall(r"[A-Za-z][\w'\u2019-]*", headline) if w.lower() not in STOPWORDS]
    return len(content) >= 3 and sum(w[0].isupper() for w in content) >= 0.8 * len(content)


def _name_like(word: str) -> bool:
    """Could be a name: not shouted ('INSTEAD'), not an initial or abbreviation, not a date."""
    letters = word.replace("'", "").replace("\u2019", "").replace("-", "")
    shouted = word.isupper() and (len(letters) > 4 or common_word(word))  # 'INSTEAD', 'LESS'; not 'NATO'
    return not (shouted or len(letters) < 2 or base(word) in _DATE_WORDS)



def char_before(text: str, at: int) -> str:
    """The last character before `at` that is not white space, '' at the start. Scans back only over the
    spaces before `at`, so that looking before every word of a text costs O(text), not O(text^2)."""
    k = at
    while k > 0 and text[k - 1].isspace():
        k -= 1
    return text[k - 1] if k else ""


def _extend(runs: list[tuple[str, int, int]], text: str, m: re.Match[str]) -> None:
    """Adds a capitalised word to the run it continues (one space after its end) or starts a new run."""
    if runs and text[runs[-1][2] : m.start()] == " ":
        name, start, _ = runs[-1]
        runs[-1] = (f"{name} {m[0]}", start, m.end())
    else:
        runs.append((m[0], m.start(), m.end()))

def name_runs(text: str, *, include_first: bool = False) -> list[tuple[str, int, int]]:
    """Runs of capitalised words that may be names ('Valen Orlov'), with offsets; O(text).

    The first word and words after a colon, dash or opening quote are capitalised anyway, so they are
    skipped unless asked for (acronyms are always kept); in a Title Case headline common words are skipped
    too. Weekdays and months are left to the date check.
    """
    caps = title_case(text)
    runs: list[tuple[str, int, int]] = []
    for m in _NAME.finditer(text):
        word = base(m[0])
        lead = char_before(text, m.start())
        opener = not lead or lead in OPENERS
        if (opener and not include_first and not m[0].isupper()) or word in STOPWORDS or not _name_like(m[0]):
            continue
        if text[m.end() : m.end() + 1] == "." and len(m[0]) <= 3:  # 'St.', 'L.A.'
            continue
        if caps and (word in COMMON or word in verb_forms()):
            continue
        _extend(runs, text, m)
    return runs


@dataclass
class Spelling:
    """One capitalised word of five letters or more: where it stands and the first names before it."""

    spots: list[tuple[str, int, int]] = field(default_factory=list)  # ("headline" | "body", start, end)
    first_names: set[str] = field(default_factory=set)
    mid_sentence: bool = False  # seen where a sentence does not start: a name, not just an opener


def spellings(where: str, text: str, words: Iterable[Token]) -> tuple[dict[str, Spelling], set[str]]:
    """Capitalised words by spelling, and every word the text writes in lower case; O(text)."""
    found: dict[str, Spelling] = {}
    lower: set[str] = set()
    previous: Token | None = None
    for token in words:
        word, start, end = token
        if not text[start].isupper():
            lower.add(base(word))
        elif len(word) >= MIN_SLIP_LETTERS and word.replace("'", "").isalpha() and word not in STOPWORDS \
                and word not in verb_forms() and not text[start:end].isupper():
            entry = found.setdefault(base(word), Spelling())
            entry.spots.append((where, start, end))
            before = char_before(text, start)
            entry.mid_sentence |= bool(before) and before not in _SENTENCE_OPENERS
            if (previous is not None and text[previous[2] : start] == " " and text[previous[1]].isupper()
                    and previous[0] not in TITLES and previous[0] not in STOPWORDS):
                entry.first_names.add(previous[0])
        previous = token
    return found, lower


def slips(found: dict[str, Spelling], lower: set[str], headline_words: set[str]) -> list[tuple[str, str]]:
    """(suspect, usual) pairs: one name spelt two ways, the suspect seen once.

    O(n log n) in the number of spellings, plus at most MAX_SPELLING_NAMES^2 distances computed in C.
    """
    pairs = []
    by_letter: dict[str, list[str]] = {}
    for word in sorted(found)[:MAX_SPELLING_NAMES]:
        by_letter.setdefault(word[0], []).append(word)
    for group in by_letter.values():
        if len(group) < 2:
            continue
        matrix = process.cdist(group, group, scorer=DamerauLevenshtein.distance, score_cutoff=2, workers=1)
        for i, j in np.argwhere(np.triu(matrix <= 2, 1)):  # close pairs only, found in C, not in a loop over all
            a, b = group[i], group[j]
            if similar(a, b, moved_only=True):
                pair = _slip(a, b, found, lower, headline_words)
                if pair:
                    pairs.append(pair)
    return pairs


def _slip(a: str, b: str, found: dict[str, Spelling], lower: set[str], headline_words: set[str]
          ) -> tuple[str, str] | None:
    if a in lower or b in lower or (a in headline_words and b in headline_words) or derived(a, b, _DERIVED_IN_BODY):
        return None
    if min(len(a), len(b)) < _LONG_NAME and len(a) == len(b) and sorted(a) != sorted(b):
        return None  # one letter for another in a short word: 'Tides' and 'Times', 'Franck' and 'France'

    x, y = found[a], found[b]
    if not (x.mid_sentence or y.mid_sentence or min(len(a), len(b)) >= _LONG_NAME):
        return None
    once = [w for w in (a, b) if len(found[w].spots) == 1]
    if not once:
        return None
    if len(once) == 2:  # both seen once: the later one is the suspect
        once = [max((a, b), key=lambda w: (found[w].spots[0][0] == "body", found[w].spots[0][1]))]
    suspect = once[0]
    usual = b if suspect == a else a
    if found[suspect].first_names and found[usual].first_names and \
            not found[suspect].first_names & found[usual].first_names:
        return None  # 'Hanne Pedersen' and 'Lars Petersen': two people
    if found[suspect].first_names and not found[usual].first_names:
        return None  # the suspect is introduced as a full name, the usual spelling never: another name
    return suspect, usual


def body_runs(text: str) -> list[tuple[str, int, int]]:
    """Runs of capitalised words in a body, openers included, titles left out ('Mr Kushner' -> 'Kushner');
    O(text)."""
    runs: list[tuple[str, int, int]] = []
    for m in _NAME.finditer(text):
        if base(m[0]) in STOPWORDS or base(m[0]) in _DATE_WORDS or base(m[0]) in TITLES:
            continue
        _extend(runs, text, m)
    return runs


def story(text: str, skip: Iterable[str] = ()) -> set[str]:
    """The content words of a text in one form, for finding the body sentence that tells the same story."""
    skipped = {base(w) for w in skip}
    return {canonical(w) for w in re.findall(r"[a-z][a-z'-]+", text.lower().replace("\u2019", "'"))
            if w not in STOPWORDS and w not in skipped and len(w) > 2}


def is_run_word(words: Sequence[str], run: str) -> bool:
    return any(base(w) in words for w in run.split())


def edits(a: str, b: str) -> int:
    return int(DamerauLevenshtein.distance(a, b))
