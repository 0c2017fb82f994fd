"""The FNC-1 data set: loading, the official hold-out split, and its scoring."""

from __future__ import annotations

import csv
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from headcheck.errors import InputError
from headcheck.limits import SEED
from headcheck.types import STANCES, Stance

DEFAULT_DATA_DIR = Path("../shared/data/fnc1")
PEERS = ("talos", "athene", "ucl")


@dataclass(frozen=True, slots=True)
class Pair:
    headline: str
    body_id: int
    stance: Stance


@dataclass(frozen=True, slots=True)
class Split:
    """Headline-body pairs with the bodies they point to."""

    pairs: list[Pair]
    bodies: dict[int, str]


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise InputError(f"FNC-1 file not found: {path} (pass --data-dir)")
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load(data_dir: Path, part: str) -> Split:
    """Load `train` or `competition_test`."""
    bodies = {int(r["Body ID"]): r["articleBody"] for r in _read_csv(data_dir / f"{part}_bodies.csv")}
    pairs = [
        Pair(r["Headline"], int(r["Body ID"]), r["Stance"])  # type: ignore[arg-type]
        for r in _read_csv(data_dir / f"{part}_stances.csv")
    ]
    return Split(pairs, bodies)


def hold_out_split(data_dir: Path, train: Split) -> tuple[Split, Split]:
    """The official body-ID split of the training set into (training, hold-out)."""
    ids = {int(x) for x in (data_dir / "baseline_split_hold_out_ids.txt").read_text().split()}
    fit = [p for p in train.pairs if p.body_id not in ids]
    held = [p for p in train.pairs if p.body_id in ids]
    return Split(fit, train.bodies), Split(held, train.bodies)


def _topic_of(pairs: Sequence[Pair]) -> Callable[[str], str]:
    """Union-find over bodies ("b<id>") and headlines ("h<text>") joined by related pairs."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        body, headline = root(f"b{p.body_id}"), root(f"h{p.headline}")
        if p.stance != "unrelated":
            parent[body] = headline
    return root


def topics(pairs: Sequence[Pair]) -> list[str]:
    """Each pair's topic: the connected group of headlines and bodies (joined by related pairs) of its body."""
    topic_of = _topic_of(pairs)
    return [topic_of(f"b{p.body_id}") for p in pairs]


def topic_split(train: Split, share: float = 0.2, seed: int = SEED) -> tuple[Split, Split]:
    """A split of the training set into (training, hold-out) that shares no story between its halves.

    The official split separates bodies only: every hold-out headline also occurs in its training
    half, so a model that reads the headline (a cross-encoder) is rewarded there for remembering
    claims, while the competition test set brings new ones. About `share` of the topics (see
    `topics`) go to the hold-out; unrelated pairs whose headline belongs to the other half are left
    out of both.
    """
    topic_of = _topic_of(train.pairs)
    ordered = sorted({topic_of(f"b{p.body_id}") for p in train.pairs})
    random.Random(seed).shuffle(ordered)
    held_topics = set(ordered[: round(len(ordered) * share)])
    side = [(topic_of(f"b{p.body_id}") in held_topics, topic_of(f"h{p.headline}") in held_topics)
            for p in train.pairs]
    fit = [p for p, (b, h) in zip(train.pairs, side, strict=True) if not b and not h]
    held = [p for p, (b, h) in zip(train.pairs, side, strict=True) if b and h]
    return Split(fit, train.bodies), Split(held, train.bodies)


def peer_predictions(data_dir: Path, name: str) -> list[Stance]:
    """A competition team's submitted test labels (UCL's file is a bare column)."""
    path = data_dir / "peer_predictions" / f"{name}.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    if name == "ucl":
        return [line.strip() for line in lines if line.strip()]  # type: ignore[misc]
    return [r["Stance"] for r in csv.DictReader(lines)]  # type: ignore[misc]


@dataclass(frozen=True, slots=True)
class Metrics:
    fnc_score: float
    macro_f1: float
    f1: dict[Stance, float]
    confusion: list[list[int]]

    def as_dict(self) -> dict[str, object]:
        return {
            "fnc_score": round(self.fnc_score, 2),
            "macro_f1": round(self.macro_f1, 4),
            "f1": {s: round(v, 4) for s, v in self.f1.items()},
            "confusion": {"labels": list(STANCES), "rows_gold_cols_predicted": self.confusion},
        }


def score(gold: Sequence[Stance], predicted: Sequence[Stance]) -> Metrics:
    """FNC-1's weighted score (as a percentage of the maximum), per-class and macro F1."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    index = {s: i for i, s in enumerate(STANCES)}
    confusion = [[0] * len(STANCES) for _ in STANCES]
    points = best = 0.0
    for g, p in zip(gold, predicted, strict=True):
        confusion[index[g]][index[p]] += 1
        related_g, related_p = g != "unrelated", p != "unrelated"
        best += 1.0 if related_g else 0.25
        points += 0.25 * (related_g == related_p) + 0.75 * (related_g and g == p)
    f1: dict[Stance, float] = {}
    for s, i in index.items():
        tp = confusion[i][i]
        predicted_n = sum(row[i] for row in confusion)
        gold_n = sum(confusion[i])
        f1[s] = 2 * tp / (predicted_n + gold_n) if predicted_n + gold_n else 0.0
    return Metrics(100 * points / best, sum(f1.values()) / len(f1), f1, confusion)
