"""Stage 5, judgement: the stance judges, and which one `--model` names.

Each judge is a module named as its kind and its shipped folder (`fnc1_features` / `fnc1-features`,
`minilm_nli` / `minilm-nli`; `nli` for Hugging Face NLI models), imported only when a model of its
kind is loaded (`_registry`).
"""

from headcheck.judges._registry import (
    Judge,
    Loader,
    ModelRef,
    kinds,
    load_judge,
    local_hf_model,
    read_meta,
    register,
    resolve,
)

__all__ = ["Judge", "Loader", "ModelRef", "kinds", "load_judge", "local_hf_model", "read_meta", "register", "resolve"]
