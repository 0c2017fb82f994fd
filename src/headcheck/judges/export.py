"""Exports PyTorch networks to ONNX: the shipped MiniLM networks at training time, and a PyTorch-only
Hugging Face NLI model once, when `--model` first uses it.

Needs torch and transformers (the train extra), which inference never imports: this module is
imported only by training and by that one-off export (`judges.nli`).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from pathlib import Path

import torch
from transformers import AutoModelForSequenceClassification

from headcheck.errors import ModelError

BERT_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


class Positional(torch.nn.Module):
    """Positional inputs in, one named output of the model out: the plain signature the ONNX exporter wants."""

    def __init__(self, model: torch.nn.Module, names: Sequence[str], output: str) -> None:
        super().__init__()
        self.model, self.names, self.output = model, list(names), output

    def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
        return getattr(self.model(**dict(zip(self.names, inputs, strict=True))), self.output)


def export_fp32(model: torch.nn.Module, names: Sequence[str], output: str, out: Path) -> None:
    """fp32 export with dynamic batch and length, written atomically so a killed run leaves no half file."""
    dummy = tuple(torch.ones((1, 8), dtype=torch.long) for _ in names)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f"{out.name}.{os.getpid()}.partial")
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes about shapes the dynamic axes already cover
        torch.onnx.export(Positional(model.eval(), names, output), dummy, str(partial), input_names=list(names),
                          output_names=["output"],
                          dynamic_axes={**{n: {0: "batch", 1: "tokens"} for n in names}, "output": {0: "batch"}},
                          opset_version=17, dynamo=False)
    partial.replace(out)


def export_nli(directory: Path, out: Path) -> None:
    """A Hugging Face sequence-classification model's logits, from its PyTorch weights."""
    try:
        model = AutoModelForSequenceClassification.from_pretrained(directory, local_files_only=True).float()
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot load the PyTorch model in {directory}: {exc}") from None
    # Models without segment embeddings (RoBERTa, DeBERTa) get no token_type_ids input.
    names = BERT_INPUTS if getattr(model.config, "type_vocab_size", 0) > 1 else BERT_INPUTS[:2]
    export_fp32(model, names, "logits", out)
