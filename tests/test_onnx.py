"""The ONNX models: one session per model file in a process, several texts at once with the outputs of one at a
time, and long texts cut before tokenizing."""

from __future__ import annotations

import numpy as np

from headcheck._cache import Lru
from headcheck.judges._onnx import CrossEncoder, SentenceEncoder
from headcheck.shipped import MINILM_NLI_DIR

EMBED = MINILM_NLI_DIR / "embed"
NLI = MINILM_NLI_DIR / "nli"


def test_models_of_one_file_share_a_session() -> None:
    """A second Checker of the same model holds no second copy of its networks, whatever its thread count."""
    first, second = SentenceEncoder(EMBED, 72), SentenceEncoder(EMBED, 72, threads=3)
    assert first.session is second.session


_PAIRS = [("Mayor Lind resigns over expenses row", "Mayor Lind said she would not resign."),
          ("Dunmere factory to hire 300 workers", "The Dunmere factory will cut 300 jobs by the end of the year."),
          ("Port authority lifts fishing ban", "The port authority extended the fishing ban for another year."),
          ("Court clears Brenner of fraud", "A jury found Brenner guilty of fraud on all four counts, " * 3)]


def test_texts_run_at_once_give_each_its_own_output_in_order() -> None:
    """Run on three threads at once, each pair and sentence gets the very output it gets alone, in its place."""
    alone = [CrossEncoder(NLI, 72, threads=1).predict([pair])[0] for pair in _PAIRS]
    together = CrossEncoder(NLI, 72, threads=3).predict(_PAIRS * 3)
    assert np.array_equal(together, np.array(alone * 3))
    texts = [text for pair in _PAIRS for text in pair]
    embedder = SentenceEncoder(EMBED, 72, threads=3)
    assert np.array_equal(embedder.embed(texts), np.vstack([embedder.embed([t]) for t in texts]))
    assert len({tuple(row) for row in together}) == len(_PAIRS)


def test_cached_values_are_computed_together_once_each() -> None:
    """`Lru.many` asks for the missing keys in one call, each once, and keeps what it was given."""
    calls: list[list[str]] = []

    def upper(keys: list[str]) -> list[str]:
        calls.append(keys)
        return [k.upper() for k in keys]

    cache: Lru[str, str] = Lru(4)
    assert cache.get("a", str.upper) == "A"
    assert cache.many(["b", "a", "c", "b"], upper) == ["B", "A", "C", "B"]
    assert calls == [["b", "c"]]
    assert cache.many(["c", "b"], upper) == ["C", "B"] and len(calls) == 1


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
