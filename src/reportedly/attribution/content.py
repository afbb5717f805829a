"""Content spans and quotations: widen content to whole quotes, attach quotes next to a cue,
follow a quote into the next sentence, and name the form (direct, indirect, mixed).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.tokens import Doc

from reportedly.attribution.drafts import Draft
from reportedly.attribution.quotes import Quote, QuoteIndex
from reportedly.attribution.spans import CharRange, chars, doc_text, overlaps, strip_edges
from reportedly.model import ClaimForm

_GAP = re.compile(r"^[\s,:;—–-]*$")
_MARKS = "\"“”‘’'«»"
_SPLIT_GAP = re.compile(r"^[ \t\u00a0]*,?[ \t\u00a0]*$")
_MIN_WORDS = 3  # a quote next to a cue needs more words than this, unless tied to it


def attach_quotes(doc: Doc, drafts: list[Draft], quotes: list[Quote]) -> None:
    """Give each draft the quotes its content touches, or the quote right next to its cue."""
    text = doc_text(doc)
    index = QuoteIndex(quotes)
    for draft in drafts:
        if draft.fixed:
            continue
        edges = _edges(doc, draft)
        if not draft.content:
            quote = _adjacent(text, index, edges, short=True)
            if quote is not None:
                draft.content = list(quote.pieces)
        else:
            draft.content = _widen(draft.content, index, draft.cues[0])
            if index.covering(draft.cues[0][0]):
                draft.content = _within_quote(text, draft.content)
            if len(draft.content) == 1 and draft.form != "according_to":
                quote = _adjacent(text, index, edges)
                sent = draft.head.sent
                if (
                    quote is not None
                    and sent.start_char <= quote.start < sent.end_char
                    and not overlaps((quote.start, quote.end), draft.content[0])
                    and not index.covering(draft.content[0][0])
                ):
                    # Content parsed on one side, a quote on the other: the quote wins.
                    draft.content = list(quote.pieces)
        draft.content = [_paragraph(text, c, index) for c in draft.content]
        second = _second_half(text, index, edges, draft.content)
        if second is not None:
            draft.content.extend(second.pieces)
        if draft.content and draft.form not in ("according_to", "lead_in"):
            draft.form = form_of(draft.content, index, draft.cues[0])


def follow_quotes(doc: Doc, drafts: list[Draft], quotes: list[Quote]) -> None:
    """'“A,” said X. “B.”': a quote opening the next sentence, with no cue, goes on speaking."""
    text = doc_text(doc)
    index = QuoteIndex(quotes)
    cue_positions = sorted(a for d in drafts for a, _ in d.cues if not index.inside(a))
    for draft in drafts:
        if draft.form != "direct" or draft.fixed:
            continue
        last = max(b for _, b in [*draft.content, *draft.cues])
        sent_end = draft.head.sent.end_char
        if last > sent_end:
            continue
        nxt = index.first_from(sent_end)
        if nxt is None or text[sent_end : nxt.start].strip() != "":
            continue
        if "\n" in text[sent_end : nxt.start]:
            continue
        after_sent = doc.char_span(nxt.start, nxt.start + 1, alignment_mode="expand")
        if after_sent is None:
            continue
        sent = after_sent[0].sent
        at = bisect_left(cue_positions, sent.start_char)
        if at < len(cue_positions) and cue_positions[at] < sent.end_char:
            continue
        draft.content.extend(nxt.pieces)


def _second_half(
    text: str, index: QuoteIndex, edges: CharRange, content: list[CharRange]
) -> Quote | None:
    """'“We will stay,” he said “and we will fight.”': a quote broken off by a comma before
    the cue goes on in the quote right after it, with or without a comma between."""
    if (
        not content
        or content[-1][1] > edges[0]
        or text[content[-1][1] - 2 : content[-1][1] - 1] != ","
    ):
        return None
    if not any(q.pieces[-1][1] == content[-1][1] for q in index.covering(content[-1][1] - 1)):
        return None
    nxt = index.first_from(edges[1])
    if nxt is None or nxt.start in {a for a, _ in content}:
        return None
    return nxt if _SPLIT_GAP.match(text[edges[1] : nxt.start]) else None


def _edges(doc: Doc, draft: Draft) -> CharRange:
    """Where the cue and its source sit, as one character stretch."""
    points = [*draft.cues]
    if draft.source is not None:
        points.append(chars(doc, draft.source))
    return min(a for a, _ in points), max(b for _, b in points)


def _adjacent(
    text: str, index: QuoteIndex, edges: CharRange, *, short: bool = False
) -> Quote | None:
    """The quote just before the cue ('“...,” he said') or just after it ('said: “...”').

    A quote of three words or fewer counts only where ``short`` (the cue has no parsed
    content) and its punctuation or a colon ties it to the cue ('“Yes,” she said'): a short
    quote beside a cue that has content is more often a title ('“Face the Nation,”')."""
    start, end = edges
    # A quote before the cue must end within the run of gap characters just before it.
    gap_start = start
    while gap_start > 0 and _GAP.match(text[gap_start - 1]):
        gap_start -= 1
    quotes = index.quotes
    for i in range(index.first_reaching(gap_start - 1), len(quotes)):
        quote = quotes[i]
        if quote.end <= start:
            gap = text[quote.end : start]
            mark = text[quote.end - 2 : quote.end - 1]
            closed = mark in (",", "?", "!", "—", "–", "-")
            joined = closed or "," in gap or "—" in gap
            # '“Yes,” she said': a short quote counts when its own punctuation ties it to the cue.
            short_ok = short and mark in (",", "?", "!") and not gap.strip()
            if (
                _GAP.match(gap)
                and "\n" not in gap
                and joined
                and (quote.words(text) > _MIN_WORDS or short_ok)
            ):
                return quote
        elif quote.start >= end:
            gap = text[end : quote.start]
            colon = ":" in gap or text[max(0, end - 2) : end].rstrip().endswith(":")  # "said:\n\n“"
            if _GAP.match(gap) and (colon or "," in gap or "\n" not in gap):
                # 'she said: “No.”': after a colon a short quote is what was said.
                short_ok = short and colon and "\n" not in gap
                return quote if quote.words(text) > _MIN_WORDS or short_ok else None
            break
    return None


def _paragraph(text: str, rng: CharRange, index: QuoteIndex) -> CharRange:
    """Content stops at a paragraph break, unless a quotation carries it over."""
    a, b = rng
    cut = text.find("\n", a, b)
    while cut >= 0:
        if not index.covering(cut):
            end = cut
            while end > a and text[end - 1].isspace():
                end -= 1
            return a, end
        cut = text.find("\n", cut + 1, b)
    return a, b


def _widen(content: list[CharRange], index: QuoteIndex, cue: CharRange) -> list[CharRange]:
    """Content that touches a quote takes all of it; a quote over paragraphs stays in pieces.

    Not the quote the cue itself stands in: in '“I heard him say the bridge was closed”' the
    quote is someone else's words, and 'him say' reports only 'the bridge was closed'."""
    out: list[CharRange] = []
    for a, b in content:
        pieces: list[CharRange] = []
        # In start order, as a scan of all quotes: none before can touch, none after can once
        # one starts at or past the (widening) end.
        quotes = index.quotes
        for i in range(index.first_reaching(a), len(quotes)):
            quote = quotes[i]
            if quote.start >= b:
                break
            if quote.end <= a or _stands_in(quote, cue):
                continue
            a, b = min(a, quote.start), max(b, quote.end)
            pieces = list(quote.pieces) if len(quote.pieces) > 1 else pieces
        if pieces:
            pieces[0] = (a, pieces[0][1])
            pieces[-1] = (pieces[-1][0], b)
            out.extend(pieces)
        else:
            out.append((a, b))
    return out


def form_of(content: list[CharRange], index: QuoteIndex, cue: CharRange | None = None) -> ClaimForm:
    """Direct when quotes make up the content, mixed when they make part of it. A quote the
    cue stands in is another speaker's: what it reports inside it is indirect."""
    inside = [
        q
        for q in {id(q): q for a, b in content for q in index.overlapping(a, b)}.values()
        if cue is None or not _stands_in(q, cue)
    ]
    if not inside:
        return "indirect"
    quoted = sum(b - a for q in inside for a, b in q.pieces)
    total = sum(b - a for a, b in content)
    return "direct" if quoted >= total - 2 else "mixed"


def _stands_in(quote: Quote, cue: CharRange) -> bool:
    """Whether ``cue`` lies inside one of the quote's pieces."""
    return any(a < cue[0] and cue[1] < b for a, b in quote.pieces)


def _within_quote(text: str, content: list[CharRange]) -> list[CharRange]:
    """Content reported inside a quotation, without the marks of the quotation at its edges."""
    out = []
    for a, b in content:
        a, b = strip_edges(text, a, b, lead=_MARKS, trail=_MARKS)
        if b > a and any(ch.isalnum() for ch in text[a:b]):
            out.append((a, b))
    return out
