"""The NLI sets in ../shared/data/nli (MNLI, SNLI, FEVER, RTE) read as (premise, hypothesis, label) rows.

Labels are the shipped network's output columns. Every set keeps a fixed, documented hold-out
(`HOLD_OUT_EVERY`: row i of a file is held out when i % n == 0) that training never sees and
evaluation scores.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from headcheck.judges.minilm_nli import NLI_LABEL_OF, NLI_OUTPUTS
from headcheck.types import Stance

__all__ = ["CONTRADICT", "ENTAIL", "HOLD_OUT_EVERY", "NEUTRAL", "NLI_LABELS", "NOT_ENTAIL", "STANCE_OF_LABEL",
           "detokenize", "nli_rows", "nli_split"]

NLI_LABELS = NLI_OUTPUTS  # label i is the network's output column i
ENTAIL, NEUTRAL, CONTRADICT = (NLI_LABELS.index(n) for n in ("entailment", "neutral", "contradiction"))
# The stance an NLI label stands for (judges.onnx.NLI_LABEL_OF read the other way).
STANCE_OF_LABEL: dict[int, Stance] = {NLI_LABELS.index(name): stance for stance, name in NLI_LABEL_OF.items()}
NOT_ENTAIL = 3  # RTE's two-way "not_entailment": neutral or contradiction, trained on their summed probability
HOLD_OUT_EVERY = {"mnli": 20, "snli": 10, "fever": 13, "rte": 10}
_LABEL_OF = {"entailment": ENTAIL, "neutral": NEUTRAL, "contradiction": CONTRADICT, "not_entailment": NOT_ENTAIL}


_FEVER_TOKENS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}",
                 "``": '"', "''": '"', "--": "-"}


def detokenize(text: str) -> str:
    """FEVER's evidence is PTB-tokenised ("-LRB- 1997 -RRB- ,"); news text is not."""
    for token, char in _FEVER_TOKENS.items():
        text = text.replace(token, char)
    text = re.sub(r"\s+([.,;:!?)\]}%])", r"\1", text)
    text = re.sub(r"([(\[{])\s+", r"\1", text)
    return re.sub(r"\s+('s|n't)\b", r"\1", text).strip()


def nli_rows(nli_dir: Path, name: str) -> list[tuple[str, str, int]]:
    """(premise, hypothesis, label) in file order; RTE's train and dev files are read as one."""
    files = ["train.csv", "dev.csv"] if name == "rte" else ["dev.csv"]
    rows = []
    for file in files:
        with (nli_dir / name / file).open(encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                if r["label"] in _LABEL_OF:
                    premise = detokenize(r["premise"]) if name == "fever" else r["premise"]
                    rows.append((premise, r["hypothesis"].strip(), _LABEL_OF[r["label"]]))
    return rows


def nli_split(nli_dir: Path, name: str) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
    """(training, hold-out) rows of one NLI set."""
    rows, every = nli_rows(nli_dir, name), HOLD_OUT_EVERY[name]
    return ([r for i, r in enumerate(rows) if i % every], [r for i, r in enumerate(rows) if not i % every])
