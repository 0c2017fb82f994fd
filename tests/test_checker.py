"""The whole pipeline on articles written for these tests (fictional people and places)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import numpy as np
import pytest

from conftest import read_example
from headcheck import SCHEMA, Article, Checker, InputError, ModelError
from headcheck.judges.fnc1_features import FEATURE_NAMES, FeatureModel, read_model
from headcheck.shipped import FNC1_FEATURES_DIR
from headcheck.training.fnc1_features import PARAMS, write_model

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "src" / "headcheck" / "report" / "schema" / "report-v2.json"


def test_contradicted_headline_is_misleading(checker: Checker) -> None:
    report = checker.check_article(read_example("crackdown.txt"))
    assert report.verdict == "misleading"
    assert report.stance == "disagree"


def test_confirmed_headline_is_faithful(checker: Checker) -> None:
    report = checker.check_article(read_example("bridge.txt"))
    assert report.verdict == "faithful"


def test_headline_about_something_else_is_unrelated(checker: Checker) -> None:
    body = read_example("bridge.txt").body
    report = checker.check("Rare snow leopard cubs spotted in the Tarsin mountains", body)
    assert report.verdict == "unrelated"
    assert report.evidence == []


def test_evidence_offsets_and_scores(checker: Checker) -> None:
    a = read_example("bridge.txt")
    report = checker.check_article(a)
    assert 1 <= len(report.evidence) <= 3
    scores = [e.score for e in report.evidence]
    assert scores == sorted(scores, reverse=True)
    for e in report.evidence:
        assert a.body[e.sentence.start : e.sentence.end] == e.sentence.text
    assert "harbour bridge" in report.evidence[0].sentence.text


def test_report_json_follows_the_published_schema(checker: Checker) -> None:
    report = checker.check("Port Alvera opens new bridge", "Port Alvera opened a new bridge on Saturday.",
                           id="a-1", url="https://example.test/bridge")
    data = json.loads(report.to_json())
    jsonschema.validate(data, json.loads(SCHEMA_FILE.read_text()))
    assert data["schema"] == SCHEMA
    assert data["id"] == "a-1"
    assert sum(data["probabilities"].values()) == pytest.approx(1.0, abs=1e-3)
    assert data["confidence"] == max(data["probabilities"].values())


def test_check_many_keeps_order_and_reuses_bodies(checker: Checker) -> None:
    body = read_example("bridge.txt").body
    headlines = [f"Headline number {i} about the Port Alvera harbour bridge" for i in range(5)]
    articles = [Article(h, body, id=str(i)) for i, h in enumerate(headlines)]
    reports = list(Checker().check_many(articles, batch_size=2))
    assert [r.article.id for r in reports] == ["0", "1", "2", "3", "4"]
    single = checker.check(headlines[3], body)
    assert reports[3].judgement.probabilities == pytest.approx(single.judgement.probabilities)


def test_checker_validates_what_it_is_given(checker: Checker) -> None:
    with pytest.raises(InputError, match="headline is empty"):
        checker.check("   ", "Some body text that is long enough.")


def test_a_missing_model_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot load model"):
        Checker(tmp_path / "nothing-here")


def test_trees_exported_to_onnx_predict_what_lightgbm_predicts(tmp_path: Path) -> None:
    """Inference runs the trees in ONNX Runtime; training fits them with LightGBM and exports them."""
    lightgbm = pytest.importorskip("lightgbm")
    pytest.importorskip("onnxmltools")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, len(FEATURE_NAMES))).astype(np.float32)
    y = (x[:, 0] > 0).astype(int) + 2 * (x[:, 1] > 0.5).astype(int)
    booster = lightgbm.train({**PARAMS, "verbose": -1}, lightgbm.Dataset(x, label=y), num_boost_round=20)
    write_model(tmp_path, {"name": "x", "features": list(FEATURE_NAMES)}, FeatureModel.load(FNC1_FEATURES_DIR).idf,
                booster)
    _, _, trees = read_model(tmp_path)
    expected, got = booster.predict(x), trees.predict(x)
    assert np.abs(expected - got).max() < 1e-5
    assert (expected.argmax(axis=1) == got.argmax(axis=1)).all()
