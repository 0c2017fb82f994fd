"""The ONNX models: one session per model file in a process, and long texts cut before tokenizing."""

from __future__ import annotations

from headcheck.judges._onnx import SentenceEncoder, session
from headcheck.shipped import MINILM_NLI_DIR

EMBED = MINILM_NLI_DIR / "embed"


def test_models_of_one_file_share_a_session() -> None:
    """A second Checker of the same model holds no second copy of its networks; another thread count is
    another session."""
    first, second = SentenceEncoder(EMBED, 72), SentenceEncoder(EMBED, 72)
    assert first.session is second.session
    assert session(EMBED / "model.onnx", threads=1) is not session(EMBED / "model.onnx", threads=2)
