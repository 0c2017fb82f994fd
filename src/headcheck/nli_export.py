"""Exports a PyTorch-only Hugging Face NLI model to ONNX, once, for `--model`.

Imported only when such a model is first used: it needs torch and transformers (the train
extra), which inference never imports.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import torch
from transformers import AutoModelForSequenceClassification

from headcheck.errors import InputError


class _Logits(torch.nn.Module):
    """Positional inputs in, logits out: the plain signature the ONNX exporter wants."""

    def __init__(self, model: torch.nn.Module, names: list[str]) -> None:
        super().__init__()
        self.model, self.names = model, names

    def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
        return self.model(**dict(zip(self.names, inputs, strict=True))).logits


def export_onnx(directory: Path, out: Path) -> None:
    """fp32 export with dynamic batch and length, written atomically so a killed run leaves no half file."""
    try:
        model = AutoModelForSequenceClassification.from_pretrained(directory, local_files_only=True).float().eval()
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot load the PyTorch model in {directory}: {exc}") from None
    # Models without segment embeddings (RoBERTa, DeBERTa) get no token_type_ids input.
    names = ["input_ids", "attention_mask"] + (["token_type_ids"] if getattr(model.config, "type_vocab_size", 0) > 1
                                               else [])
    dummy = tuple(torch.ones((1, 8), dtype=torch.long) for _ in names)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f"{out.name}.{os.getpid()}.partial")
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes about shapes the dynamic axes already cover
        torch.onnx.export(_Logits(model, names), dummy, str(partial), input_names=names, output_names=["logits"],
                          dynamic_axes={**{n: {0: "batch", 1: "tokens"} for n in names}, "logits": {0: "batch"}},
                          opset_version=17, dynamo=False)
    partial.replace(out)
