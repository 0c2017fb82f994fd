"""Training pairs for the sentence-level NLI judge: public NLI sets, FNC-1 headline-sentence bags and
pairs made from them (reversed outcomes, rumour and denial framing, hard unrelated).

Labels are NLI's: entailment, neutral, contradiction. Every set keeps a fixed, documented hold-out
(`HOLD_OUT_EVERY`: row i of a file is held out when i % n == 0) that training never sees.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from headcheck.datasets.nli import CONTRADICT, ENTAIL, NEUTRAL, NLI_LABELS, nli_split


@dataclass(frozen=True, slots=True)
class Example:
    """A claim with one premise (a plain NLI pair) or several (a bag of body sentences).

    `mode` says how a bag's label is read: "any" - at least one premise has the label (an agreeing body
    has a sentence that entails the headline); "all" - every premise has it.
    """

    claim: str
    premises: tuple[str, ...]
    label: int
    source: str
    mode: Literal["any", "all"] = "any"
    weight: float = 1.0


# Outcome reversals, as exact word forms (both directions are used).
_OPPOSITES = """
approve reject|approves rejects|approved rejected|approving rejecting|accepts rejects|accepted rejected
win lose|wins loses|won lost|winning losing|winner loser
rise fall|rises falls|rose fell|rising falling|increase decrease|increases decreases|increased decreased
open close|opens closes|opened closed|opening closing
confirm deny|confirms denies|confirmed denied|agrees refuses|agreed refused
support oppose|supports opposes|supported opposed|backs opposes|backed opposed
pass fail|passes fails|passed failed|succeeds fails|succeeded failed
allow ban|allows bans|allowed banned|lifts imposes|lifted imposed
raise cut|raises cuts|raised cut|boosts cuts|boosted cut|hires fires|hired fired
survives dies|survived died|alive dead|guilty innocent|acquitted convicted|acquits convicts
freed jailed|frees jails
resumes suspends|resumed suspended|starts stops|started stopped|begins ends|began ended
surges plunges|surged plunged|soars slumps|soared slumped|gains loses|gained lost
praises criticises|praised criticised|praise criticism|welcomes condemns|welcomed condemned
true false|legal illegal|safe dangerous|higher lower|more fewer|largest smallest|first last
before after|inside outside|male female|man woman|men women|boy girl|boys girls|day night
old young|older younger|happy sad|empty full|up down|always never|sitting standing|asleep awake
arrives leaves|arrived left|enters leaves|entered left|buys sells|bought sold|wins loses
"""
OPPOSITES: dict[str, str] = {}
for _pair in _OPPOSITES.replace("\n", "|").split("|"):
    if _pair.strip():
        _a, _b = _pair.split()
        OPPOSITES.setdefault(_a, _b)
        OPPOSITES.setdefault(_b, _a)
_NEGATABLE = re.compile(r"\b(is|are|was|were|has|have|had|will|can|did|does)\b(?! (?:not|no|never)\b)")
_NUMBER = re.compile(r"\b\d[\d,]*(?:\.\d+)?\b")
_NUMBER_WORDS = "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred".split()
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)


def _cased(original: str, replacement: str) -> str:
    return replacement.capitalize() if original[:1].isupper() else replacement


def _other_number(match: re.Match[str], rng: random.Random) -> str:
    text = match[0].replace(",", "")
    value = float(text)
    if 1900 <= value <= 2030 and "." not in text:  # a year
        return str(int(value) + rng.choice([-10, -3, -1, 1, 2, 5]))
    changed = value * rng.choice([0.1, 0.5, 2, 3, 10]) if value > 1 else value + rng.randint(2, 9)
    return f"{changed:,.0f}" if "." not in text else f"{changed:.1f}"


def contradict(claim: str, rng: random.Random) -> str | None:
    """The claim with its outcome reversed, a number changed or a negation added; None if nothing applies."""
    words = re.findall(r"[A-Za-z]+", claim)
    swappable = [w for w in words if w.lower() in OPPOSITES]
    options = []
    if swappable:
        options.append("swap")
    if _NUMBER.search(claim) or _NUMBER_WORD.search(claim):
        options.append("number")
    if _NEGATABLE.search(claim):
        options.append("negate")
    if not options:
        return None
    how = rng.choice(options)
    if how == "swap":
        word = rng.choice(swappable)
        return re.sub(rf"\b{word}\b", _cased(word, OPPOSITES[word.lower()]), claim, count=1)
    if how == "number":
        if (m := _NUMBER.search(claim)) is not None:
            return claim[: m.start()] + _other_number(m, rng) + claim[m.end():]
        m = _NUMBER_WORD.search(claim)
        assert m is not None
        other = rng.choice([w for w in _NUMBER_WORDS if w != m[0].lower()])
        return claim[: m.start()] + _cased(m[0], other) + claim[m.end():]
    return _NEGATABLE.sub(lambda m: f"{m[0]} not", claim, count=1)


# How news bodies frame a claim they do not establish, deny, or do establish.
_RUMOUR = (
    "Unconfirmed reports circulating online claim that {c}.",
    "{C}, according to rumours that officials have not confirmed.",
    "Some residents believe that {c}, but no evidence has been presented.",
    "Social media users have alleged that {c}.",
    "It remains unclear whether {c}.",
    "Reporters are looking into claims that {c}.",
    "A blogger claimed that {c}; the claim could not be verified.",
    "Officials said they were investigating reports that {c}.",
    "Critics have asked whether {c}.",
    "An anonymous source told a local newspaper that {c}, though no one else has confirmed it.",
    "Rumours that {c} spread quickly on Tuesday.",
    "Campaigners say they suspect that {c}.",
)
_DENIAL = (
    "Officials denied reports that {c}.",
    "Claims that {c} are false, a spokesperson said.",
    "There is no truth to rumours that {c}, police said.",
    "Investigators found no evidence that {c}.",
    "The story that {c} turned out to be a hoax.",
    "Fact-checkers debunked a viral post saying that {c}.",
    "The ministry dismissed as untrue a report that {c}.",
    "Contrary to earlier reports, it is not the case that {c}.",
)
_CONFIRMED = (
    "Police confirmed that {c}.",
    "{C}, officials said on Monday.",
    "It was confirmed on Tuesday that {c}.",
    "{C}, the company announced.",
    "Records seen by reporters show that {c}.",
    "{C}, a spokesperson confirmed.",
)
_LOWER_FIRST = frozenset("the a an this that these those there it its some many most all one two three".split())


def as_clause(sentence: str) -> tuple[str, str]:
    """(lower-case, capitalised) forms of a sentence to embed in a frame: final stop dropped, a leading
    function word lower-cased (a leading name keeps its capital)."""
    s = sentence.strip().rstrip(".!")
    first = s.split(" ", 1)[0]
    lower = s[0].lower() + s[1:] if first.lower() in _LOWER_FIRST else s
    return lower, s[0].upper() + s[1:]


def framed(claim: str, content: str, rng: random.Random) -> list[Example]:
    """`content` (the claim, or a sentence that entails it) as rumour (neutral), denial and confirmation."""
    lower, upper = as_clause(content)
    out = []
    for frames, label in ((_RUMOUR, NEUTRAL), (_DENIAL, CONTRADICT), (_CONFIRMED, ENTAIL)):
        premise = rng.choice(frames).format(c=lower, C=upper)
        out.append(Example(claim, (premise,), label, f"frame-{NLI_LABELS[label]}"))
    return out


def nli_examples(nli_dir: Path, rng: random.Random) -> list[Example]:
    """The training rows of every NLI set, plus pairs made from their entailed claims."""
    out: list[Example] = []
    for name in ("mnli", "snli", "fever", "rte"):
        train, _ = nli_split(nli_dir, name)
        out += [Example(h, (p,), label, name) for p, h, label in train]
        if name in ("snli", "fever"):  # short premises and claims: good material for reversals and frames
            entailed = [(p, h) for p, h, label in train if label == ENTAIL]
            for p, h in rng.sample(entailed, min(3000, len(entailed))):
                if (reversed_claim := contradict(h, rng)) is not None:
                    out.append(Example(reversed_claim, (p,), CONTRADICT, f"{name}-reversed"))
            for p, h in rng.sample(entailed, min(1500, len(entailed))):
                # FEVER's evidence is a full sentence (SNLI's premises are often bare noun phrases).
                source = p if name == "fever" and len(p.split()) <= 30 and rng.random() < 0.5 else h
                out += framed(h, source, rng)
    return out


def _capitalised(text: str) -> set[str]:
    """Names: capitalised words that do not open the text."""
    return set(re.findall(r"(?<=\w )[A-Z][a-z]{2,}", text))


FncPair = tuple[str, str, str, Sequence[str]]  # headline, stance, topic, top evidence sentences


def fnc_examples(pairs: Sequence[FncPair], sentences: Sequence[tuple[str, str]], rng: random.Random, *,
                 per_class: int = 2500) -> list[Example]:
    """FNC-1 bags of related training pairs and the pairs made from them.

    `sentences` are (topic, sentence) from every training body, for hard unrelated pairs: a headline over
    another story's sentence that shares a name with it (FNC-1's own unrelated pairs are random, too easy).
    """
    by_stance: dict[str, list[FncPair]] = {}
    for p in pairs:
        if p[3]:
            by_stance.setdefault(p[1], []).append(p)
    agree = rng.sample(by_stance["agree"], min(per_class, len(by_stance["agree"])))
    discuss = rng.sample(by_stance["discuss"], min(per_class, len(by_stance["discuss"])))
    out = [Example(h, tuple(s), ENTAIL, "fnc-agree") for h, _, _, s in agree]
    out += [Example(h, tuple(s), CONTRADICT, "fnc-disagree", weight=2.0) for h, _, _, s in by_stance["disagree"]]
    out += [Example(h, tuple(s), NEUTRAL, "fnc-discuss", "all", 0.5) for h, _, _, s in discuss]
    for h, _, _, s in agree[: per_class // 2]:
        if (reversed_claim := contradict(h, rng)) is not None:
            out.append(Example(reversed_claim, tuple(s), CONTRADICT, "fnc-reversed"))
    by_name: dict[str, list[tuple[str, str]]] = {}
    for topic, sentence in sentences:
        for name in _capitalised(sentence):
            by_name.setdefault(name, []).append((topic, sentence))
    headlines = sorted({(h, topic) for h, _, topic, _ in pairs})
    made = 0
    for h, topic in rng.sample(headlines, len(headlines)):
        candidates = [s for n in sorted(_capitalised(h)) for t, s in by_name.get(n, [])[:200] if t != topic]
        if candidates:
            out.append(Example(h, (rng.choice(candidates),), NEUTRAL, "fnc-hard-unrelated"))
            made += 1
            if made == per_class:
                break
    return out
