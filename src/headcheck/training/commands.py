"""`headcheck train`: which trainer rebuilds which shipped model, in which order, and where each goes."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from headcheck.errors import MissingExtraError
from headcheck.judges import CASCADE_MODEL_DIR, FEATURES_MODEL_DIR, MODELS_DIR
from headcheck.pipeline.clickbait import MODEL_DIR as CLICKBAIT_MODEL_DIR
from headcheck.training import Log

Part = Literal["features", "stance", "cascade", "clickbait"]


def train(only: Part | None, *, data_dir: Path, nli_dir: Path, clickbait_dir: Path, models_dir: Path | None,
          nli_pairs: int, epochs: int, per_class_cap: int | None, log: Log) -> None:
    """Rebuild one model (`only`), or all four in the order they depend on each other, into `models_dir`
    (default: the package's models folder)."""
    root = models_dir or MODELS_DIR
    features_dir = root / FEATURES_MODEL_DIR.name
    cascade_dir = root / CASCADE_MODEL_DIR.name
    if only in (None, "features"):
        from headcheck.training import features

        result = features.train(data_dir, log=log)
        features.save(result, features_dir)
        log(f"saved {result.model.name} to {features_dir}")
    if only in (None, "stance"):
        try:
            from headcheck.training import neural
        except ImportError as exc:
            raise MissingExtraError(f"training the neural model needs the train extra: pip install -e '.[train]' "
                                    f"({exc})") from None
        neural.train_all(data_dir, nli_dir, cascade_dir, nli_pairs=nli_pairs, epochs=epochs,
                         per_class_cap=per_class_cap, log=log)
    if only in (None, "cascade"):
        from headcheck.training import cascade

        cascade.train_cascade(data_dir, cascade_dir / "stance", cascade_dir / "embed", cascade_dir, log=log)
        log(f"saved {cascade.MODEL_NAME} to {cascade_dir}")
    if only in (None, "clickbait"):
        from headcheck.training import clickbait

        model, meta = clickbait.train(clickbait_dir, log=log)
        clickbait.save(model, root / CLICKBAIT_MODEL_DIR.name, meta)
        log(f"saved {model.name} to {root / CLICKBAIT_MODEL_DIR.name}")
