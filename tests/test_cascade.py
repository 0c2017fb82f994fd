"""The shipped neural cascade: ONNX networks, no torch at run time, and the feature model still selectable."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from conftest import EXAMPLES
from headcheck import Article, Checker
from headcheck.judges import CASCADE_MODEL_DIR, FEATURES_MODEL_DIR
from headcheck.judges.cascade import CascadeJudge
from headcheck.judges.onnx import CrossEncoder, SentenceEncoder

pytestmark = pytest.mark.skipif(not (CASCADE_MODEL_DIR / "model.json").exists(), reason="cascade not shipped")


def test_the_cascade_is_chosen_by_its_short_name_and_the_feature_model_stays_the_default(checker: Checker) -> None:
    cascade = Checker("fnc1-minilm")
    assert isinstance(cascade.judge, CascadeJudge)
    assert cascade.judge.name.startswith("fnc1-minilm")
    assert cascade.calibrator is not None  # calibration.json beside it
    assert checker.judge.name == Checker(FEATURES_MODEL_DIR).judge.name == "fnc1-features-1"


def test_cascade_checks_an_article_alone_as_in_a_batch() -> None:
    cascade = Checker("fnc1-minilm")
    body = (EXAMPLES / "crackdown.txt").read_text().split("\n", 1)[1]
    alone = cascade.check("Orlov crushed the uprising", body)
    batch = list(cascade.check_many([Article("Port Alvera opens bridge", body),
                                     Article("Orlov crushed the uprising", body)]))
    # one text per network run: no batch effects
    assert batch[1].judgement.probabilities == alone.judgement.probabilities


def test_inference_never_imports_torch() -> None:
    code = ("import sys; from headcheck import Checker; Checker('fnc1-minilm').check('Port Alvera opens bridge', "
            "'Port Alvera opened its new bridge on Saturday, the mayor said.'); print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "False"


def test_sentence_embeddings_put_paraphrases_close() -> None:
    encoder = SentenceEncoder(CASCADE_MODEL_DIR / "embed", max_length=128)
    a, b, c = encoder.embed(["The mayor opened the new bridge on Saturday.",
                             "A new bridge was opened by the mayor at the weekend.",
                             "Snow leopard cubs were seen high in the Tarsin mountains."])
    assert np.linalg.norm(a) == pytest.approx(1.0, abs=1e-4)
    assert a @ b > 0.6 > a @ c


def test_cross_encoder_returns_a_distribution_per_pair() -> None:
    cross = CrossEncoder(CASCADE_MODEL_DIR / "stance", max_length=128)
    probs = cross.predict([("Port Alvera opens bridge", "The bridge in Port Alvera opened on Saturday."),
                           ("Orlov led the revolution", "Orlov ordered the army to crush the revolution.")])
    assert probs.shape == (2, 3)
    assert probs.sum(axis=1) == pytest.approx([1.0, 1.0], abs=1e-5)
    # each pair is scored on its own: batching and length sorting must not mix rows up
    single = cross.predict([("Orlov led the revolution", "Orlov ordered the army to crush the revolution.")])
    assert single[0] == pytest.approx(probs[1], abs=1e-5)


def test_onnx_threads_follow_omp_num_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    # batch workers set OMP_NUM_THREADS=1 so that N workers do not each start N threads
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    encoder = SentenceEncoder(CASCADE_MODEL_DIR / "embed", max_length=128)
    assert encoder.session.get_session_options().intra_op_num_threads == 1
