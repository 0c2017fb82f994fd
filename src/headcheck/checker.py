"""The `Checker`: loads the models once and runs article -> sentences -> evidence -> judgement -> report."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TypeVar

from headcheck.article import NOT_ENGLISH, looks_english, validate
from headcheck.cache import Lru
from headcheck.calibration import Calibrator
from headcheck.claims import ClaimCheck, HeadlineClaim, headline_verdict, split_claims
from headcheck.clickbait import ClickbaitModel
from headcheck.evidence import DEFAULT_K, Body, LexicalIndex, Retriever, TfidfRetriever
from headcheck.findings import BodyFacts, find_all
from headcheck.judgement import StanceJudge, load_judge, model_directory
from headcheck.report import Report
from headcheck.sentences import RuleSplitter, SentenceSplitter
from headcheck.suggest import suggest_headline
from headcheck.types import Article

_T = TypeVar("_T")


def _is_whole(claims: list[HeadlineClaim]) -> bool:
    """One claim (attributed or not) says what the headline says: its judgement is the headline's."""
    return len(claims) == 1


class Checker:
    """Checks headlines against their bodies; build one and reuse it for many articles.

    Every stage can be swapped for another object with the same method, e.g.
    `Checker(splitter=MySplitter())`. `model` is a headcheck model directory or a Hugging Face NLI
    model (a directory, or a name in the local Hugging Face cache). The model's calibration
    (calibration.json beside it) is used unless another `calibrator` is given; a custom `judge`
    gets only the calibrator passed with it.
    `explain=False` skips claims, findings, the clickbait score and the suggested headline: the
    stance, probabilities and evidence are the same either way (benchmarks use it for speed).
    """

    def __init__(
        self,
        model: str | Path | None = None,
        *,
        splitter: SentenceSplitter | None = None,
        retriever: Retriever | None = None,
        judge: StanceJudge | None = None,
        calibrator: Calibrator | None = None,
        explain: bool = True,
        evidence_k: int = DEFAULT_K,
        cache_size: int = 2048,
    ) -> None:
        self.judge = judge or load_judge(model)
        if calibrator is None and judge is None:  # a Hugging Face NLI model ships none: it stays uncalibrated
            calibrator = Calibrator.find(model_directory(model))
        self.calibrator = calibrator
        self.index = LexicalIndex(self.judge.idf, splitter or RuleSplitter())
        self.retriever = retriever or TfidfRetriever()
        self.explain = explain
        self.clickbait = ClickbaitModel.load() if explain else None
        self.evidence_k = evidence_k
        self._bodies: Lru[str, Body] = Lru(cache_size)
        self._facts: Lru[str, BodyFacts] = Lru(cache_size)

    def __call__(self, headline: str, body: str) -> Report:
        return self.check(headline, body)

    def check(self, headline: str, body: str, *, id: str | None = None, url: str | None = None) -> Report:
        return self.check_article(Article(headline, body, id, url))

    def check_article(self, article: Article) -> Report:
        return next(self.check_many([article]))

    def check_many(self, articles: Iterable[Article], batch_size: int = 64) -> Iterator[Report]:
        """Reports in input order; bodies shared by several headlines are analysed once.

        The whole headlines and every claim of the batch that is not the whole headline go to the
        judge in one call.
        """
        iterator = iter(articles)
        while batch := [validate(a) for a in islice(iterator, batch_size)]:
            bodies = [self._body(a.body) for a in batch]
            parts = [split_claims(a.headline) if self.explain else [] for a in batch]
            own = [[] if _is_whole(p) else p for p in parts]  # claims judged apart from the headline
            claims = [self.index.claim(a.headline) for a in batch]
            claims += [self.index.claim(c.judged_text) for p in own for c in p]
            claim_bodies = bodies + [b for p, b in zip(own, bodies, strict=True) for _ in p]
            evidence = [self.retriever.retrieve(c, b, self.evidence_k) for c, b in zip(claims, claim_bodies,
                                                                                          strict=True)]
            raw = self.judge.judge(list(zip(claims, claim_bodies, evidence, strict=True)))
            judged = self.calibrator.judgements(raw) if self.calibrator else raw
            clickbait = self.clickbait.score([a.headline for a in batch]) if self.clickbait else []
            next_claim = len(batch)
            for i, article in enumerate(batch):
                warnings = [] if looks_english(article.body) else [f"{NOT_ENGLISH}: this verdict is unreliable"]
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
                faithful = headline_verdict(judged[i].stance, checks) == "faithful"
                yield Report(article, judged[i], evidence[i], self.judge.name, warnings, checks,
                             find_all(article.headline, self._body_facts(bodies[i])), clickbait[i],
                             None if faithful else suggest_headline(claims[i], bodies[i]), uncalibrated)

    def _body(self, text: str) -> Body:
        return self._bodies.get(text, self.index.body)

    def _body_facts(self, body: Body) -> BodyFacts:
        return self._facts.get(body.text, lambda text: BodyFacts.of(text, body.sentences))
