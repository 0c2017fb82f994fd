"""Option types that more than one command's parser uses."""

from __future__ import annotations

import argparse

from headcheck.verdict import VERDICTS

MODEL_HELP = ("headcheck model directory, or a Hugging Face NLI model (directory or name in the local HF cache); "
              "default: the shipped model")


def verdict_list(text: str) -> frozenset[str]:
    """'misleading,unrelated' as a set of verdicts (--fail-on, --alert-on); anything else is a usage error."""
    chosen = frozenset(v.strip() for v in text.split(",") if v.strip())
    unknown = chosen - set(VERDICTS)
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"choose from {', '.join(VERDICTS)} (got {text!r})")
    return chosen


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds (got {text!r})") from None
    if value != value or value == float("inf"):  # NaN or infinity
        raise argparse.ArgumentTypeError(f"must be a finite number of seconds (got {text})")
    return value


def positive_seconds(text: str) -> float:
    """A number of seconds above zero (--interval)."""
    value = _seconds(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds (got {text})")
    return value


def seconds_or_zero(text: str) -> float:
    """A number of seconds, zero allowed (--host-interval)."""
    value = _seconds(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"cannot be negative (got {text})")
    return value
