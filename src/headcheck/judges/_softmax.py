"""A multinomial logistic regression over standardised, named features: the one form of the sentence-NLI
judge's aggregator and of the editor's decision, read and written the same way in model.json and rules.json."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Self

import numpy as np

from headcheck.errors import ModelError

__all__ = ["Softmax"]


@dataclass(frozen=True, slots=True)
class Softmax:
    """Four stance probabilities from `FEATURES`; a subclass names them, what it is and how to refit it."""

    FEATURES: ClassVar[tuple[str, ...]] = ()
    WHAT: ClassVar[str] = "the model"
    REFIT: ClassVar[str] = "retrain the model"

    weights: np.ndarray  # (4 stances, features)
    bias: np.ndarray
    mean: np.ndarray
    scale: np.ndarray

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        z = ((np.atleast_2d(x) - self.mean) / self.scale) @ self.weights.T + self.bias
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def as_dict(self) -> dict[str, Any]:
        return {"features": list(self.FEATURES), "weights": self.weights.round(6).tolist(),
                "bias": self.bias.round(6).tolist(), "mean": self.mean.round(6).tolist(),
                "scale": self.scale.round(6).tolist()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        if data.get("features") != list(cls.FEATURES):
            raise ModelError(f"{cls.WHAT} was fitted on other features; {cls.REFIT}")
        return cls(*(np.array(data[k], dtype=np.float64) for k in ("weights", "bias", "mean", "scale")))
