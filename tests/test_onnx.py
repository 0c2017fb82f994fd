"""The ONNX models: one session per model file in a process, and long texts cut before tokenizing."""

from __future__ import annotations

from headcheck.judges._onnx import CrossEncoder, SentenceEncoder, session
from headcheck.shipped import MINILM_NLI_DIR

EMBED = MINILM_NLI_DIR / "embed"
NLI = MINILM_NLI_DIR / "nli"


def test_models_of_one_file_share_a_session() -> None:
    """A second Checker of the same model holds no second copy of its networks; another thread count is
    another session."""
    first, second = SentenceEncoder(EMBED, 72), SentenceEncoder(EMBED, 72)
    assert first.session is second.session
    assert session(EMBED / "model.onnx", threads=1) is not session(EMBED / "model.onnx", threads=2)


def _ids(model: CrossEncoder, item: str | tuple[str, str]) -> list[int]:
    return model.tokenizer.encode(*((item,) if isinstance(item, str) else item)).ids


def test_long_texts_are_cut_to_the_same_token_ids() -> None:
    """A long sentence is cut before tokenizing, to the ids it had: runs of whitespace, words too long for the
    vocabulary, characters that normalise to three, text that reads as an added token."""
    nli = CrossEncoder(NLI, 72)
    sentence = " ".join(["The", "council \t\n voted", "x" * 150, "\u200b", "[SEP]", "\uac01\uac01", "na\u00efve"] * 400)
    for item in [sentence, ("Council votes", sentence), (sentence, "Council votes")]:
        cut = nli.shortened(item)
        assert cut != item
        assert _ids(nli, cut) == _ids(nli, item)


def test_a_pair_keeps_which_text_is_longer() -> None:
    """Truncation gives the longer of two long texts one token more: cutting the longer below the other's
    length would hand that token to the other."""
    nli = CrossEncoder(NLI, 72)
    item = ("word " * 100, "x " * 300)
    assert _ids(nli, nli.shortened(item)) == _ids(nli, item)
    naive = (item[0], " ".join(item[1].split()[:72]))
    assert _ids(nli, naive) != _ids(nli, item)
