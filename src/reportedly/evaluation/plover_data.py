"""The PLOVER gold-standard records, read in the current PLOVER categories, with their spans.

The file (``PLOVER_GSR_CAMEO.json``, PLOVER 0.5b1) is a JSON list of records, each one
sentence or two with one coded event: ``text``, ``event`` (the old category set, CAMEO cue
categories), ``mode``, ``context``, ``eventText`` (the trigger words, space-joined, perhaps from
several places), ``source``/``target`` (lists of ``{"actorText", ...}``) and
``textInfo.markup``: the text with ``(SRC: ...)``, ``(TAR: ...)``, ``(SRC/TAR: ...)``,
``(EVT: ...)`` and ``(LOC: ...)`` wrappers, which may nest. A ``DOCUMENT`` record documents the
file and is skipped.

``data/events/gold_mapping.json`` maps the old categories and modes to the current manual's;
the spans are located in ``text`` (Python string offsets), preferring the occurrence the markup
wraps. A record whose spans cannot be located still counts for its category.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from reportedly.evaluation.unreadable import Unreadable
from reportedly.events.lexicon import CATEGORIES as EVENT_CATEGORIES
from reportedly.resources import ResourceError, load_json

Offsets = tuple[int, int]

#: The 16 categories of the current manual, in its order (chapter 3).
CATEGORIES = EVENT_CATEGORIES
SPLITS = ("heldout", "tune", "all")
#: The held-out part: records whose id's number is a multiple of this (one in five).
HELDOUT_EVERY = 5


@dataclass(frozen=True)
class GoldActor:
    text: str
    span: Offsets | None  # None: not found in the text


@dataclass(frozen=True)
class GoldEvent:
    id: str
    text: str
    category: str
    mode: str | None
    old_category: str
    old_mode: str | None
    context: tuple[str, ...]
    trigger_text: str
    #: Where the trigger words are: one span per marked (EVT: ...) piece; empty if not found.
    trigger: tuple[Offsets, ...]
    sources: tuple[GoldActor, ...]
    targets: tuple[GoldActor, ...]


@dataclass(frozen=True)
class Mapped:
    category: str
    mode: str | None
    swap: bool
    why: str


@dataclass(frozen=True)
class GoldMapping:
    categories: dict[str, dict[str, Any]]
    modes: dict[str, dict[str, dict[str, Any]]]
    records: dict[str, dict[str, Any]]
    manual_modes: dict[str, frozenset[str]]

    def resolve(self, record_id: str, category: str, mode: str | None) -> Mapped:
        """The current category and mode of an old (category, mode) pair; ``KeyError`` for an
        old category the mapping does not know."""
        base = self.categories[category]
        fields: dict[str, Any] = {"category": base["category"], "mode": base.get("mode")}
        fields["swap"] = bool(base.get("swap", False))
        why = [str(base.get("why", ""))]
        rule = self.modes.get(category, {}).get(mode) if mode else None
        if rule is not None:
            fields.update({k: rule[k] for k in ("category", "mode", "swap") if k in rule})
            why.append(str(rule.get("why", "")))
        elif mode:
            # a mode the mapping does not rename: kept where the current table has it
            known = mode in self.manual_modes.get(fields["category"], frozenset())
            fields["mode"] = mode if known else fields["mode"]
        override = self.records.get(record_id)
        if override is not None:
            fields.update({k: override[k] for k in ("category", "mode", "swap") if k in override})
            why.append(str(override.get("why", "")))
        return Mapped(fields["category"], fields["mode"], fields["swap"], "; ".join(why))


def _check_mapping(mapping: GoldMapping) -> None:
    """Every rule must land on a current category and one of its manual modes."""
    label = "data/events/gold_mapping.json"
    rules: list[tuple[str, dict[str, Any]]] = [
        (f"category {k}", v) for k, v in mapping.categories.items()
    ]
    rules += [(f"mode {c}/{m}", r) for c, ms in mapping.modes.items() for m, r in ms.items()]
    rules += [(f"record {k}", v) for k, v in mapping.records.items()]
    for where, rule in rules:
        if not isinstance(rule, dict) or not rule.get("why"):
            raise ResourceError(f"{label}: {where} needs an object with a 'why'")
        if "category" in rule and rule["category"] not in CATEGORIES:
            raise ResourceError(f"{label}: {where}: {rule['category']!r} is not a category")
    for category in mapping.categories:
        for mode in [None, *mapping.modes.get(category, {})]:
            mapped = mapping.resolve("", category, mode)
            allowed = mapping.manual_modes.get(mapped.category, frozenset())
            if mapped.mode is not None and mapped.mode not in allowed:
                raise ResourceError(
                    f"{label}: {category}/{mode} gives mode {mapped.mode!r}, "
                    f"not in the manual's {mapped.category} table"
                )


@cache
def gold_mapping() -> GoldMapping:
    data = load_json(
        "events/gold_mapping.json",
        {"categories": dict, "modes": dict, "records": dict, "manual_modes": dict},
    )
    mapping = GoldMapping(
        categories=data["categories"],
        modes=data["modes"],
        records=data["records"],
        manual_modes={k: frozenset(v) for k, v in data["manual_modes"].items()},
    )
    _check_mapping(mapping)
    return mapping


# -- markup -------------------------------------------------------------------------------

_TAG = re.compile(r"\(([A-Z]+(?:/[A-Z]+)*):\s*")


@dataclass(frozen=True)
class Piece:
    """One wrapped part of the markup: its tags (``{"SRC", "TAR"}``) and where it lies in the
    text the markup gives once its wrappers are removed."""

    tags: frozenset[str]
    start: int
    end: int
    text: str


def parse_markup(markup: str) -> tuple[str, list[Piece]]:
    """The plain text of ``markup`` and its wrapped pieces (nested ones too).

    A literal parenthesis inside a piece, as in ``(SRC: the Front (MILF))``, is kept. A ``}``
    closes an open piece (a typo of the gold). ``ValueError`` when the wrappers do not balance.
    """
    out: list[str] = []
    stack: list[tuple[frozenset[str], int] | None] = []  # None: a literal "("
    pieces: list[Piece] = []
    length = 0
    i = 0

    def close(opened: tuple[frozenset[str], int]) -> None:
        tags, start = opened
        plain = "".join(out)
        end = len(plain)
        while end > start and plain[end - 1].isspace():
            end -= 1
        pieces.append(Piece(tags, start, end, plain[start:end]))

    while i < len(markup):
        ch = markup[i]
        m = _TAG.match(markup, i) if ch == "(" else None
        if m:
            stack.append((frozenset(m[1].split("/")), length))
            i = m.end()
            continue
        if ch == ")" and stack:
            top = stack.pop()
            if top is not None:
                close(top)
                i += 1
                continue
        elif ch == "}" and stack and stack[-1] is not None:
            top = stack.pop()
            assert top is not None
            close(top)
            i += 1
            continue
        elif ch == "(":
            stack.append(None)
        out.append(ch)
        length += 1
        i += 1
    if any(s is not None for s in stack):
        raise ValueError("a markup wrapper is never closed")
    return "".join(out), sorted(pieces, key=lambda p: (p.start, p.end))


# -- locating spans -----------------------------------------------------------------------


def _pattern(phrase: str) -> re.Pattern[str] | None:
    """A phrase as a pattern: any run of spaces matches any whitespace; ``...`` (the gold's mark
    for left-out words) matches a few words; a hyphen matches a hyphen or a space."""
    parts = [p.strip() for p in re.split(r"\s*(?:\.{2,}|…)\s*", phrase.strip()) if p.strip()]
    if not parts:
        return None

    def words(part: str) -> str:
        return r"\s+".join(re.escape(w).replace(r"\-", r"[-\s]") for w in part.split())

    return re.compile(r"\s+(?:\S+\s+){0,8}?".join(words(p) for p in parts), re.IGNORECASE)


def _occurrences(text: str, phrase: str) -> list[Offsets]:
    exact = [(m.start(), m.end()) for m in re.finditer(re.escape(phrase.strip()), text)]
    if exact and phrase.strip():
        return exact
    pattern = _pattern(phrase)
    return [] if pattern is None else [(m.start(), m.end()) for m in pattern.finditer(text)]


def _shift(pieces: list[Piece], plain: str, text: str) -> list[Piece]:
    """The pieces in ``text`` coordinates: the markup's plain text should equal the text; where
    it does not, each piece moves to the occurrence of its words nearest its markup offset."""
    if plain == text:
        return pieces
    moved = []
    for piece in pieces:
        found = _occurrences(text, piece.text)
        if found:
            start, end = min(found, key=lambda o: abs(o[0] - piece.start))
            moved.append(Piece(piece.tags, start, end, text[start:end]))
    return moved


def _overlaps(a: Offsets, b: Offsets) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def locate_actor(text: str, actor: str, pieces: list[Piece], role: str) -> Offsets | None:
    """Where ``actor`` is in ``text``: the occurrence inside a piece marked ``role`` (SRC or
    TAR) if there is one, else the first occurrence; None when it is not in the text."""
    found = _occurrences(text, actor)
    if not found:
        return None
    marked = [p for p in pieces if role in p.tags]
    for offsets in found:
        if any(_overlaps(offsets, (p.start, p.end)) for p in marked):
            return offsets
    return found[0]


def locate_trigger(text: str, event_text: str, pieces: list[Piece]) -> tuple[Offsets, ...]:
    """The (EVT: ...) pieces; without any, ``eventText`` as a phrase, else each of its words
    found in order (one span per word); empty when nothing is found."""
    marked = tuple((p.start, p.end) for p in pieces if "EVT" in p.tags and p.end > p.start)
    if marked:
        return marked
    whole = _occurrences(text, event_text)
    if whole:
        return (whole[0],)
    spans: list[Offsets] = []
    at = 0
    for word in event_text.split():
        m = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE).search(text, at)
        if m:
            spans.append((m.start(), m.end()))
            at = m.end()
    return tuple(spans)


# -- records ------------------------------------------------------------------------------


def _actors(record: dict[str, Any], key: str) -> list[str]:
    value = record.get(key)
    if value is None or value == "":
        return []
    if isinstance(value, str):  # one record gives a bare string: read it as one actor
        return [value]
    if not isinstance(value, list):
        raise ValueError(f"'{key}' is not a list of actors")
    names = []
    for n, actor in enumerate(value):
        if not isinstance(actor, dict) or not isinstance(actor.get("actorText"), str):
            raise ValueError(f"{key} {n} is not an object with an 'actorText' string")
        if actor["actorText"].strip():
            names.append(actor["actorText"].strip())
    return names


def _markup(record: dict[str, Any]) -> str | None:
    info = record.get("textInfo")
    if isinstance(info, str):  # one record gives the markup itself
        return info
    if isinstance(info, dict) and isinstance(info.get("markup"), str):
        return str(info["markup"])
    return None


def _context(raw: Any) -> tuple[str, ...]:
    if isinstance(raw, list):
        return tuple(c for part in raw for c in _context(part))
    if not isinstance(raw, str):
        return ()
    return tuple(c.strip().lower() for c in raw.split(",") if c.strip())


def read_record(record: Any, mapping: GoldMapping | None = None) -> GoldEvent | None:
    """One gold record in current PLOVER terms; None for the DOCUMENT record. ``ValueError``
    saying what is wrong when it cannot be read."""
    mapping = mapping or gold_mapping()
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    old = record.get("event")
    if old == "DOCUMENT":
        return None
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("no 'text' string")
    if not isinstance(old, str) or not old:
        raise ValueError("no 'event' category")
    record_id = record.get("id")
    if not isinstance(record_id, str) or not record_id:
        raise ValueError("no 'id' string")
    raw_mode = record.get("mode")
    if raw_mode is not None and not isinstance(raw_mode, str):
        raise ValueError(f"mode {raw_mode!r} is not a string")
    old_mode = raw_mode.strip() or None if raw_mode else None
    try:
        mapped = mapping.resolve(record_id, old, old_mode)
    except KeyError:
        raise ValueError(f"unknown event category {old!r}") from None
    event_text = record.get("eventText")
    event_text = event_text if isinstance(event_text, str) else ""
    sources, targets = _actors(record, "source"), _actors(record, "target")
    pieces: list[Piece] = []
    markup = _markup(record)
    if markup is not None:
        try:
            plain, found = parse_markup(markup)
            pieces = _shift(found, plain, text)
        except ValueError:
            pieces = []  # fall back to searching the text
    gold_sources = tuple(GoldActor(a, locate_actor(text, a, pieces, "SRC")) for a in sources)
    gold_targets = tuple(GoldActor(a, locate_actor(text, a, pieces, "TAR")) for a in targets)
    if mapped.swap:
        gold_sources, gold_targets = gold_targets, gold_sources
    return GoldEvent(
        id=record_id,
        text=text,
        category=mapped.category,
        mode=mapped.mode,
        old_category=old,
        old_mode=old_mode,
        context=_context(record.get("context")),
        trigger_text=event_text,
        trigger=locate_trigger(text, event_text, pieces),
        sources=gold_sources,
        targets=gold_targets,
    )


def read_gold(path: Path, unreadable: Unreadable) -> list[GoldEvent] | None:
    """The readable records of one file (each malformed one noted and left out); None when
    the file itself cannot be read."""
    try:
        records = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        unreadable.note(str(path), f"not a readable JSON file ({exc})")
        return None
    if not isinstance(records, list):
        unreadable.note(str(path), "not a JSON list of records")
        return None
    mapping = gold_mapping()
    events = []
    for n, record in enumerate(records):
        name = record.get("id") if isinstance(record, dict) else None
        where = f"{path.name} record {n}" + (f" ({name})" if isinstance(name, str) else "")
        try:
            event = read_record(record, mapping)
        except ValueError as exc:
            unreadable.note(where, str(exc))
            continue
        if event is not None:
            events.append(event)
    return events


# -- the split ----------------------------------------------------------------------------


def id_number(record_id: str) -> int:
    """The number an id ends with (``PLOVER-GSR01-AGREE-0015`` -> 15); an id without one gets a
    stable CRC-32 of the whole id instead."""
    m = re.search(r"(\d+)\s*$", record_id)
    return int(m[1]) if m else zlib.crc32(record_id.encode("utf-8"))


def split_of(record_id: str) -> str:
    """``heldout`` for every fifth record of each old category (id number a multiple of 5),
    else ``tune``. The gold numbers its records per old category, so the held-out part is
    stratified by category."""
    return "heldout" if id_number(record_id) % HELDOUT_EVERY == 0 else "tune"


def select(events: Iterable[GoldEvent], split: str) -> list[GoldEvent]:
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}")
    return [e for e in events if split == "all" or split_of(e.id) == split]
