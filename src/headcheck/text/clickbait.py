"""Clickbait score: how much a headline reads like bait rather than news, from 0 to 1 (training: `training.clickbait`).

Logistic regression over hashed word and character n-grams, trained with numpy on the
Chakraborty et al. (2016) headlines. Text is lower-cased and digits folded before anything is
counted, because the clickbait half of that data set is all Title Case and starts with numbers
("17 Things ..."): the model should learn the wording, not the capitalisation or the exact number.
"""

from __future__ import annotations

import itertools
import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from headcheck.errors import ModelError
from headcheck.shipped import CLICKBAIT_MODEL_DIR
from headcheck.text.lexical import words

MODEL_NAME = "clickbait-ngrams-1"
BUCKETS = 2**18
CHAR_NGRAMS = (3, 4, 5)


def _fold_digits(text: str) -> str:
    return "".join("0" if c.isdigit() else c for c in text.lower())


def ngrams(headline: str) -> list[str]:
    """Word unigrams and bigrams and character n-grams, namespaced so they never collide by name."""
    text = _fold_digits(headline)
    tokens = words(text)
    grams = [f"w:{t}" for t in tokens] + [f"b:{a} {b}" for a, b in itertools.pairwise(tokens)]
    padded = f" {' '.join(text.split())} "
    grams += [f"c:{padded[i:i + n]}" for n in CHAR_NGRAMS for i in range(len(padded) - n + 1)]
    return grams


def hashed_rows(headlines: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A sparse matrix as (row, column, value) arrays: each headline's distinct buckets, L2-normalised."""
    rows, cols, vals = [], [], []
    for i, headline in enumerate(headlines):
        buckets = sorted({zlib.crc32(g.encode("utf-8")) % BUCKETS for g in ngrams(headline)})
        rows += [i] * len(buckets)
        cols += buckets
        vals += [1.0 / np.sqrt(max(len(buckets), 1))] * len(buckets)
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), np.array(vals, dtype=np.float64)


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


@dataclass(frozen=True, slots=True)
class ClickbaitModel:
    weights: np.ndarray
    bias: float
    name: str = MODEL_NAME

    def score(self, headlines: Sequence[str]) -> list[float]:
        if not headlines:
            return []
        rows, cols, vals = hashed_rows(headlines)
        logits = np.bincount(rows, weights=vals * self.weights[cols], minlength=len(headlines)) + self.bias
        return [float(p) for p in sigmoid(logits)]

    @classmethod
    def load(cls, directory: Path = CLICKBAIT_MODEL_DIR) -> ClickbaitModel:
        try:
            meta = json.loads((directory / "model.json").read_text(encoding="utf-8"))
            with np.load(directory / "weights.npz", allow_pickle=False) as data:
                weights = data["weights"].astype(np.float64)
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"cannot load the clickbait model from {directory}: {exc}") from None
        if meta.get("buckets") != BUCKETS or meta.get("char_ngrams") != list(CHAR_NGRAMS) or len(weights) != BUCKETS:
            raise ModelError(f"the clickbait model in {directory} uses other features; retrain it")
        return cls(weights, float(meta["bias"]), meta["name"])
