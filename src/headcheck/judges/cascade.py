"""The cascade judge (kind "cascade", `--model fnc1-minilm`): relatedness from sentence embeddings and
lexical features, then a MiniLM cross-encoder reading the headline with its evidence for agree /
disagree / discuss. The networks run in ONNX Runtime (`judges.onnx`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import lightgbm
import numpy as np

from headcheck._cache import Lru
from headcheck.judges import Judged, ModelRef, register
from headcheck.judges.features import embedding_features, feature_matrix, read_model
from headcheck.judges.onnx import CrossEncoder, SentenceEncoder, evidence_text
from headcheck.limits import EMBEDDING_CACHE_ENTRIES
from headcheck.pipeline.evidence import Body
from headcheck.text.lexical import Idf
from headcheck.types import Evidence, Judgement, judgements_of

MAX_TOKENS = 128  # what both networks read of a text (or pair); they were trained at this length
RELATED_CUTOFF = 0.5  # below it the cross-encoder is not run: the pair is judged unrelated anyway


def apply_bias(probs: np.ndarray, bias: Sequence[float] | np.ndarray) -> np.ndarray:
    """Re-weights stance probabilities per class (to favour rare classes) and renormalises each row."""
    weighted = probs * np.asarray(bias)
    return weighted / weighted.sum(axis=1, keepdims=True)


def cascade_probabilities(related: np.ndarray, stance: np.ndarray) -> np.ndarray:
    """P(agree, disagree, discuss) = P(related) x P(stance | related); P(unrelated) = 1 - P(related)."""
    return np.column_stack([stance * related[:, None], 1.0 - related])


@dataclass(frozen=True, slots=True)
class CascadeModel:
    """Relatedness trees, the cross-encoder, an optional stacker and the per-class bias chosen on the hold-out."""

    name: str
    idf: Idf
    relatedness: lightgbm.Booster
    stacker: lightgbm.Booster | None
    bias: np.ndarray
    prior: np.ndarray
    directory: Path

    @classmethod
    def load(cls, directory: Path) -> CascadeModel:
        kinds = ["relatedness"] + (["stacker"] if (directory / "stacker.txt.gz").exists() else [])
        meta, idf, trees = read_model(directory, kinds)
        return cls(meta["name"], idf, trees["relatedness"], trees.get("stacker"),
                   np.array(meta["stance_bias"]), np.array(meta["stance_prior"]), directory)


class RelatednessFeatures:
    """Lexical features followed by embedding features of the claim against its evidence and the lead.

    Only the evidence sentences and the lead are embedded, not the whole body: on a 2-core CPU a
    sentence costs about 12 ms, so a 40-sentence article would take half a second; the evidence
    (chosen by TF-IDF) and the lead are where a related headline's content sits. Vectors are
    cached by text, so a sentence shared by many headlines is embedded once.
    """

    def __init__(self, idf: Idf, embed_dir: Path, cache_size: int = EMBEDDING_CACHE_ENTRIES) -> None:
        self.idf = idf
        self.embedder = SentenceEncoder(embed_dir, max_length=MAX_TOKENS)
        self._vectors: Lru[str, np.ndarray] = Lru(cache_size)

    def __call__(self, items: Sequence[Judged]) -> np.ndarray:
        semantic = [embedding_features(self._vector(c.text), np.array([self._vector(t) for t in _compared(b, e)]))
                    for c, b, e in items]
        return np.hstack([feature_matrix(items, self.idf), np.array(semantic, dtype=np.float32)])

    def _vector(self, text: str) -> np.ndarray:
        return self._vectors.get(text, lambda t: self.embedder.embed([t])[0])


def _compared(body: Body, evidence: Sequence[Evidence]) -> list[str]:
    """The sentences a claim's embedding is compared with: its evidence, then the lead if not among them."""
    texts = [e.sentence.text for e in evidence]
    lead = body.sentences[:1]
    return texts + [s.text for s in lead if s.text not in texts]


class CascadeJudge:
    """Unrelated or not from embeddings + lexical features; the stance of related pairs from the cross-encoder."""

    def __init__(self, model: CascadeModel, cross: CrossEncoder | None = None, name: str | None = None) -> None:
        self.model = model
        self.name = name or model.name
        self.idf = model.idf
        self.related_features = RelatednessFeatures(model.idf, model.directory / "embed")
        self.cross = cross or CrossEncoder(model.directory / "stance", max_length=MAX_TOKENS)

    def judge(self, items: Sequence[Judged]) -> list[Judgement]:
        if not items:
            return []
        x = self.related_features(items)
        related = self.model.relatedness.predict(x)
        stance = np.tile(self.model.prior, (len(items), 1))
        chosen = np.flatnonzero(related >= RELATED_CUTOFF)
        if len(chosen):
            stance[chosen] = self.stance([items[i] for i in chosen], x[chosen])
        return judgements_of(cascade_probabilities(related, stance))

    def cross_probabilities(self, items: Sequence[Judged]) -> np.ndarray:
        return self.cross.predict([(c.text, evidence_text(b, e)) for c, b, e in items])

    def stance(self, items: Sequence[Judged], related_x: np.ndarray) -> np.ndarray:
        """agree / disagree / discuss probabilities, re-weighted by the bias chosen on the hold-out split."""
        probs = self.cross_probabilities(items)
        if self.model.stacker is not None:
            probs = self.model.stacker.predict(np.hstack([probs, related_x]))
        return apply_bias(probs, self.model.bias)


@register("cascade")
def _load(ref: ModelRef) -> CascadeJudge:
    return CascadeJudge(CascadeModel.load(ref.directory))
