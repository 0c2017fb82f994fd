"""A text read word by word as the comparison needs it: offsets, lemmas, what each word can match, and the
clause it sits in. A body is read once (`BodyReading`), whatever number of claims it is compared with."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, replace

from headcheck.compare.lexicon import PARTICLES, lexicon
from headcheck.text.grammar import AUXILIARIES
from headcheck.text.lexical import STOPWORDS, stem
from headcheck.types import Sentence

__all__ = ["CLAUSE_BREAK", "BodyReading", "FirstWords", "Word", "read_words"]

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\u2019.,-]*[A-Za-z0-9]|[A-Za-z0-9]|n't")
CLAUSE_BREAK = re.compile(r"[,;:()\[\]\"\u201c\u201d\u2014\u2013]")  # punctuation that ends a clause
_SUBORDINATE = frozenset("but although though while whereas because after before when which who that".split())
_OBJECT_PRONOUNS = frozenset("it them him her this that".split())  # between a phrasal verb and its particle
_NUMBER = re.compile(r"^\d[\d,.]*$")
_NUMBER_WORDS = frozenset("""one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
    thousand million billion dozen dozens hundreds thousands millions""".split())
_NOT_CONTENT = STOPWORDS | AUXILIARIES | frozenset("""said says say told according also would could
    will may might new last first year years week month day percent per cent mr mrs ms dr""".split())


@dataclass(frozen=True, slots=True)
class Word:
    """One word: its offsets in the text it was read from, its lemmas and the clause it belongs to."""

    text: str  # lower-cased, curly apostrophes straightened
    start: int
    end: int
    clause: int
    capital: bool  # written with a capital, not only because it opens its sentence
    lemmas: frozenset[str]
    content: bool  # a word that says what the text is about (no stopword, no number)
    number: bool
    stem: str


def _split_word(raw: str) -> str:
    return raw.lower().replace("\u2019", "'").rstrip(".,")


def read_words(text: str, offset: int = 0) -> list[Word]:
    """The words of one sentence (or headline); `offset` is where it starts in the text spans refer to.
    Linear in the text's length."""
    out: list[Word] = []
    clause = 0
    last_end = 0
    for i, m in enumerate(_WORD.finditer(text)):
        raw = m.group()
        # (a comma between two numbers lists them: 'beaten 6-3, 6-4 by' stays one clause)
        if CLAUSE_BREAK.search(text, last_end, m.start()) and not (
                raw[0].isdigit() and out and out[-1].text[:1].isdigit() and text[last_end : m.start()] == ", "):
            clause += 1
        last_end = m.end()
        word = _split_word(raw)
        if word in _SUBORDINATE:
            clause += 1
        if word.endswith("n't") and word != "n't":
            word = word[:-3] or word  # "didn't" reads as "did" + a negation
            out.append(_word(word, offset + m.start(), offset + m.end() - 3, clause, raw, i))
            out.append(Word("not", offset + m.end() - 3, offset + m.end(), clause, False, frozenset({"not"}), False,
                            False, "not"))
            continue
        if word.endswith("'s"):
            word = word[:-2]
        out.append(_word(word, offset + m.start(), offset + m.end(), clause, raw, i))
        # 'stepped down' reads as 'step_down'; so does a verb and its particle around a pronoun ('call it off')
        verb = -3 if len(out) > 2 and out[-2].text in _OBJECT_PRONOUNS else -2
        if word in PARTICLES and len(out) > 1 and out[verb].clause == clause and (
                phrasal := lexicon().phrasal(out[verb].lemmas, word)):
            out[verb] = replace(out[verb], lemmas=out[verb].lemmas | phrasal)
    return out


def _word(word: str, start: int, end: int, clause: int, raw: str, position: int) -> Word:
    number = bool(_NUMBER.match(word)) or word in _NUMBER_WORDS
    content = not number and word not in _NOT_CONTENT and len(word) > 1 and word.isascii()
    lemmas = lexicon().lemmas(word) if content or word.isalpha() else frozenset({word})
    # Interned: a body repeats its words, and every cached reading would otherwise hold its own copy of each.
    return Word(sys.intern(word), start, end, clause, raw[:1].isupper() and position > 0, lemmas, content, number,
                stem(word))


@dataclass(frozen=True, slots=True)
class FirstWords:
    """Where each text, lemma and stem first comes among a sentence's content words: what a claim's word
    aligns with, found by look-up rather than by a pass over the sentence for each claim word."""

    text: dict[str, int]
    lemma: dict[str, int]
    stem: dict[str, int]

    @classmethod
    def of(cls, words: tuple[Word, ...]) -> FirstWords:
        text: dict[str, int] = {}
        lemma: dict[str, int] = {}
        stems: dict[str, int] = {}
        for j, w in enumerate(words):
            if w.content:
                text.setdefault(w.text, j)
                stems.setdefault(w.stem, j)
                for key in w.lemmas:
                    lemma.setdefault(key, j)
        return cls(text, lemma, stems)


@dataclass(frozen=True, slots=True)
class BodyReading:
    """Every sentence of a body read once, spans in body offsets."""

    text: str
    sentences: tuple[Sentence, ...]
    words: tuple[tuple[Word, ...], ...]
    # the words it writes with a capital where no sentence opens, and the coined words that only open its
    # sentences ('Nexaplay handled distribution'; never in lower case, unknown to lemminflect): its names
    capitals: frozenset[str]
    firsts: tuple[FirstWords, ...]  # per sentence

    @classmethod
    def of(cls, text: str, sentences: tuple[Sentence, ...]) -> BodyReading:
        """O(text): each sentence read once (`read_words`)."""
        words = tuple(tuple(read_words(s.text, s.start)) for s in sentences)
        lower = {w.text for ws in words for w in ws if not text[w.start : w.start + 1].isupper()}
        lex = lexicon()
        coined = {ws[0].text for ws in words if ws and text[ws[0].start : ws[0].start + 1].isupper()
                  and ws[0].text not in lower and ws[0].text.isalpha() and not lex.common(ws[0].text)}
        return cls(text, sentences, words, frozenset(w.text for ws in words for w in ws if w.capital) | coined,
                   tuple(FirstWords.of(ws) for ws in words))
