"""`headcheck train`: which trainer rebuilds which shipped model, in which order, and where each goes."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from headcheck.errors import MissingExtraError
from headcheck.shipped import CLICKBAIT_MODEL_DIR, FNC1_FEATURES_DIR, LEXICON_DIR, MINILM_NLI_DIR, MODELS_DIR
from headcheck.training import Log

# What --only can name, in the order they are rebuilt (each may depend on those before it).
PARTS = ("features", "nli", "judge", "lexicon", "rules", "clickbait")
Part = Literal["features", "nli", "judge", "lexicon", "rules", "clickbait"]


def _needs_train_extra(what: str) -> None:
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as exc:
        raise MissingExtraError(f"{what} needs the train extra: pip install -e '.[train]' ({exc})") from None


def train(only: Part | None, *, data_dir: Path, nli_dir: Path, clickbait_dir: Path, claims_dir: Path, cases: Path,
          models_dir: Path | None, work_dir: Path, log: Log, wordnet_dir: Path = Path("/usr/share/wordnet")) -> None:
    """Rebuild one model (`only`), or all in the order they depend on each other, into `models_dir`
    (default: the package's models folder). `work_dir` keeps the cross-encoder's checkpoints, so an
    interrupted `nli` run continues where it stopped."""
    root = models_dir or MODELS_DIR
    judge_dir = root / MINILM_NLI_DIR.name
    if only in (None, "features"):
        from headcheck.training import fnc1_features as features

        result = features.train(data_dir, log=log)
        features.save(result, root / FNC1_FEATURES_DIR.name)
        log(f"saved {result.name} to {root / FNC1_FEATURES_DIR.name}")
    if only in (None, "nli"):
        _needs_train_extra("training the NLI cross-encoder")
        from headcheck.training import cross_encoder as nli

        nli.train_cross_encoder(data_dir, nli_dir, judge_dir / "nli", work_dir, log=log)
        if not (judge_dir / "embed" / "model.onnx").exists():
            nli.export_sentence_encoder(judge_dir / "embed", log=log)
    if only in (None, "judge"):
        from headcheck.training import minilm_nli as nli_judge

        meta = nli_judge.train_judge(data_dir, nli_dir, judge_dir / "nli", judge_dir / "embed", cases, judge_dir,
                                     log=log)
        log(f"saved {meta['name']} to {judge_dir}")
    if only in (None, "lexicon"):
        from headcheck.training import lexicon

        lexicon.train(wordnet_dir, root / LEXICON_DIR.name, log=log)
    if only in (None, "rules"):
        from headcheck.training import rules

        editor = Path("bench/editor")
        rules.train(data_dir, [editor / "articles.jsonl", editor / "more.jsonl", editor / "fit.jsonl", cases],
                    claims_dir, judge_dir, log=log)
    if only in (None, "clickbait"):
        from headcheck.training import clickbait

        model, meta = clickbait.train(clickbait_dir, log=log)
        clickbait.save(model, root / CLICKBAIT_MODEL_DIR.name, meta)
        log(f"saved {model.name} to {root / CLICKBAIT_MODEL_DIR.name}")
