"""What every headcheck worker process needs, whoever starts it (batch runs, the HTTP service)."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator

# Thread pools sized to the machine (OpenMP in LightGBM, OpenBLAS, MKL) would give each of N workers N threads
# fighting over the same N cores, and a second worker would add little; Ray sets the same for its actors.
_ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


@contextlib.contextmanager
def one_thread_per_worker() -> Iterator[None]:
    """Set in this process's environment while workers start, since they start with a copy of it;
    a value the user set is kept."""
    added = {name: value for name, value in _ONE_THREAD.items() if name not in os.environ}
    os.environ.update(added)
    try:
        yield
    finally:
        for name in added:
            os.environ.pop(name, None)


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def exit_with_parent(parent: int) -> None:
    """A parent killed with SIGKILL cannot stop its workers; without this they would wait forever.

    The parent's pid comes from the parent itself: a worker still starting when the parent died
    would already see its new parent in os.getppid().
    """
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
