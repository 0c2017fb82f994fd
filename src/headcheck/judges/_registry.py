"""The judge registry: which judge `--model` names, found once, loaded by name only when asked for.

A judge reads (claim, body, evidence) triples and returns the four stance probabilities of each. A
model folder's model.json says which kind of judge reads it (`fnc1-features` when it does not say); a
Hugging Face NLI model (config.json, no model.json) is of kind `nli`. Each kind is a module of this
package with the same name (`fnc1-features` -> `judges/fnc1_features.py`, whose folder is
`models/fnc1-features`), imported only when a model of that kind is loaded, so `import headcheck`
loads no model runtime. `resolve` turns what the user named into a `ModelRef` once; the Checker, its
calibration and batch result keys all take that.

Adding a judge: a module `judges/<kind>.py` with `def load(ref: ModelRef) -> Judge`, and its kind in
`_BUILT_IN`; or, from outside the package, `register("my-kind", loader)`.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from headcheck.errors import ModelError
from headcheck.shipped import DEFAULT_JUDGE, MINILM_NLI_DIR, shipped
from headcheck.text.lexical import Idf
from headcheck.types import Judged, Judgement


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
_BUILT_IN = ("fnc1-features", "minilm-nli", "nli")  # kinds whose loader is `load` in judges/<kind>.py
_ALIASES = {"features": "fnc1-features", "sentence-nli": "minilm-nli"}  # kinds written by headcheck <= 0.1.x
_LOADERS: dict[str, Loader] = {}  # kinds registered from outside the package


def register(kind: str, loader: Loader) -> None:
    """Make models of `kind` (model.json's "kind") load with `loader`."""
    _LOADERS[kind] = loader


def kinds() -> list[str]:
    """Every kind of judge headcheck can load."""
    return sorted({*_BUILT_IN, *_LOADERS})


def load_judge(ref: ModelRef) -> Judge:
    """The judge for `ref`, its module imported now (not at `import headcheck`)."""
    kind = _ALIASES.get(ref.kind, ref.kind)
    if kind in _LOADERS:
        return _LOADERS[kind](ref)
    if kind not in _BUILT_IN:
        raise ModelError(f"the model in {ref.directory} is of kind {ref.kind!r}, which headcheck cannot read "
                         f"(it reads {', '.join(kinds())})")
    module = importlib.import_module(f"headcheck.judges.{kind.replace('-', '_')}")
    return module.load(ref)


def local_hf_model(name: str) -> Path:
    """A model named as on the Hugging Face hub, found in the local cache only: headcheck never downloads."""
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(name, local_files_only=True))
    except Exception:  # not installed, not a valid name, not cached: all mean the same to the user
        raise ModelError(f"model {name} is not a directory and not in the local Hugging Face cache") from None


def _locate(model: str | Path | None) -> tuple[Path, str | None]:
    """The directory given; a shipped model by name (minilm-nli, fnc1-features); by default DEFAULT_JUDGE's;
    else a name's folder in the local Hugging Face cache, returned with the name (a Path is never a name)."""
    if model is None:
        model = DEFAULT_JUDGE
    if isinstance(model, str) and not Path(model).exists():
        found = shipped(model)
        return (found, None) if found else (local_hf_model(model), model)
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
        return ModelRef(directory, f"{read_meta(MINILM_NLI_DIR)['name']}+nli:{label}", "nli", portable)
    meta = read_meta(directory)
    return ModelRef(directory, str(meta["name"]), str(meta.get("kind", "fnc1-features")), portable)
