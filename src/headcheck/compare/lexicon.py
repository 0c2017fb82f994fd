"""What the comparison knows of words: lemmas (lemminflect), antonyms, synonyms, related forms, kindred verbs,
the words that define a verb and the nouns of people and groups (WordNet, derived once into `models/lexicon` by
`headcheck train --only lexicon`), and the few cue words an editor reads for (negation, hedging, debunking),
grown from short seed lists through WordNet's synonyms.

Loaded once per process and cached; every lookup is a dict access, so reading a body stays linear in
its length.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Collection
from functools import cache
from typing import Any

from headcheck._cache import Lru
from headcheck.errors import ModelError
from headcheck.limits import WORD_CACHE_ENTRIES
from headcheck.shipped import LEXICON_DIR
from headcheck.text.grammar import inflection, parts_of_speech

__all__ = [
    "HEDGE",
    "LOWERING",
    "NEGATING_VERBS",
    "NEGATION",
    "PARTICLES",
    "SAY",
    "Lexicon",
    "lexicon",
]

# The particles of the phrasal verbs the table keeps ('step_down', 'call_off'), read as one word with their verb.
PARTICLES = frozenset("down off out up on in over back away ahead".split())
# Words that negate what follows them in their clause.
NEGATION = frozenset("not n't never no none nobody nothing neither nor without cannot".split())
# Verbs whose object is negated: "refused to sign", "denied taking", "ruled out a move".
NEGATING_VERBS = frozenset("""deny refuse decline fail reject dismiss abandon scrap cancel halt postpone
    delay defer withdraw shelve ditch abort avert avoid vote_down""".split())
# Reporting without confirming: the claim is someone's, or still to happen.
HEDGE = frozenset("""reportedly allegedly alleged allege rumour rumor rumoured rumored unconfirmed unverified
    speculation speculate purportedly supposedly apparently may might could consider plan propose proposal believe
    expect talk discuss mull weigh possible possibly likely unclear claim suspicion suspected suspect accuse
    accused inconclusive whether""".split())
# Calling a claim, picture or figure false: seeds, grown through WordNet's synonyms of each.
_DEBUNK_SEEDS = """false fake hoax untrue fabricate doctored bogus baseless misleading myth debunk manipulate
    composite satire unfounded forge forgery invent groundless exaggerate overstate prank spoof parody photoshopped
    retouch airbrush deepfake misrepresent""".split()
# Verbs of saying: the speaker of a quotation, the one who denies saying it.
SAY = frozenset("""say tell state claim describe call add insist deny write post announce declare warn
    argue suggest quote remark""".split())
_JOINED_PART = 3  # letters each part of a hyphenated word needs to read as one closed word
# Opposite outcomes news reports often that WordNet does not list as antonyms (both directions apply).
_NEWS_OPPOSITES = """
clear:convict clear:guilty acquit:guilty lift:impose lift:extend lift:tighten hire:cut hire:axe hire:shed
approve:reject approve:block approve:veto back:oppose back:reject support:oppose beat:lose win:trail sign:reject
join:leave join:quit open:shut reopen:close resign:stay quit:stay free:jail release:detain release:jail
grant:deny grant:refuse rise:drop rise:slide rise:dip gain:drop gain:slide
expand:cut accept:decline pass:reject confirm:deny survive:die rescue:die
sell:buy sell:acquire buy:sell end:extend end:continue ban:allow ban:approve ban:permit strike:agree
add:remove overturn:uphold scrap:keep scrap:retain abolish:keep abolish:retain axe:keep
gain:lose promote:relegate advance:retreat expand:trim expand:shrink
resign:remain quit:remain step_down:stay step_down:remain cancel:go_ahead scrap:go_ahead abandon:go_ahead
postpone:go_ahead call_off:go_ahead cancel:proceed resume:suspend resume:halt
"""
# Words news uses for the same event that WordNet keeps in separate senses (both directions apply).
_NEWS_SYNONYMS = "arrest:detain".split()
# Directions of a change news reports in many words (prices, shares, rates): each up word opposes each down word.
_UP = "rise climb surge soar jump rally gain rocket grow".split()
_DOWN = "fall drop slump plunge slide tumble sink dip decline shrink".split()
# ... and what someone does to them: each raising word opposes each lowering word ('raises payouts' / 'reduce').
_RAISE = "raise increase boost hike".split()
_LOWER = "cut reduce lower slash trim decrease".split()
LOWERING = frozenset(_LOWER)  # (what they are done to is made less: 'cuts housing benefit' is no praise of it)
_RAISING, _RISING, _FALLING = frozenset(_RAISE), frozenset(_UP), frozenset(_DOWN)
# ... and no change at all, which opposes each of them ('left rates unchanged' / 'raises rates').
_STEADY = "unchanged steady".split()


# British spellings WordNet keeps in their American form ('penalise', 'labour', 'centre', 'defence', 'analyse').
_BRITISH = tuple((re.compile(a), b) for a, b in (
    (r"is(e|ed|es|ing|ation|ations|er|ers)$", r"iz\1"), (r"ys(e|ed|es|ing)$", r"yz\1"), (r"our(s|ed|ing)?$", r"or\1"),
    (r"tre(s)?$", r"ter\1"), (r"ence(s)?$", r"ense\1")))

_SHORTEST_BRITISH = 4  # no rule for a shorter word ('our' is not 'or')


def _american(lemma: str) -> str | None:
    """The American spelling of a British lemma, where a rule applies (whether WordNet knows it is the caller's
    test: 'penalise' -> 'penalize', 'rise' -> 'rize', which it does not)."""
    for pattern, repl in _BRITISH:
        if len(lemma) > _SHORTEST_BRITISH and pattern.search(lemma):
            return pattern.sub(repl, lemma)
    return None


class Lexicon:
    """WordNet's relations over lemmas, and lemmas over word forms."""

    def __init__(self, table: dict[str, Any]) -> None:
        self.antonyms: dict[str, set[str]] = {w: set(ws.split()) for w, ws in table["antonyms"].items()}
        for a, b in [pair.split(":") for pair in _NEWS_OPPOSITES.split()] + [
                (u, d) for ups, downs in ((_UP, _DOWN), (_RAISE, _LOWER)) for u in ups for d in downs] + [
                (s, m) for s in _STEADY for m in (*_UP, *_DOWN, *_RAISE, *_LOWER)]:
            self.antonyms.setdefault(a, set()).add(b)
            self.antonyms.setdefault(b, set()).add(a)
        self._synonyms: dict[str, str] = dict(table["synonyms"])  # word -> its words, space-separated (training)
        for a, b in (pair.split(":") for pair in _NEWS_SYNONYMS):
            self._synonyms[a] = f"{self._synonyms.get(a, '')} {b}".strip()
            self._synonyms[b] = f"{self._synonyms.get(b, '')} {a}".strip()
        self._related: dict[str, str] = table["related"]
        self._kin: dict[str, str] = table["kin"]
        self._doers = frozenset(table["doers"].split())
        self._defined: dict[str, str] = table["defined"]
        # What words praise or blame: VADER's valences, and WordNet's for adjectives VADER lacks (training).
        self.valence: dict[str, float] = table["valence"] | vader().lexicon  # type: ignore[attr-defined]
        # ... and the phrasal verbs WordNet gives one of them as a synonym ('turned down', 'called off', 'put off').
        self.negating = NEGATING_VERBS | frozenset(
            w for w, ws in self._synonyms.items() if "_" in w and w.split("_", 1)[1] in PARTICLES
            and NEGATING_VERBS & set(ws.split()))
        self.debunk = frozenset(_DEBUNK_SEEDS) | frozenset(
            w for seed in _DEBUNK_SEEDS for w in self._synonyms.get(seed, "").split() if w not in _GENERAL)
        # (bounded: a service reads words without end)
        self._lemmas: Lru[str, frozenset[str]] = Lru(WORD_CACHE_ENTRIES)
        self._inflections: Lru[str, frozenset[str]] = Lru(WORD_CACHE_ENTRIES)

    def lemmas(self, word: str) -> frozenset[str]:
        """Every lemma the word form can be (a verb's and a noun's), and the form itself."""
        return self._lemmas.get(word, self._lemmas_of)

    def _lemmas_of(self, word: str) -> frozenset[str]:
        lemmas = {word, *(lemma.lower() for forms in parts_of_speech(word).values() for lemma in forms)}
        # a word written with or without its hyphen is one word ('cease-fire', 'ceasefire'); not after a short
        # prefix ('re-sign', 'co-op'), which makes another word
        parts = word.split("-")
        if len(parts) > 1 and min(map(len, parts)) >= _JOINED_PART:
            lemmas |= self._lemmas_of("".join(parts))
        return frozenset(lemmas | {us for lemma in lemmas if (us := _american(lemma)) and self.known({us})})

    def known(self, lemmas: Collection[str]) -> bool:
        """Whether WordNet knows some lemma: a word of the language ('Former', 'Police'), not a coined name."""
        return any(lemma in self._synonyms or lemma in self._related for lemma in lemmas)

    def common(self, word: str) -> bool:
        """Whether the form is in lemminflect's dictionary of English ('crater', 'ceremonies'): no coined name
        ('Nicaragua', 'Varga'), which it does not hold."""
        return bool(parts_of_speech(word))

    def noun_form(self, word: str) -> bool:
        """Whether the form can be a noun ('shares', 'fire'; not 'develops')."""
        return "NOUN" in parts_of_speech(word)

    def _verbs_of(self, word: str) -> tuple[str, ...]:
        """The verbs the form can be a form of (none where it is no verb form)."""
        return parts_of_speech(word).get("VERB", ())

    def is_verb(self, word: str) -> bool:
        """Whether the form can be a verb."""
        return bool(self._verbs_of(word))

    def base_verb(self, word: str) -> bool:
        """Whether the form is a verb's base form ('ring', 'rescue'; not 'parking', whose verb is 'park')."""
        return word in self._verbs_of(word)

    def finite(self, word: str) -> bool:
        """Whether the form is a verb's past, third-person or participle form ('extended', 'went', 'cuts'),
        which a noun that could be a verb ('founder', 'home') never is: any of the tags `_tags` looks for."""
        return bool(self._tags(word))

    def past(self, word: str) -> bool:
        """Whether the form is a verb's simple past ('broke', 'took', 'misused')."""
        return "VBD" in self._tags(word)

    def participle(self, word: str) -> bool:
        """Whether the form is a verb's past participle, regular or not ('extended', 'paid', 'sold', 'made')."""
        return "VBN" in self._tags(word)

    def _tags(self, word: str) -> frozenset[str]:
        """The verb tags (of VBD, VBZ, VBN) the form carries for some verb it is a form of; looked up once per
        form."""
        return self._inflections.get(word, self._tags_of)

    def _tags_of(self, word: str) -> frozenset[str]:
        return frozenset(tag for tag in ("VBD", "VBZ", "VBN") for lemma in self._verbs_of(word)
                         if word in inflection(lemma, tag))

    def opposite(self, claimed: frozenset[str], b: frozenset[str]) -> bool:
        """Some lemma of the claim's word is an antonym of some lemma of the other, a verb done again standing
        for the verb ('reopens' / 'stay shut', as 'open' / 'shut'; not the other way: what reopens was shut);
        not a word and its 'mis-' form ('misused' / 'used': done wrongly is still done). A phrasal verb on the
        other side stands for its single-word synonyms too ('goes on' for 'continue', against 'ends')."""
        b = self._unfolded(b)
        return any(x != f"mis{y}" and y != f"mis{x}" for x in self._roots(claimed)
                   for y in self.antonyms.get(x, set()) & b)

    def against_level(self, claimed: frozenset[str], b: frozenset[str]) -> bool:
        """The claim's word raises or lowers something and the other says a level went the other way ('cuts the
        price' / 'the price will go up'), a phrasal verb standing for its single-word synonyms."""
        b = self._unfolded(b)
        return bool((claimed & _RAISING and b & _FALLING) or (claimed & LOWERING and b & _RISING))

    def _unfolded(self, lemmas: frozenset[str]) -> frozenset[str]:
        """The lemmas, with each phrasal verb's single-word synonyms ('go_on': 'continue')."""
        return lemmas | {s for lemma in lemmas if "_" in lemma for s in self._synonyms.get(lemma, "").split()}

    def _roots(self, lemmas: frozenset[str]) -> frozenset[str]:
        """The lemmas, and for a verb done again the verb, where WordNet relates the two and the verb has
        antonyms ('reopen': 'open'; not 'resign': 'sign')."""
        again = {x[2:] for x in lemmas if x.startswith("re") and x[2:] in self.antonyms
                 and self.kin(frozenset({x}), frozenset({x[2:]}))}
        return lemmas | again if again else lemmas

    def kin(self, a: frozenset[str], b: frozenset[str]) -> bool:
        """Some lemma of one verb shares a sense with some lemma of the other, or names a direct hypernym or
        troponym of it ('halt' / 'stop'): the same event in other words, though too loose to match by."""
        return any(x in self._kin.get(y, "").split() or y in self._kin.get(x, "").split() for x in a for y in b)

    def defined(self, lemmas: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
        """The words of the verb's definition, its telling ones ('custody' for 'arrest') and the rest ('take'):
        a phrasal verb's alone where the word is one ('struck off': 'list', 'remove'; not 'blow')."""
        phrasal = [lemma for lemma in lemmas if "_" in lemma and lemma in self._defined]
        telling: set[str] = set()
        general: set[str] = set()
        for lemma in phrasal or lemmas:
            these, _, others = self._defined.get(lemma, "|").partition("|")
            telling.update(these.split())
            general.update(others.split())
        return frozenset(telling), frozenset(general)

    def doer(self, lemmas: frozenset[str]) -> bool:
        """Some lemma is a noun whose most frequent sense is a person or a group ('lifeguards', 'team')."""
        return not lemmas.isdisjoint(self._doers)

    def phrasal(self, lemmas: frozenset[str], particle: str) -> frozenset[str]:
        """The phrasal verbs the word makes with the particle after it ('stepped' + 'down': 'step_down') that
        WordNet knows, so that they meet their single-word synonyms ('resign')."""
        return frozenset(f for f in (f"{lemma}_{particle}" for lemma in lemmas)
                         if f in self._synonyms or f in self.antonyms)

    def close(self, lemmas: frozenset[str]) -> frozenset[str]:
        """The lemmas with the synonyms that have them as synonyms too: words sharing a frequent sense of each."""
        return lemmas | {s for lemma in lemmas for s in self._synonyms.get(lemma, "").split()
                         if lemma in self._synonyms.get(s, "").split()}

    def related(self, lemma: str) -> frozenset[str]:
        """The lemma's derivationally related forms ('decision': 'decide', 'ruling': 'rule')."""
        return frozenset(self._related.get(lemma, "").split())

    def keys(self, lemmas: frozenset[str]) -> frozenset[str]:
        """The lemmas with their synonyms and related forms: what a word matches in another text."""
        out = set(lemmas)
        for lemma in lemmas:
            out.update(self._synonyms.get(lemma, "").split())
            out.update(self._related.get(lemma, "").split())
        return frozenset(out)


# Synonyms of a debunking seed that mean other things as often ("invent" a product, "idle" a machine): kept
# out of the cue list. ("doctored" is a seed as a form: its lemma "doctor" is a physician far more often.)
_GENERAL = frozenset("""amplify magnify overdo idle wild complex construct expose hammer smithy bastard irony
    sarcasm treacherously traitorously treasonably faithlessly sophisticate falsify wangle fudge cook manufacture
    contrive devise formulate excogitate make plan project shape treat repair fix furbish mend bushel
    impostor impersonator pretender imposter juke feint sham fraud fraudulence antic buffoonery caper clowning
    frivolity harlequinade japery joke trick charade mockery takeoff belie""".split())  # 'convicted of fraud'


@cache
def vader() -> object:
    """VADER's sentiment analyser, its lexicon shipped with the package (`vadersentiment`)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@cache
def lexicon() -> Lexicon:
    """The shipped table, read once per process."""
    try:
        with gzip.open(LEXICON_DIR / "wordnet.json.gz", "rt", encoding="utf-8") as f:
            return Lexicon(json.load(f))
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"cannot load the comparison lexicon from {LEXICON_DIR}: {exc}") from None
