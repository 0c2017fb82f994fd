"""Split a headline into the claims it makes, and decide the headline's verdict from theirs.

A headline often packs two statements into one line ("Bridge opens and ferry stops") or puts a
claim in someone's mouth ("Bridge is unsafe, says engineer"). Judging each part against the body
shows which part fails. The rules are deliberately conservative (word lists and a crude verb test,
no parser): when a construction is not recognised the whole headline stays one claim, which is
exactly how headcheck 0.1 judged it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from headcheck.types import VERDICT_OF, Evidence, Judgement, Stance, Verdict

# Base forms of verbs common in news headlines; inflections are generated below.
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
""".split()
_IRREGULAR = """
said told found led won lost took taken gave given made went gone came come saw seen knew known held left
met paid sold bought brought built fell fallen rose risen broke broken chose chosen began begun ran kept
sought struck shot fought stole stolen drove driven spent sent threw thrown thought fled froze frozen hid
hidden got gotten stood understood spoke spoken wrote written grew grown became hung laid meant sank sunk
taught tore torn swore sworn withdrew withdrawn undertook overtook forgave
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
_PREPOSITIONS = frozenset(
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


def _inflect(base: str) -> set[str]:
    forms = {base, base + "s", base + "es", base + "ed", base + "d", base + "ing"}
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        forms |= {base[:-1] + "ies", base[:-1] + "ied"}
    if base.endswith("e"):
        forms.add(base[:-1] + "ing")
    if re.fullmatch(r".*[^aeiou][aeiou][bdgklmnprt]", base):
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return forms


VERB_FORMS = frozenset({f for b in _VERB_BASES for f in _inflect(b)} | set(_IRREGULAR))


@dataclass(frozen=True, slots=True)
class HeadlineClaim:
    """One statement of the headline; `attribution` is who the headline says made it, if anyone."""

    text: str
    attribution: str | None = None

    @property
    def judged_text(self) -> str:
        """What the stance model reads: an attributed claim only says that someone said it, so the model
        judges 'Y says X', which a body reporting Y's words bears out, rather than X alone."""
        return f"{self.attribution} says {self.text}" if self.attribution else self.text


def _norm(token: str) -> str:
    return re.sub(r"[^\w'-]", "", token.lower().replace("\u2019", "'")).strip("'-")


def is_verb(tokens: Sequence[str], i: int) -> bool:
    """A crude part-of-speech test: a known verb form not preceded by a determiner-like word."""
    word = _norm(tokens[i])
    if word in AUXILIARIES:
        return True
    if word not in VERB_FORMS:
        return False
    before = _norm(tokens[i - 1]) if i > 0 else ""
    if word.endswith("ing"):
        return before in _BE_FORMS
    if before in _NOUN_BEFORE or before.endswith("'s") or _NUMBER_WORD.match(before):
        return False
    return not (i + 1 < len(tokens) and _norm(tokens[i + 1]) == "of")


def _first_verb(tokens: Sequence[str], start: int = 1) -> int | None:
    return next((i for i in range(start, len(tokens)) if is_verb(tokens, i)), None)


def _clean(text: str) -> str:
    """Trim spaces, edge punctuation and quotes that only wrapped the whole claim."""
    text = text.strip().strip(",;:.-\u2013\u2014 ").strip()
    quotes = {"'": "'", '"': '"', "\u2018": "\u2019", "\u201c": "\u201d"}
    if len(text) > 1 and text[0] in quotes and text.endswith(quotes[text[0]]) and text.count(text[0]) <= 2:
        text = text[1:-1].strip()
    return text


# Quoted words; an apostrophe inside a word ("Orlov's") does not close a single quote.
QUOTED = re.compile(r"\"[^\"]*\"|\u201c[^\u201d]*\u201d|\u2018(?:[^\u2019]|\u2019(?=\w))*\u2019(?!\w)"
                    r"|(?<!\w)'(?:[^']|'(?=\w))*'(?!\w)")


def _outside_quotes(text: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    inside = [(m.start(), m.end()) for m in QUOTED.finditer(text)]
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


_ATTRIBUTION = [
    re.compile(rf"^(?P<claim>.+?),\s*(?:{SAY_VERBS})\s+(?P<who>[^,]+)$", re.IGNORECASE),  # X, says Y
    re.compile(rf"^(?P<claim>.+?),\s*(?P<who>[^,]+?)\s+(?:{SAY_VERBS})$", re.IGNORECASE),  # X, Y says
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
        if (0 < len(who.split()) <= _MAX_SPEAKER_WORDS and said_tokens and _norm(said_tokens[0]) != "to"
                and _first_verb(said_tokens, 0) is not None):  # "X said to be ill" is not an attribution
            return [HeadlineClaim(said, _clean(who))]
    return [claim]


_COORDINATING_WORDS = frozenset({"and", "or", "but"})
_COORDINATOR = re.compile(r",?\s+(?:and|but|while|whereas)\s+|\s*,\s+(?=\S)", re.IGNORECASE)


def _plain_subject(tokens: Sequence[str]) -> bool:
    """After a bare comma, a new clause starts with a plain subject: not "X, cheap and open", "X, ending Y"."""
    words = [_norm(w) for w in tokens]
    return not (_COORDINATING_WORDS & set(words) or words[0].endswith(("ing", "ed")) or words[0] in _PREPOSITIONS)


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
    first = _norm(tokens[0])
    return _first_verb(tokens) is not None or first in AUXILIARIES or (first.endswith("s") and is_verb(tokens, 0))


_CONJUNCT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+", re.IGNORECASE)


def _predicates(claim: HeadlineClaim) -> list[HeadlineClaim]:
    """'X is Y and Z' -> 'X is Y', 'X is Z', unless a conjunct could be a prepositional object or a clause."""
    tokens = claim.text.split()
    copula = next((i for i in range(1, len(tokens)) if _norm(tokens[i]) in COPULAS), None)
    if copula is None or copula + 1 >= len(tokens) or _norm(tokens[copula + 1]) in ("not", "no", "never"):
        return [claim]
    predicate = " ".join(tokens[copula + 1 :])
    if not re.search(r"\s+and\s+", predicate, re.IGNORECASE):
        return [claim]
    conjuncts = [c for c in _CONJUNCT.split(predicate) if c.strip()]
    if len(conjuncts) < 2 or any(_norm(w) in _PREPOSITIONS for w in conjuncts[0].split()):
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


# -- judging: a claim's verdict and the headline's verdict from its claims -------------------------------


@dataclass(frozen=True, slots=True)
class ClaimCheck:
    """A claim with the body's stance towards it and the evidence it was judged on."""

    claim: HeadlineClaim
    judgement: Judgement
    evidence: list[Evidence]

    @property
    def stance(self) -> Stance:
        return self.judgement.stance

    @property
    def verdict(self) -> Verdict:
        return VERDICT_OF[self.stance]

    @property
    def confidence(self) -> float:
        return self.judgement.probabilities[self.stance]


def headline_verdict(headline_stance: Stance, checks: Sequence[ClaimCheck]) -> Verdict:
    """The rule, in order: a contradiction anywhere (the whole headline or any claim) makes it `misleading`;
    every claim unrelated makes it `unrelated`; every claim borne out makes it `faithful`; anything else
    (a claim only discussed, or one the body never addresses) makes it `unsupported`.

    With one claim (the headline itself) this is exactly the stance-to-verdict mapping of headcheck 0.1.
    """
    verdicts = [c.verdict for c in checks] or [VERDICT_OF[headline_stance]]
    if headline_stance == "disagree" or "misleading" in verdicts:
        return "misleading"
    if all(v == "unrelated" for v in verdicts):
        return "unrelated"
    if all(v == "faithful" for v in verdicts):
        return "faithful"
    return "unsupported"
