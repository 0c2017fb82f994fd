"""`headcheck train --only features`: rebuild the shipped feature model from FNC-1, reproducibly.

Also what the other trainers share: the pairs as a judge sees them (`split_items`), the IDF fit, and
writing a tree model (`write_model`, read back by `judges.features.read_model`).
"""

from __future__ import annotations

import gzip
import json
import platform
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lightgbm
import numpy as np

from headcheck.calibration import CALIBRATION_FILE, ECE_BINS, Calibrator, fit_on_hold_out
from headcheck.datasets import fnc1
from headcheck.evidence import LexicalIndex, judged_items
from headcheck.judges.fnc1_features import FEATURE_NAMES, IDF_FILE, TREES_FILE, pair_features
from headcheck.limits import LIGHTGBM_THREADS, SEED
from headcheck.shipped import FNC1_FEATURES_DIR
from headcheck.text.lexical import Idf
from headcheck.text.sentences import RuleSplitter
from headcheck.training import Log
from headcheck.training._cards import card
from headcheck.types import STANCES, Judged

MODEL_NAME = "fnc1-features-1"
TREES_OPSET = 15  # the ONNX opset the trees are exported with
PARAMS: dict[str, object] = {
    "objective": "multiclass",
    "num_class": len(STANCES),
    "learning_rate": 0.03,
    "num_leaves": 15,
    "min_data_in_leaf": 50,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "seed": SEED,
    "deterministic": True,
    "num_threads": LIGHTGBM_THREADS,
    "verbosity": -1,
}
# Extra weight on the rare classes: disagree is 1.7% of training pairs.
CLASS_WEIGHT = {"agree": 1.0, "disagree": 2.0, "discuss": 1.0, "unrelated": 1.0}
MAX_ROUNDS = 2000


def split_items(split: fnc1.Split, idf: Idf) -> list[Judged]:
    """Every pair as the Checker would hand it to a judge."""
    return judged_items([(p.headline, split.bodies[p.body_id]) for p in split.pairs], LexicalIndex(idf, RuleSplitter()))


def featurize(split: fnc1.Split, idf: Idf) -> tuple[np.ndarray, np.ndarray]:
    """Features and integer labels for every pair."""
    x = np.array([pair_features(c, b, e, idf) for c, b, e in split_items(split, idf)], dtype=np.float32)
    y = np.array([STANCES.index(p.stance) for p in split.pairs])
    return x, y


def fit_idf(split: fnc1.Split) -> Idf:
    """IDF over the split's bodies and headlines: what every stance model is trained with."""
    used = {p.body_id for p in split.pairs}
    return Idf.fit([split.bodies[b] for b in sorted(used)] + sorted({p.headline for p in split.pairs}))


def weighted_dataset(x: np.ndarray, y: np.ndarray) -> lightgbm.Dataset:
    weights = np.array([CLASS_WEIGHT[STANCES[i]] for i in y])
    return lightgbm.Dataset(x, label=y, weight=weights, free_raw_data=False)


def write_model(directory: Path, meta: dict[str, Any], idf: Idf, trees: lightgbm.Booster) -> None:
    """model.json, the IDF table (gzipped JSON: small, diffable) and the trees exported to ONNX, which is
    what inference runs (ONNX Runtime, no LightGBM)."""
    from onnxmltools import convert_lightgbm
    from onnxmltools.convert.common.data_types import FloatTensorType

    directory.mkdir(parents=True, exist_ok=True)
    table = {"default": idf.default, "weights": {t: round(w, 4) for t, w in idf.weights.items()}}
    with gzip.open(directory / IDF_FILE, "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump(table, f, sort_keys=True, separators=(",", ":"))
    exported = convert_lightgbm(trees, initial_types=[("features", FloatTensorType([None, trees.num_feature()]))],
                                zipmap=False, target_opset=TREES_OPSET)
    (directory / TREES_FILE).write_bytes(exported.SerializeToString())
    (directory / "model.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


@dataclass(frozen=True, slots=True)
class TrainResult:
    name: str
    idf: Idf
    trees: lightgbm.Booster
    rounds: int
    hold_out: fnc1.Metrics
    calibrator: Calibrator


def train(data_dir: Path, log: Log = print) -> TrainResult:
    """Pick the number of boosting rounds and fit the calibration on the hold-out split, then refit on all pairs."""
    full = fnc1.load(data_dir, "train")
    fit, held = fnc1.hold_out_split(data_dir, full)
    log(f"training split {len(fit.pairs)} pairs, hold-out {len(held.pairs)} pairs")
    idf = fit_idf(fit)
    x_fit, y_fit = featurize(fit, idf)
    x_held, y_held = featurize(held, idf)
    log("features done; boosting with early stopping on the hold-out split")
    booster = lightgbm.train(
        PARAMS,
        weighted_dataset(x_fit, y_fit),
        num_boost_round=MAX_ROUNDS,
        valid_sets=[weighted_dataset(x_held, y_held)],
        callbacks=[lightgbm.early_stopping(100, verbose=False), lightgbm.log_evaluation(100)],
    )
    rounds = booster.best_iteration
    held_probs = booster.predict(x_held, num_iteration=rounds)
    predicted = np.argmax(held_probs, axis=1)
    hold_out = fnc1.score([STANCES[i] for i in y_held], [STANCES[i] for i in predicted])
    log(f"hold-out after {rounds} rounds: {json.dumps(hold_out.as_dict())}")
    calibrator = fit_on_hold_out(held_probs, y_held,
                                 f"hold-out predictions of the model trained on the other {len(y_fit):,} pairs")
    log(f"calibration: temperature {calibrator.temperature:.3f}, hold-out ECE {calibrator.about}")

    log("refitting on the whole training set")
    idf_all = fit_idf(full)
    x_all, y_all = featurize(full, idf_all)
    final = lightgbm.train(PARAMS, weighted_dataset(x_all, y_all), num_boost_round=rounds)
    return TrainResult(MODEL_NAME, idf_all, final, rounds, hold_out, calibrator)


def save(result: TrainResult, out_dir: Path = FNC1_FEATURES_DIR) -> None:
    meta = {
        "trained_on": "FNC-1 training set (49,972 pairs); rounds chosen on the official hold-out split",
        "seed": SEED,
        "boosting_rounds": result.rounds,
        "params": PARAMS,
        "class_weight": CLASS_WEIGHT,
        "hold_out_metrics": result.hold_out.as_dict(),
        "trained": time.strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "lightgbm": lightgbm.__version__,
    }
    write_model(out_dir, {"name": result.name, "kind": "fnc1-features", "features": list(FEATURE_NAMES),
                          "labels": list(STANCES), **meta}, result.idf, result.trees)
    result.calibrator.save(out_dir / CALIBRATION_FILE)
    (out_dir / "MODEL_CARD.md").write_text(model_card(meta, result.calibrator), encoding="utf-8")


def model_card(meta: dict[str, object], calibrator: Calibrator) -> str:
    """The card is generated with the model so its numbers can never disagree with the file."""
    hold_out: dict[str, Any] = meta["hold_out_metrics"]  # type: ignore[assignment]
    f1 = hold_out["f1"]
    about = dict(calibrator.about or {})
    return card("fnc1-features", {
        "name": MODEL_NAME,
        "features": len(FEATURE_NAMES),
        "rounds": meta["boosting_rounds"],
        "fnc_score": f'{hold_out["fnc_score"]:.2f}',
        "macro_f1": f'{hold_out["macro_f1"]:.3f}',
        "f1_row": " | ".join(f"{f1[s]:.3f}" for s in STANCES),
        "calibration_file": CALIBRATION_FILE,
        "temperature": f"{calibrator.temperature:.3f}",
        "calibration_pairs": f'{about["pairs"]:,}',
        "ece_bins": ECE_BINS,
        "ece_before": f'{about["ece_before"]:.4f}',
        "ece_after": f'{about["ece_after"]:.4f}',
        "seed": meta["seed"],
        "lightgbm": meta["lightgbm"],
    })
