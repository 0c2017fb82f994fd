"""headcheck: is a news headline honest to its own article?

The public API. An article flows through the subpackages in order: `inputs` (read and validate it),
`text` and `pipeline` (sentences, evidence, claims, findings), `judges` (the stance), `report`; the
`Checker` runs them all. `apps` are the front ends, `training` rebuilds the models.
"""

from headcheck._version import __version__
from headcheck.errors import FetchError, HeadcheckError, InputError, MissingExtraError, ModelError, StoreError
from headcheck.pipeline.checker import Checker
from headcheck.report import SCHEMA, ClaimCheck, Report
from headcheck.types import STANCES, Article, Evidence, Judgement, Sentence, Stance
from headcheck.verdict import VERDICTS, Verdict

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
    "Report",
    "Sentence",
    "Stance",
    "StoreError",
    "Verdict",
    "__version__",
]
