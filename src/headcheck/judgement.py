"""Stage 4: judge the stance of a body towards a headline.

Two judges share one interface: `FeatureJudge` (headcheck 0.1: lexical features and boosted
trees) and `CascadeJudge` (relatedness from sentence embeddings and lexical features, then a
MiniLM cross-encoder reading the headline with its evidence for agree / disagree / discuss).
`--model` may also name a Hugging Face NLI model: the shipped cascade then uses it as its cross-encoder.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import lightgbm
import numpy as np

from headcheck.cache import Lru
from headcheck.errors import InputError
from headcheck.evidence import Body, Claim
from headcheck.features import FEATURE_NAMES, embedding_features, pair_features
from headcheck.lexical import Idf
from headcheck.types import STANCES, Evidence, Judgement

if TYPE_CHECKING:
    from headcheck.onnx_models import CrossEncoder

MODELS_DIR = Path(__file__).parent / "models"
FEATURES_MODEL_DIR = MODELS_DIR / "fnc1-features"
CASCADE_MODEL_DIR = MODELS_DIR / "fnc1-minilm"
DEFAULT_MODEL_DIR = FEATURES_MODEL_DIR

# What a judge reads: the claim, the analysed body and the evidence picked for the claim.
Judged = tuple[Claim, Body, list[Evidence]]


class StanceJudge(Protocol):
    name: str
    idf: Idf  # the IDF table the judge was trained with; evidence retrieval uses the same one

    def judge(self, items: Sequence[Judged]) -> list[Judgement]: ...


def write_model(directory: Path, meta: dict[str, Any], idf: Idf, trees: dict[str, lightgbm.Booster]) -> None:
    """model.json, the IDF table and each booster as gzipped text: small, diffable, no pickles."""
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.txt.gz"):  # a booster of an earlier model here would be loaded with this one
        if stale.name.removesuffix(".txt.gz") not in trees:
            stale.unlink()
    table = {"default": idf.default, "weights": {t: round(w, 4) for t, w in idf.weights.items()}}
    with gzip.open(directory / "idf.json.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump(table, f, sort_keys=True, separators=(",", ":"))
    for name, booster in trees.items():
        with gzip.open(directory / f"{name}.txt.gz", "wt", encoding="utf-8", compresslevel=9) as f:
            f.write(booster.model_to_string())
    (directory / "model.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def read_model(directory: Path, trees: Sequence[str]) -> tuple[dict[str, Any], Idf, dict[str, lightgbm.Booster]]:
    try:
        meta = json.loads((directory / "model.json").read_text(encoding="utf-8"))
        with gzip.open(directory / "idf.json.gz", "rt", encoding="utf-8") as f:
            table = json.load(f)
        boosters = {}
        for name in trees:
            with gzip.open(directory / f"{name}.txt.gz", "rt", encoding="utf-8") as f:
                boosters[name] = lightgbm.Booster(model_str=f.read())
    except (OSError, ValueError, KeyError, lightgbm.basic.LightGBMError) as exc:
        raise InputError(f"cannot load model from {directory}: {exc}") from None
    if meta.get("features") != list(FEATURE_NAMES):
        raise InputError(f"model in {directory} was trained on other features; retrain it")
    return meta, Idf(table["weights"], table["default"]), boosters


def model_kind(directory: Path) -> str:
    try:
        return str(json.loads((directory / "model.json").read_text(encoding="utf-8")).get("kind", "features"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot load model from {directory}: {exc}") from None


@dataclass(frozen=True, slots=True)
class FeatureModel:
    """IDF table + gradient-boosted trees: the whole of the 0.1 stance model."""

    name: str
    idf: Idf
    booster: lightgbm.Booster

    def save(self, directory: Path, meta: dict[str, object]) -> None:
        meta = {"name": self.name, "kind": "features", "features": list(FEATURE_NAMES), "labels": list(STANCES),
                **meta}
        write_model(directory, meta, self.idf, {"trees": self.booster})

    @classmethod
    def load(cls, directory: Path) -> FeatureModel:
        meta, idf, trees = read_model(directory, ["trees"])
        return cls(meta["name"], idf, trees["trees"])


def _features(items: Sequence[Judged], idf: Idf) -> np.ndarray:
    return np.array([pair_features(c, b, e, idf) for c, b, e in items], dtype=np.float32)


class FeatureJudge:
    """Applies a `FeatureModel` to claim-body pairs."""

    def __init__(self, model: FeatureModel) -> None:
        self.model = model
        self.name = model.name
        self.idf = model.idf

    def judge(self, items: Sequence[Judged]) -> list[Judgement]:
        if not items:
            return []
        return _judgements(self.model.booster.predict(_features(items, self.idf)))


def _judgements(probs: np.ndarray) -> list[Judgement]:
    return [Judgement({s: float(p) for s, p in zip(STANCES, row, strict=True)}) for row in probs]


def apply_bias(probs: np.ndarray, bias: Sequence[float] | np.ndarray) -> np.ndarray:
    """Re-weights stance probabilities per class (to favour rare classes) and renormalises each row."""
    weighted = probs * np.asarray(bias)
    return weighted / weighted.sum(axis=1, keepdims=True)


def cascade_probabilities(related: np.ndarray, stance: np.ndarray) -> np.ndarray:
    """P(agree, disagree, discuss) = P(related) x P(stance | related); P(unrelated) = 1 - P(related)."""
    return np.column_stack([stance * related[:, None], 1.0 - related])


RELATED_CUTOFF = 0.5  # below it the cross-encoder is not run: the pair is judged unrelated anyway


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

    def __init__(self, idf: Idf, embed_dir: Path, cache_size: int = 16384) -> None:
        from headcheck.onnx_models import SentenceEncoder

        self.idf = idf
        self.embedder = SentenceEncoder(embed_dir, max_length=128)
        self._vectors: Lru[str, np.ndarray] = Lru(cache_size)

    def __call__(self, items: Sequence[Judged]) -> np.ndarray:
        semantic = [embedding_features(self._vector(c.text), np.array([self._vector(t) for t in _compared(b, e)]))
                    for c, b, e in items]
        return np.hstack([_features(items, self.idf), np.array(semantic, dtype=np.float32)])

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
        from headcheck.onnx_models import CrossEncoder

        self.model = model
        self.name = name or model.name
        self.idf = model.idf
        self.related_features = RelatednessFeatures(model.idf, model.directory / "embed")
        self.cross = cross or CrossEncoder(model.directory / "stance", max_length=128)

    @classmethod
    def with_nli(cls, directory: Path, label: str) -> CascadeJudge:
        """The shipped relatedness stage, then a Hugging Face NLI model for the stance of related pairs.

        No stacker and no bias: both were fitted to the shipped cross-encoder's outputs, not this model's.
        """
        from headcheck.onnx_models import nli_cross_encoder

        cross = nli_cross_encoder(directory)
        if not (CASCADE_MODEL_DIR / "model.json").exists():
            raise InputError("an NLI model needs the shipped cascade for relatedness; "
                             "run headcheck train --only cascade")
        shipped = CascadeModel.load(CASCADE_MODEL_DIR)
        model = dataclasses.replace(shipped, stacker=None, bias=np.ones(len(shipped.prior)))
        return cls(model, cross, f"{shipped.name}+nli:{label}")

    def judge(self, items: Sequence[Judged]) -> list[Judgement]:
        if not items:
            return []
        x = self.related_features(items)
        related = self.model.relatedness.predict(x)
        stance = np.tile(self.model.prior, (len(items), 1))
        chosen = np.flatnonzero(related >= RELATED_CUTOFF)
        if len(chosen):
            stance[chosen] = self.stance([items[i] for i in chosen], x[chosen])
        return _judgements(cascade_probabilities(related, stance))

    def cross_probabilities(self, items: Sequence[Judged]) -> np.ndarray:
        from headcheck.onnx_models import evidence_text

        return self.cross.predict([(c.text, evidence_text(b, e)) for c, b, e in items])

    def stance(self, items: Sequence[Judged], related_x: np.ndarray) -> np.ndarray:
        """agree / disagree / discuss probabilities, re-weighted by the bias chosen on the hold-out split."""
        probs = self.cross_probabilities(items)
        if self.model.stacker is not None:
            probs = self.model.stacker.predict(np.hstack([probs, related_x]))
        return apply_bias(probs, self.model.bias)


def _hf_name(model: str | Path | None) -> str | None:
    """`model` when it is a Hugging Face model name: a string that is neither an existing path nor a shipped
    model's name (a Path never is)."""
    if not isinstance(model, str) or Path(model).exists() or _shipped(model):
        return None
    return model


def _shipped(name: str) -> Path | None:
    directory = MODELS_DIR / name
    return directory if "/" not in name and (directory / "model.json").exists() else None


def model_directory(model: str | Path | None) -> Path:
    """The directory given; a shipped model by name (fnc1-features, fnc1-minilm); a name's folder in the
    local Hugging Face cache; by default the feature model.

    The default stays the feature model: the cascade was chosen on the topic hold-out but scores lower on
    the competition test set (README, Results), and users should not get a model that measures worse.
    """
    if model is None:
        return DEFAULT_MODEL_DIR
    if isinstance(model, str) and (shipped := _shipped(model)) and not Path(model).exists():
        return shipped
    if name := _hf_name(model):
        from headcheck.onnx_models import local_hf_model

        return local_hf_model(name)
    return Path(model)


def load_judge(model: str | Path | None) -> StanceJudge:
    """A headcheck model (a folder with model.json), or a Hugging Face NLI model (config.json) in the cascade."""
    directory = model_directory(model)
    if not (directory / "model.json").exists() and (directory / "config.json").exists():
        return CascadeJudge.with_nli(directory, _hf_name(model) or directory.resolve().name)
    if model_kind(directory) == "cascade":
        return CascadeJudge(CascadeModel.load(directory))
    return FeatureJudge(FeatureModel.load(directory))
