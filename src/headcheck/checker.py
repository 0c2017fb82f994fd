"""The `Checker`, above every stage: loads the models once and runs article -> sentences -> evidence -> judgement
-> verdict -> report."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import islice
from pathlib import Path

from headcheck._cache import Lru
from headcheck.calibration import Calibrator
from headcheck.compare import body_facts
from headcheck.compare.findings import find_all
from headcheck.evidence import DEFAULT_K, LexicalIndex, Retriever, TfidfRetriever, judged_items
from headcheck.inputs import Checkable, read_article
from headcheck.judges import Judge, ModelRef, load_judge, resolve
from headcheck.limits import BODY_CACHE_ENTRIES, CHECK_BATCH_ARTICLES
from headcheck.report import ClaimCheck, Report
from headcheck.report.suggest import suggest_headline
from headcheck.text.claims import split_claims
from headcheck.text.clickbait import ClickbaitModel
from headcheck.text.sentences import RuleSplitter, SentenceSplitter
from headcheck.types import Article, Body, HeadlineClaim


def _is_whole(claims: list[HeadlineClaim]) -> bool:
    """One claim (attributed or not) says what the headline says: its judgement is the headline's."""
    return len(claims) == 1


class Checker:
    """Checks headlines against their bodies; build one and reuse it for many articles.

    Every stage can be swapped for another object with the same method, e.g.
    `Checker(splitter=MySplitter())`. `model` is what `headcheck.judges.resolve` takes (a headcheck model
    directory, a shipped model's name, a Hugging Face NLI model) or the ModelRef it returned. The model's
    calibration (calibration.json beside it) is used unless another `calibrator` is given; a custom
    `judge` gets only the calibrator passed with it.
    `explain=False` skips claims, findings, the clickbait score and the suggested headline: the
    stance, probabilities and evidence are the same either way (benchmarks use it for speed).
    """

    def __init__(
        self,
        model: str | Path | ModelRef | None = None,
        *,
        splitter: SentenceSplitter | None = None,
        retriever: Retriever | None = None,
        judge: Judge | None = None,
        calibrator: Calibrator | None = None,
        explain: bool = True,
        evidence_k: int = DEFAULT_K,
        cache_size: int = BODY_CACHE_ENTRIES,
    ) -> None:
        if judge is None:
            ref = model if isinstance(model, ModelRef) else resolve(model)
            judge = load_judge(ref)
            if calibrator is None:  # a Hugging Face NLI model ships none: it stays uncalibrated
                calibrator = Calibrator.find(ref.directory)
        self.judge = judge
        self.calibrator = calibrator
        self.index = LexicalIndex(self.judge.idf, splitter or RuleSplitter())
        self.retriever = retriever or TfidfRetriever()
        self.explain = explain
        self.clickbait = ClickbaitModel.load() if explain else None
        self.evidence_k = evidence_k
        self._bodies: Lru[str, Body] = Lru(cache_size)

    def __call__(self, headline: str, body: str) -> Report:
        return self.check(headline, body)

    def warm(self) -> None:
        """Check one short article, so that what loads on first use (the lemmatizer's tables, the comparison's
        word table: about a second on the development machine) is loaded before a request waits for it; a
        service's time budget then covers checking only."""
        pier = Article("Harbour board approves new ferry pier", "The harbour board approved a new pier on Monday.")
        next(self.check_many([Checkable(pier)]))  # (as the service hands articles over)

    def check(self, headline: str, body: str, *, id: str | None = None, url: str | None = None) -> Report:
        return self.check_article(Article(headline, body, id, url))

    def check_article(self, article: Article | Checkable) -> Report:
        return next(self.check_many([article]))

    def check_many(self, articles: Iterable[Article | Checkable],
                   batch_size: int = CHECK_BATCH_ARTICLES) -> Iterator[Report]:
        """Reports in input order; bodies shared by several headlines are analysed once.

        An `Article` is validated first; a body not in English is checked with a warning, and stray control
        characters are removed with one (`headcheck.inputs.read_article`); a `Checkable` has been through that
        already and is taken as it is.
        The whole headlines and every claim of the batch that is not the whole headline go to the
        judge in one call.
        """
        iterator = iter(articles)
        while chunk := list(islice(iterator, batch_size)):
            ready = [a if isinstance(a, Checkable) else read_article(a, english="warn", controls="strip")
                     for a in chunk]
            batch = [c.article for c in ready]
            parts = [split_claims(a.headline) if self.explain else [] for a in batch]
            own = [[] if _is_whole(p) else p for p in parts]  # claims judged apart from the headline
            texts = [(a.headline, a.body) for a in batch]
            texts += [(c.judged_text, a.body) for a, p in zip(batch, own, strict=True) for c in p]
            items = judged_items(texts, self.index, self.retriever, self.evidence_k, body_of=self._body)
            claims, bodies = [c for c, _, _ in items], [b for _, b, _ in items]
            evidence = [e for _, _, e in items]
            raw = self.judge.judge(items)
            judged = self.calibrator.judgements(raw) if self.calibrator else raw
            evidence = [e if j.evidence is None else list(j.evidence) for e, j in zip(evidence, judged, strict=True)]
            clickbait = self.clickbait.score([a.headline for a in batch]) if self.clickbait else []
            next_claim = len(batch)
            for i, (article, checkable) in enumerate(zip(batch, ready, strict=True)):
                warnings = list(checkable.warnings)
                uncalibrated = raw[i] if self.calibrator else None
                if not self.explain:
                    yield Report(article, judged[i], evidence[i], self.judge.name, warnings, uncalibrated=uncalibrated)
                    continue
                if _is_whole(parts[i]):
                    checks = [ClaimCheck(parts[i][0], judged[i], evidence[i])]
                else:
                    picked = range(next_claim, next_claim + len(own[i]))
                    checks = [ClaimCheck(c, judged[k], evidence[k]) for c, k in zip(own[i], picked, strict=True)]
                    next_claim += len(own[i])
                report = Report(article, judged[i], evidence[i], self.judge.name, warnings, checks,
                                find_all(article.headline, body_facts(bodies[i])), clickbait[i],
                                uncalibrated=uncalibrated)
                if report.verdict != "faithful":
                    report = replace(report, suggested_headline=suggest_headline(claims[i], bodies[i]))
                yield report

    def _body(self, text: str) -> Body:
        return self._bodies.get(text, self.index.body)

