"""Reading ECB+: CROMER XML documents, the gold event mentions, and the CoNLL key.

The text of a document is rebuilt from its tokens (light detokenisation: no space before
closing punctuation and clitics, one line per sentence), with a map from each token
(sentence, number) to its ``[start, end)`` characters, so that gold mentions, which name
tokens, can be laid over the ``Report`` of the rebuilt text.
Only the train and dev topics of the standard split are read; the test topics are never
listed or opened here.
"""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

#: The standard split (Cybulska & Vossen 2015); topics 15 and 17 are unused, 36-45 are test.
TOPICS: dict[str, tuple[int, ...]] = {
    "train": (1, 3, 4, 6, 7, 8, 9, 10, 11, 13, 14, 16, 19, 20, 22, *range(24, 34)),
    "dev": (2, 5, 12, 18, 21, 23, 34, 35),
}

_NO_SPACE_BEFORE = frozenset(".,;:!?)]}%") | {"'s", "n't", "'re", "'ve", "'ll", "'d", "'m", "'S"}
_NO_SPACE_AFTER = frozenset("([{$")
_QUOTES = {"``": '"', "''": '"'}
_NAME = re.compile(r"^(\d+)_(\d+)(ecbplus|ecb)\.xml$")


@dataclass
class EcbDocument:
    """One article: its rebuilt text and where each token lies in it."""

    name: str
    topic: int
    half: str  # "ecb" or "ecbplus": the two seminal events of a topic
    text: str
    #: (sentence, number in sentence) -> [start, end) in ``text``
    tokens: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    #: sentence -> [start, end) in ``text``
    sentences: dict[int, tuple[int, int]] = field(default_factory=dict)

    @property
    def seminal(self) -> str:
        """The gold seminal event: topic and half, as in the mentions' ``topic_id``."""
        return f"{self.topic}{self.half}"


@dataclass(frozen=True)
class GoldMention:
    """One gold event mention of the mentions file, in file order."""

    id: str
    doc: str
    sentence: int
    tokens: tuple[int, ...]
    text: str
    head: str
    chain: str
    topic_id: str


def parse_name(name: str) -> tuple[int, str]:
    match = _NAME.match(name)
    if not match:
        raise ValueError(f"not an ECB+ document name: {name}")
    return int(match.group(1)), match.group(3)


def rebuild(tokens: Iterable[tuple[int, int, str]]) -> tuple[str, dict, dict]:
    """Text from (sentence, number, token) triples in document order, with both maps."""
    parts: list[str] = []
    at = 0
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    sentences: dict[int, tuple[int, int]] = {}
    last_sentence: int | None = None
    previous = ""
    open_quote = after_open = False
    for sentence, number, raw in tokens:
        token = _QUOTES.get(raw, raw)
        if sentence != last_sentence:
            open_quote = after_open = False
        closing = token == '"' and open_quote
        if last_sentence is None:
            sep = ""
        elif sentence != last_sentence:
            sep = "\n"
        elif token in _NO_SPACE_BEFORE or closing or previous in _NO_SPACE_AFTER or after_open:
            sep = ""
        else:
            sep = " "
        after_open = token == '"' and not closing
        if token == '"':
            open_quote = not closing
        parts.append(sep)
        at += len(sep)
        spans[(sentence, number)] = (at, at + len(token))
        lo, _ = sentences.get(sentence, (at, at))
        sentences[sentence] = (lo, at + len(token))
        parts.append(token)
        at += len(token)
        last_sentence, previous = sentence, token
    return "".join(parts), spans, sentences


def read_document(path: Path) -> EcbDocument:
    topic, half = parse_name(path.name)
    root = ET.parse(path).getroot()
    triples = []
    for token in root.iter("token"):
        text = (token.text or "").strip() or "_"
        triples.append((int(token.get("sentence", 0)), int(token.get("number", 0)), text))
    text, spans, sentences = rebuild(triples)
    return EcbDocument(path.name, topic, half, text, spans, sentences)


def read_documents(data: Path, split: str, names: set[str] | None = None) -> list[EcbDocument]:
    """The documents of a split's topics (only those in ``names`` when given), sorted."""
    documents = []
    for topic in TOPICS[split]:
        folder = data / "xml" / str(topic)
        for path in sorted(folder.glob("*.xml")):
            if names is None or path.name in names:
                documents.append(read_document(path))
    return documents


def read_mentions(path: Path) -> list[GoldMention]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = json.load(handle)
    return [_mention(row) for row in rows]


def _mention(row: dict) -> GoldMention:
    """The mention's tokens as XML (sentence, number) pairs.

    ``mention_id`` is ``<doc>_<sentence>_<number>...``; the file counts the sentences of an
    ``ecbplus`` document from its second XML sentence (the first is the source URL), so one
    is added back there (``tokens_number`` counts tokens without that sentence too).
    """
    doc = row["doc_id"]
    numbers = row["mention_id"][len(doc) + 1 :].split("_")
    sentence = int(numbers[0]) + (1 if doc.endswith("ecbplus.xml") else 0)
    return GoldMention(
        id=row["mention_id"],
        doc=doc,
        sentence=sentence,
        tokens=tuple(int(n) for n in numbers[1:]),
        text=row["tokens_str"],
        head=row["mention_head"],
        chain=row["coref_chain"],
        topic_id=row["topic_id"],
    )


def read_conll_key(path: Path) -> list[list[int]]:
    """Cluster ids per mention line of a one-token-per-mention CoNLL key, in file order."""
    found: list[list[int]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        column = line.split("\t")[-1].strip()
        found.append([int(x) for x in re.findall(r"\d+", column)] if column != "-" else [])
    return found


def write_conll(path: Path, clusters: list[int], name: str = "ECB+/ecbplus_all") -> None:
    """A response file in the key's format: one line per mention, ``(id)`` its cluster."""
    lines = [f"#begin document ({name}); part 000"]
    lines.extend(f"{name}\t({c})" for c in clusters)
    lines.append("#end document")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_conll_clusters(path: Path) -> list[int]:
    """The single cluster id of each mention line (a key written by ``write_conll``)."""
    ids = read_conll_key(path)
    if any(len(i) != 1 for i in ids):
        raise ValueError(f"{path}: a mention line without exactly one cluster id")
    return [i[0] for i in ids]
