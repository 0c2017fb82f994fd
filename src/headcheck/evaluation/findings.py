"""`headcheck eval findings FILE`: precision and recall of the findings per kind on hand-written cases, and
their false alarms on real articles (FNC-1 pairs labelled agree).

The scoring is the one `bench/findings/README.md` defines: a prediction matches an expected finding of
its kind when its headline span overlaps the expected headline words (unless those are empty, for a
slip inside the body) and its body span overlaps the expected body words; matching is one-to-one within
a case. Findings of kind `spelling` are scored as `name`.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from headcheck.compare.findings import BodyFacts, find_all
from headcheck.compare.findings import Span as CharSpan
from headcheck.datasets import fnc1
from headcheck.errors import InputError
from headcheck.text.sentences import RuleSplitter
from headcheck.types import Finding

KINDS = ("number", "date", "name", "quote")
FNC1_SAMPLE = 50
SAMPLE_SEED = 12
_CONTEXT_CHARS = 160


@dataclass(frozen=True, slots=True)
class Expected:
    """A finding an editor would report: its kind and the headline and body words it concerns."""

    kind: str
    headline: str
    body: str


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    headline: str
    body: str
    findings: tuple[Expected, ...]


def load_cases(path: Path) -> list[Case]:
    """The cases of a JSONL file, each checked: expected words must be found where the README says."""
    cases = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            case = Case(raw["id"], raw["headline"], raw["body"],
                        tuple(Expected(f["kind"], f["headline"], f["body"]) for f in raw["findings"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{n}: not a findings case ({exc})") from None
        for e in case.findings:
            if e.kind not in KINDS or e.headline not in case.headline or not e.body or e.body not in case.body:
                raise InputError(f"{path}:{n}: finding {e} is not of a known kind or not found in the case")
        cases.append(case)
    return cases


def facts(body: str) -> BodyFacts:
    return BodyFacts.of(body, RuleSplitter().split(body))


def _scored_kind(finding: Finding) -> str:
    return "name" if finding.kind == "spelling" else finding.kind


def _occurrences(text: str, words: str) -> list[CharSpan]:
    spans, at = [], text.find(words)
    while words and at >= 0:
        spans.append((at, at + len(words)))
        at = text.find(words, at + 1)
    return spans


def _overlaps(span: CharSpan | None, spans: Iterable[CharSpan]) -> bool:
    return span is not None and any(span[0] < b and a < span[1] for a, b in spans)


def _matches(case: Case, expected: Expected, found: Finding) -> bool:
    if _scored_kind(found) != expected.kind:
        return False
    if expected.headline and not _overlaps(found.headline_span, _occurrences(case.headline, expected.headline)):
        return False
    return _overlaps(found.body_span, _occurrences(case.body, expected.body))


def match(case: Case, found: Sequence[Finding]) -> dict[int, int]:
    """Expected index -> predicted index, a largest one-to-one matching (augmenting paths; cases are small)."""
    edges = [[j for j, f in enumerate(found) if _matches(case, e, f)] for e in case.findings]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(case.findings)):
        augment(i, set())
    return {i: j for j, i in owner.items()}


@dataclass(frozen=True, slots=True)
class KindScore:
    matched: int
    predicted: int
    expected: int

    @property
    def precision(self) -> float | None:
        return self.matched / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.expected if self.expected else None


@dataclass(frozen=True, slots=True)
class Scores:
    kinds: dict[str, KindScore]
    false_positives: list[dict[str, object]]  # what was reported and matched nothing
    misses: list[dict[str, object]]  # what was expected and not reported

    def as_dict(self) -> dict[str, object]:
        return {
            "kinds": {k: {"precision": _round(s.precision), "recall": _round(s.recall), **asdict(s)}
                      for k, s in self.kinds.items()},
            "false_positives": self.false_positives,
            "misses": self.misses,
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _shown(text: str, span: CharSpan | None) -> str | None:
    return None if span is None else text[span[0] : span[1]]


def score(cases: Sequence[Case]) -> Scores:
    """Precision and recall per kind over all cases, with the errors behind them."""
    matched: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    expected: Counter[str] = Counter(e.kind for c in cases for e in c.findings)
    false_positives: list[dict[str, object]] = []
    misses: list[dict[str, object]] = []
    for case in cases:
        found = find_all(case.headline, facts(case.body))
        pairs = match(case, found)
        predicted.update(_scored_kind(f) for f in found)
        matched.update(case.findings[i].kind for i in pairs)
        used = set(pairs.values())
        false_positives += [
            {"id": case.id, "kind": _scored_kind(f), "severity": f.severity, "message": f.message,
             "headline": _shown(case.headline, f.headline_span), "body": _shown(case.body, f.body_span)}
            for j, f in enumerate(found) if j not in used]
        misses += [{"id": case.id, **asdict(e)} for i, e in enumerate(case.findings) if i not in pairs]
    kinds = {k: KindScore(matched[k], predicted[k], expected[k]) for k in KINDS}
    return Scores(kinds, false_positives, misses)


def table(scores: Scores, title: str) -> Table:
    out = Table(title=title)
    for column in ("kind", "precision", "recall", "matched", "predicted", "expected"):
        out.add_column(column, justify="left" if column == "kind" else "right")
    for kind, s in scores.kinds.items():
        p, r = (f"{x:.3f}" if x is not None else "-" for x in (s.precision, s.recall))
        out.add_row(kind, p, r, str(s.matched), str(s.predicted), str(s.expected))
    return out


def run(path: Path, out: Path | None, console: Console) -> Scores:
    """Scores the cases of `path`, prints the table and, with `out`, writes findings_metrics.json there."""
    scores = score(load_cases(path))
    console.print(table(scores, f"findings on {path}"))
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "findings_metrics.json").write_text(json.dumps(scores.as_dict(), indent=2, ensure_ascii=False) + "\n",
                                                   encoding="utf-8")
        console.print(f"wrote {out / 'findings_metrics.json'}")
    return scores


# -- false alarms on real articles ---------------------------------------------------------------------


def _around(text: str, span: CharSpan | None) -> str | None:
    """The span in its surroundings, marked with [[ ]], for a person to judge the finding."""
    if span is None:
        return None
    a, b = span
    return (text[max(0, a - _CONTEXT_CHARS) : a] + "[[" + text[a:b] + "]]" + text[b : b + _CONTEXT_CHARS]).strip()


def fnc1_false_alarms(data_dir: Path, sample: int = FNC1_SAMPLE, seed: int = SAMPLE_SEED
                      ) -> tuple[dict[str, object], list[dict[str, object]]]:
    """Findings on the FNC-1 competition test pairs labelled agree (the body confirms the headline, so an
    error-level finding is most likely a false alarm): counts per article, and a seeded sample to read."""
    split = fnc1.load(data_dir, "competition_test")
    pairs = [(i, p) for i, p in enumerate(split.pairs) if p.stance == "agree"]
    bodies: dict[int, BodyFacts] = {}
    found: list[dict[str, object]] = []
    for i, p in pairs:
        body = split.bodies[p.body_id]
        if p.body_id not in bodies:
            bodies[p.body_id] = facts(body)
        body_facts = bodies[p.body_id]
        found += [{"pair": i, "body_id": p.body_id, "kind": f.kind, "severity": f.severity, "message": f.message,
                   "headline": p.headline, "headline_span": _shown(p.headline, f.headline_span),
                   "body_context": _around(body, f.body_span)}
                  for f in find_all(p.headline, body_facts)]
    by_severity = Counter(str(f["severity"]) for f in found)
    by_kind = Counter(f"{f['kind']}/{f['severity']}" for f in found)
    summary = {"articles": len(pairs), "findings": len(found),
               "per_article": {s: round(n / len(pairs), 4) for s, n in sorted(by_severity.items())},
               "by_kind": dict(sorted(by_kind.items()))}
    chosen = random.Random(seed).sample(found, min(sample, len(found)))
    return summary, sorted(chosen, key=lambda f: str(f["pair"]).zfill(6))
