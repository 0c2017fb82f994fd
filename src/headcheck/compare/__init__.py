"""Stage 4, comparison: the headline's facts lined up against the body's words, before any judge. `findings`:
numbers, dates, names and quotes the body states otherwise or never states."""

__all__ = ["findings"]
