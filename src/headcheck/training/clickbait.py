"""`headcheck train --only clickbait`: fit the clickbait score on the Chakraborty et al. (2016) headlines.

Full-batch Adam on the L2-penalised log loss over the same hashed n-grams the scorer reads
(`pipeline.clickbait`); deterministic. Writes the weights, model.json and the model card.
"""

from __future__ import annotations

import json
import platform
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from headcheck.errors import InputError
from headcheck.limits import SEED
from headcheck.text.clickbait import BUCKETS, CHAR_NGRAMS, ClickbaitModel, hashed_rows, sigmoid
from headcheck.training import Log
from headcheck.training._cards import card

DEFAULT_DATA_DIR = Path("../shared/data/clickbait")
HELD_OUT_SHARE = 0.1
L2 = 1e-5
STEPS = 300
LEARNING_RATE = 0.05


def read_data(data_dir: Path) -> tuple[list[str], np.ndarray]:
    """Headlines (one a line, blank lines skipped) and labels, 1 = clickbait."""
    texts: list[str] = []
    labels: list[int] = []
    for name, label in (("clickbait_data.txt", 1), ("non_clickbait_data.txt", 0)):
        path = data_dir / name
        if not path.is_file():
            raise InputError(f"clickbait data not found: {path} (pass --clickbait-dir)")
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        texts += lines
        labels += [label] * len(lines)
    return texts, np.array(labels, dtype=np.int64)


def _fit(headlines: Sequence[str], labels: np.ndarray, log: Log) -> ClickbaitModel:
    """Full-batch Adam on the L2-penalised log loss: deterministic, about a minute on 2 cores."""
    rows, cols, vals = hashed_rows(headlines)
    n = len(headlines)
    w = np.zeros(BUCKETS)
    b = 0.0
    m, v = np.zeros(BUCKETS + 1), np.zeros(BUCKETS + 1)
    for step in range(1, STEPS + 1):
        p = sigmoid(np.bincount(rows, weights=vals * w[cols], minlength=n) + b)
        residual = (p - labels) / n
        grad = np.append(np.bincount(cols, weights=vals * residual[rows], minlength=BUCKETS) + L2 * w,
                         residual.sum())
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        update = LEARNING_RATE * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
        w -= update[:-1]
        b -= update[-1]
        if step % 100 == 0:
            loss = -np.mean(labels * np.log(p + 1e-12) + (1 - labels) * np.log(1 - p + 1e-12))
            log(f"step {step}: training log loss {loss:.4f}")
    return ClickbaitModel(w, b)


def train(data_dir: Path = DEFAULT_DATA_DIR, log: Log = print) -> tuple[ClickbaitModel, dict[str, Any]]:
    """Fit on a seeded 90% of the headlines, report accuracy on the other 10%, then refit on all."""
    texts, labels = read_data(data_dir)
    order = np.random.default_rng(SEED).permutation(len(texts))
    cut = round(len(texts) * (1 - HELD_OUT_SHARE))
    fit_idx, held_idx = order[:cut], order[cut:]
    log(f"clickbait: {len(texts)} headlines; training on {len(fit_idx)}, holding out {len(held_idx)}")
    model = _fit([texts[i] for i in fit_idx], labels[fit_idx], log)
    scores = np.array(model.score([texts[i] for i in held_idx]))
    held_labels = labels[held_idx]
    predicted = (scores >= 0.5).astype(np.int64)
    tp = int(((predicted == 1) & (held_labels == 1)).sum())
    metrics = {
        "accuracy": round(float((predicted == held_labels).mean()), 4),
        "precision": round(tp / max(int(predicted.sum()), 1), 4),
        "recall": round(tp / max(int(held_labels.sum()), 1), 4),
        "headlines": len(held_idx),
    }
    log(f"clickbait held-out: {json.dumps(metrics)}; refitting on all headlines")
    final = _fit(texts, labels, log)
    meta = {
        "trained_on": f"{len(texts):,} headlines ({int(labels.sum()):,} clickbait)",
        "seed": SEED, "held_out_share": HELD_OUT_SHARE, "held_out_metrics": metrics,
        "l2": L2, "steps": STEPS, "learning_rate": LEARNING_RATE,
        "trained": time.strftime("%Y-%m-%d"), "python": platform.python_version(), "numpy": np.__version__,
    }
    return final, meta


def save(model: ClickbaitModel, directory: Path, meta: dict[str, Any]) -> None:
    """Weights as float16 in a compressed npz (no pickles) and the rest as JSON, with the model card."""
    directory.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(directory / "weights.npz", weights=model.weights.astype(np.float16))
    meta = {"name": model.name, "buckets": BUCKETS, "char_ngrams": list(CHAR_NGRAMS),
            "bias": round(model.bias, 6), **meta}
    (directory / "model.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    (directory / "MODEL_CARD.md").write_text(model_card(meta), encoding="utf-8")


def model_card(meta: dict[str, Any]) -> str:
    """Generated with the weights, so the card's numbers are the file's numbers."""
    held = meta["held_out_metrics"]
    grams = "/".join(map(str, meta["char_ngrams"]))
    share = f"{meta['held_out_share']:.0%}"
    return card("clickbait", {
        "name": meta["name"],
        "grams": grams,
        "buckets": f'{meta["buckets"]:,}',
        "trained_on": meta["trained_on"],
        "share": share,
        "seed": meta["seed"],
        "headlines": f'{held["headlines"]:,}',
        "accuracy": f'{held["accuracy"]:.4f}',
        "precision": f'{held["precision"]:.4f}',
        "recall": f'{held["recall"]:.4f}',
        "l2": meta["l2"],
        "steps": meta["steps"],
        "learning_rate": meta["learning_rate"],
    })
