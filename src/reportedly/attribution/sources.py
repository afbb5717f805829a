"""Who a source is: its kind, the role kept apart from the name, stated access, and the chain
of reporters ("Bloomberg sources close to the Kremlin": Bloomberg, then the sources).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from reportedly.attribution.lexicon import Lexicon
from reportedly.attribution.spans import TokRange, chars, doc_text, ents_within
from reportedly.model import Source, SourceKind
from reportedly.model import Span as TextSpan

_PRONOUNS = {"he", "she", "they", "them", "it", "we", "i", "who", "which", "that", "him", "her"}


@dataclass(frozen=True)
class Parsed:
    """A source span read apart: its head word, the name inside it, role and access."""

    rng: TokRange
    head: Token
    name: Span | None
    role: TokRange | None
    access: TokRange | None
    outlet: TokRange | None
    kind: SourceKind

    def text(self, doc: Doc) -> str:
        return doc[self.rng[0] : self.rng[1] + 1].text


def read_source(doc: Doc, rng: TokRange, lex: Lexicon) -> Parsed:
    span = doc[rng[0] : rng[1] + 1]
    head = span.root
    ents = ents_within(doc, span.start, span.end)
    person = next((e for e in ents if e.label_ == "PERSON"), None)
    access = _access(doc, span, lex)
    outlet = _outlet(doc, span, ents, lex, head)
    role = None
    if person is not None:
        first = span.start
        while first < person.start and doc[first].dep_ in ("det", "poss", "punct"):
            first += 1
        if first < person.start:
            role = (first, person.start - 1)
            if doc[person.start - 1].lower_ in ("of", "for") and len(person) >= 3:
                # NER glues the country to the name: "President of Belarus Alexander L."
                role = (first, person.start)
                person = doc[person.start + 1 : person.end]
        elif person.end < span.end:
            appos = [c for c in person.root.children if c.dep_ == "appos"]
            if appos:
                a = appos[0]
                left = a.left_edge.i
                while left <= a.right_edge.i and doc[left].dep_ in ("det", "punct"):
                    left += 1
                role = (left, a.right_edge.i)
    kind = _kind(doc, span, head, person, ents, access, outlet, lex)
    name = person
    if name is None and kind in ("organisation", "outlet", "government"):
        name = next((e for e in ents if e.root.i == head.i), None)
    return Parsed(rng, head, name, role, access, outlet, kind)


def _access(doc: Doc, span: Span, lex: Lexicon) -> TokRange | None:
    lowered = span.text.lower()
    for marker in lex.words["anonymous_markers"]:
        at = lowered.find(marker)
        if at < 0:
            continue
        start_char = span.start_char + at
        tok = next((t for t in span if t.idx >= start_char), None)
        if tok is None:
            continue
        right = min(max(tok.right_edge.i, tok.i + len(marker.split()) - 1), span.end - 1)
        while right > tok.i and doc[right].is_punct:
            right -= 1
        return tok.i, right
    return None


def _outlet(doc: Doc, span: Span, ents: list[Span], lex: Lexicon, head: Token) -> TokRange | None:
    """A news outlet named inside a larger source ('CNN sources'), not the source itself."""
    anonymous = lex.set("anonymous_heads")
    for ent in ents:
        if ent.text.lower() in lex.outlets and (
            ent.root.i != head.i or any(t.lower_ in anonymous for t in span if t not in ent)
        ):
            return ent.start, ent.end - 1
    for tok in span:
        if tok.text.lower() in lex.outlets and tok.i != head.i and tok.is_title:
            return tok.i, tok.i
    return None


def _kind(
    doc: Doc,
    span: Span,
    head: Token,
    person: Span | None,
    ents: list[Span],
    access: TokRange | None,
    outlet: TokRange | None,
    lex: Lexicon,
) -> SourceKind:
    lemma = head.lemma_.lower()
    lower = head.lower_
    text = span.text.lower().removeprefix("the ")
    if access is not None or lemma in ("source", "insider", "person", "people", "individual"):
        return "anonymous"
    if outlet is not None and lemma in lex.set("anonymous_heads"):
        return "anonymous"
    if text in lex.outlets or (lower in lex.set("outlet_nouns") and len(span) <= 2):
        return "outlet"
    if person is not None and (person.root.i == head.i or lemma in lex.set("person_titles")):
        return "person"
    if lower in lex.set("document_heads") or lemma in lex.set("document_heads"):
        return "document"
    if lemma in lex.set("government_heads") or text in lex.set("government_heads"):
        return "government"
    if person is not None:
        return "person"
    if any(e.label_ == "ORG" and e.root.i == head.i for e in ents):
        return "organisation"
    if any(e.label_ in ("GPE", "NORP") and e.root.i == head.i for e in ents):
        return "government"
    if lower in ("he", "she", "i", "him", "her"):
        return "person"
    if head.pos_ == "PROPN" and len(span) <= 3:
        return "organisation"
    if lemma in lex.set("anonymous_heads"):
        return "anonymous"
    if lemma in lex.set("person_titles"):
        return "person"
    return "unknown"


def is_pronoun(parsed: Parsed) -> bool:
    return parsed.rng[0] == parsed.rng[1] and parsed.head.lower_ in _PRONOUNS


def to_source(doc: Doc, parsed: Parsed) -> Source:
    """A ``Source`` record as written: name, role and access as separate spans."""
    text = doc_text(doc)

    def span_of(rng: TokRange | None) -> TextSpan | None:
        return None if rng is None else TextSpan.of(text, *chars(doc, rng))

    name = parsed.name.text if parsed.name is not None else None
    if name is None and not is_pronoun(parsed) and parsed.kind != "anonymous":
        name = doc[parsed.rng[0] : parsed.rng[1] + 1].text
    return Source(
        span=span_of(parsed.rng),
        kind=parsed.kind,
        name=name,
        role=span_of(parsed.role),
        access=span_of(parsed.access),
    )


def outlet_source(doc: Doc, rng: TokRange) -> Source:
    span = doc[rng[0] : rng[1] + 1]
    return Source(span=TextSpan.of(doc_text(doc), *chars(doc, rng)), kind="outlet", name=span.text)
