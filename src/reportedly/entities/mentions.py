"""From spaCy's entity spans to clean name mentions: trimmed, retyped, with titles kept apart.

spaCy's spans carry noise the later steps must not see: a leading 'the', a possessive 's, a
title inside a PERSON span, a country glued to a name ('Belarus Alexander Lukashenko'), and
labels the small model gets wrong (Odesa as ORG, Kharkiv as FAC, 'Ukrainian' as GPE). Each
mention here spans the name only; the title before it ('former President') is kept as a role.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.attrs import ENT_IOB, ENT_TYPE, POS
from spacy.parts_of_speech import PROPN
from spacy.tokens import Doc, Token

from reportedly.entities.names import NameIndex, role_words
from reportedly.entities.toponyms import missed_toponyms
from reportedly.gazetteer import Gazetteer, normalize
from reportedly.places.resolver import not_places, place_words

KEPT = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)
PLACE_PREPOSITIONS = frozenset(
    {
        "in",
        "to",
        "from",
        "near",
        "at",
        "outside",
        "into",
        "across",
        "toward",
        "towards",
        "around",
        "through",
        "inside",
        "via",
        "over",
    }
)
RETYPE_CITY_POPULATION = 100_000
STRONG_FEATURES = frozenset({"country", "subdivision"})


@dataclass
class RawMention:
    """One name in the text, before clustering."""

    start: int  # character offsets of the name only
    end: int
    label: str
    text: str
    kind: str = "name"
    role: str | None = None  # the title right before the name, as written
    hint: str | None = None  # place type from a following word ('region' -> subdivision)


def _entity_spans(doc: Doc) -> list[tuple[int, int, str]]:
    """(start, end, label) of the named entities, read from the token arrays: ``doc.ents``
    builds Python objects for every token and costs more than the rest of this stage."""
    iob, types = doc.to_array([ENT_IOB, ENT_TYPE]).T
    strings = doc.vocab.strings
    spans = []
    for i in (iob == 3).nonzero()[0].tolist():  # 3 = B(egin), 1 = I(nside)
        end = i + 1
        while end < len(iob) and iob[end] == 1:
            end += 1
        spans.append((i, end, strings[int(types[i])]))
    return spans


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int, bool]:
    """Token bounds without a leading determiner, trailing possessive or punctuation."""
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    possessive = False
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s", "'")):
        possessive = possessive or doc[end - 1].lower_ in ("'s", "’s", "'")
        end -= 1
    if end < len(doc) and doc[end].lower_ in ("'s", "’s"):
        possessive = True
    return start, end, possessive


def _is_title(token: Token) -> bool:
    words = role_words()
    return token.lower_ in words["titles"] or token.lower_ in words["modifiers"]


def _role_before(doc: Doc, start: int, labels: dict[int, str]) -> str | None:
    """The title right before a name: 'White House national security adviser' Jake Sullivan."""
    words = role_words()
    i = start - 1
    while i >= 0 and doc[i].lower_ in words["honorifics"]:
        i -= 1  # 'Mr.' is neither role nor name
    first, has_title = None, False
    while i >= 0:
        token = doc[i]
        low = token.lower_
        if low in words["titles"]:
            has_title = True
        elif (
            low in words["modifiers"]
            or labels.get(i) in ("ORG", "GPE", "NORP", "FAC", "LOC")
            or (low == "of" and first is not None)
            or (low == "-" and first is not None)
            or (
                first is not None
                and token.pos_ in ("ADJ", "NOUN", "PROPN")
                and token.dep_ in ("compound", "amod", "nmod")
                and token.head.i > i
            )
        ):
            pass
        else:
            break
        first = i
        if token.is_sent_start:
            break
        i -= 1
    if first is None or not has_title:
        return None
    while first < start and doc[first].lower_ in ("of", "-"):
        first += 1
    end = start
    while end > first and doc[end - 1].lower_ in words["honorifics"]:
        end -= 1
    return doc[first:end].text


def _place_cue(doc: Doc, start: int, end: int, labels: dict[int, str]) -> bool:
    """Grammar that says 'a place': 'in X', 'X region', or listed with a place ('Kharkov and X')."""
    if start > 0 and doc[start - 1].lower_ in PLACE_PREPOSITIONS:
        return True
    if end < len(doc) and normalize(doc[end].text) in place_words():
        return True
    head = doc[end - 1]
    if head.dep_ in ("conj", "appos") and labels.get(head.head.i) in ("GPE", "LOC"):
        return True
    return any(labels.get(c.i) in ("GPE", "LOC") for c in head.children if c.dep_ == "conj")


def _retype(gaz: Gazetteer, text: str, label: str, cue: bool, person_words: set[str]) -> str:
    """Correct a label where the gazetteer is sure, or the grammar and gazetteer agree.

    A country or division name is a place whatever the model said; a big city's name is one
    when grammar says so ('in Odesa', 'Kharkov and Odesa'). A word that is part of a person's
    full name elsewhere in the text stays a person ('Jordan' after 'Michael Jordan').
    """
    key = normalize(text)
    if key in gaz.demonyms and label in ("GPE", "LOC", "NORP", "ORG", "PERSON"):
        return "NORP"
    if label in ("GPE", "LOC"):
        return label
    if any(w in role_words()["org_words"] for w in key.split()):
        return label
    slots = gaz.lookup(text)
    if not slots:
        return label
    strong = any(gaz.feature[s] in STRONG_FEATURES for s in slots)
    big_city = any(
        gaz.feature[s] == "city" and gaz.population[s] >= RETYPE_CITY_POPULATION for s in slots
    )
    if label == "PERSON" and (" " in text or key in person_words):
        return label
    if label == "NORP":
        return "GPE" if strong or big_city else label
    if strong or (big_city and cue):
        return "GPE"
    return label


def _missed_places(
    gaz: Gazetteer, doc: Doc, labels: dict[int, str]
) -> list[tuple[int, int, str, bool]]:
    """Country and division names the model left untagged ('President of Belarus X')."""
    found = []
    pos, ent_iob = doc.to_array([POS, ENT_IOB]).T  # no Token objects for the whole doc
    for i in (pos == PROPN).nonzero()[0].tolist():
        if i in labels or ent_iob[i] in (1, 3):
            continue
        token = doc[i]
        if not token.is_title:
            continue
        if normalize(token.text) in gaz.demonyms or normalize(token.text) in not_places():
            continue
        if any(gaz.feature[s] in STRONG_FEATURES for s in gaz.lookup(token.text)):
            found.append((token.i, token.i + 1, "GPE", False))
    return found


def _split_leading_place(gaz: Gazetteer, doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """'Belarus Alexander Lukashenko' -> the token range of 'Belarus' when a name follows."""
    for cut in range(start + 1, min(end - 1, start + 3)):
        text = doc[start:cut].text
        if any(gaz.feature[s] in STRONG_FEATURES for s in gaz.lookup(text)):
            return start, cut
    return None


def raw_mentions(doc: Doc, gaz: Gazetteer) -> list[RawMention]:
    """Every kept entity span of the doc as clean name mentions, in text order."""
    labels: dict[int, str] = {}
    spans: list[tuple[int, int, str, bool]] = []
    titles = role_words()["titles"]
    for ent_start, ent_end, ent_label in _entity_spans(doc):
        if ent_label not in KEPT:
            continue
        start, end, possessive = _trim(doc, ent_start, ent_end)
        if ent_label == "PERSON":
            while start < end - 1 and (_is_title(doc[start]) or doc[start].lower_ in titles):
                start += 1
            split = _split_leading_place(gaz, doc, start, end)
            if split is not None:
                spans.append((split[0], split[1], "GPE", False))
                for i in range(*split):
                    labels[i] = "GPE"
                start = split[1]
        if start >= end:
            continue
        spans.append((start, end, ent_label, possessive))
        for i in range(start, end):
            labels[i] = ent_label
    missed = _missed_places(gaz, doc, labels)
    for start, _end, label, _ in missed:
        labels[start] = label
    spans = sorted(spans + missed)
    person_words = {
        normalize(w)
        for start, end, label, _ in spans
        if label == "PERSON" and end - start > 1
        for w in doc[start:end].text.split()
    }
    # Label votes per name: a name the gazetteer lacks is not a place if also tagged ORG.
    votes: dict[str, set[str]] = defaultdict(set)
    for start, end, label, _ in spans:
        votes[normalize(doc[start:end].text)].add(label)
    mentions = []
    named: list[tuple[int, int, RawMention]] = []
    for start, end, label, possessive in spans:
        text = doc[start:end].text
        key = normalize(text)
        cue = _place_cue(doc, start, end, labels)
        new = _retype(gaz, text, label, cue, person_words)
        if new in ("GPE", "LOC") and "ORG" in votes[key] and not gaz.lookup(text):
            new = "ORG"
        if new != label:
            for i in range(start, end):
                labels[i] = new
        mention = RawMention(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), new, text)
        if possessive:
            mention.kind = "possessive"
        if new in ("GPE", "LOC", "FAC") and end < len(doc):
            hint = place_words().get(normalize(doc[end].text))
            if hint is not None:
                mention.hint = hint
                mention.end = doc[end].idx + len(doc[end])
                mention.text = doc[start : end + 1].text
                mention.label = "GPE"
        if new == "PERSON":
            mention.role = _role_before(doc, start, labels)
            if mention.role is not None and mention.kind == "name":
                mention.kind = "title_name"
        mentions.append(mention)
        named.append((start, end, mention))
    mentions.extend(_gazetteer_mentions(doc, gaz, named, person_words))
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


def _gazetteer_mentions(
    doc: Doc, gaz: Gazetteer, named: list[tuple[int, int, RawMention]], person_words: set[str]
) -> list[RawMention]:
    """Places the model missed (``entities.toponyms``): a whole name it labelled otherwise is
    relabelled; one inside another name or untagged becomes a mention of its own, so 'the
    Kharkiv regional administration' is an organisation that names a place."""
    by_range = {(start, end): m for start, end, m in named}
    spans = [(start, end, m.label) for start, end, m in named]
    extra = []
    for start, end, whole, _rule in missed_toponyms(doc, gaz, spans, person_words):
        mention = by_range.get((start, end)) if whole else None
        if mention is not None:
            mention.label = "GPE"
            mention.role = None
            if mention.kind == "title_name":
                mention.kind = "name"
            continue
        last = doc[end - 1]
        extra.append(RawMention(doc[start].idx, last.idx + len(last), "GPE", doc[start:end].text))
    return extra


SURNAME_RELABEL = frozenset({"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"})


def relabel_surnames(mentions: list[RawMention]) -> list[RawMention]:
    """A lone word tagged ORG that is the surname of a person named in full is that person:
    the small model tags "Zelenskiy's office" as ORG after "Volodymyr Zelenskyy"."""
    surnames = NameIndex()
    for m in mentions:
        if m.label == "PERSON" and len(m.text.split()) > 1:
            surnames.add(m.text.split()[-1], 0)
    for m in mentions:
        if m.label in SURNAME_RELABEL and " " not in m.text and surnames.find(m.text):
            m.label = "PERSON"
    return mentions
