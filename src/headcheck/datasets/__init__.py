"""The public data sets in ../shared/data as training and evaluation read them: FNC-1 (`fnc1`: pairs,
splits, peers' predictions, the official score) and the NLI sets (`nli`: rows and fixed hold-outs).
Never imported at inference."""

__all__ = ["fnc1", "nli"]
