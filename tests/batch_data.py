"""Corpus rows for the batch tests, made from a few fictional articles written for them.

Every row is distinct (its headline carries a day number), while bodies repeat, as in a real
corpus where many headlines point at one article.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

BODIES = {
    "bridge": (
        "Port Alvera opened its new harbour bridge on Saturday, ending four years of construction.\n"
        "Mayor Tomas Ferrand cut the ribbon in front of about two thousand residents. The bridge links the "
        "old town with the Alvera docks and carries two lanes of traffic, a tram line and a cycle path.\n"
        "City engineers confirmed that the bridge opened to traffic at noon, on schedule and under budget."
    ),
    "orchard": (
        "Growers in the Venn valley say this year's apple harvest is the smallest in two decades.\n"
        "A late frost in April destroyed most of the blossom, according to the valley's growers' association, "
        "which expects about a third of a normal crop. Prices at the Venn market have already doubled.\n"
        "Some orchards plan to cut staff for the autumn, the association said on Tuesday."
    ),
    "museum": (
        "The Kessel city museum will not close next year, its director Ilse Maran said on Monday, "
        "denying reports that the council had ordered it shut.\n"
        "Maran said the museum's budget had been renewed for three years and that a new wing for the "
        "textile collection would open in the spring. Rumours of a closure were false, she said."
    ),
    "storm": (
        "A storm with winds of up to 120 kilometres an hour crossed the Dalby coast on Sunday night, "
        "cutting power to some 40,000 homes.\n"
        "Officials are investigating claims that a sea wall in Nordhavn failed during the storm; the "
        "harbour authority said it could not yet confirm any damage to the wall."
    ),
}
HEADLINES = {
    "bridge": ["Port Alvera opens new harbour bridge", "Port Alvera bridge opening delayed by a year"],
    "orchard": ["Frost ruins Venn valley apple harvest", "Record apple harvest expected in the Venn valley"],
    "museum": ["Kessel museum to close next year", "Kessel museum will stay open, director says"],
    "storm": ["Storm breaches Nordhavn sea wall", "Storm cuts power to 40,000 homes on the Dalby coast"],
}
FRENCH_BODY = (
    "Le nouveau pont du port de Port Alvera a été inauguré samedi, après quatre ans de travaux. Le maire a "
    "coupé le ruban devant environ deux mille habitants, et la circulation a commencé à midi comme prévu."
)


def rows(n: int) -> list[dict[str, Any]]:
    """n distinct rows with ids r0000..., headlines spread over all bodies."""
    names = list(BODIES)
    made = []
    for i in range(n):
        name = names[i % len(names)]
        headline = HEADLINES[name][(i // len(names)) % 2]
        made.append({"id": f"r{i:04d}", "headline": f"{headline} (day {i})", "body": BODIES[name]})
    return made


def write_jsonl(path: Path, records: Iterable[Mapping[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def write_csv(path: Path, records: Iterable[Mapping[str, Any]], columns: Iterable[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(records)
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
