"""Reading PolNeAR: brat ``.ann`` files of ``Source``/``Cue``/``Content`` spans joined by
``Attribution`` events, next to the article texts they index by character offset.

Several annotators may have annotated one article (``<name>_<annotator>.ann``); evaluation uses
the file whose annotator code sorts first, so every run scores the same gold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

Fragments = tuple[tuple[int, int], ...]
ROLES = ("source", "cue", "content")


@dataclass(frozen=True)
class GoldRelation:
    """One attribution: each role is a tuple of ``[start, end)`` fragments (maybe empty)."""

    cue: Fragments
    source: Fragments
    content: Fragments


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
    for line in text.splitlines():
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
                continue
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


def load_split(data: Path, split: str) -> list[Article]:
    """Every article of ``split`` with the annotation of its first annotator (sorted)."""
    folder = data / split
    chosen: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        chosen.setdefault(name, ann)
    articles = []
    for name, ann in sorted(chosen.items()):
        text = read_text(folder / "text" / f"{name}.txt")
        relations = parse_ann(ann.read_text(encoding="utf-8"))
        articles.append(Article(name, ann.stem.rsplit("_", 1)[1], text, relations))
    return articles


def load_annotators(data: Path, split: str = "annotator-training") -> dict[str, list[Article]]:
    """All annotators' versions of each article (for human agreement), keyed by article name."""
    folder = data / split
    by_name: dict[str, list[Article]] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        name, annotator = ann.stem.rsplit("_", 1)
        text = read_text(folder / "text" / f"{name}.txt")
        by_name.setdefault(name, []).append(
            Article(name, annotator, text, parse_ann(ann.read_text(encoding="utf-8")))
        )
    return by_name
