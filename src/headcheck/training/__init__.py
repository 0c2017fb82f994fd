"""Training and evaluation: the FNC-1 data, the trainers of the shipped models, and `headcheck eval`.

Nothing here runs at inference: the package and the CLI import it only inside `headcheck train` and
`headcheck eval`. Training may import inference modules (to featurize exactly as inference does), never
the other way round.
"""

from collections.abc import Callable

Log = Callable[[str], None]  # where trainers report progress: print, or a rich console's print
