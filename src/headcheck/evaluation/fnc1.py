"""`headcheck eval fnc1`: score the checker on the FNC-1 competition test set beside the peers."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from headcheck.calibration import ECE_BINS, expected_calibration_error, reliability
from headcheck.checker import Checker
from headcheck.datasets import fnc1
from headcheck.errors import MissingExtraError
from headcheck.limits import EVAL_BATCH_ARTICLES
from headcheck.types import STANCES, Article, Judgement, Stance


@dataclass(frozen=True, slots=True)
class Predictions:
    """Stances and the probabilities behind them: as reported, and the model's own when it is calibrated."""

    stances: list[Stance]
    probabilities: np.ndarray
    uncalibrated: np.ndarray | None


def _matrix(judgements: list[Judgement]) -> np.ndarray:
    return np.array([[j.probabilities[s] for s in STANCES] for j in judgements])


def predict(checker: Checker, split: fnc1.Split, console: Console) -> Predictions:
    """Predictions for every pair, in file order, with a progress bar."""
    articles = (Article(p.headline, split.bodies[p.body_id], id=str(i)) for i, p in enumerate(split.pairs))
    columns = (TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
               TimeRemainingColumn())
    stances: list[Stance] = []
    reported: list[Judgement] = []
    uncalibrated: list[Judgement] = []
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("fnc1", total=len(split.pairs), rate="")
        for report in checker.check_many(articles, batch_size=EVAL_BATCH_ARTICLES):
            stances.append(report.stance)
            reported.append(report.judgement)
            if report.uncalibrated is not None:
                uncalibrated.append(report.uncalibrated)
            progress.update(task, advance=1, rate=f"{progress.tasks[0].speed or 0:.0f} pairs/s")
    return Predictions(stances, _matrix(reported), _matrix(uncalibrated) if uncalibrated else None)


def calibration_metrics(predictions: Predictions, gold: list[Stance]) -> dict[str, float | None]:
    """ECE of the reported confidence, and of the model's own when a calibration changed it."""
    labels = np.array([STANCES.index(g) for g in gold])
    before = predictions.uncalibrated
    return {
        "ece_reported": round(expected_calibration_error(predictions.probabilities, labels), 4),
        "ece_uncalibrated": None if before is None else round(expected_calibration_error(before, labels), 4),
        "bins": ECE_BINS,
    }


def write_plots(predictions: Predictions, gold: list[Stance], metrics: fnc1.Metrics, out_dir: Path) -> list[Path]:
    """reliability.png (confidence against accuracy, before and after calibration) and confusion.png."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise MissingExtraError("--plots needs matplotlib: pip install -e '.[plots]'") from None
    out_dir.mkdir(parents=True, exist_ok=True)
    labels = np.array([STANCES.index(g) for g in gold])
    curves = {"reported": predictions.probabilities}
    if predictions.uncalibrated is not None:
        curves = {"model (uncalibrated)": predictions.uncalibrated, "calibrated": predictions.probabilities}

    fig, ax = plt.subplots(figsize=(5.5, 5.5))
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
    for name, probs in curves.items():
        bins = reliability(probs, labels)
        ax.plot([b[1] for b in bins], [b[2] for b in bins], marker="o",
                label=f"{name}, ECE {expected_calibration_error(probs, labels):.3f}")
    ax.set(xlabel="confidence (top probability)", ylabel="accuracy", xlim=(0, 1), ylim=(0, 1),
           title=f"Reliability on the FNC-1 test set ({len(gold):,} pairs)")
    ax.legend(loc="upper left")
    fig.tight_layout()
    reliability_png = out_dir / "reliability.png"
    fig.savefig(reliability_png, dpi=120)
    plt.close(fig)

    confusion = np.array(metrics.confusion)
    share = confusion / np.maximum(confusion.sum(axis=1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(6, 5))
    image = ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
    for (g, p), n in np.ndenumerate(confusion):
        ax.text(p, g, f"{n:,}\n{share[g, p]:.0%}", ha="center", va="center",
                color="white" if share[g, p] > 0.5 else "black", fontsize=9)
    ax.set(xticks=range(len(STANCES)), yticks=range(len(STANCES)), xticklabels=STANCES, yticklabels=STANCES,
           xlabel="predicted", ylabel="gold", title="Confusion (share of each gold row)")
    fig.colorbar(image, ax=ax, fraction=0.046)
    fig.tight_layout()
    confusion_png = out_dir / "confusion.png"
    fig.savefig(confusion_png, dpi=120)
    plt.close(fig)
    return [reliability_png, confusion_png]


def metrics_table(rows: dict[str, fnc1.Metrics], title: str) -> Table:
    table = Table(title=title)
    for column in ("system", "FNC score", "macro-F1", *STANCES):
        table.add_column(column, justify="left" if column == "system" else "right")
    for name, m in rows.items():
        table.add_row(name, f"{m.fnc_score:.2f}", f"{m.macro_f1:.3f}", *(f"{m.f1[s]:.3f}" for s in STANCES))
    return table


def confusion_table(m: fnc1.Metrics) -> Table:
    table = Table(title="confusion (rows: gold, columns: predicted)")
    table.add_column("")
    for s in STANCES:
        table.add_column(s, justify="right")
    for s, row in zip(STANCES, m.confusion, strict=True):
        table.add_row(s, *map(str, row))
    return table


def run(checker: Checker, data_dir: Path, out_dir: Path, console: Console,
        plots: Path | None = None) -> dict[str, fnc1.Metrics]:
    """Check every test pair, print the tables and calibration error, write predictions CSV and metrics JSON
    (and the plots, if asked)."""
    test = fnc1.load(data_dir, "competition_test")
    predictions = predict(checker, test, console)
    predicted = predictions.stances
    gold = [p.stance for p in test.pairs]
    results = {f"headcheck ({checker.judge.name})": fnc1.score(gold, predicted)}
    for peer in fnc1.PEERS:  # the peers are for comparison only: a data dir without their files is fine
        if not (data_dir / "peer_predictions" / f"{peer}.csv").is_file():
            console.print(f"no {peer} predictions in {data_dir / 'peer_predictions'}: compared without {peer}")
            continue
        results[peer] = fnc1.score(gold, fnc1.peer_predictions(data_dir, peer))

    calibration = calibration_metrics(predictions, gold)
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "fnc1_predictions.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Headline", "Body ID", "Stance"])
        writer.writerows([p.headline, p.body_id, s] for p, s in zip(test.pairs, predicted, strict=True))
    (out_dir / "fnc1_metrics.json").write_text(
        json.dumps({"test_pairs": len(gold), "systems": {k: m.as_dict() for k, m in results.items()},
                    "calibration": calibration}, indent=2) + "\n", encoding="utf-8")

    title = f"FNC-1 competition test set ({len(gold):,} pairs)"
    console.print(metrics_table(results, title), width=max(console.width, 110))
    console.print(confusion_table(next(iter(results.values()))))
    before = calibration["ece_uncalibrated"]
    console.print(f"expected calibration error of the reported confidence: {calibration['ece_reported']:.4f}"
                  + ("" if before is None else f" (model before calibration: {before:.4f})"))
    console.print(f"wrote {out_dir / 'fnc1_predictions.csv'} and {out_dir / 'fnc1_metrics.json'}")
    if plots is not None:
        written = write_plots(predictions, gold, next(iter(results.values())), plots)
        console.print(f"wrote {' and '.join(map(str, written))}")
    return results
