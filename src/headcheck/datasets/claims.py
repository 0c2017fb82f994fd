"""Fool Me Twice (../shared/data/claims/fool_me_twice): each claim over its page's sentences, as a headline over
a body. The dev split is a hold-out of the editor's decision; the test split is for the final report only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from headcheck.errors import InputError
from headcheck.types import Article

DEFAULT_DATA_DIR = Path("../shared/data/claims/fool_me_twice")
Split = Literal["dev", "test"]


def load(data_dir: Path, split: Split) -> list[tuple[Article, bool]]:
    """(claim over its sentences, refuted?) per claim: the gold evidence first, then the page's other retrieved
    sentences, each once."""
    path = data_dir / f"{split}.jsonl"
    if not path.is_file():
        raise InputError(f"Fool Me Twice file not found: {path} (pass --claims-dir)")
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        sentences = dict.fromkeys(e["text"].strip() for e in row["gold_evidence"] + row["retrieved_evidence"]
                                  if e["text"].strip())
        out.append((Article(row["text"], " ".join(sentences), id=row["id"]), row["label"] == "REFUTES"))
    return out
