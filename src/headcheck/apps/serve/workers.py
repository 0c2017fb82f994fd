"""The service's check workers: processes, each with its own Checker, that turn articles into reports.

Why processes: a check is mostly Python (sentences, evidence, findings) and holds the GIL. Measured on the
2-core development machine, two 80 kB checks on two threads took 1.43 s against 1.68 s one after the other,
and small checks beside a 300 kB check on another thread took three times as long (35 ms against 12 ms).
Threads would therefore neither run checks side by side nor keep small checks fast, and a thread cannot be
stopped: a check past its time budget could not give its worker back. A process can be killed and
replaced. Each worker costs its own copy of the model (about 260 MB with the default judge).

Each worker is used by one request at a time (the service hands them out through its `Slots`); `run`
blocks, so the service calls it on a thread.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from headcheck._processes import exit_with_parent, one_thread_per_worker
from headcheck.apps.serve.logs import log_to_stderr
from headcheck.checker import Checker
from headcheck.errors import HeadcheckError, InputError
from headcheck.inputs import Checkable

CheckerFactory = Callable[[], Checker]  # picklable (a class, a module-level function, a partial of them)
_STOP_WAIT_S = 5.0  # a worker told to stop that has not exited by then is killed


class WorkerCrash(RuntimeError):
    """A worker failed in a way the caller cannot act on: an internal error (its traceback is the message,
    for the log) or a worker process that died."""


def _work(conn: Connection, factory: CheckerFactory, parent: int) -> None:
    """A worker's life: load the Checker and warm it (`Checker.warm`), say so, then check what comes until the
    pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group; the server stops us
    exit_with_parent(parent)
    log_to_stderr()  # the server's stderr is JSON lines only
    try:
        checker = factory()
        checker.warm()
    except HeadcheckError as exc:
        _say(conn, ("error", exc))
        return
    except Exception:
        _say(conn, ("crash", traceback.format_exc()))
        return
    _say(conn, ("ready", checker.judge.name))
    while True:
        try:
            articles = conn.recv()
        except EOFError:
            return
        try:
            answer: tuple[str, Any] = ("ok", [report.to_dict() for report in checker.check_many(articles)])
        except HeadcheckError as exc:
            answer = ("error", exc)
        except Exception:
            answer = ("crash", traceback.format_exc())
        _say(conn, answer)


def _say(conn: Connection, message: tuple[str, Any]) -> None:
    """Send to the server; a server that has closed the pipe (it stopped, or gave up on this worker) is not an
    error of the worker's, and must not print a traceback on the server's stderr."""
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        conn.send(message)


class Worker:
    """One worker process and its end of the pipe; started again when it was stopped or died."""

    def __init__(self, factory: CheckerFactory) -> None:
        self._factory = factory
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self.model: str | None = None  # the judge's name, once the worker has loaded it

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def start(self) -> None:
        """Start the process; it loads its model while the caller goes on (`ready` waits for it)."""
        context = multiprocessing.get_context("spawn")  # fork would copy the server's threads and locks
        self._conn, theirs = context.Pipe()
        with one_thread_per_worker():
            self._process = context.Process(target=_work, args=(theirs, self._factory, os.getpid()),
                                            name="headcheck-check", daemon=True)
            self._process.start()
        theirs.close()
        self.model = None

    def ready(self) -> None:
        """Wait until the worker has loaded its model (starting it if it is not running, or died while idle),
        or raise why it could not; a worker that failed has exited, and the next request starts it again."""
        if self._process is None or (self.model is not None and not self._process.is_alive()):
            self.stop()
            self.start()
        if self.model is None:
            try:
                self.model = self._receive()
            except (HeadcheckError, WorkerCrash):
                self.stop()
                raise

    def run(self, articles: Sequence[Checkable], budget_s: float) -> list[dict[str, Any]]:
        """The reports, or the worker's error. Past `budget_s` the worker is killed and started again, and the
        request fails with an InputError: checking this article takes longer than the service allows."""
        self.ready()
        assert self._conn is not None
        try:
            self._conn.send(list(articles))
        except OSError:  # it died since `ready` looked
            raise self._died() from None
        if not self._conn.poll(budget_s):
            self.stop(kill=True)
            self.start()  # loads while the caller answers, so the next request does not wait for it
            raise InputError(f"checking took longer than the {budget_s:g} s budget of this server, so it was "
                             "stopped: send a shorter article")
        return self._receive()

    def _receive(self) -> Any:
        assert self._conn is not None and self._process is not None
        try:
            kind, payload = self._conn.recv()
        except (EOFError, OSError):  # its end of the pipe closed: it has exited, or is exiting
            raise self._died() from None
        if kind == "error":
            raise payload
        if kind == "crash":
            raise WorkerCrash(f"in a check worker:\n{payload}")
        return payload

    def _died(self) -> WorkerCrash:
        """Clean up after a worker that exited unasked (killed for memory, a crash in a library)."""
        process = self._process
        self.stop()
        return WorkerCrash(f"a check worker died (exit code {process.exitcode if process else None})")

    def stop(self, *, kill: bool = False) -> None:
        """Close the pipe, which ends the worker's loop; kill it at once, or if it does not end by itself."""
        if self._process is None or self._conn is None:
            return
        if kill:
            self._process.kill()
        self._conn.close()
        self._process.join(_STOP_WAIT_S)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._process = self._conn = None


class Workers:
    """The pool: `count` workers, all started at once, each checking one request at a time within `budget_s`."""

    def __init__(self, factory: CheckerFactory, count: int, budget_s: float) -> None:
        self.count = count
        self.budget_s = budget_s
        self.model = ""  # the judge's name, once started
        self._all = [Worker(factory) for _ in range(count)]
        self._idle = list(self._all)

    @classmethod
    def of_model(cls, model: str | Path | None, count: int, budget_s: float) -> Workers:
        return cls(functools.partial(Checker, model), count, budget_s)

    def start(self) -> str:
        """Start every worker and wait for their models: the model's name, or its error (the server must not
        start without one)."""
        for worker in self._all:
            worker.start()
        try:
            for worker in self._all:
                worker.ready()
        except BaseException:
            self.close()
            raise
        self.model = str(self._all[0].model)
        return self.model

    @property
    def pids(self) -> list[int | None]:
        """The workers' process ids (None for one not running): a worker stopped and started again has a new one."""
        return [worker.pid for worker in self._all]

    def take(self) -> Worker:
        """An idle worker; the caller holds one of the service's check slots, so there is one."""
        return self._idle.pop()

    def give_back(self, worker: Worker) -> None:
        self._idle.append(worker)

    def close(self) -> None:
        for worker in self._all:
            worker.stop()
