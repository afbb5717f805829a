"""Reading PolNeAR: brat ``.ann`` files of ``Source``/``Cue``/``Content`` spans joined by
``Attribution`` events, next to the article texts they index by character offset.

Several annotators may have annotated one article (``<name>_<annotator>.ann``); evaluation uses
the file whose annotator code sorts first, so every run scores the same gold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportedly.evaluation.unreadable import Unreadable
from reportedly.relations import ROLES, Fragments, Relation

#: A gold attribution is a ``Relation`` (the name evaluation code reads best).
GoldRelation = Relation

__all__ = ["ROLES", "Article", "Fragments", "GoldRelation", "load_split", "parse_ann"]


@dataclass
class Article:
    name: str
    annotator: str
    text: str
    relations: list[GoldRelation] = field(default_factory=list)


def parse_ann(text: str) -> list[GoldRelation]:
    """The attributions of one ``.ann`` file (span lines may wrap: only offsets are read)."""
    spans: dict[str, tuple[str, Fragments]] = {}
    events: list[dict[str, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        ident = parts[0]
        if ident.startswith("T") and " " in parts[1]:
            kind, offsets = parts[1].split(" ", 1)
            try:
                pieces = tuple(
                    (int(a), int(b)) for a, b in (piece.split() for piece in offsets.split(";"))
                )
            except ValueError:
                raise ValueError(f"line {number}: offsets {offsets!r} are not numbers") from None
            spans[ident] = (kind, pieces)
        elif ident.startswith("E"):
            args = dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg)
            events.append(args)

    def frags(args: dict[str, str], role: str) -> Fragments:
        ident = args.get(role)
        return spans[ident][1] if ident in spans else ()

    return [
        GoldRelation(frags(args, "Cue"), frags(args, "Source"), frags(args, "Content"))
        for args in events
    ]


def read_text(path: Path) -> str:
    """The file's text with line ends untouched, so brat offsets stay valid."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def read_article(folder: Path, ann: Path) -> Article:
    """One annotated article; ``ValueError`` or ``OSError`` saying why it cannot be read."""
    name, annotator = ann.stem.rsplit("_", 1) if "_" in ann.stem else (ann.stem, "")
    text = read_text(folder / "text" / f"{name}.txt")
    relations = parse_ann(ann.read_text(encoding="utf-8"))
    for relation in relations:
        for start, end in (*relation.cue, *relation.source, *relation.content):
            if not 0 <= start <= end <= len(text):
                raise ValueError(f"span {start}-{end} outside a text of {len(text)} characters")
    return Article(name, annotator, text, relations)


def _read_all(folder: Path, anns: list[Path], unreadable: Unreadable | None) -> list[Article]:
    unreadable = unreadable if unreadable is not None else Unreadable()
    articles = []
    for ann in anns:
        try:
            articles.append(read_article(folder, ann))
        except (OSError, ValueError) as exc:  # UnicodeDecodeError is a ValueError
            unreadable.note(str(ann), str(exc))
    return articles


def load_split(data: Path, split: str, unreadable: Unreadable | None = None) -> list[Article]:
    """Every article of ``split`` with the annotation of its first annotator (sorted); an
    article that cannot be read is left out and noted in ``unreadable``."""
    folder = data / split
    chosen: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        chosen.setdefault(name, ann)
    return _read_all(folder, [ann for _, ann in sorted(chosen.items())], unreadable)


def load_annotators(
    data: Path, split: str = "annotator-training", unreadable: Unreadable | None = None
) -> dict[str, list[Article]]:
    """All annotators' versions of each article (for human agreement), keyed by article name."""
    folder = data / split
    by_name: dict[str, list[Article]] = {}
    anns = sorted((folder / "attributions").glob("*.ann"))
    for article in _read_all(folder, anns, unreadable):
        by_name.setdefault(article.name, []).append(article)
    return by_name
