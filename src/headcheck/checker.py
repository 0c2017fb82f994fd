"""The `Checker`: loads the models once and runs article -> sentences -> evidence -> judgement -> report."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from headcheck.article import NOT_ENGLISH, looks_english, validate
from headcheck.evidence import DEFAULT_K, Body, LexicalIndex, Retriever, TfidfRetriever
from headcheck.judgement import StanceJudge, load_judge
from headcheck.report import Report
from headcheck.sentences import RuleSplitter, SentenceSplitter
from headcheck.types import Article


class Checker:
    """Checks headlines against their bodies; build one and reuse it for many articles.

    Every stage can be swapped for another object with the same method, e.g.
    `Checker(splitter=MySplitter())`.
    """

    def __init__(
        self,
        model: str | Path | None = None,
        *,
        splitter: SentenceSplitter | None = None,
        retriever: Retriever | None = None,
        judge: StanceJudge | None = None,
        evidence_k: int = DEFAULT_K,
        cache_size: int = 2048,
    ) -> None:
        self.judge = judge or load_judge(model)
        self.index = LexicalIndex(self.judge.idf, splitter or RuleSplitter())
        self.retriever = retriever or TfidfRetriever()
        self.evidence_k = evidence_k
        self._bodies: OrderedDict[str, Body] = OrderedDict()
        self._cache_size = cache_size

    def __call__(self, headline: str, body: str) -> Report:
        return self.check(headline, body)

    def check(self, headline: str, body: str, *, id: str | None = None, url: str | None = None) -> Report:
        return self.check_article(Article(headline, body, id, url))

    def check_article(self, article: Article) -> Report:
        return next(self.check_many([article]))

    def check_many(self, articles: Iterable[Article], batch_size: int = 64) -> Iterator[Report]:
        """Reports in input order; bodies shared by several headlines are analysed once."""
        iterator = iter(articles)
        while batch := [validate(a) for a in islice(iterator, batch_size)]:
            claims = [self.index.claim(a.headline) for a in batch]
            bodies = [self._body(a.body) for a in batch]
            evidence = [self.retriever.retrieve(c, b, self.evidence_k) for c, b in zip(claims, bodies, strict=True)]
            judgements = self.judge.judge(list(zip(claims, bodies, evidence, strict=True)))
            for article, found, judgement in zip(batch, evidence, judgements, strict=True):
                warnings = [] if looks_english(article.body) else [f"{NOT_ENGLISH}: this verdict is unreliable"]
                yield Report(article, judgement, found, self.judge.name, warnings)

    def _body(self, text: str) -> Body:
        body = self._bodies.pop(text, None) or self.index.body(text)
        self._bodies[text] = body
        if len(self._bodies) > self._cache_size:
            self._bodies.popitem(last=False)
        return body
