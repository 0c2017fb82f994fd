"""kill -9 at random moments, then restart: every item checked and alerted exactly once and printed at least
once, on SQLite and on PostgreSQL (a kill between writing a line and committing its mark repeats that line,
identical, on the next run: the store's documented window); and two watchers at once on one store share the
work without doing any of it twice."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from watch_farm import farm, numbered_items
from watch_helpers import ALL_VERDICTS, rows, store_target

ITEMS = 300  # enough that five kills land before the items run out, however fast the machine
KILLS = 5
PAGE_DELAY_S = 0.1  # pages come in one by one, so checks are recorded in many small transactions


def _command(target: str, url: str) -> list[str]:
    return [sys.executable, "-m", "headcheck.apps.cli", "watch", "--once", "--json", "--store", target, url,
            "--alert-on", ",".join(sorted(ALL_VERDICTS)), "--allow-host", "127.0.0.1", "--host-interval", "0"]


def _checked(target: str) -> int:
    return rows(target, "SELECT COUNT(*) FROM watch_items WHERE state = 'checked'")[0][0] if _has_tables(target) else 0


def _has_tables(target: str) -> bool:
    try:
        rows(target, "SELECT 1 FROM watch_items LIMIT 1")
    except Exception:
        return False
    return True


def _assert_each_item_once(target: str, out: Path, repeats: int = 0) -> None:
    """Every item checked and alerted once; printed once, or again identically by at most `repeats` kills
    that landed between writing a line and committing its mark."""
    lines = out.read_text("utf-8").splitlines()
    printed = Counter(json.loads(line)["guid"] for line in lines)  # a half-written line would not parse
    assert set(printed) == {f"item-{n}" for n in range(ITEMS)}, printed
    assert sum(printed.values()) - ITEMS <= repeats, printed
    first: dict[str, str] = {}
    for line in lines:  # a repeat is the very line printed before
        assert first.setdefault(json.loads(line)["guid"], line) == line
    assert rows(target, "SELECT state, line_pending, COUNT(*) FROM watch_items GROUP BY state, line_pending") == [
        ("checked", 0, ITEMS)]
    assert rows(target, "SELECT COUNT(*), COUNT(DISTINCT item_id) FROM watch_alerts") == [(ITEMS, ITEMS)]
    stored = dict(rows(target, "SELECT guid, report FROM watch_items"))
    for line in map(json.loads, lines):  # what was printed is what was recorded
        assert json.loads(stored[line["guid"]])["probabilities"] == line["probabilities"]


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_sigkill_at_random_moments_then_restart_checks_alerts_and_prints_each_item_once(
        kind: str, tmp_path: Path) -> None:
    seed = int(time.time())
    rng = random.Random(seed)
    with store_target(kind, tmp_path) as target, farm() as site:
        site.add_articles(range(ITEMS))
        for n in range(ITEMS):
            site.routes[f"/article/{n}"].delay_s = PAGE_DELAY_S
        url = site.feed("/feed.xml", numbered_items(site.base, range(ITEMS)))
        out, err = tmp_path / "out.jsonl", tmp_path / "err.txt"
        kills, moments = 0, []  # kills that landed while the run had work left, and when after its first check
        for _ in range(4 * KILLS):
            before = _checked(target)
            if before == ITEMS or kills == KILLS:
                break
            with out.open("ab") as stdout, err.open("ab") as stderr:
                proc = subprocess.Popen(_command(target, url), stdout=stdout, stderr=stderr)
            try:
                # Once this run has recorded something, a random moment later: checking, recording or printing.
                deadline = time.monotonic() + 120
                while _checked(target) == before and proc.poll() is None:
                    assert time.monotonic() < deadline, err.read_text()
                    time.sleep(0.01)
                moment = rng.uniform(0.0, 0.4)
                time.sleep(moment)
                killed = proc.poll() is None
                if killed:
                    os.kill(proc.pid, signal.SIGKILL)
                proc.wait(30)
                if killed and _checked(target) < ITEMS:
                    kills += 1
                    moments.append(round(moment, 3))
            finally:
                if proc.poll() is None:
                    proc.kill()
        assert kills == KILLS, f"only {kills} kills landed before the items ran out (seed {seed}, {moments})"
        with out.open("ab") as stdout, err.open("ab") as stderr:
            assert subprocess.run(_command(target, url), stdout=stdout, stderr=stderr, timeout=300).returncode == 0
        _assert_each_item_once(target, out, repeats=kills)
        with err.open("ab") as stderr:  # and a run after that has nothing left to do
            again = subprocess.run(_command(target, url), stdout=subprocess.PIPE, stderr=stderr, timeout=300)
        assert again.returncode == 0 and again.stdout == b""
        assert len(site.requests("/article/0")) <= kills + 1, f"seed {seed}, kill moments {moments}"


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_two_watchers_on_one_store_check_each_item_once(kind: str, tmp_path: Path) -> None:
    with store_target(kind, tmp_path) as target, farm() as site:
        site.add_articles(range(ITEMS))
        for n in range(ITEMS):
            site.routes[f"/article/{n}"].delay_s = PAGE_DELAY_S
        url = site.feed("/feed.xml", numbered_items(site.base, range(ITEMS)))
        outs = [tmp_path / f"out{n}.jsonl" for n in range(2)]
        errs = [path.with_suffix(".err") for path in outs]
        procs = []
        for path, err in zip(outs, errs, strict=True):
            with path.open("wb") as stdout, err.open("wb") as stderr:
                procs.append(subprocess.Popen(_command(target, url), stdout=stdout, stderr=stderr))
        codes = [proc.wait(300) for proc in procs]
        # (what a watcher that failed said, so that a failure here can be read)
        assert codes == [0, 0], [err.read_text(encoding="utf-8", errors="replace")[-1000:] for err in errs]
        (tmp_path / "out.jsonl").write_bytes(b"".join(path.read_bytes() for path in outs))
        _assert_each_item_once(target, tmp_path / "out.jsonl")
        assert all(len(site.requests(f"/article/{n}")) == 1 for n in range(ITEMS))  # no page fetched twice
