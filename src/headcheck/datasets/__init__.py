"""The public data sets in ../shared/data as training and evaluation read them: FNC-1 (`fnc1`: pairs,
splits, peers' predictions, the official score), the NLI sets (`nli`: rows and fixed hold-outs) and Fool Me Twice
(`claims`: claims over their pages' sentences).
Never imported at inference."""

__all__ = ["claims", "fnc1", "nli"]
