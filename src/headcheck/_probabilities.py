"""Stance probabilities moved without changing what they say: one place for it, as the editor's decision and the
calibration's ceilings both set one stance's share and must keep it on top."""

from __future__ import annotations

import numpy as np

__all__ = ["on_top"]


def on_top(p: np.ndarray, target: int, share: float) -> np.ndarray:
    """`p` with the target stance at `share` and on top: the others share the rest in their own proportions,
    none above the target (what one would exceed is handed to the others, in proportion). A share below an even
    split cannot be on top: the target gets the even split."""
    share = max(share, 1.0 / len(p))
    out = p.astype(np.float64).copy()
    out[target] = 0.0
    rest, cap = 1.0 - share, share * (1.0 - 1e-6)
    free = [i for i in range(len(out)) if i != target]
    while free:
        weights = out[free] if out[free].sum() > 0 else np.ones(len(free))
        portion = rest * weights / weights.sum()
        over = [i for i, v in zip(free, portion, strict=True) if v > cap]
        if not over:
            out[free] = portion
            break
        for i in over:
            out[i] = cap
            rest -= cap
            free.remove(i)
    out[target] = share
    return out
