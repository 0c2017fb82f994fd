"""The sentence-NLI judge minilm-nli (module, kind, model folder and `--model` name): reads what the
body's sentences mean for the claim.

For each claim, the sentences that bear on it (TF-IDF's best and the lead) go through a MiniLM NLI
cross-encoder, one (claim, sentence) pair at a time: does this sentence entail the claim, contradict
it, or neither? A small logistic regression turns those per-sentence readings, the lexical judge's
stance probabilities and the sentence-embedding closeness into the four stances; it was fitted on
FNC-1 stories and NLI pairs that neither network trained on. Pairs that the lexical judge calls
unrelated with near certainty skip the networks: the cheap step first.

The editor's reading comes last (`prepare`, `editor_rules`): a headline is borne out only by a sentence
that entails it, an evaluative headline ("hero", "slams") only by a body that carries that judgement, and
the comparison stage's signals (a negated event, a count stated otherwise, a denial, a hedge, ...) are
weighed with the aggregate by a decision fitted on hold-out articles (`judges._editor`). The sentences
that decided come back as the evidence, and the deciding signal's words as the notes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from headcheck._cache import Lru
from headcheck.compare import Comparison, compare
from headcheck.judges._editor import BRIEF_SENTENCES, Decider, decide, features
from headcheck.judges._onnx import NLI_LABEL_OF, STANCE_LABELS, CrossEncoder, SentenceEncoder
from headcheck.judges._registry import ModelRef, read_meta
from headcheck.judges._softmax import Softmax
from headcheck.judges.fnc1_features import (
    EMBEDDING_FEATURE_NAMES,
    FeatureModel,
    embedding_features,
    feature_matrix,
)
from headcheck.limits import EMBEDDING_CACHE_ENTRIES
from headcheck.text.evaluative import carried_judgement
from headcheck.types import STANCES, Body, Claim, Evidence, Judged, Judgement, Reason, Sentence

KIND = "minilm-nli"
NLI_MAX_TOKENS = 72  # the cross-encoder was trained on (claim, sentence) pairs cut to this length
NLI_OUTPUTS = ("entailment", "neutral", "contradiction")  # the shipped network's output columns, in order
# CrossEncoder wants them as agree, disagree, discuss.
NLI_COLUMNS = tuple(NLI_OUTPUTS.index(NLI_LABEL_OF[s]) for s in STANCE_LABELS)
AGREE, DISAGREE, DISCUSS, UNRELATED = range(4)

AGGREGATE_FEATURES: tuple[str, ...] = (
    "lexical_agree", "lexical_disagree", "lexical_discuss", "lexical_unrelated",
    *EMBEDDING_FEATURE_NAMES,
    "entail_max", "contradict_max", "neutral_min", "entail_mean", "contradict_mean",
    "entail_best_match", "contradict_best_match", "entail_lead", "contradict_lead",
    "sentences_entailing", "sentences_contradicting", "entail_minus_contradict",
    "contradict_position", "entail_position", "log_body_sentences", "tfidf_best",
)


CLOSEST = AGGREGATE_FEATURES.index(EMBEDDING_FEATURE_NAMES[0])  # the closest compared sentence's cosine
# A body with a sentence this close to the claim (sentence embeddings) tells the same story, whatever words it
# uses: no hand-written unrelated article on the dev halves came as close, 60% of the related ones did.
SAME_STORY_CLOSENESS = 0.6


def same_story(comparison: Comparison, closeness: float) -> Comparison:
    """The comparison without 'other story' where a compared sentence means much the same as the claim."""
    if closeness < SAME_STORY_CLOSENESS:
        return comparison
    return Comparison([r for r in comparison.reasons if r.kind != "other_story"])


def compared_sentences(body: Body, evidence: Sequence[Evidence]) -> list[Sentence]:
    """What the cross-encoder reads for a claim: its evidence, then the lead if not among it."""
    chosen = [e.sentence for e in evidence]
    return chosen + [s for s in body.sentences[:1] if s not in chosen]


def aggregate_features(lexical: np.ndarray, semantic: Sequence[float], nli: np.ndarray,
                       sentences: Sequence[Sentence], body: Body, evidence: Sequence[Evidence]) -> list[float]:
    """The aggregator's input for one claim; `nli` holds agree / disagree / discuss per compared sentence."""
    if not len(nli):
        nli = np.array([[0.0, 0.0, 1.0]])
    entail, contradict, neutral = nli[:, 0], nli[:, 1], nli[:, 2]
    n = max(len(body.sentences), 1)
    lead = [i for i, s in enumerate(sentences) if s.index == 0]
    return [
        *lexical.tolist(), *semantic,
        float(entail.max()), float(contradict.max()), float(neutral.min()),
        float(entail.mean()), float(contradict.mean()),
        float(entail[0]), float(contradict[0]),
        float(entail[lead[0]]) if lead else 0.0, float(contradict[lead[0]]) if lead else 0.0,
        float((entail > 0.5).sum()), float((contradict > 0.5).sum()),
        float(entail.max() - contradict.max()),
        sentences[int(contradict.argmax())].index / n if sentences else 1.0,
        sentences[int(entail.argmax())].index / n if sentences else 1.0,
        math.log1p(len(body.sentences)),
        evidence[0].score if evidence else 0.0,
    ]


@dataclass(frozen=True, slots=True)
class Aggregator(Softmax):
    """Multinomial logistic regression over standardised `AGGREGATE_FEATURES`: four stance probabilities."""

    FEATURES = AGGREGATE_FEATURES
    WHAT = "the aggregator"


@dataclass(frozen=True, slots=True)
class Readings:
    """What the networks and the lexical judge said of each claim, before aggregation (training reads these)."""

    lexical: np.ndarray  # (claims, 4) the lexical judge's stance probabilities
    features: np.ndarray  # (claims, AGGREGATE_FEATURES); rows of skipped claims are zeros
    read: np.ndarray  # bool per claim: the networks ran (not near-certainly unrelated)
    nli: list[np.ndarray]  # per claim: agree / disagree / discuss per compared sentence (empty if skipped)
    sentences: list[list[Sentence]]


@dataclass(frozen=True, slots=True)
class Compared:
    """Per claim: the comparison (None where the networks did not read it), and the cross-encoder's readings of
    the compared sentences and of the sentences its signals point at."""

    comparisons: list[Comparison | None]
    nli: list[np.ndarray]
    sentences: list[list[Sentence]]


class MinilmNliJudge:
    """Lexical judge, sentence embeddings and NLI cross-encoder, aggregated; see the module docstring."""

    def __init__(self, directory: Path, name: str, meta: dict[str, Any], *, nli: CrossEncoder | None = None) -> None:
        """`nli` replaces the shipped cross-encoder (a Hugging Face NLI model, see `judges.nli`)."""
        self.name = name
        self.lexical = FeatureModel.load(directory / "lexical")
        self.idf = self.lexical.idf
        self.skip_unrelated = float(meta["skip_if_lexical_unrelated_above"])
        self.min_entailment = float(meta["faithful_needs_entailment_above"])
        self.min_contradiction = float(meta["denial_needs_contradiction_above"])
        self.decider = Decider.read(directory)
        self.aggregator = Aggregator.from_dict(meta["aggregator"])
        self.nli = nli or CrossEncoder(directory / "nli", NLI_MAX_TOKENS, columns=NLI_COLUMNS)
        self.embedder = SentenceEncoder(directory / "embed", NLI_MAX_TOKENS)
        self._vectors: Lru[str, np.ndarray] = Lru(EMBEDDING_CACHE_ENTRIES)

    @classmethod
    def load(cls, ref: ModelRef) -> MinilmNliJudge:
        return cls(ref.directory, ref.name, read_meta(ref.directory))

    def read(self, items: Sequence[Judged]) -> Readings:
        lexical = self.lexical.trees.predict(feature_matrix(items, self.idf)) if items else np.zeros((0, 4))
        read = lexical[:, UNRELATED] <= self.skip_unrelated
        sentences = [compared_sentences(b, e) if r else [] for (_, b, e), r in zip(items, read, strict=True)]
        pairs = [(c.text, s.text) for (c, _, _), ss in zip(items, sentences, strict=True) for s in ss]
        flat = self.nli.predict(pairs)
        features = np.zeros((len(items), len(AGGREGATE_FEATURES)))
        # every sentence vector the claims want, in one call: the embedder runs several at once
        texts = [t for (c, _, _), ss, r in zip(items, sentences, read, strict=True) if r
                 for t in (c.text, *(s.text for s in ss))]
        vector = dict(zip(texts, self._vectors.many(texts, self.embedder.embed), strict=True))
        nli, at = [], 0
        for i, ((claim, body, evidence), ss) in enumerate(zip(items, sentences, strict=True)):
            nli.append(flat[at : at + len(ss)])
            at += len(ss)
            if read[i]:
                semantic = embedding_features(vector[claim.text], np.array([vector[s.text] for s in ss]))
                features[i] = aggregate_features(lexical[i], semantic, nli[i], ss, body, evidence)
        return Readings(lexical, features, read, nli, sentences)

    def prepared(self, items: Sequence[Judged]) -> tuple[Readings, list[Prepared | None]]:
        """The readings, and per claim the networks read what the editor's decision weighs (None: skipped)."""
        r = self.read(items)
        probs = r.lexical.copy()
        if r.read.any():
            probs[r.read] = self.aggregator.probabilities(r.features[r.read])
        c = self.compared(items, r)
        out: list[Prepared | None] = []
        for i, (claim, body, _) in enumerate(items):
            comparison = c.comparisons[i]
            if comparison is None:
                out.append(None)
                continue
            out.append(prepare(probs[i], c.nli[i], c.sentences[i], claim, body, comparison,
                               self.min_entailment, self.min_contradiction))
        return r, out

    def compared(self, items: Sequence[Judged], r: Readings) -> Compared:
        """The comparison of every claim the networks read, and the cross-encoder's readings with every
        sentence a signal points at that retrieval left out read too (in one batch): the decision weighs how
        the network reads the very sentence each signal comes from."""
        comparisons = [same_story(compare(claim, body), float(r.features[i, CLOSEST])) if r.read[i] else None
                       for i, (claim, body, _) in enumerate(items)]
        extra: list[list[Sentence]] = []
        for (_, body, _), ss, comparison in zip(items, r.sentences, comparisons, strict=True):
            have = {s.index for s in ss}
            wanted = {x.sentence for x in comparison.reasons if x.sentence is not None} if comparison else set()
            extra.append([body.sentences[k] for k in sorted(wanted - have)])
        flat = self.nli.predict([(c.text, s.text) for (c, _, _), ss in zip(items, extra, strict=True) for s in ss])
        nli, sentences, at = [], [], 0
        for own, ss, more in zip(r.nli, r.sentences, extra, strict=True):
            nli.append(np.vstack([own, flat[at : at + len(more)]]) if more else own)
            sentences.append([*ss, *more])
            at += len(more)
        return Compared(comparisons, nli, sentences)

    def judge(self, items: Sequence[Judged]) -> list[Judgement]:
        if not items:
            return []
        r, prepared = self.prepared(items)
        out = []
        for i, ((_, body, _), ready) in enumerate(zip(items, prepared, strict=True)):
            if ready is None:
                out.append(Judgement(dict(zip(STANCES, r.lexical[i].tolist(), strict=True))))
                continue
            ruled = editor_rules(ready, self.decider)
            p = ruled.probabilities
            evidence = decisive(p, r.nli[i], r.sentences[i])
            deciding = [body.sentences[x.sentence] for x in ruled.reasons if x.sentence is not None]
            if deciding and evidence is not None:  # the sentences that decided are evidence (`Judgement.decided`)
                read = {e.sentence for e in evidence}
                evidence = (*(Evidence(s, 0.0) for s in deciding if s not in read), *evidence)
            out.append(Judgement(dict(zip(STANCES, p.tolist(), strict=True)), evidence=evidence, notes=ruled.notes,
                                 reasons=ruled.reasons, rule=ruled.rule).decided())
        return out


def _moved(p: np.ndarray, source: Sequence[int], target: int) -> np.ndarray:
    out = p.copy()
    out[target] += out[list(source)].sum()
    out[list(source)] = 0.0
    return out


@dataclass(frozen=True, slots=True)
class Prepared:
    """One claim as the editor's decision reads it: the network's aggregate after the two checks, the comparison,
    the decision's features, the sentences the network reads as contradicting the claim, and the checks' notes."""

    probabilities: np.ndarray
    comparison: Comparison
    features: np.ndarray
    contradicting: frozenset[int]
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ruled:
    """A claim's stance probabilities after the editor's reading, and why."""

    probabilities: np.ndarray
    notes: tuple[str, ...]
    reasons: tuple[Reason, ...]
    rule: str | None  # the signal kind that decided (`judges._editor.decide`), if one did


def prepare(p: np.ndarray, nli: np.ndarray, sentences: Sequence[Sentence], claim: Claim, body: Body,
            comparison: Comparison, min_entailment: float, min_contradiction: float) -> Prepared:
    """Two checks on the network's aggregate before the signals are weighed (so that the decision, fitted on the
    answers a reader would get without it, meets the same answer here): faithful needs a sentence whose
    entailment reaches `min_entailment`, and an evaluative headline a body that carries its judgement and does
    not point the other way (`text.evaluative`'s word lists, beside the comparison's VADER reading; a sentence
    stating the claim's event then bears out no more than the event, and is not a 'supported' signal)."""
    notes: list[str] = []
    if int(p.argmax()) == AGREE and (not len(nli) or float(nli[:, AGREE].max()) < min_entailment):
        p = _moved(p, [AGREE], DISCUSS)
        notes.append("no body sentence states the headline's claim")
    judgement = carried_judgement(claim.text, body.text)
    if judgement is not None and not judgement.carried:
        comparison = Comparison([r for r in comparison.reasons if r.kind != "supported"])
        if judgement.opposed and int(p.argmax()) in (AGREE, DISCUSS):
            p = _moved(p, [AGREE, DISCUSS], DISAGREE)
            notes.append(f"the headline's {judgement.polarity} ({', '.join(judgement.headline_words)}) is "
                         f"at odds with the body ({', '.join(judgement.body_words[:4])})")
        elif int(p.argmax()) == AGREE:
            p = _moved(p, [AGREE], DISCUSS)
            notes.append(f"the body does not carry the headline's {judgement.polarity} "
                         f"({', '.join(judgement.headline_words)})")
    page = len(body.sentences) > BRIEF_SENTENCES
    contradicting = frozenset(s.index for s, row in zip(sentences, nli, strict=True)
                              if row[DISAGREE] >= min_contradiction)
    return Prepared(p, comparison, features(p, comparison, nli, sentences, contradicting, page=page),
                    contradicting, tuple(notes))


def editor_rules(ready: Prepared, decider: Decider | None) -> Ruled:
    """The comparison's signals and the network's aggregate weighed by the fitted decision
    (`judges._editor.decide`); the deciding signal's words are the notes, else the checks' notes."""
    decision = decide(ready.probabilities, ready.comparison, decider, ready.features, ready.contradicting)
    if decision.rule is not None:
        return Ruled(decision.probabilities, tuple(r.message for r in decision.reasons), decision.reasons,
                     decision.rule)
    return Ruled(decision.probabilities, ready.notes, (), None)


def decisive(p: np.ndarray, nli: np.ndarray, sentences: Sequence[Sentence]) -> tuple[Evidence, ...] | None:
    """The compared sentences, those that decided first: for agree (disagree) by how strongly each entails
    (contradicts) the claim, scored by that reading; otherwise in retrieval order, scored by how neutral
    each is. None when the networks did not run."""
    if not sentences:
        return None
    stance = int(p.argmax())
    if stance in (AGREE, DISAGREE):
        order = sorted(range(len(sentences)), key=lambda i: (-nli[i, stance], sentences[i].index))
        return tuple(Evidence(sentences[i], round(float(nli[i, stance]), 4)) for i in order)
    return tuple(Evidence(s, round(float(nli[i, DISCUSS]), 4)) for i, s in enumerate(sentences))


def load(ref: ModelRef) -> MinilmNliJudge:
    return MinilmNliJudge.load(ref)

