"""Every shipped model runs in ONNX Runtime: the networks (with `tokenizers`; no torch at inference time)
and the gradient-boosted trees (no LightGBM at inference time). Both libraries are imported when a model
loads, so `import headcheck` never pays for them. Exporting is training code (`judges.export` for the
networks, `training.fnc1_features` for the trees)."""

from __future__ import annotations

import os
import re
import weakref
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from headcheck.errors import ModelError
from headcheck.types import Stance

STANCE_LABELS: tuple[Stance, ...] = ("agree", "disagree", "discuss")
# What an NLI label means as a stance towards the headline (the claim is the hypothesis).
NLI_LABEL_OF: dict[Stance, str] = {"agree": "entailment", "disagree": "contradiction", "discuss": "neutral"}
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
# A run of characters between the whitespace a BERT tokenizer always splits on; one holding an ASCII letter or
# digit gives at least one token, however the rest of it is normalised or split.
_CHUNK = re.compile(r"[^ \t\n\r]+")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
# A character normalises to at most this many (Hangul syllables to three letters; checked over all of Unicode
# for BertNormalizer), and every token holds at least one of them: the most tokens a text can give per character.
_MOST_TOKENS_PER_CHAR = 3
# Live sessions by (model file, its size and time): models of one file share one session.
_SESSIONS: weakref.WeakValueDictionary[tuple[str, int, int], Any] = weakref.WeakValueDictionary()


def session(path: Path) -> Any:
    """An ONNX Runtime session on the CPU that runs each input on one thread (`OnnxModel` runs several inputs at
    once instead). While a model holds a session of the file, another gets the same one (ONNX Runtime runs a
    session from several threads): a second Checker of a model costs no second copy of its networks (80 MB for
    minilm-nli)."""
    import onnxruntime as ort

    try:
        stat = path.stat()
    except OSError as exc:
        raise ModelError(f"cannot load ONNX model {path}: {exc}") from None
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if (shared := _SESSIONS.get(key)) is not None:
        return shared
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # the tree ensembles' unused label output warns about its shape
    try:
        loaded = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own exception types
        raise ModelError(f"cannot load ONNX model {path}: {exc}") from None
    _SESSIONS[key] = loaded
    return loaded


def _workers(threads: int | None) -> int:
    """`threads`, else OMP_NUM_THREADS (which batch and service workers set to 1), else one per core."""
    if threads is not None:
        return max(threads, 1)
    requested = os.environ.get("OMP_NUM_THREADS", "")
    if requested.isdigit() and int(requested) > 0:
        return int(requested)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Trees:
    """Gradient-boosted trees (trained with LightGBM, exported to ONNX): feature rows in, class probabilities out.

    ONNX's tree ensemble compares float32 features with float32 thresholds where LightGBM compares in
    float64, so a probability may differ from LightGBM's in the 7th digit.
    """

    def __init__(self, path: Path) -> None:
        # One thread (`session`): with more, ONNX Runtime splits the sum over trees differently for one row than
        # for many, and a row's probabilities would change in the 8th digit with its batch (a check must not).
        self.session = session(path)
        self.input = self.session.get_inputs()[0].name

    def predict(self, x: np.ndarray) -> np.ndarray:
        probabilities = self.session.run(["probabilities"], {self.input: np.asarray(x, dtype=np.float32)})[0]
        return np.asarray(probabilities, dtype=np.float64)


class OnnxModel:
    """A tokenizer and an inference session, run on one text (or pair) at a time, as many at once as it has
    threads.

    One text per run because int8 dynamic quantization scales activations over the whole input
    tensor: in a batch, a text's result would depend on its neighbours (up to 0.04 apart), and
    the same article must get the same verdict alone or in a batch. Without padding it is also
    no slower on a CPU (measured here: 83 sentences/s one at a time, 59 in batches of 64).
    Several texts at once, each on one thread, because a text of some 50 tokens leaves a second thread
    of its own run mostly idle: on the 2-core development machine, 400 FNC-1 (headline, sentence) pairs ran
    at 225-238 pairs/s one at a time on two threads and at 299 two at a time on one thread each, with
    the same outputs to the last bit.
    """

    def __init__(self, directory: Path, max_length: int, threads: int | None = None, *,
                 model_file: Path | None = None) -> None:
        """`model_file` defaults to model.onnx beside the tokenizer. `threads`: how many texts run at once
        (`_workers`: by default OMP_NUM_THREADS, which batch workers set to 1 as for LightGBM, else one per
        core)."""
        from tokenizers import Tokenizer

        try:
            self.tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
        except Exception as exc:  # tokenizers raises its own exception types
            raise ModelError(f"cannot load the tokenizer from {directory}: {exc}") from None
        self.session = session(model_file or directory / MODEL_FILE)
        workers = _workers(threads)
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="onnx") if workers > 1 else None
        self.tokenizer.enable_truncation(max_length)
        self.tokenizer.no_padding()
        self.max_length = max_length
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.cuts = _splits_like_bert(self.tokenizer)

    def shortened(self, item: str | tuple[str, str]) -> str | tuple[str, str]:
        """The item with the same token ids once truncated to `max_length`, cut so that a long sentence is not
        read whole only to be truncated. Truncating a pair takes a token more from the longer text when both
        are long, so a text is cut only to more tokens than the other can hold: which one is longer does not
        change (and of the two, only one can be cut)."""
        if not self.cuts:
            return item
        if isinstance(item, str):
            return _cut(item, self.max_length)
        first, second = item
        return (_cut(first, max(self.max_length, _MOST_TOKENS_PER_CHAR * len(second) + 1)),
                _cut(second, max(self.max_length, _MOST_TOKENS_PER_CHAR * len(first) + 1)))

    def _run(self, items: Sequence[str | tuple[str, str]]) -> np.ndarray:
        encoded = self.tokenizer.encode_batch([self.shortened(item) for item in items])
        if self._pool is None or len(encoded) < 2:
            return np.concatenate([self._one(e) for e in encoded])
        return np.concatenate(list(self._pool.map(self._one, encoded)))  # ONNX Runtime lets go of the GIL

    def _one(self, encoded: Any) -> np.ndarray:
        feeds = {
            "input_ids": np.array([encoded.ids], dtype=np.int64),
            "attention_mask": np.array([encoded.attention_mask], dtype=np.int64),
            "token_type_ids": np.array([encoded.type_ids], dtype=np.int64),
        }
        return self._finish(self.session.run(None, {k: v for k, v in feeds.items() if k in self.inputs})[0])

    @staticmethod
    def _finish(output: np.ndarray) -> np.ndarray:
        return output


def _splits_like_bert(tokenizer: Any) -> bool:
    """Whether texts may be cut before tokenizing (`_cut`): a BERT normaliser and word-piece tokenizer, which
    split on whitespace, with no added token that spans it. Other tokenizers read texts whole."""
    from tokenizers import models, normalizers, pre_tokenizers

    return (isinstance(tokenizer.normalizer, normalizers.BertNormalizer)
            and isinstance(tokenizer.pre_tokenizer, pre_tokenizers.BertPreTokenizer)
            and isinstance(tokenizer.model, models.WordPiece)
            and all(_CHUNK.fullmatch(t.content) for t in tokenizer.get_added_tokens_decoder().values()))


def _cut(text: str, tokens: int) -> str:
    """The start of `text` holding at least `tokens` tokens, ended where the tokenizer splits anyway, so its
    tokens are the text's first ones. Linear in what is kept; a text with fewer chunks is returned whole."""
    count = 0
    for chunk in _CHUNK.finditer(text):
        if _ASCII_ALNUM.search(text, chunk.start(), chunk.end()):
            count += 1
            if count == tokens:
                return text[: chunk.end()]
    return text


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

    An NLI model (see `judges.nli`) needs two adjustments: `columns`, its output columns for
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
