"""`headcheck train`: rebuilds the shipped models, one module per job. `commands` (which trainer writes
which model), `fnc1_features` (the lexical judge's trees, and the IDF every judge shares),
`cross_encoder` (the NLI network), `pairs` (the sentence pairs it learns from), `minilm_nli` (the
aggregator and rules of the default judge), `clickbait`; `_cards` fills each model's card.

Nothing here runs at inference: the CLI imports it only inside `headcheck train`. Training may import
inference modules (to featurize exactly as inference does), never the other way round.
"""

from collections.abc import Callable

__all__ = ["Log"]

Log = Callable[[str], None]  # where trainers report progress: print, or a rich console's print
