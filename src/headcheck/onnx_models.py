"""MiniLM networks served by ONNX Runtime and `tokenizers`: no torch at inference time."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from headcheck.errors import InputError
from headcheck.evidence import Body
from headcheck.types import Evidence, Stance

STANCE_LABELS: tuple[Stance, ...] = ("agree", "disagree", "discuss")
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"


def evidence_text(body: Body, evidence: Sequence[Evidence]) -> str:
    """What the cross-encoder reads beside the headline: the evidence, or the lead if there is none."""
    sentences = [e.sentence for e in evidence] or body.sentences[:2]
    return " ".join(s.text for s in sentences)


class OnnxModel:
    """A tokenizer and an inference session; batches are sorted by length so padding stays short."""

    def __init__(self, directory: Path, max_length: int, threads: int = 0) -> None:
        try:
            self.tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
            options = ort.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            self.session = ort.InferenceSession(str(directory / MODEL_FILE), options,
                                                providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own exception types
            raise InputError(f"cannot load ONNX model from {directory}: {exc}") from None
        self.tokenizer.enable_truncation(max_length)
        self.tokenizer.enable_padding()
        self.inputs = {i.name for i in self.session.get_inputs()}

    def _run(self, items: Sequence[str | tuple[str, str]], batch_size: int) -> list[np.ndarray]:
        order = sorted(range(len(items)), key=lambda i: len(items[i]) if isinstance(items[i], str)
                       else len(items[i][0]) + len(items[i][1]))
        results: list[np.ndarray] = [np.empty(0)] * len(items)
        for start in range(0, len(order), batch_size):
            chosen = order[start : start + batch_size]
            encoded = self.tokenizer.encode_batch([items[i] for i in chosen])
            feeds = {
                "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
            }
            output = self.session.run(None, {k: v for k, v in feeds.items() if k in self.inputs})[0]
            output = self._finish(output, feeds["attention_mask"])
            for row, i in enumerate(chosen):
                results[i] = output[row]
        return results

    @staticmethod
    def _finish(output: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return output


class SentenceEncoder(OnnxModel):
    """Mean-pooled, normalised sentence embeddings (the all-MiniLM-L6-v2 recipe)."""

    def embed(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack(self._run(list(texts), batch_size))

    @staticmethod
    def _finish(output: np.ndarray, mask: np.ndarray) -> np.ndarray:
        summed = (output * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


class CrossEncoder(OnnxModel):
    """Reads (claim, evidence) together and returns agree / disagree / discuss probabilities."""

    def predict(self, pairs: Sequence[tuple[str, str]], batch_size: int = 32) -> np.ndarray:
        if not pairs:
            return np.zeros((0, len(STANCE_LABELS)), dtype=np.float32)
        logits = np.stack(self._run(list(pairs), batch_size))
        exp = np.exp(logits - logits.max(axis=1, keepdims=True))
        return exp / exp.sum(axis=1, keepdims=True)
