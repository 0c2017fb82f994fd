"""Where the shipped models live: every path to a model folder is built here and nowhere else."""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "CLICKBAIT_MODEL_DIR", "DEFAULT_JUDGE", "FNC1_FEATURES_DIR", "LEXICON_DIR", "MINILM_NLI_DIR", "MODELS_DIR",
    "shipped",
]

MODELS_DIR = Path(__file__).parent / "models"
FNC1_FEATURES_DIR = MODELS_DIR / "fnc1-features"
MINILM_NLI_DIR = MODELS_DIR / "minilm-nli"
CLICKBAIT_MODEL_DIR = MODELS_DIR / "clickbait"
LEXICON_DIR = MODELS_DIR / "lexicon"  # the comparison stage's word table (WordNet), not a judge
# The default judge met the rule of docs/judge.md (more verdicts right than the feature model on the
# hand-written cases and the NLI hold-outs, within 3 FNC points on FNC-1's topic hold-out).
DEFAULT_JUDGE = "minilm-nli"


def shipped(name: str) -> Path | None:
    """The folder of the shipped model called `name`, or None when no shipped model has that name."""
    directory = MODELS_DIR / name
    return directory if "/" not in name and (directory / "model.json").exists() else None
