"""The clickbait score: the shipped model, its files, and the training code on a tiny written data set."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np

from headcheck.shipped import CLICKBAIT_MODEL_DIR as MODEL_DIR
from headcheck.text.clickbait import ClickbaitModel
from headcheck.training import clickbait


def test_obvious_clickbait_scores_high_and_plain_news_low() -> None:
    model = ClickbaitModel.load()
    bait, news = model.score([
        "You Won't Believe What This Port Alvera Ferry Captain Did Next",
        "Port Alvera council approves budget for harbour bridge repairs",
    ])
    assert bait > 0.9
    assert news < 0.1


def test_capitals_and_exact_numbers_do_not_decide() -> None:
    model = ClickbaitModel.load()
    lower, title = model.score(["port alvera council approves bridge budget",
                                "Port Alvera Council Approves Bridge Budget"])
    assert lower == title
    assert model.score(["17 Signs Your Cat Secretly Runs The House"]) == model.score(
        ["23 Signs Your Cat Secretly Runs The House"])


def test_shipped_model_is_small_pickle_free_and_carded() -> None:
    total = sum(p.stat().st_size for p in MODEL_DIR.iterdir())
    assert total < 2_000_000
    with zipfile.ZipFile(MODEL_DIR / "weights.npz") as archive:
        assert archive.namelist() == ["weights.npy"]
    with np.load(MODEL_DIR / "weights.npz", allow_pickle=False) as data:
        assert data["weights"].dtype == np.float16
    meta = json.loads((MODEL_DIR / "model.json").read_text(encoding="utf-8"))
    accuracy = meta["held_out_metrics"]["accuracy"]
    assert accuracy >= 0.95
    assert f"{accuracy:.4f}" in (MODEL_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")


def write_lines(path: Path, lines: list[str]) -> None:
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")


def test_training_learns_held_out_headlines_and_round_trips(tmp_path: Path) -> None:
    bait = [f"{n} Things About {topic} That Will Blow Your Mind" for n in range(5, 25)
            for topic in ("Cats", "Summer", "Pizza")]
    news = [f"{place} council {verb} budget for {thing}" for place in ("Port Alvera", "Dorvik", "Kestria")
            for verb in ("approves", "delays", "debates", "rejects") for thing in ("roads", "schools", "bridges",
                                                                                    "ferries", "parks")]
    data = tmp_path / "data"
    data.mkdir()
    write_lines(data / "clickbait_data.txt", bait)
    write_lines(data / "non_clickbait_data.txt", news)
    model, meta = clickbait.train(data, log=lambda _: None)
    assert meta["held_out_metrics"]["headlines"] == round(len(bait + news) * clickbait.HELD_OUT_SHARE)
    assert meta["held_out_metrics"]["accuracy"] == 1.0
    clickbait.save(model, tmp_path / "model", meta)
    again = ClickbaitModel.load(tmp_path / "model")
    headlines = ["7 Things About Dogs That Will Blow Your Mind", "Dorvik council approves budget for harbours"]
    assert np.allclose(again.score(headlines), model.score(headlines), atol=1e-3)  # float16 weights
    assert again.score(headlines)[0] > 0.5 > again.score(headlines)[1]
    second, _ = clickbait.train(data, log=lambda _: None)
    assert np.array_equal(second.weights, model.weights)  # deterministic
