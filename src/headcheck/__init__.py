"""headcheck: is a news headline honest to its own article?"""

from headcheck.checker import Checker
from headcheck.errors import InputError
from headcheck.report import SCHEMA, Report
from headcheck.types import STANCES, Article, Evidence, Judgement, Sentence, Stance, Verdict

__version__ = "0.1.0"

__all__ = [
    "SCHEMA",
    "STANCES",
    "Article",
    "Checker",
    "Evidence",
    "InputError",
    "Judgement",
    "Report",
    "Sentence",
    "Stance",
    "Verdict",
    "__version__",
]
