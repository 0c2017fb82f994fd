"""Hugging Face NLI models (kind "nli"): `--model` naming one runs the shipped sentence-NLI judge with that
model reading the (claim, sentence) pairs: entailment = agree, contradiction = disagree, neutral = discuss.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from headcheck.errors import MissingExtraError, ModelError
from headcheck.judges._onnx import MODEL_FILE, NLI_LABEL_OF, STANCE_LABELS, CrossEncoder
from headcheck.judges._registry import ModelRef, read_meta
from headcheck.judges.minilm_nli import MinilmNliJudge
from headcheck.shipped import MINILM_NLI_DIR

NLI_ONNX_FILES = ("model.onnx", "onnx/model.onnx")  # where Hugging Face repos put an ONNX export
NLI_MAX_LENGTH = 256  # tokens


def nli_columns(directory: Path) -> tuple[list[int], dict[str, Any]]:
    """The config.json of an NLI model, and its output columns of agree, disagree and discuss (from id2label)."""
    try:
        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        column_of = {str(label).lower(): int(i) for i, label in config.get("id2label", {}).items()}
    except (OSError, ValueError, AttributeError) as exc:
        raise ModelError(f"cannot read the model config in {directory}: {exc}") from None
    if not set(NLI_LABEL_OF.values()) <= column_of.keys():
        raise ModelError(f"{directory} is not a three-way NLI model: its labels are {', '.join(column_of) or 'none'}; "
                         "headcheck needs entailment, contradiction and neutral")
    return [column_of[NLI_LABEL_OF[s]] for s in STANCE_LABELS], config


def nli_cross_encoder(directory: Path) -> CrossEncoder:
    """A Hugging Face NLI model as a cross-encoder: entailment = agree, contradiction = disagree, neutral = discuss.

    The evidence is the premise and the claim the hypothesis: does the body entail the headline?
    It runs the ONNX file the model ships; one with PyTorch weights only is exported once (needs
    torch) and the export cached, so later runs need no torch.
    """
    columns, config = nli_columns(directory)
    model_file = next((directory / f for f in NLI_ONNX_FILES if (directory / f).is_file()), None)
    model_file = model_file or _exported(directory)
    max_length = min(NLI_MAX_LENGTH, int(config.get("max_position_embeddings") or 514) - 2)
    return CrossEncoder(directory, max_length, model_file=model_file, columns=columns, evidence_first=True)


def _exported(directory: Path) -> Path:
    """The cached ONNX export of a model that ships PyTorch weights only, made now if there is none."""
    path = nli_export_path(directory)
    if not path.is_file():  # a one-off conversion, the only inference path that reaches training code
        try:
            from headcheck.judges.export import export_nli
        except ImportError:
            raise MissingExtraError(f"{directory} has no ONNX model (model.onnx or onnx/model.onnx) and exporting "
                                    "one needs torch and transformers: pip install 'headcheck[train]', or provide an "
                                    "ONNX export") from None
        export_nli(directory, path)
    return path


def nli_export_path(directory: Path) -> Path:
    """Where the ONNX export of a PyTorch-only model is cached: $HEADCHECK_CACHE, else ~/.cache/headcheck.

    The key covers the weights' sizes and times too, so a model retrained in place is exported again.
    """
    resolved = directory.resolve()
    weights = sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in resolved.iterdir()
                     if p.suffix in (".safetensors", ".bin"))
    key = hashlib.sha256(repr((str(resolved), weights)).encode()).hexdigest()[:16]
    root = Path(os.environ.get("HEADCHECK_CACHE") or Path.home() / ".cache" / "headcheck")
    return root / "onnx" / key / MODEL_FILE


def load(ref: ModelRef) -> MinilmNliJudge:
    """The shipped sentence-NLI judge with this model as its cross-encoder.

    The aggregator and the calibration were fitted to the shipped network's readings, not this model's:
    an NLI model's entailment and contradiction mean the same, but its confidence may be spread otherwise,
    so its reports carry no calibration (the Checker finds none beside it).
    """
    return MinilmNliJudge(MINILM_NLI_DIR, ref.name, read_meta(MINILM_NLI_DIR), nli=nli_cross_encoder(ref.directory))
