"""Load test of `headcheck serve` on 127.0.0.1: throughput, latency, errors and memory under concurrent clients.

Usage: python bench/serve_load.py [--duration 30] [--concurrency 1 8 32] [--out bench/results/serve_load.json]

Starts `headcheck serve` in a subprocess (rate limit off, everything else default),
then for each concurrency level runs that many clients for a fixed time, each
posting articles to POST /v1/check back to back. Every request carries a
different body (one sentence changes), so the server's body cache never helps, as
with real traffic. Records requests/s, p50/p99 latency as the clients see it and
as the server logs it, errors (any non-200 or transport failure) and the server's
RSS (with its check workers') before and after each level. The clients run on the same machine and take
CPU from the server, so the figures are a floor.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import IO

import httpx
from rich.console import Console
from rich.table import Table

HEADLINE = "Harwick council approves plan to turn disused rail yard into housing"
# A fictional article of about 600 words, the length of a typical news story.
PARAGRAPHS = [
    "Harwick council on Tuesday approved a plan to turn the disused rail yard east of the station into 420 homes, "
    "a primary school and a park, ending more than a decade of argument over the site.",
    "Councillors voted 31 to 12 in favour after a four-hour meeting in which residents from both sides of the river "
    "spoke for and against the scheme. The developer, Eastline Homes, said building could start next spring if the "
    "regional planning office raises no objection.",
    "Under the approved plan, a third of the homes will be sold or rented below market prices, and no building will "
    "be taller than six storeys. The park, about the size of four football pitches, will run along the old "
    "embankment and include a cycle path linking the station with the Millfield estate.",
    "Council leader Priya Venkat said the vote was a turning point for the town. \"For twelve years this land has "
    "been fenced off and empty while families on our housing list waited,\" she told the meeting. \"Tonight we have "
    "a plan that gives them homes, gives their children a school and gives everyone a park.\"",
    "Opponents had argued that the roads around the yard could not take the extra traffic and that the school "
    "should be built before the first homes were sold. Councillor Derek Hollis, who voted against, said the "
    "traffic study had been carried out during the school holidays and understated rush-hour queues on Station "
    "Road. \"We are approving hundreds of homes on the strength of a survey taken in August,\" he said.",
    "The developer agreed at the meeting to pay for a new junction on Station Road and to open the school before "
    "the second phase of homes is started. A council planning officer said those promises would be written into "
    "the legal agreement that accompanies the permission.",
    "The rail yard closed in 2009 when freight services moved to the new terminal at Corby Cross. Network owners "
    "sold the land to the council in 2013, and two earlier schemes, one for a retail park and one for offices, "
    "were abandoned after the developers behind them pulled out.",
    "Soil tests carried out last year found oil and heavy metals in parts of the site, and the plan sets aside "
    "eighteen months for the ground to be cleaned before any homes are built. Eastline Homes said the cost of the "
    "clean-up, estimated at 9 million pounds, was included in its budget.",
    "Residents of Millfield, the estate closest to the yard, were divided. Margaret Osei, who has lived on Canal "
    "Street for thirty years, said she welcomed the park but feared years of lorries and dust. \"We have waited a "
    "long time for something to happen there, but we would like to be able to open our windows,\" she said.",
    "Others were more positive. Tom Brennan, a teacher who rents a flat in the town centre, said the plan gave "
    "younger people a chance to stay in Harwick. \"Most of my friends have moved away because they cannot afford "
    "anything here. Homes at below market prices would change that,\" he said.",
    "The regional planning office has 21 days to decide whether to review the permission. If it does not, the "
    "council expects the first residents to move in within four years and the whole site to be finished within "
    "eight.",
]


def children(pid: int) -> list[int]:
    """The server's check workers: the processes whose parent it is (field 4 of /proc/PID/stat)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # a process that ended while we looked
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _rss_mb(pid: int) -> float:
    """Resident memory of the server process and its check workers, from /proc (Linux)."""
    total_kb = 0
    for process in (pid, *children(pid)):
        for line in Path(f"/proc/{process}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return round(total_kb / 1024, 1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _article(n: int) -> dict[str, str]:
    """A different body each time: the last paragraph names the request, so no two bodies are equal."""
    return {"headline": HEADLINE, "body": "\n\n".join([*PARAGRAPHS, f"This is copy {n} of the story."])}


async def _level(base: str, clients: int, duration_s: float, start_n: int) -> dict[str, object]:
    """`clients` concurrent clients, each sending its next request as soon as the last one is answered."""
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    counter = iter(range(start_n, start_n + 10_000_000))
    deadline = time.monotonic() + duration_s
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:

        async def client() -> None:
            while time.monotonic() < deadline:
                started = time.perf_counter()
                try:
                    response = await http.post("/v1/check", json=_article(next(counter)))
                except httpx.HTTPError as exc:
                    errors[type(exc).__name__] += 1
                    continue
                if response.status_code == 200:
                    latencies.append((time.perf_counter() - started) * 1000)
                else:
                    errors[f"HTTP {response.status_code}"] += 1

        began = time.monotonic()
        await asyncio.gather(*(client() for _ in range(clients)))
        elapsed = time.monotonic() - began
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [float("nan")] * 99
    return {
        "concurrency": clients,
        "duration_s": round(elapsed, 1),
        "requests": len(latencies),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(cuts[49], 1),
        "p99_ms": round(cuts[98], 1),
    }


def _server_latency(log: IO[bytes]) -> dict[str, float]:
    """The server's own time per check, from its log lines since the level began: the clients' own delays left out."""
    time.sleep(0.5)  # the server logs a request just after answering it
    lines = log.read().decode().split("\n")[:-1]  # a line still being written is left out
    durations = [entry["duration_ms"] for entry in map(json.loads, lines)
                 if entry["message"] == "request" and entry["path"] == "/v1/check"]
    cuts = statistics.quantiles(durations, n=100)
    return {"p50": round(cuts[49], 1), "p99": round(cuts[98], 1)}


def _wait_until_up(base: str, server: subprocess.Popen[bytes], timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"headcheck serve exited with {server.returncode}")
        try:
            if httpx.get(f"{base}/healthz").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError("headcheck serve did not start in time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per concurrency level")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--out", type=Path, default=Path("bench/results/serve_load.json"))
    args = parser.parse_args()

    load_before = os.getloadavg()[0]  # other work on the machine slows the server too
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "headcheck.apps.cli", "serve", "--port", str(port), "--rate-limit", "off"]
    with tempfile.TemporaryDirectory() as tmp:
        log_path = Path(tmp) / "server.log"  # the server's JSON log: a line per request
        with log_path.open("ab") as log_out, log_path.open("rb") as log:
            server = subprocess.Popen(command, stderr=log_out)
            try:
                _wait_until_up(base, server)
                httpx.post(f"{base}/v1/check", json=_article(-1), timeout=60).raise_for_status()  # warm up
                model = httpx.get(f"{base}/v1/models").json()
                rss_start = _rss_mb(server.pid)
                levels = []
                for clients in args.concurrency:
                    before = _rss_mb(server.pid)
                    log.seek(0, os.SEEK_END)
                    level = asyncio.run(_level(base, clients, args.duration, start_n=len(levels) * 10_000_000))
                    levels.append({**level, "server_ms": _server_latency(log),
                                   "rss_before_mb": before, "rss_after_mb": _rss_mb(server.pid)})
            finally:
                server.terminate()
                server.wait(30)
            logged = [json.loads(line) for line in log_path.read_text(encoding="utf-8").splitlines()]

    body = _article(0)["body"]
    result = {
        "command": "python " + " ".join(sys.argv),
        "server_command": " ".join(["headcheck", *command[3:]]),
        "date": time.strftime("%Y-%m-%d"),
        "model": model,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "processor": platform.processor(),
                    "load_average_1min": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
                    "note": "load clients run on the same machine and share its CPUs with the server"},
        "article": {"words": len(body.split()), "bytes": len(json.dumps(_article(0)).encode())},
        "server_rss_mb": {"after_warm_up": rss_start, "at_end": levels[-1]["rss_after_mb"]},
        "levels": levels,
        "server_log": {
            "statuses": dict(Counter(str(line["status"]) for line in logged if line["message"] == "request")),
            "errors": [line["message"] for line in logged if line["level"] == "error"],
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    table = Table(title=f"POST /v1/check, {result['article']['words']}-word articles, {os.cpu_count()} CPUs")
    for column in ("clients", "requests", "req/s", "p50 ms", "p99 ms", "server p50", "server p99", "errors",
                   "RSS before MB", "RSS after MB"):
        table.add_column(column, justify="right")
    for level in levels:
        table.add_row(*(str(level[key]) for key in ("concurrency", "requests", "requests_per_s", "p50_ms", "p99_ms")),
                      str(level["server_ms"]["p50"]), str(level["server_ms"]["p99"]),
                      *(str(level[key]) for key in ("errors", "rss_before_mb", "rss_after_mb")))
    Console(width=120).print(table)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
