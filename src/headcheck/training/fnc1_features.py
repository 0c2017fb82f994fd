"""`headcheck train --only features`: rebuild the shipped feature model from FNC-1, reproducibly.

Also what the other trainers share: the pairs as a judge sees them (`judged_items`), the IDF fit, and
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
from headcheck.judges import FEATURES_MODEL_DIR, Judged
from headcheck.judges.features import FEATURE_NAMES, FeatureModel, pair_features
from headcheck.limits import LIGHTGBM_THREADS, SEED
from headcheck.pipeline.evidence import DEFAULT_K, LexicalIndex, TfidfRetriever
from headcheck.text.lexical import Idf
from headcheck.text.sentences import RuleSplitter
from headcheck.training import Log, fnc1
from headcheck.types import STANCES

MODEL_NAME = "fnc1-features-1"
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


def judged_items(split: fnc1.Split, idf: Idf) -> list[Judged]:
    """Every pair as the Checker would hand it to a judge; each body and headline is analysed once."""
    index = LexicalIndex(idf, RuleSplitter())
    retriever = TfidfRetriever()
    bodies = {bid: index.body(text) for bid, text in split.bodies.items()}
    claims = {h: index.claim(h) for h in {p.headline for p in split.pairs}}
    items: list[Judged] = []
    for p in split.pairs:
        claim, body = claims[p.headline], bodies[p.body_id]
        items.append((claim, body, retriever.retrieve(claim, body, DEFAULT_K)))
    return items


def featurize(split: fnc1.Split, idf: Idf) -> tuple[np.ndarray, np.ndarray]:
    """Features and integer labels for every pair."""
    x = np.array([pair_features(c, b, e, idf) for c, b, e in judged_items(split, idf)], dtype=np.float32)
    y = np.array([STANCES.index(p.stance) for p in split.pairs])
    return x, y


def fit_idf(split: fnc1.Split) -> Idf:
    """IDF over the split's bodies and headlines: what every stance model is trained with."""
    used = {p.body_id for p in split.pairs}
    return Idf.fit([split.bodies[b] for b in sorted(used)] + sorted({p.headline for p in split.pairs}))


def weighted_dataset(x: np.ndarray, y: np.ndarray) -> lightgbm.Dataset:
    weights = np.array([CLASS_WEIGHT[STANCES[i]] for i in y])
    return lightgbm.Dataset(x, label=y, weight=weights, free_raw_data=False)


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


@dataclass(frozen=True, slots=True)
class TrainResult:
    model: FeatureModel
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
    return TrainResult(FeatureModel(MODEL_NAME, idf_all, final), rounds, hold_out, calibrator)


def save(result: TrainResult, out_dir: Path = FEATURES_MODEL_DIR) -> None:
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
    model = result.model
    write_model(out_dir, {"name": model.name, "kind": "features", "features": list(FEATURE_NAMES),
                          "labels": list(STANCES), **meta}, model.idf, {"trees": model.booster})
    result.calibrator.save(out_dir / CALIBRATION_FILE)
    (out_dir / "MODEL_CARD.md").write_text(model_card(meta, result.calibrator), encoding="utf-8")


def model_card(meta: dict[str, object], calibrator: Calibrator) -> str:
    """The card is generated with the model so its numbers can never disagree with the file."""
    hold_out: dict[str, Any] = meta["hold_out_metrics"]  # type: ignore[assignment]
    f1 = hold_out["f1"]
    about = dict(calibrator.about or {})
    return f"""# Model card: {MODEL_NAME}

The stance model of headcheck 0.1: {len(FEATURE_NAMES)} hand-built features of a (headline, body) pair and
gradient-boosted trees (LightGBM, {meta["boosting_rounds"]} rounds x 4 classes).

## Intended use
Flag news headlines whose article body does not support them, for a person to review:
fact-checkers, editors, moderators, researchers scoring corpora. It gives a stance
(agree / disagree / discuss / unrelated) and the body sentences it looked at. It is not a
fact-checker: it compares a headline with its own article, never with the world.

## Data
FNC-1 training set (49,972 headline-body pairs, 1,683 bodies; unrelated 73%, discuss 18%,
agree 7%, disagree 1.7%), English news from 2014-2015. Features, parameters and the number of
boosting rounds were chosen on the official hold-out split (body IDs in
`baseline_split_hold_out_ids.txt`, 9,622 pairs); the final model is refit on all 49,972 pairs.
The competition test set was not used to choose anything.

## Features
TF-IDF cosine of headline with body, lead and best sentences; word, idf-weighted, bigram and
trigram overlap; lengths; numbers shared; counts of refuting, hedging, confirming, attributing and
negation cue words in the headline, the body, the lead and the evidence sentences.

## Metrics on the hold-out split (model trained on the other 40,350 pairs)
| FNC score | macro-F1 | agree | disagree | discuss | unrelated |
|---|---|---|---|---|---|
| {hold_out["fnc_score"]:.2f} | {hold_out["macro_f1"]:.3f} | {" | ".join(f"{f1[s]:.3f}" for s in STANCES)} |

Competition test-set results are in the README, produced by `headcheck eval fnc1`.

## Calibration
Reported probabilities are temperature-scaled (`{CALIBRATION_FILE}`): the model's log-probabilities
are divided by T = {calibrator.temperature:.3f}, fitted by likelihood on the {about["pairs"]:,} hold-out
predictions of the model trained on the other pairs. Temperature scaling never changes the most
probable stance, so verdicts and scores are those of the model. Expected calibration error
(top-label confidence, {ECE_BINS} equal-width bins) on those hold-out pairs: **{about["ece_before"]:.4f} before,
{about["ece_after"]:.4f} after** (the temperature was fitted on the same pairs; `headcheck eval fnc1` reports
ECE on the test set, which it never saw). The shipped model is refit on all pairs with the same
number of rounds, so the temperature was fitted for a sibling of it trained on about 80% of the data:
close, not exact.

## Limits
- English only; other languages are refused by the CLI and flagged in reports.
- Lexical: it sees contradiction mainly through cue words (denies, false, hoax, not); a body that
  contradicts a headline in plain narrative, without such words, is often judged `discuss`.
  Disagree recall is low (about one in six on the test set).
- Confidence is calibrated with one temperature for all classes: it can still be off for the rare
  `disagree` class.
- Trained on 2014-2015 viral-news claims; other genres and eras will score lower.

## Reproduce
`headcheck train --data-dir ../shared/data/fnc1` (seed {meta["seed"]}, LightGBM {meta["lightgbm"]},
deterministic mode, 2 threads; about 5 minutes on 2 cores).

## Licence
Model: Apache-2.0, like headcheck. Training data: FNC-1 (see the data set's licence).
"""
