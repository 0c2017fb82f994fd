"""`headcheck train --only lexicon`: derive the comparison stage's word table from WordNet 3.0, once.

Reads the WordNet database files (Debian's `wordnet-base`: /usr/share/wordnet) and writes
`models/lexicon/wordnet.json.gz`, with WordNet's licence beside it. Inference reads only that table, so
neither WordNet nor NLTK is needed at run time. Five relations, each for single words and phrasal verbs
(a verb and its particle, 'step_down') only:

- antonyms: WordNet's lexical antonym pointers ("!"), both ways, where one side is among a word's first
  `SENSES` senses (satellites do not inherit their head's antonyms: "clear" would oppose half the language);
- synonyms: the other words of a word's first `SENSES` senses (the frequent ones; later senses join
  words that rarely mean the same in news);
- related: derivationally related words of another part of speech ("resign" / "resignation"), from the
  same senses, so a verb in a headline meets its noun in a body;
- kin: for verbs, the words of every sense, of its direct hypernyms and of its troponyms ("halt" / "stop",
  "take" / "win", "name" / "appoint"): too loose to match words by, but a body whose verb is kin to the
  headline's tells its event in other words, and has not changed it;
- defined: for verbs, the words of their most frequent sense's definition ("arrest": "take into custody";
  "fine": "issue a ticket or a fine to as a penalty"), split into the telling ones (nouns and verbs of at most
  `DEFINING_SENSES` senses, in at most `DEFINING_USES` definitions, no thing: "custody", "penalty") and the
  rest ("take", "issue"), so that a body which says "nobody was taken into custody" negates "arrest" though it
  never uses the word.

A score, valence: for each adjective VADER's lexicon lacks, the mean of VADER's valences for the other words
of its first sense and, for a satellite, of its head ("exemplary": "worthy"; "shrewd": "smart"; "ruthless":
"pitiless", "remorseless"), so that praise or blame VADER has no word for still reads as such; not for a word
that can be a verb or only a noun ("set", "boss", "model"), nor from a neighbour of one or two letters.

And one list: doers, the nouns whose most frequent sense is a person or a group of people (WordNet's
lexicographer files noun.person and noun.group: "lifeguard", "team", "archaeologist"; not "far", "May",
"vote"), so that a passive's unnamed doer ("found by a team of archaeologists") can be told from its other
uses of "by".
"""

from __future__ import annotations

import gzip
import json
import math
import re
import shutil
from collections import Counter, defaultdict
from pathlib import Path

from headcheck.compare.lexicon import PARTICLES, vader
from headcheck.errors import InputError
from headcheck.shipped import LEXICON_DIR
from headcheck.text.grammar import parts_of_speech
from headcheck.text.lexical import STOPWORDS
from headcheck.training import Log

DEFAULT_WORDNET_DIR = Path("/usr/share/wordnet")
LICENCE = Path("/usr/share/doc/wordnet-base/copyright")
POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
DOER_FILES = frozenset({"14", "18"})  # WordNet's lexicographer files noun.group and noun.person
SENSES = 2  # senses of a word whose synonyms and related forms are kept
DEFINING_SENSES = 8  # senses (all parts of speech) of a definition's word that still tell one event ...
DEFINING_USES = 20  # ... and the verb definitions it may be in ('cause' is in 412, 'move' 325, 'custody' 6)
# Lexicographer files of things, not of events or states (animal, artifact, body, food, group, location, object,
# person, plant, substance): 'weapon' in the definition of 'shoot' is what it is done with, not the deed.
THING_FILES = frozenset("05 06 08 13 14 15 17 18 20 27".split())


def _word(raw: str) -> str | None:
    """A WordNet word as written in text: adjective markers dropped; of multi-word entries only a verb and its
    particle ('step_down', 'call_off'), which the comparison reads as one word (`compare.reading`)."""
    word = raw.split("(")[0].lower()
    head, _, particle = word.partition("_")
    if particle:
        return word if head.isalpha() and particle in PARTICLES else None
    return word if word.isalpha() else None


def _read_data(path: Path) -> dict[str, tuple[str, list[str], list[tuple[str, str, str, int, int]]]]:
    """synset offset -> (type, words, pointers (symbol, offset, pos, source word, target word)); the type of a
    noun's synset carries its lexicographer file ('n18': noun.person)."""
    synsets = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue  # the licence header
        fields = line.split(" | ")[0].split()
        offset, kind, count = fields[0], fields[2], int(fields[3], 16)
        words = [fields[4 + 2 * i] for i in range(count)]
        at = 4 + 2 * count
        pointers = []
        for i in range(int(fields[at])):
            symbol, target, pos, link = fields[at + 1 + 4 * i : at + 5 + 4 * i]
            pointers.append((symbol, target, pos, int(link[:2], 16), int(link[2:], 16)))
        synsets[f"{POS_OF_TYPE[kind]}{offset}"] = (f"n{fields[1]}" if kind == "n" else kind, words, pointers)
    return synsets


POS_OF_TYPE = {"n": "n", "v": "v", "a": "a", "s": "a", "r": "r"}


def _doers(synsets: dict[str, tuple[str, list[str], list[tuple[str, str, str, int, int]]]],
           noun_senses: dict[str, list[str]]) -> str:
    """The nouns whose first sense is a person or a group of people, space-separated."""
    return " ".join(sorted(word for word, offsets in noun_senses.items()
                           if word.isalpha() and offsets and synsets[offsets[0]][0][1:] in DOER_FILES))


def _first_senses(path: Path) -> dict[str, list[str]]:
    """word -> its synset offsets in sense order (most frequent first), from an index file."""
    senses = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        fields = line.split()
        word, pos, count, pointer_count = fields[0], fields[1], int(fields[2]), int(fields[3])
        offsets = fields[6 + pointer_count : 6 + pointer_count + count]
        senses[word] = [f"{pos}{o}" for o in offsets]
    return senses


def derive(wordnet_dir: Path) -> dict[str, dict[str, str] | dict[str, float] | str]:
    """The five relations as word -> its related words, sorted, space-separated; the doers; the valences."""
    if not (wordnet_dir / "data.verb").exists():
        raise InputError(f"no WordNet database in {wordnet_dir} (install the Debian package wordnet-base)")
    synsets: dict[str, tuple[str, list[str], list[tuple[str, str, str, int, int]]]] = {}
    index = {name: _first_senses(wordnet_dir / f"index.{name}") for name in POS}  # each file read once
    senses: dict[str, list[str]] = {}
    for name in POS:
        synsets |= _read_data(wordnet_dir / f"data.{name}")
        for word, offsets in index[name].items():
            senses.setdefault(word, []).extend(offsets[:SENSES])
    frequent = {(word, key) for word, offsets in senses.items() for key in offsets}
    antonyms: dict[str, set[str]] = defaultdict(set)
    for key, (_, words, pointers) in synsets.items():
        for symbol, target, pos, source, goal in pointers:
            other = f"{POS_OF_TYPE[pos]}{target}"
            if symbol != "!" or other not in synsets:
                continue
            a, b = _word(words[source - 1]), _word(synsets[other][1][goal - 1])
            if a and b and a != b and ((a, key) in frequent or (b, other) in frequent):
                antonyms[a].add(b)
                antonyms[b].add(a)
    synonyms: dict[str, set[str]] = defaultdict(set)
    related: dict[str, set[str]] = defaultdict(set)
    for word, offsets in senses.items():
        if _word(word) is None:
            continue
        for key in offsets:
            _, words, pointers = synsets[key]
            synonyms[word] |= {w for w in map(_word, words) if w and w != word}
            for symbol, target, pos, source, goal in pointers:
                if symbol == "+" and source and _word(words[source - 1]) == word:
                    other = _word(synsets[f"{POS_OF_TYPE[pos]}{target}"][1][goal - 1])
                    if other and other != word:
                        related[word].add(other)
    # Each word's list as one space-separated string: a tenth of the objects in memory once loaded.
    relations: dict[str, dict[str, str] | dict[str, float] | str] = {
        name: {w: " ".join(sorted(ws)) for w, ws in sorted(table.items()) if ws}
        for name, table in (("antonyms", antonyms), ("synonyms", synonyms), ("related", related),
                            ("kin", _kin(synsets, index["verb"])))}
    return relations | {"doers": _doers(synsets, index["noun"]), "defined": _defined(wordnet_dir, index, synsets),
                        "valence": _valences(synsets, index["adj"])}


def _kin(synsets: dict[str, tuple[str, list[str], list[tuple[str, str, str, int, int]]]],
         verb_senses: dict[str, list[str]]) -> dict[str, set[str]]:
    """verb -> the words of all its senses, their direct hypernyms ("@") and troponyms ("~")."""
    kin: dict[str, set[str]] = defaultdict(set)
    for word, offsets in verb_senses.items():
        if _word(word) is None:
            continue
        for key in offsets:
            near = [key, *(f"v{target}" for symbol, target, pos, _, _ in synsets[key][2]
                           if symbol in ("@", "~") and pos == "v")]
            kin[word] |= {w for k in near for w in map(_word, synsets[k][1]) if w and w != word}
    return kin


def _defined(wordnet_dir: Path, index: dict[str, dict[str, list[str]]],
             synsets: dict[str, tuple[str, list[str], list[tuple[str, str, str, int, int]]]]) -> dict[str, str]:
    """verb -> the lemmas of its first sense's definition, 'telling|general' (the examples after it dropped)."""
    glosses = {}
    for line in (wordnet_dir / "data.verb").read_text(encoding="latin-1").splitlines():
        if not line.startswith(" "):
            head, _, gloss = line.partition(" | ")
            glosses[f"v{head.split()[0]}"] = gloss.split(";")[0].split('"')[0]
    senses: dict[str, int] = defaultdict(int)
    for table in index.values():
        for word, offsets in table.items():
            senses[word] += len(offsets)
    words = {word: {lemma for w in re.findall(r"[a-z]+", glosses[offsets[0]].lower()) if w not in STOPWORDS
                    for lemma in _lemmas(w) if lemma in senses and lemma != word}
             for word, offsets in index["verb"].items() if _word(word) is not None and offsets}
    uses = Counter(lemma for lemmas in words.values() for lemma in lemmas)
    things = {word for word, offsets in index["noun"].items() if synsets[offsets[0]][0][1:] in THING_FILES
              and word not in index["verb"]}
    defined = {}
    for word, lemmas in words.items():
        telling = sorted(w for w in lemmas if senses[w] <= DEFINING_SENSES and uses[w] <= DEFINING_USES
                         and w not in things)
        if telling:
            defined[word] = " ".join(telling) + "|" + " ".join(sorted(lemmas.difference(telling)))
    return defined


def _valences(synsets: dict[str, tuple[str, list[str], list[tuple[str, str, str, int, int]]]],
              adjective_senses: dict[str, list[str]]) -> dict[str, float]:
    """adjective -> the mean VADER valence of its first sense's other words (and its head's, for a satellite)."""
    known: dict[str, float] = vader().lexicon  # type: ignore[attr-defined]
    valences = {}
    for word, offsets in adjective_senses.items():
        forms = parts_of_speech(word)
        if word in known or word in STOPWORDS or not word.isalpha() or "VERB" in forms or (
                forms and "ADJ" not in forms):
            continue
        kind, words, pointers = synsets[offsets[0]]
        near = set(words) | {w for symbol, target, _, _, _ in pointers if symbol == "&" and kind == "s"
                             for w in synsets[f"a{target}"][1]}
        scores = [known[w] for w in filter(None, map(_word, near)) if len(w) > 2 and w != word and w in known]
        if scores:
            valences[word] = round(math.fsum(scores) / len(scores), 2)  # (exact: the same whatever the order)
    return valences


def _lemmas(word: str) -> set[str]:
    """A definition's word as its noun or verb lemmas ('performing': 'perform'); none for other words
    ('voluntarily', 'unsafe'), which tell no event."""
    forms = parts_of_speech(word)
    return set(forms.get("NOUN", ()) + forms.get("VERB", ()))


def train(wordnet_dir: Path = DEFAULT_WORDNET_DIR, out_dir: Path = LEXICON_DIR, log: Log = print) -> None:
    table = derive(wordnet_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(out_dir / "wordnet.json.gz", "wb", compresslevel=9, mtime=0) as f:
        f.write(json.dumps({"source": "WordNet 3.0 (Princeton University)", **table}, sort_keys=True,
                           separators=(",", ":")).encode("utf-8"))
    if LICENCE.exists():
        shutil.copyfile(LICENCE, out_dir / "LICENSE-WordNet")
    log(f"wrote {out_dir / 'wordnet.json.gz'}: " + ", ".join(
        f"{k} {len(v.split() if isinstance(v, str) else v):,} words" for k, v in table.items()))
