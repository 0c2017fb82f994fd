"""`headcheck eval fnc1`: score the checker on the FNC-1 competition test set beside the peers."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from headcheck import fnc1
from headcheck.checker import Checker
from headcheck.types import STANCES, Article, Stance


def predict(checker: Checker, split: fnc1.Split, console: Console) -> list[Stance]:
    """Stances for every pair, in file order, with a progress bar."""
    articles = (Article(p.headline, split.bodies[p.body_id], id=str(i)) for i, p in enumerate(split.pairs))
    columns = (TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
               TimeRemainingColumn())
    stances: list[Stance] = []
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("fnc1", total=len(split.pairs), rate="")
        for report in checker.check_many(articles, batch_size=256):
            stances.append(report.stance)
            progress.update(task, advance=1, rate=f"{progress.tasks[0].speed or 0:.0f} pairs/s")
    return stances


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


def run(checker: Checker, data_dir: Path, out_dir: Path, console: Console) -> dict[str, fnc1.Metrics]:
    """Check every test pair, print the tables, write predictions CSV and metrics JSON."""
    test = fnc1.load(data_dir, "competition_test")
    predicted = predict(checker, test, console)
    gold = [p.stance for p in test.pairs]
    results = {f"headcheck ({checker.judge.name})": fnc1.score(gold, predicted)}
    for peer in fnc1.PEERS:
        results[peer] = fnc1.score(gold, fnc1.peer_predictions(data_dir, peer))

    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / "fnc1_predictions.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["Headline", "Body ID", "Stance"])
        writer.writerows([p.headline, p.body_id, s] for p, s in zip(test.pairs, predicted, strict=True))
    (out_dir / "fnc1_metrics.json").write_text(
        json.dumps({"test_pairs": len(gold), "systems": {k: m.as_dict() for k, m in results.items()}}, indent=2)
        + "\n", encoding="utf-8")

    title = f"FNC-1 competition test set ({len(gold):,} pairs)"
    console.print(metrics_table(results, title), width=max(console.width, 110))
    console.print(confusion_table(next(iter(results.values()))))
    console.print(f"wrote {out_dir / 'fnc1_predictions.csv'} and {out_dir / 'fnc1_metrics.json'}")
    return results
