"""`headcheck eval`: scores a judge on data it never chose anything on. `fnc1` (the competition test set,
calibration, plots), `sets` (NLI hold-outs as articles, hand-written cases), `findings` (precision and
recall of the findings). Never imported at inference."""

__all__ = ["findings", "fnc1", "sets"]
