"""headcheck: is a news headline honest to its own article?

The public API. An article flows down the stages in order: `inputs` (read and validate it), `text`
(sentences, claims), `evidence` (the sentences that bear on each claim), `compare` (the headline's
facts against the body's), `judges` (the stance), `verdict`, `report`; the `Checker` runs them all.
`apps` are the front ends; `training`, `evaluation` and `datasets` sit apart and rebuild or score the
models. Every import points down that order (tests/test_layout.py).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from headcheck._version import __version__

if TYPE_CHECKING:
    from headcheck.checker import Checker
    from headcheck.errors import FetchError, HeadcheckError, InputError, MissingExtraError, ModelError, StoreError
    from headcheck.report import SCHEMA, ClaimCheck, Report
    from headcheck.types import STANCES, Article, Evidence, Judgement, Reason, Sentence, Stance
    from headcheck.verdict import VERDICTS, Verdict

# Each public name and the module it lives in, imported on first use (PEP 562): `import headcheck` and
# `headcheck --version` load no model runtime, numpy or HTML extractor.
_HOME = {
    "Checker": "checker",
    **dict.fromkeys(["FetchError", "HeadcheckError", "InputError", "MissingExtraError", "ModelError", "StoreError"],
                    "errors"),
    **dict.fromkeys(["SCHEMA", "ClaimCheck", "Report"], "report"),
    **dict.fromkeys(["STANCES", "Article", "Evidence", "Judgement", "Reason", "Sentence", "Stance"], "types"),
    **dict.fromkeys(["VERDICTS", "Verdict"], "verdict"),
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'headcheck' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"headcheck.{_HOME[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "SCHEMA",
    "STANCES",
    "VERDICTS",
    "Article",
    "Checker",
    "ClaimCheck",
    "Evidence",
    "FetchError",
    "HeadcheckError",
    "InputError",
    "Judgement",
    "MissingExtraError",
    "ModelError",
    "Reason",
    "Report",
    "Sentence",
    "Stance",
    "StoreError",
    "Verdict",
    "__version__",
]
