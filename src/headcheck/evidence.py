"""Stage 3: find the body sentences that bear on the headline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from headcheck.text.lexical import Idf, Vector, cosine, terms
from headcheck.text.sentences import SentenceSplitter
from headcheck.types import Evidence, Sentence

DEFAULT_K = 3  # evidence sentences per claim; the stance model is trained with the same number


@dataclass(frozen=True, slots=True)
class Body:
    """A body analysed once and reused for every headline checked against it."""

    text: str
    sentences: list[Sentence]
    sentence_terms: list[list[str]]
    sentence_vectors: list[Vector]
    vector: Vector


@dataclass(frozen=True, slots=True)
class Claim:
    """The headline (or one claim of it) as the retriever and judge see it."""

    text: str
    terms: list[str]
    vector: Vector


class Retriever(Protocol):
    def retrieve(self, claim: Claim, body: Body, k: int) -> list[Evidence]: ...


class LexicalIndex:
    """Turns raw text into `Claim`s and `Body`s under one IDF table."""

    def __init__(self, idf: Idf, splitter: SentenceSplitter) -> None:
        self.idf = idf
        self.splitter = splitter

    def claim(self, text: str) -> Claim:
        tokens = terms(text)
        return Claim(text, tokens, self.idf.vector(tokens))

    def body(self, text: str) -> Body:
        sentences = self.splitter.split(text)
        sentence_terms = [terms(s.text) for s in sentences]
        return Body(
            text=text,
            sentences=sentences,
            sentence_terms=sentence_terms,
            sentence_vectors=[self.idf.vector(t) for t in sentence_terms],
            vector=self.idf.vector(t for ts in sentence_terms for t in ts),
        )


class TfidfRetriever:
    """Ranks sentences by TF-IDF cosine with the claim; ties go to the earlier sentence."""

    def retrieve(self, claim: Claim, body: Body, k: int) -> list[Evidence]:
        scored = [(cosine(claim.vector, v), i) for i, v in enumerate(body.sentence_vectors)]
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        return [Evidence(body.sentences[i], round(score, 4)) for score, i in scored[:k] if score > 0]
