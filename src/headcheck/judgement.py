"""Stage 4: judge the stance of a body towards a headline."""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import lightgbm
import numpy as np

from headcheck.errors import InputError
from headcheck.evidence import Body, Claim
from headcheck.features import FEATURE_NAMES, pair_features
from headcheck.lexical import Idf
from headcheck.types import STANCES, Evidence, Judgement

DEFAULT_MODEL_DIR = Path(__file__).parent / "models" / "fnc1-features"

# What a judge reads: the claim, the analysed body and the evidence picked for the claim.
Judged = tuple[Claim, Body, list[Evidence]]


class StanceJudge(Protocol):
    name: str

    def judge(self, items: Sequence[Judged]) -> list[Judgement]: ...


@dataclass(frozen=True, slots=True)
class FeatureModel:
    """IDF table + gradient-boosted trees: the whole of the 0.1 stance model."""

    name: str
    idf: Idf
    booster: lightgbm.Booster

    def save(self, directory: Path, meta: dict[str, object]) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        idf = {"default": self.idf.default, "weights": {t: round(w, 4) for t, w in self.idf.weights.items()}}
        with gzip.open(directory / "idf.json.gz", "wt", encoding="utf-8", compresslevel=9) as f:
            json.dump(idf, f, sort_keys=True, separators=(",", ":"))
        with gzip.open(directory / "trees.txt.gz", "wt", encoding="utf-8", compresslevel=9) as f:
            f.write(self.booster.model_to_string())
        meta = {"name": self.name, "features": list(FEATURE_NAMES), "labels": list(STANCES), **meta}
        (directory / "model.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> FeatureModel:
        try:
            meta = json.loads((directory / "model.json").read_text(encoding="utf-8"))
            with gzip.open(directory / "idf.json.gz", "rt", encoding="utf-8") as f:
                idf = json.load(f)
            with gzip.open(directory / "trees.txt.gz", "rt", encoding="utf-8") as f:
                booster = lightgbm.Booster(model_str=f.read())
        except (OSError, ValueError, KeyError) as exc:
            raise InputError(f"cannot load model from {directory}: {exc}") from None
        if meta.get("features") != list(FEATURE_NAMES):
            raise InputError(f"model in {directory} was trained on other features; retrain it")
        return cls(meta["name"], Idf(idf["weights"], idf["default"]), booster)

    def predict(self, features: np.ndarray) -> np.ndarray:
        return self.booster.predict(features)


class FeatureJudge:
    """Applies a `FeatureModel` to claim-body pairs."""

    def __init__(self, model: FeatureModel) -> None:
        self.model = model
        self.name = model.name

    def judge(self, items: Sequence[Judged]) -> list[Judgement]:
        if not items:
            return []
        x = np.array([pair_features(c, b, e, self.model.idf) for c, b, e in items], dtype=np.float32)
        probs = self.model.predict(x)
        return [Judgement({s: float(p) for s, p in zip(STANCES, row, strict=True)}) for row in probs]
