"""The feature judge fnc1-features (module, kind, model folder and `--model` name): hand-built features of a
pair and boosted trees, the fast lexical judge.

Topical overlap separates related from unrelated pairs; cue words near the evidence
(refutation, hedging, confirmation, negation) separate agree, disagree and discuss.
The same functions serve training and inference, so the two cannot drift apart.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from headcheck.errors import ModelError
from headcheck.judges._onnx import Trees
from headcheck.judges._registry import ModelRef, read_meta
from headcheck.text.lexical import Idf, cosine, words
from headcheck.types import Body, Claim, Evidence, Judged, Judgement, judgements_of

IDF_FILE = "idf.json.gz"
TREES_FILE = "trees.onnx"

CUES: dict[str, frozenset[str]] = {
    "refute": frozenset(
        """fake fraud hoax false deny denies denied denying not despite nope doubt doubts
        bogus debunk debunks debunked pranks retract retracted untrue fabricated satire
        satirical misleading rumor rumors rumour rumours baseless incorrect wrong myth
        refute refuted refutes dismissed dismisses rejects rejected""".split()
    ),
    "hedge": frozenset(
        """reportedly allegedly alleged claims claim claimed claiming according apparently
        purportedly purported unconfirmed unverified rumored rumoured may might could possibly
        suggest suggests suggested appears appeared believed speculation reports reported
        sources source supposedly seems""".split()
    ),
    "confirm": frozenset(
        """confirmed confirms confirm officially announced verified proves proven revealed
        indeed actually true authentic real genuine evidence""".split()
    ),
    "attribution": frozenset(
        """said says told according statement spokesman spokeswoman spokesperson reported
        reporting report tweeted wrote claims insisted added""".split()
    ),
    "negation": frozenset(
        """no not never none nothing nobody neither nor cannot can't don't doesn't didn't isn't
        wasn't aren't weren't won't without""".split()
    ),
}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _rate(counts: Counter[str], lexicon: frozenset[str]) -> float:
    """The share of tokens in the lexicon, from the tokens' counts: a body's words are counted once, not once per
    lexicon."""
    return sum(n for t, n in counts.items() if t in lexicon) / max(counts.total(), 1)


def _ngrams(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def _overlaps(head: list[str], body: list[str], idf: Idf) -> list[float]:
    h, b = set(head), set(body)
    shared = h & b
    weight = sum(idf.weight(t) for t in h)
    return [
        len(shared) / max(len(h), 1),
        sum(idf.weight(t) for t in shared) / weight if weight else 0.0,
        len(shared) / max(len(h | b), 1),
        len(_ngrams(head, 2) & _ngrams(body, 2)) / max(len(head) - 1, 1),
        len(_ngrams(head, 3) & _ngrams(body, 3)) / max(len(head) - 2, 1),
    ]


def pair_features(claim: Claim, body: Body, evidence: list[Evidence], idf: Idf) -> list[float]:
    """The feature vector; its order is fixed by `FEATURE_NAMES`. O(n log n) in the body's length."""
    sims = [cosine(claim.vector, v) for v in body.sentence_vectors] or [0.0]
    top = [e.sentence.index for e in evidence]
    n = len(body.sentences)
    all_terms = [t for ts in body.sentence_terms for t in ts]
    lead_terms = [t for ts in body.sentence_terms[:3] for t in ts]
    top_terms = [t for i in top for t in body.sentence_terms[i]]

    head_words = words(claim.text)
    body_words = words(body.text)
    lead_words = [w for s in body.sentences[:3] for w in words(s.text)]
    top_words = [w for e in evidence for w in words(e.sentence.text)]

    head_numbers = set(_NUMBER.findall(claim.text))
    body_numbers = set(_NUMBER.findall(body.text))

    feats = [
        cosine(claim.vector, body.vector),
        cosine(claim.vector, idf.vector(lead_terms)),
        max(sims),
        sum(sorted(sims, reverse=True)[:3]) / min(3, len(sims)),
        sum(s > 0.2 for s in sims) / len(sims),
        top[0] / n if top else -1.0,
        *_overlaps(claim.terms, all_terms, idf),
        *_overlaps(claim.terms, lead_terms, idf)[:2],
        *_overlaps(claim.terms, top_terms, idf)[:2],
        len(claim.terms),
        math.log1p(len(body_words)),
        math.log1p(n),
        float("?" in claim.text),
        float(any(q in claim.text for q in "\"\u201c\u2018'")),
        len(head_numbers & body_numbers) / len(head_numbers) if head_numbers else -1.0,
    ]
    body_counts, lead_counts, top_counts = Counter(body_words), Counter(lead_words), Counter(top_words)
    for lexicon in CUES.values():
        feats += [
            sum(w in lexicon for w in head_words),
            _rate(body_counts, lexicon) * 100,
            _rate(lead_counts, lexicon) * 100,
            _rate(top_counts, lexicon) * 100,
        ]
    neg = CUES["negation"] | CUES["refute"]
    feats.append(float((sum(w in neg for w in head_words) % 2) != (sum(w in neg for w in top_words) % 2)))
    return feats


FEATURE_NAMES: tuple[str, ...] = (
    "cos_body", "cos_lead", "cos_max_sentence", "cos_top3_mean", "share_sentences_cos_gt_0.2",
    "best_sentence_position",
    "overlap", "overlap_idf", "jaccard", "bigram_overlap", "trigram_overlap",
    "lead_overlap", "lead_overlap_idf", "evidence_overlap", "evidence_overlap_idf",
    "headline_terms", "log_body_words", "log_sentences", "headline_question", "headline_quote",
    "headline_numbers_in_body",
    *(f"{cue}_{where}" for cue in CUES for where in ("headline", "body", "lead", "evidence")),
    "polarity_mismatch",
)


EMBEDDING_FEATURE_NAMES: tuple[str, ...] = ("emb_max_sentence", "emb_top3_mean", "emb_mean_sentence", "emb_centre")


def embedding_features(claim: np.ndarray, sentences: np.ndarray) -> list[float]:
    """Semantic closeness of the claim to the sentences it is compared with: catches paraphrases sharing no words."""
    if not len(sentences):
        return [0.0, 0.0, 0.0, 0.0]
    sims = np.sort(sentences @ claim)[::-1]
    centre = sentences.mean(axis=0)
    return [float(sims[0]), float(sims[:3].mean()), float(sims.mean()),
            float(centre @ claim / max(float(np.linalg.norm(centre)), 1e-12))]


def read_model(directory: Path) -> tuple[dict[str, Any], Idf, Trees]:
    """model.json, the IDF table and the trees of a model written by `training.fnc1_features.write_model`."""
    meta = read_meta(directory)
    try:
        with gzip.open(directory / IDF_FILE, "rt", encoding="utf-8") as f:
            table = json.load(f)
        idf = Idf(table["weights"], table["default"])
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"cannot load model from {directory}: {exc}") from None
    if meta.get("features") != list(FEATURE_NAMES):
        raise ModelError(f"model in {directory} was trained on other features; retrain it")
    return meta, idf, Trees(directory / TREES_FILE)


def feature_matrix(items: Sequence[Judged], idf: Idf) -> np.ndarray:
    """The `pair_features` of every item, as the trees read them."""
    return np.array([pair_features(c, b, e, idf) for c, b, e in items], dtype=np.float32)


@dataclass(frozen=True, slots=True)
class FeatureModel:
    """IDF table + gradient-boosted trees: the whole of the 0.1 stance model."""

    name: str
    idf: Idf
    trees: Trees

    @classmethod
    def load(cls, directory: Path) -> FeatureModel:
        meta, idf, trees = read_model(directory)
        return cls(meta["name"], idf, trees)


class Fnc1FeaturesJudge:
    """Applies a `FeatureModel` to claim-body pairs."""

    def __init__(self, model: FeatureModel) -> None:
        self.model = model
        self.name = model.name
        self.idf = model.idf

    def judge(self, items: Sequence[Judged]) -> list[Judgement]:
        if not items:
            return []
        return judgements_of(self.model.trees.predict(feature_matrix(items, self.idf)))


def load(ref: ModelRef) -> Fnc1FeaturesJudge:
    return Fnc1FeaturesJudge(FeatureModel.load(ref.directory))
