"""Attributions the page layout makes, not the grammar: transcript speaker turns and sign-offs.

- A transcript gives each turn its own paragraph, headed by the speaker in capitals and a colon
  (``"WALLACE: Let's start with ...``); the turn runs on over the paragraphs that follow until
  the next speaker, a stage direction (``(CROSSTALK.)``) or the end of the quoted transcript.
- A sign-off names the speaker after a quotation, behind a dash (``“...” ― Sonya Herridge``, or
  ``- Bernie Sanders.`` on its own line).

Both are found on the text with the parse only to map characters to tokens, so they survive the
misparses these layouts cause. Their content is fixed here: quotation handling leaves it alone.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from reportedly.attribution.drafts import Draft
from reportedly.attribution.lexicon import Lexicon
from reportedly.attribution.quotes import Quote
from reportedly.attribution.spans import CharRange, chars, doc_text, strip_edges

_QUOTE_MARKS = "\"“”'‘’«»"
_SPEAKER = re.compile(r"(?m)^[ \t]*([\"“]?)[ \t]*([A-Z][A-Z.’' -]{0,30}[A-Z.]):[ \t\u00a0]+(?=\S)")
_STAGE = re.compile(r"^[\"“]?\s*[(\[].*[)\]]\s*\.?[\"”]?$")
_NAME_WORD = r"[A-Z](?:\.|[\w’'-]*)"  # a word or an initial
# A dash after a closing mark, then up to six capitalised words ending the line or sentence.
_SIGNOFF = re.compile(
    rf"(?<=[\"”’'])[\s\u00a0]{{0,6}}([―—–-])[ \t\u00a0]*"
    rf"({_NAME_WORD}(?:[ \u00a0]{_NAME_WORD}){{0,5}})(?=[ \t\u00a0]*(?:[.,;]|\n|$|[\"“]))"
)
_MIN_TURNS = 2  # a lone "UPDATE:" or "EXCLUSIVE:" line is not a transcript


def layout_drafts(doc: Doc, lex: Lexicon, quotes: list[Quote]) -> list[Draft]:
    """Speaker turns and sign-offs (each made by the layout, so no other engine sees them)."""
    return [*speaker_turn_drafts(doc, lex), *signoff_drafts(doc, quotes)]


def speaker_turn_drafts(doc: Doc, lex: Lexicon) -> list[Draft]:
    """One draft per transcript turn: the colon is the cue, the capitalised label the source."""
    text = doc_text(doc)
    not_speakers = lex.set("not_speakers")
    labels = [m for m in _SPEAKER.finditer(text) if m.group(2).strip().lower() not in not_speakers]
    if len(labels) < _MIN_TURNS:
        return []
    starts = [m.start() for m in labels] + [len(text)]
    drafts = []
    for label, next_start in zip(labels, starts[1:], strict=True):
        content = _turn(text, label.end(), next_start, quoted=bool(label.group(1)))
        cue = doc.char_span(label.end(2), label.end(2) + 1)
        source = doc.char_span(label.start(2), label.end(2), alignment_mode="expand")
        if cue is None or source is None or not content:
            continue
        drafts.append(
            Draft(
                head=cue[0],
                cues=[(cue.start_char, cue.end_char)],
                source=(source.start, source.end - 1),
                content=content,
                form="lead_in",
                fixed=True,
            )
        )
    return drafts


def _turn(text: str, start: int, stop: int, quoted: bool) -> list[CharRange]:
    """The paragraphs of one turn, each trimmed of its quotation marks and edge spaces."""
    pieces = []
    position = start
    for n, paragraph in enumerate(text[start:stop].split("\n")):
        a, b = position, position + len(paragraph)
        position = b + 1
        if not paragraph.strip():
            continue
        if n > 0 and (_STAGE.match(paragraph.strip()) or not quoted):
            break  # a stage direction, or an unquoted page where the next paragraph is prose
        if n > 0 and paragraph.lstrip()[:1] not in '"“':
            break  # the quoted transcript has ended
        a, b = strip_edges(text, a, b, lead='"“' if n > 0 else "", trail='"”')
        if b > a:
            pieces.append((a, b))
    return pieces


def signoff_drafts(doc: Doc, quotes: list[Quote]) -> list[Draft]:
    """'“...” ― Sonya Herridge': the dash is the cue, the name after it the source."""
    text = doc_text(doc)
    drafts = []
    for match in _SIGNOFF.finditer(text):
        content = _quote_before(text, quotes, match.start(1))
        cue = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        name = doc.char_span(match.start(2), match.end(2), alignment_mode="expand")
        if content is None or cue is None or name is None:
            continue
        if not any(t.pos_ == "PROPN" for t in name):
            continue
        drafts.append(
            Draft(
                head=cue[0],
                cues=[(match.start(1), match.end(1))],
                source=(name.start, name.end - 1),
                content=content,
                form="direct",
                fixed=True,
            )
        )
    return drafts


def _quote_before(text: str, quotes: list[Quote], dash: int) -> list[CharRange] | None:
    """The quotation that closes right before ``dash`` (spaces and one line break between)."""
    end = dash
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == 0 or text[end - 1] not in _QUOTE_MARKS or text[end:dash].count("\n") > 2:
        return None
    for quote in quotes:
        if quote.end == end:
            return list(quote.pieces)
    # An unpaired or misdirected opening mark: the nearest mark that starts a word.
    line_start = text.rfind("\n", 0, end - 1) + 1
    for i in range(end - 2, line_start - 1, -1):
        starts_word = text[i + 1 : i + 2].isalnum()
        if text[i] in _QUOTE_MARKS and starts_word and (i == line_start or text[i - 1].isspace()):
            return [(i, end)]
    return None


def keep_apart(text: str, drafts: list[Draft]) -> None:
    """No parsed content runs over a speaker label or a sign-off: it stops on its cue's side."""
    bounds = [_label_span(d) for d in drafts if d.fixed]
    for draft in drafts:
        if draft.fixed or not draft.content:
            continue
        cue = draft.cues[0][0]
        pieces = []
        for a, b in draft.content:
            for start, end in bounds:
                if a < end and start < b:
                    a, b = strip_edges(
                        text,
                        *((a, start) if cue < start else (max(a, end), b)),
                        lead='"“',
                        trail='"“,;:',
                    )
            between = any(min(b, cue) <= start and end <= max(a, cue) for start, end in bounds)
            if b > a and not between:
                pieces.append((a, b))
        draft.content = pieces


def _label_span(draft: Draft) -> CharRange:
    """Where a layout attribution's label sits: source and cue together."""
    points = [*draft.cues]
    if draft.source is not None:
        points.append(chars(draft.head.doc, draft.source))
    return (min(a for a, _ in points), max(b for _, b in points))
