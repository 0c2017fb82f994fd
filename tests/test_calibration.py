"""Calibration: fitting on over-confident synthetic data, the file beside a model, and the eval's ECE and plots."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from conftest import read_example
from headcheck import Checker, ModelError
from headcheck.calibration import CALIBRATION_FILE, Calibrator, expected_calibration_error, fit_calibrator
from headcheck.datasets.fnc1 import score
from headcheck.evaluation.fnc1 import Predictions, calibration_metrics, write_plots
from headcheck.shipped import FNC1_FEATURES_DIR
from headcheck.types import STANCES, Stance


def overconfident(n: int = 4000, seed: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """Labels drawn from softmax(logits), probabilities reported as softmax(3 * logits): far too sure."""
    rng = np.random.default_rng(seed)
    logits = rng.normal(0.0, 1.0, (n, len(STANCES)))
    logits[np.arange(n), rng.integers(0, len(STANCES), n)] += 1.0
    true = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    labels = np.array([rng.choice(len(STANCES), p=p) for p in true])
    sharp = np.exp(3 * logits)
    return sharp / sharp.sum(axis=1, keepdims=True), labels


def test_fitting_lowers_ece_on_overconfident_probabilities() -> None:
    probs, labels = overconfident()
    calibrator = fit_calibrator(probs, labels)
    assert calibrator.temperature == pytest.approx(3.0, rel=0.15)
    before = expected_calibration_error(probs, labels)
    after = expected_calibration_error(calibrator.apply(probs), labels)
    assert before > 0.15
    assert after < before / 4


def test_calibrated_probabilities_sum_to_one_and_keep_the_decision() -> None:
    probs, labels = overconfident(500)
    calibrated = fit_calibrator(probs, labels).apply(probs)
    assert np.allclose(calibrated.sum(axis=1), 1.0)
    assert np.array_equal(calibrated.argmax(axis=1), probs.argmax(axis=1))
    assert calibrated.max(axis=1).mean() < probs.max(axis=1).mean()


def test_a_calibrated_model_needs_no_change() -> None:
    rng = np.random.default_rng(1)
    probs = rng.dirichlet(np.ones(len(STANCES)), 3000)
    labels = np.array([rng.choice(len(STANCES), p=p) for p in probs])
    assert fit_calibrator(probs, labels).temperature == pytest.approx(1.0, abs=0.15)


def test_weights_count_each_row_as_often_as_its_weight() -> None:
    # Calibrated rows and over-confident rows: weighting the second kind up pulls the temperature up.
    rng = np.random.default_rng(1)
    calibrated = rng.dirichlet(np.ones(len(STANCES)), 2000)
    calibrated_labels = np.array([rng.choice(len(STANCES), p=p) for p in calibrated])
    sharp, sharp_labels = overconfident(2000)
    probs, labels = np.vstack([calibrated, sharp]), np.concatenate([calibrated_labels, sharp_labels])
    even = fit_calibrator(probs, labels).temperature
    leaning = fit_calibrator(probs, labels, weights=np.r_[np.ones(2000), np.full(2000, 4.0)]).temperature
    assert leaning > even * 1.1
    assert fit_calibrator(probs, labels, weights=np.ones(4000)).temperature == pytest.approx(even)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    calibrator = Calibrator(1.7, {"pairs": 10})
    calibrator.save(tmp_path / CALIBRATION_FILE)
    assert Calibrator.find(tmp_path) == calibrator
    assert Calibrator.find(tmp_path / "elsewhere") is None
    (tmp_path / CALIBRATION_FILE).write_text('{"method": "isotonic"}', encoding="utf-8")
    with pytest.raises(ModelError, match="cannot load calibration"):
        Calibrator.find(tmp_path)


def test_the_ceiling_holds_the_most_sure_answers_to_what_hold_outs_showed(tmp_path: Path) -> None:
    calibrator = Calibrator(1.0, {"pairs": 10}, 0.9)
    probs = np.array([[0.001, 0.998, 0.001, 0.0], [0.5, 0.3, 0.2, 0.0]])
    out = calibrator.apply(probs)
    assert out[0].max() == pytest.approx(0.9) and out[0].argmax() == 1
    assert out[0, 0] == pytest.approx(out[0, 2])  # the rest shared in their own proportions
    assert out[1] == pytest.approx(Calibrator(1.0).apply(probs)[1])  # below the ceiling: untouched
    assert out.sum(axis=1) == pytest.approx([1.0, 1.0])
    calibrator.save(tmp_path / CALIBRATION_FILE)
    assert Calibrator.find(tmp_path) == calibrator
    (tmp_path / CALIBRATION_FILE).write_text(
        '{"method": "temperature", "labels": ["agree", "disagree", "discuss", "unrelated"], "temperature": 1.0, '
        '"ceiling": 0.2}', encoding="utf-8")
    with pytest.raises(ModelError):
        Calibrator.find(tmp_path)


def test_a_deciding_rule_with_a_poorer_record_answers_no_surer_than_it(tmp_path: Path) -> None:
    calibrator = Calibrator(1.0, {"pairs": 10}, 0.95, {"actor": 0.7})
    probs = np.array([[0.01, 0.97, 0.02, 0.0]] * 3)
    out = calibrator.apply(probs, ["actor", "negated", None])
    assert out[:, 1] == pytest.approx([0.7, 0.95, 0.95])
    assert out.sum(axis=1) == pytest.approx([1.0, 1.0, 1.0])
    assert calibrator.apply(probs)[0, 1] == pytest.approx(0.95)  # no rules given: the overall ceiling
    calibrator.save(tmp_path / CALIBRATION_FILE)
    assert Calibrator.find(tmp_path) == calibrator
    data = json.loads((tmp_path / CALIBRATION_FILE).read_text(encoding="utf-8"))
    (tmp_path / CALIBRATION_FILE).write_text(json.dumps({**data, "rule_ceilings": {"actor": 0.1}}), encoding="utf-8")
    with pytest.raises(ModelError):
        Calibrator.find(tmp_path)


def test_a_rule_answers_no_surer_than_its_record_for_the_stance_it_decided(tmp_path: Path) -> None:
    calibrator = Calibrator(1.0, {"pairs": 10}, 0.95, {"hedged": 0.9, "hedged:agree": 0.6})
    agree, discuss = [0.97, 0.01, 0.02, 0.0], [0.01, 0.01, 0.98, 0.0]
    out = calibrator.apply(np.array([agree, discuss, agree]), ["hedged", "hedged", "negated"])
    assert out.max(axis=1) == pytest.approx([0.6, 0.9, 0.95])
    assert list(out.argmax(axis=1)) == [0, 2, 0]  # each answer stays the answer
    calibrator.save(tmp_path / CALIBRATION_FILE)
    assert Calibrator.find(tmp_path) == calibrator


def test_a_low_ceiling_lowers_the_answer_but_never_hands_it_to_another_stance() -> None:
    # 'unrelated' decided by a rule whose record is poor (0.35): scaling the rest up in proportion would have put
    # 'disagree' (0.40 of 0.55 left) above it, and the verdict would have become 'misleading' with no words for it
    calibrator = Calibrator(1.0, {"pairs": 10}, 0.95, {"other_story": 0.35})
    out = calibrator.apply(np.array([[0.05, 0.4, 0.1, 0.45], [0.05, 0.05, 0.05, 0.85]]), ["other_story"] * 2)
    assert out.argmax(axis=1).tolist() == [3, 3]
    assert out[:, 3] == pytest.approx([0.35, 0.35]) and out.sum(axis=1) == pytest.approx([1.0, 1.0])
    assert out[0, 2] < out[0, 1] < 0.35  # the others keep their order, none above the answer


def test_checker_applies_the_calibration_beside_the_model(tmp_path: Path) -> None:
    model = tmp_path / "model"
    shutil.copytree(FNC1_FEATURES_DIR, model)
    (model / CALIBRATION_FILE).unlink(missing_ok=True)
    crackdown = read_example("crackdown.txt")
    plain = Checker(model).check_article(crackdown)
    Calibrator(2.0).save(model / CALIBRATION_FILE)
    calibrated = Checker(model).check_article(crackdown)
    assert plain.uncalibrated is None and not plain.to_dict()["calibrated"]
    assert calibrated.uncalibrated == plain.judgement
    assert calibrated.stance == plain.stance and calibrated.verdict == plain.verdict
    assert calibrated.confidence < plain.confidence
    assert sum(calibrated.judgement.probabilities.values()) == pytest.approx(1.0)
    assert calibrated.to_dict()["calibrated"]


def test_eval_reports_ece_before_and_after_and_draws_the_plots(tmp_path: Path) -> None:
    probs, labels = overconfident(800)
    calibrated = fit_calibrator(probs, labels).apply(probs)
    gold: list[Stance] = [STANCES[i] for i in labels]
    stances: list[Stance] = [STANCES[i] for i in calibrated.argmax(axis=1)]
    predictions = Predictions(stances, calibrated, probs)
    metrics = calibration_metrics(predictions, gold)
    assert metrics["ece_uncalibrated"] is not None and metrics["ece_reported"] is not None
    assert metrics["ece_reported"] < metrics["ece_uncalibrated"]
    written = write_plots(predictions, gold, score(gold, stances), tmp_path / "plots")
    assert [p.name for p in written] == ["reliability.png", "confusion.png"]
    for path in written:
        assert path.read_bytes().startswith(b"\x89PNG")


def test_no_ceiling_or_temperature_changes_any_answer() -> None:
    rng = np.random.default_rng(7)
    probs = rng.dirichlet(np.ones(4) * 0.7, size=2000)
    rules = [str(k) for k in rng.integers(0, 3, size=2000)]
    calibrator = Calibrator(1.4, {"pairs": 10}, 0.9, {"0": 0.26, "1": 0.4, "2": 0.6})
    out = calibrator.apply(probs, rules)
    assert (out.argmax(axis=1) == probs.argmax(axis=1)).all()
    assert out.sum(axis=1) == pytest.approx(np.ones(2000))
