"""`--model` with a Hugging Face NLI model: label order, ONNX or export, errors, never torch, never the network.

The fixtures are tiny random networks made by tests/fixtures/make_tiny_nli.py: their predictions
mean nothing, only how headcheck reads them is tested.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest
from tokenizers import Tokenizer

from conftest import EXAMPLES
from headcheck.apps.cli import main
from headcheck.errors import MissingExtraError, ModelError
from headcheck.judges import load_judge, resolve
from headcheck.judges.nli import nli_cross_encoder, nli_export_path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TINY = FIXTURES / "tiny-nli"  # config.json, tokenizer.json, onnx/model.onnx
TINY_PT = FIXTURES / "tiny-nli-pt"  # config.json, tokenizer.json, model.safetensors: the same network
PAIRS = [("Port Alvera opens bridge", "The mayor opened the new bridge on Saturday after four years of work."),
         ("Orlov led the revolution", "Orlov ordered the army to crush the revolution."),
         ("Police deny the claims", "The police said the report was not true.")]


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test may reach the Hugging Face hub, and exports go to a fresh cache."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HEADCHECK_CACHE", str(tmp_path / "cache"))


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf"),
            "HEADCHECK_CACHE": str(tmp_path / "cache")}


def _relabelled(tmp_path: Path, id2label: dict[str, str]) -> Path:
    directory = tmp_path / "relabelled"
    shutil.copytree(TINY, directory)
    config = json.loads((directory / "config.json").read_text())
    config["id2label"] = id2label
    (directory / "config.json").write_text(json.dumps(config))
    return directory


def test_predict_puts_nli_labels_in_stance_order() -> None:
    """entailment -> agree, contradiction -> disagree, neutral -> discuss, whatever the model's own order;
    the evidence is the premise, so it goes first."""
    tokenizer = Tokenizer.from_file(str(TINY / "tokenizer.json"))
    session = ort.InferenceSession(str(TINY / "onnx" / "model.onnx"), providers=["CPUExecutionProvider"])
    id2label = json.loads((TINY / "config.json").read_text())["id2label"]
    column = {label.lower(): int(i) for i, label in id2label.items()}
    expected = []
    for claim, evidence in PAIRS:
        e = tokenizer.encode(evidence, claim)
        feeds = {"input_ids": [e.ids], "attention_mask": [e.attention_mask], "token_type_ids": [e.type_ids]}
        logits = session.run(None, {k: np.array(v, dtype=np.int64) for k, v in feeds.items()})[0][0]
        probs = np.exp(logits) / np.exp(logits).sum()
        expected.append([probs[column[k]] for k in ("entailment", "contradiction", "neutral")])

    cross = nli_cross_encoder(TINY)
    assert cross.columns == [2, 0, 1]  # the fixture is in roberta-large-mnli's order
    assert cross.predict(PAIRS) == pytest.approx(np.array(expected), abs=1e-5)


def test_labels_are_matched_whatever_their_case(tmp_path: Path) -> None:
    directory = _relabelled(tmp_path, {"0": "contradiction", "1": "Neutral", "2": "ENTAILMENT"})
    assert nli_cross_encoder(directory).predict(PAIRS) == pytest.approx(nli_cross_encoder(TINY).predict(PAIRS))


@pytest.mark.parametrize("id2label", [{"0": "entailment", "1": "not_entailment"},
                                      {"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2"}])
def test_a_model_without_the_three_nli_labels_is_refused(tmp_path: Path, id2label: dict[str, str]) -> None:
    with pytest.raises(ModelError, match="not a three-way NLI model"):
        nli_cross_encoder(_relabelled(tmp_path, id2label))


def test_pytorch_weights_without_torch_ask_for_the_train_extra() -> None:
    try:
        import torch  # noqa: F401
    except ImportError:
        with pytest.raises(MissingExtraError, match=r"pip install 'headcheck\[train\]'"):
            nli_cross_encoder(TINY_PT)
    else:
        pytest.skip("torch is installed here: the export is tested instead")


def test_pytorch_weights_are_exported_once_and_predict_the_same() -> None:
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    exported = nli_cross_encoder(TINY_PT)
    cached = nli_export_path(TINY_PT)
    assert cached.is_file() and not (TINY_PT / "model.onnx").exists()
    assert exported.predict(PAIRS) == pytest.approx(nli_cross_encoder(TINY).predict(PAIRS), abs=1e-5)
    made = cached.stat().st_mtime_ns
    nli_cross_encoder(TINY_PT)
    assert cached.stat().st_mtime_ns == made  # the second load reuses the export


def test_an_unknown_name_is_looked_up_locally_only(connections: list[tuple[str, int]]) -> None:
    with pytest.raises(ModelError, match="not a directory and not in the local Hugging Face cache"):
        resolve("no-such/model")
    assert connections == []


def test_a_name_is_found_in_the_local_hugging_face_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                        connections: list[tuple[str, int]]) -> None:
    hf_constants = pytest.importorskip("huggingface_hub.constants")
    repo = tmp_path / "hub" / "models--local--tiny-nli"
    shutil.copytree(TINY, repo / "snapshots" / "abc123")
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("abc123")
    monkeypatch.setattr(hf_constants, "HF_HUB_CACHE", str(tmp_path / "hub"))
    assert resolve("local/tiny-nli").directory == repo / "snapshots" / "abc123"
    assert load_judge(resolve("local/tiny-nli")).name.endswith("+nli:local/tiny-nli")
    assert connections == []


def test_checker_runs_the_sentence_judge_with_the_nli_model() -> None:
    from headcheck import Checker

    checker = Checker(model=str(TINY))
    assert checker.calibrator is None  # calibration belongs to the shipped models
    report = checker.check(*PAIRS[0])
    assert "nli:tiny-nli" in report.model and report.model.startswith("minilm-nli")
    assert checker.judge.nli.evidence_first  # the model's own order: premise (the sentence) first
    assert sum(report.judgement.probabilities.values()) == pytest.approx(1.0)


def test_cli_check_with_an_nli_model(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--model", str(TINY), str(EXAMPLES / "bridge.txt"), "--json"])
    assert code == 0
    assert "+nli:tiny-nli" in json.loads(capsys.readouterr().out)["model"]


def test_cli_refuses_a_config_without_nli_labels(tmp_path: Path) -> None:
    directory = _relabelled(tmp_path, {"0": "negative", "1": "positive"})
    out = subprocess.run([sys.executable, "-m", "headcheck.apps.cli", "check", "--model", str(directory),
                          str(EXAMPLES / "bridge.txt")], capture_output=True, text=True, timeout=120,
                         env=_env(tmp_path))
    assert out.returncode == 5  # a model that cannot load has its own exit code
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert "not a three-way NLI model" in out.stderr


def test_cli_refuses_an_unknown_model_name(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "headcheck.apps.cli", "check", "--model", "no-such/model",
                          str(EXAMPLES / "bridge.txt")], capture_output=True, text=True, timeout=120,
                         env=_env(tmp_path))
    assert out.returncode == 5
    assert out.stderr == ("headcheck: error: model no-such/model is not a directory and not in the local "
                          "Hugging Face cache\n")


def test_inference_with_an_nli_model_never_imports_torch(tmp_path: Path) -> None:
    check = ("from headcheck import Checker; Checker(model=model).check('Port Alvera opens bridge', "
             "'Port Alvera opened its new bridge on Saturday, the mayor said.')")
    code = f"import sys; model = {str(TINY)!r}; {check}; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True,
                         env=_env(tmp_path))
    assert out.stdout.strip() == "False"
