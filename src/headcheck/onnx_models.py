"""MiniLM networks served by ONNX Runtime and `tokenizers`: no torch at inference time."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from headcheck.errors import InputError
from headcheck.evidence import Body
from headcheck.types import Evidence, Stance

STANCE_LABELS: tuple[Stance, ...] = ("agree", "disagree", "discuss")
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
# What an NLI model's label means as a stance towards the headline, in STANCE_LABELS order.
NLI_LABEL_OF: dict[Stance, str] = {"agree": "entailment", "disagree": "contradiction", "discuss": "neutral"}
NLI_ONNX_FILES = ("model.onnx", "onnx/model.onnx")  # where Hugging Face repos put an ONNX export
NLI_MAX_LENGTH = 256


def evidence_text(body: Body, evidence: Sequence[Evidence]) -> str:
    """What the cross-encoder reads beside the headline: the evidence, or the lead if there is none."""
    sentences = [e.sentence for e in evidence] or body.sentences[:2]
    return " ".join(s.text for s in sentences)


class OnnxModel:
    """A tokenizer and an inference session, run on one text (or pair) at a time.

    One at a time because int8 dynamic quantization scales activations over the whole input
    tensor: in a batch, a text's result would depend on its neighbours (up to 0.04 apart), and
    the same article must get the same verdict alone or in a batch. Without padding it is also
    no slower on a CPU (measured here: 83 sentences/s one at a time, 59 in batches of 64).
    """

    def __init__(self, directory: Path, max_length: int, threads: int | None = None, *,
                 model_file: Path | None = None) -> None:
        """`model_file` defaults to model.onnx beside the tokenizer. `threads` defaults to OMP_NUM_THREADS,
        which batch workers set to 1 (as for LightGBM), else onnxruntime's choice (one per core)."""
        if threads is None:
            requested = os.environ.get("OMP_NUM_THREADS", "")
            threads = int(requested) if requested.isdigit() else 0
        try:
            self.tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
            options = ort.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            self.session = ort.InferenceSession(str(model_file or directory / MODEL_FILE), options,
                                                providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own exception types
            raise InputError(f"cannot load ONNX model from {directory}: {exc}") from None
        self.tokenizer.enable_truncation(max_length)
        self.tokenizer.no_padding()
        self.inputs = {i.name for i in self.session.get_inputs()}

    def _run(self, items: Sequence[str | tuple[str, str]]) -> np.ndarray:
        rows = []
        for encoded in self.tokenizer.encode_batch(list(items)):
            feeds = {
                "input_ids": np.array([encoded.ids], dtype=np.int64),
                "attention_mask": np.array([encoded.attention_mask], dtype=np.int64),
                "token_type_ids": np.array([encoded.type_ids], dtype=np.int64),
            }
            rows.append(self._finish(self.session.run(None, {k: v for k, v in feeds.items() if k in self.inputs})[0]))
        return np.concatenate(rows)

    @staticmethod
    def _finish(output: np.ndarray) -> np.ndarray:
        return output


class SentenceEncoder(OnnxModel):
    """Mean-pooled, normalised sentence embeddings (the all-MiniLM-L6-v2 recipe)."""

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return self._run(texts)

    @staticmethod
    def _finish(output: np.ndarray) -> np.ndarray:
        pooled = output.mean(axis=1)  # one unpadded text: every token counts
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


class CrossEncoder(OnnxModel):
    """Reads (claim, evidence) together and returns agree / disagree / discuss probabilities.

    An NLI model (see `nli_cross_encoder`) needs two adjustments: `columns`, its output columns for
    agree, disagree and discuss, since it orders its labels otherwise; and `evidence_first`, since it
    reads the premise (the evidence) before the hypothesis (the claim). The shipped cross-encoder
    was trained on (claim, evidence).
    """

    def __init__(self, directory: Path, max_length: int, threads: int | None = None, *, model_file: Path | None = None,
                 columns: Sequence[int] | None = None, evidence_first: bool = False) -> None:
        super().__init__(directory, max_length, threads, model_file=model_file)
        self.columns = list(columns) if columns is not None else None
        self.evidence_first = evidence_first

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Probabilities of agree, disagree, discuss for each (claim, evidence) pair."""
        if not pairs:
            return np.zeros((0, len(STANCE_LABELS)), dtype=np.float32)
        items = [(evidence, claim) for claim, evidence in pairs] if self.evidence_first else list(pairs)
        logits = self._run(items)
        if self.columns is not None:
            logits = logits[:, self.columns]
        exp = np.exp(logits - logits.max(axis=1, keepdims=True))
        return exp / exp.sum(axis=1, keepdims=True)


def local_hf_model(name: str) -> Path:
    """A model named as on the Hugging Face hub, found in the local cache only: headcheck never downloads."""
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(name, local_files_only=True))
    except Exception:  # not installed, not a valid name, not cached: all mean the same to the user
        raise InputError(f"model {name} is not a directory and not in the local Hugging Face cache") from None


def nli_columns(directory: Path) -> tuple[list[int], dict[str, Any]]:
    """The config.json of an NLI model, and its output columns of agree, disagree and discuss (from id2label)."""
    try:
        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        column_of = {str(label).lower(): int(i) for i, label in config.get("id2label", {}).items()}
    except (OSError, ValueError, AttributeError) as exc:
        raise InputError(f"cannot read the model config in {directory}: {exc}") from None
    if not set(NLI_LABEL_OF.values()) <= column_of.keys():
        raise InputError(f"{directory} is not a three-way NLI model: its labels are {', '.join(column_of) or 'none'}; "
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
    if not path.is_file():
        try:
            from headcheck.onnx_export import export_nli
        except ImportError:
            raise InputError(f"{directory} has no ONNX model (model.onnx or onnx/model.onnx) and exporting one needs "
                             "torch and transformers: pip install 'headcheck[train]', or provide an ONNX export"
                             ) from None
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
