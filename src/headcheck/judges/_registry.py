"""Stage 4, judgement: the stance judges, and which one `--model` names.

A judge reads (claim, body, evidence) triples and returns the four stance probabilities of each. A
model directory's model.json says which kind of judge reads it ("features" when it does not say); a
Hugging Face NLI model (config.json, no model.json) is of kind "nli". `resolve` turns what the user
named (nothing, a shipped short name, a path, a name in the local Hugging Face cache) into a
`ModelRef` once; the Checker, its calibration and batch result keys all take that.

Adding a judge: a module in this package with a loader registered for its kind, and its import at the
end of this file::

    @register("my-kind")
    def _load(ref: ModelRef) -> MyJudge:
        return MyJudge.load(ref.directory, name=ref.name)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from headcheck.errors import ModelError
from headcheck.pipeline.evidence import Body, Claim
from headcheck.text.lexical import Idf
from headcheck.types import Evidence, Judgement

MODELS_DIR = Path(__file__).parents[1] / "models"
FEATURES_MODEL_DIR = MODELS_DIR / "fnc1-features"
NLI_MODEL_DIR = MODELS_DIR / "minilm-nli"
# The default is the sentence-NLI judge: it met the rule of docs/judge.md (more verdicts right than the
# feature model on the hand-written cases and on the NLI hold-outs, within 3 FNC points on FNC-1's topic
# hold-out). `--model fnc1-features` keeps the fast lexical model.
DEFAULT_MODEL_DIR = NLI_MODEL_DIR

# What a judge reads: the claim, the analysed body and the evidence picked for the claim.
Judged = tuple[Claim, Body, list[Evidence]]


class Judge(Protocol):
    name: str
    idf: Idf  # the IDF table the judge was trained with; evidence retrieval uses the same one

    def judge(self, items: Sequence[Judged]) -> list[Judgement]: ...


@dataclass(frozen=True, slots=True)
class ModelRef:
    """A model found: where it is, the name its reports carry, and the kind of judge that reads it.

    `portable` names the same model to another machine (a Ray node): None for the default, a shipped
    short name or a Hugging Face name as given, a path made absolute.
    """

    directory: Path
    name: str
    kind: str
    portable: str | None


Loader = Callable[[ModelRef], Judge]
_LOADERS: dict[str, Loader] = {}


def register(kind: str) -> Callable[[Loader], Loader]:
    """`@register("kind")` over the function that loads a judge of that kind from its ModelRef."""

    def add(loader: Loader) -> Loader:
        _LOADERS[kind] = loader
        return loader

    return add


def load_judge(ref: ModelRef) -> Judge:
    loader = _LOADERS.get(ref.kind)
    if loader is None:
        raise ModelError(f"the model in {ref.directory} is of kind {ref.kind!r}, which headcheck cannot read "
                         f"(it reads {', '.join(sorted(_LOADERS))})")
    return loader(ref)


def _shipped(name: str) -> Path | None:
    directory = MODELS_DIR / name
    return directory if "/" not in name and (directory / "model.json").exists() else None


def local_hf_model(name: str) -> Path:
    """A model named as on the Hugging Face hub, found in the local cache only: headcheck never downloads."""
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(name, local_files_only=True))
    except Exception:  # not installed, not a valid name, not cached: all mean the same to the user
        raise ModelError(f"model {name} is not a directory and not in the local Hugging Face cache") from None


def _locate(model: str | Path | None) -> tuple[Path, str | None]:
    """The directory given; a shipped model by name (minilm-nli, fnc1-features); by default DEFAULT_MODEL_DIR;
    else a name's folder in the local Hugging Face cache, returned with the name (a Path is never a name)."""
    if model is None:
        return DEFAULT_MODEL_DIR, None
    if isinstance(model, str) and not Path(model).exists():
        shipped = _shipped(model)
        return (shipped, None) if shipped else (local_hf_model(model), model)
    return Path(model), None


def read_meta(directory: Path) -> dict[str, Any]:
    """A headcheck model's model.json."""
    try:
        meta = json.loads((directory / "model.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot load model from {directory}: {exc}") from None
    if not isinstance(meta, dict) or "name" not in meta:
        raise ModelError(f"cannot load model from {directory}: model.json has no name")
    return meta


def resolve(model: str | Path | None) -> ModelRef:
    """The model `--model` names, found once (see `_locate`); nothing is loaded but its model.json."""
    directory, hf_name = _locate(model)
    portable = str(Path(model).resolve()) if model and Path(model).exists() else (str(model) if model else None)
    if not (directory / "model.json").exists() and (directory / "config.json").exists():
        # A Hugging Face NLI model reads the sentences in the shipped sentence-NLI judge (judges.nli).
        label = hf_name or directory.resolve().name
        return ModelRef(directory, f"{read_meta(NLI_MODEL_DIR)['name']}+nli:{label}", "nli", portable)
    meta = read_meta(directory)
    return ModelRef(directory, str(meta["name"]), str(meta.get("kind", "features")), portable)


# The judges, each registering its kind (they import the names above, so they come last).
from headcheck.judges import features, meaning, nli  # noqa: E402, F401
