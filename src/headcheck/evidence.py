"""Stage 3, evidence: find the body sentences that bear on the headline, and hand judges what they read."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from headcheck.text.lexical import Idf, cosine, terms
from headcheck.text.sentences import SentenceSplitter
from headcheck.types import Body, Claim, Evidence, Judged

__all__ = ["DEFAULT_K", "LexicalIndex", "Retriever", "TfidfRetriever", "judged_items"]

DEFAULT_K = 3  # evidence sentences per claim; the stance model is trained with the same number


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
        """O(text): sentences, their terms and vectors, and the body's vector."""
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
        """O(s log s) in the body's s sentences."""
        scored = [(cosine(claim.vector, v), i) for i, v in enumerate(body.sentence_vectors)]
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        return [Evidence(body.sentences[i], round(score, 4)) for score, i in scored[:k] if score > 0]


def judged_items(pairs: Iterable[tuple[str, str]], index: LexicalIndex, retriever: Retriever | None = None,
                 k: int = DEFAULT_K, *, body_of: Callable[[str], Body] | None = None) -> list[Judged]:
    """(claim, body) texts as a judge reads them; each distinct text is analysed once (`body_of`: a
    caller's own cache of analysed bodies).

    The one place a (claim, body, evidence) triple is built: the Checker and every trainer call it.
    """
    retriever = retriever or TfidfRetriever()
    bodies: dict[str, Body] = {}
    claims: dict[str, Claim] = {}
    out: list[Judged] = []
    for headline, text in pairs:
        if headline not in claims:
            claims[headline] = index.claim(headline)
        if text not in bodies:
            bodies[text] = body_of(text) if body_of else index.body(text)
        out.append((claims[headline], bodies[text], retriever.retrieve(claims[headline], bodies[text], k)))
    return out
