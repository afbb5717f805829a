"""The rule backend: drafts from the finders, quotes attached, sources read and resolved,
chains built, nested claims linked, scare quotes flagged.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from reportedly.attribution.calibration import Calibration
from reportedly.attribution.content import attach_quotes, follow_quotes
from reportedly.attribution.cues import (
    according_drafts,
    headline_drafts,
    lead_in_drafts,
    misparsed_drafts,
    verb_drafts,
)
from reportedly.attribution.drafts import Draft
from reportedly.attribution.layout import keep_apart, layout_drafts
from reportedly.attribution.lexicon import Lexicon, lexicon
from reportedly.attribution.nouns import noun_drafts
from reportedly.attribution.quotes import Quote, QuoteIndex, find_quotes
from reportedly.attribution.resolve import Referent, Resolver
from reportedly.attribution.sources import (
    is_pronoun,
    outlet_source,
    read_source,
    to_source,
)
from reportedly.attribution.spans import (
    CharRange,
    Cover,
    chars,
    covers,
    doc_text,
    forget,
    overlaps,
    subtree_range,
    trim,
)
from reportedly.attribution.speech import present_tense_drafts
from reportedly.contract import parts
from reportedly.model import Claim, ScareQuote, Source
from reportedly.model import Span as TextSpan
from reportedly.ranges import RangeIndex

_MAX_SCARE_WORDS = 4
_PREVIOUS_WINDOW = 3  # sentences within which "they"/"the sources" lean on a claim


class RuleBackend:
    """Attribution by rules over the spaCy parse; lexicons come from data files."""

    name = "rules"

    def __init__(self, nlp: Language, calibration: Calibration | None = None) -> None:
        self.lex: Lexicon = lexicon()
        #: Learned cue edges and confidence (``calibration.py``); None: the rules alone.
        self.calibration = calibration
        self.according = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.according.add("ACCORDING", [nlp.make_doc(p) for p in self.lex.words["according_to"]])
        self.links = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.links.add("LINK", [nlp.make_doc(p) for p in self.lex.words["chain_links"]])

    def extract(self, doc: Doc) -> tuple[list[Claim], list[ScareQuote]]:
        drafts, quotes = self.drafts(doc)
        if self.calibration is not None:
            # A cue inside a quotation counts only nested in the quote's claim: again, once the
            # calibration may have dropped that claim.
            drafts = _drop_quoted(self.calibration.apply(doc, drafts), quotes)
        claims = self.claims(doc, drafts)
        return claims, scare_quotes(doc, quotes, claims)

    def drafts(self, doc: Doc) -> tuple[list[Draft], list[Quote]]:
        """The rules' drafts, in text order, before calibration; and the quotations."""
        forget(doc)
        quotes = find_quotes(doc_text(doc))
        drafts = according_drafts(doc, self.according, self.lex)
        taken = {i for d in drafts for i in d.cue_tokens()}
        layout = layout_drafts(doc, self.lex, quotes)
        # A quoted transcript is many turns, not one quotation that other cues could borrow.
        turns = sorted(d.cues[0][0] for d in layout)
        quotes = [q for q in quotes if not _any_inside(turns, q.start, q.end)]
        found = [
            *layout,
            *lead_in_drafts(doc, self.lex),
            *verb_drafts(doc, self.lex),
            *headline_drafts(doc, self.lex, self.lex.set("headline_cues")),
        ]
        late = [
            *misparsed_drafts(doc, self.lex),
            *present_tense_drafts(doc, self.lex),
            *noun_drafts(doc, self.lex),
        ]
        for draft in [*found, *late]:
            if not draft.cue_tokens() & taken:
                drafts.append(draft)
                taken |= draft.cue_tokens()
        drafts = self._link_chains(doc, drafts)
        keep_apart(doc_text(doc), drafts)
        _clip_mutual(doc, drafts)
        attach_quotes(doc, drafts, quotes)
        follow_quotes(doc, drafts, quotes)
        keep_apart(doc_text(doc), drafts)
        drafts = [d for d in drafts if d.content]
        drafts = _drop_quoted(drafts, quotes)
        drafts.sort(key=lambda d: d.start)
        return drafts, quotes

    def _link_chains(self, doc: Doc, drafts: list[Draft]) -> list[Draft]:
        """'reports Bloomberg with reference to officials': officials inside, Bloomberg outside."""
        by_head = {d.head.i: d for d in drafts}
        drop: set[int] = set()
        for _, start, end in self.links(doc):
            first, last = doc[start], doc[end - 1]
            objects = [c for c in last.children if c.dep_ in ("pobj", "dobj")]
            if not objects:
                continue
            owner = None
            token = first
            for _ in range(4):
                token = token.head
                if token.i in by_head and token.i != first.i:
                    owner = by_head[token.i]
                    break
                if token.head.i == token.i:
                    break
            if owner is None or owner.source is None:
                continue
            inner = trim(doc, subtree_range(objects[0]), keep_quotes=False)
            if inner is None or not self._names_a_source(doc, inner):
                continue  # "referring to the strike": a topic, not who spoke
            owner.outer.append(owner.source)
            owner.source = inner
            owner.cues.append(chars(doc, (start, end - 1)))
            owner.content = [
                c for c in owner.content if not overlaps(c, chars(doc, subtree_range(first)))
            ]
            drop.add(first.i)
        return [d for d in drafts if d.head.i not in drop]

    def _names_a_source(self, doc: Doc, rng: tuple[int, int]) -> bool:
        """Whether a chain link's object can speak: a named or anonymous source, an outlet,
        a government or a document, not a pronoun nor a topic."""
        parsed = read_source(doc, rng, self.lex)
        return parsed.kind != "unknown" and not is_pronoun(parsed)

    def claims(self, doc: Doc, drafts: list[Draft], backend: str | None = None) -> list[Claim]:
        """Claims from drafts (of these rules, or of another engine such as the tagger):
        sources read and resolved, chains built, nested claims linked to their parent."""
        text = doc_text(doc)
        resolver = Resolver(doc, self.lex)
        entities = _entity_mentions(doc)
        contents: RangeIndex[int] = RangeIndex()  # claims' contents, valued by claim index
        claims: list[Claim] = []
        for n, draft in enumerate(drafts, 1):
            chain: list[Source] = [outlet_source(doc, rng) for rng in draft.outer]
            source = None
            if draft.source is not None:
                parsed = read_source(doc, draft.source, self.lex)
                source = to_source(doc, parsed)
                if draft.source_chars is not None:
                    source.span = TextSpan.of(text, *draft.source_chars)
                if parsed.outlet is not None and not draft.outer:
                    chain.append(outlet_source(doc, parsed.outlet))
                previous = self._previous(doc, draft, claims, parsed, resolver.sent_starts)
                if previous is not None:
                    inherited = previous.chain or ([previous.source] if previous.source else [])
                    source = source.model_copy(
                        update={
                            "kind": previous.source.kind if previous.source else source.kind,
                            "name": _name(previous.source),
                            "resolved_from": "previous_claim",
                            "entity_id": previous.source.entity_id if previous.source else None,
                        }
                    )
                    chain = [*inherited[:-1]]
                else:
                    referent = self._referent(doc, parsed, resolver, _last_speaker(doc, claims))
                    if referent is not None:
                        source = source.model_copy(
                            update={
                                "name": referent.name,
                                "resolved_from": referent.how,
                                "kind": "person" if referent.how != "nominal" else source.kind,
                            }
                        )
                        if referent.span is not None:
                            source.entity_id = _entity_at(entities, referent.span)
                if source.entity_id is None and source.span is not None:
                    name_span = (
                        (parsed.name.start_char, parsed.name.end_char)
                        if parsed.name is not None
                        else (source.span.start, source.span.end)
                    )
                    source.entity_id = _entity_at(entities, name_span)
                chain.append(source)
            # The latest claim whose content holds the cue: the one added last among holders.
            holders = contents.covering(*draft.cues[0])
            parent = claims[max(n for _, _, n in holders)] if holders else None
            for a, b in draft.content:
                contents.add(a, b, len(claims))
            claims.append(
                Claim(
                    id=f"c{n}",
                    cues=[TextSpan.of(text, a, b) for a, b in draft.cues],
                    source=source,
                    chain=chain,
                    content=[TextSpan.of(text, a, b) for a, b in draft.content],
                    form=draft.form,
                    stance=draft.stance,
                    parent_id=parent.id if parent is not None else None,
                    backend=draft.engine or backend or self.name,
                    confidence=draft.confidence,
                )
            )
        return claims

    def _previous(
        self, doc: Doc, draft: Draft, claims: list[Claim], parsed: Any, starts: list[int]
    ) -> Claim | None:
        """'According to them' / 'the sources say': the claim these words lean on."""
        written = doc[parsed.rng[0] : parsed.rng[1] + 1]
        plural_pronoun = parsed.head.lower_ in ("they", "them") and len(written) == 1
        back_noun = (
            written[0].lower_ in ("the", "these", "those")
            and len(written) <= 3
            and parsed.head.lower_ in self.lex.set("back_reference_nouns")
        )
        if not (plural_pronoun or back_noun) or not claims:
            return None
        here = draft.head.sent.start
        for claim in reversed(claims):
            if claim.source is None or claim.source.span is None:
                continue
            at = doc.char_span(claim.source.span.start, claim.source.span.end, "expand")
            if at is None:
                continue
            back = max(0, bisect_right(starts, here) - bisect_right(starts, at.start))
            if back > _PREVIOUS_WINDOW:
                return None
            if claim.parent_id is not None or claim.source.kind == "document":
                continue
            if claim.source.kind == "person" and plural_pronoun:
                continue
            if back_noun and not _same_kind(parsed.head.lemma_.lower(), claim.source, self.lex):
                continue
            return claim
        return None

    def _referent(
        self,
        doc: Doc,
        parsed: Any,
        resolver: Resolver,
        last_speaker: tuple[str, int] | None = None,
    ) -> Referent | None:
        if is_pronoun(parsed):
            word = parsed.head.lower_
            if word in ("who", "which", "that"):
                return resolver.relative(parsed.head)
            if word in ("he", "she", "him", "her"):
                return resolver.person_pronoun(parsed.head, last_speaker)
            return None
        if parsed.name is not None and parsed.kind == "person":
            return resolver.short_name(parsed.name)
        return None


def _last_speaker(doc: Doc, claims: list[Claim]) -> tuple[str, int] | None:
    """The person behind the latest top-level claim, and the token where they were named."""
    for claim in reversed(claims):
        source = claim.source
        if claim.parent_id is not None or source is None or source.span is None:
            continue
        if source.kind != "person" or not source.name:
            return None
        span = doc.char_span(source.span.start, source.span.end, alignment_mode="expand")
        return (source.name, span.start) if span is not None else None
    return None


def _drop_quoted(drafts: list[Draft], quotes: list[Quote]) -> list[Draft]:
    """A cue inside a quotation ('“I think ...”') counts only nested in a claim that holds
    more than that quotation ('He told us: “I heard him say ...”'); within a claim whose
    content is just the quotation ('“I heard him say ...,” she said') it is left out."""
    contents = RangeIndex((a, b, None) for d in drafts for a, b in d.content)
    index = QuoteIndex(quotes)
    keep = []
    for draft in drafts:
        cue = draft.cues[0]
        around = {
            (a, b) for q in index.covering(cue[0]) for a, b in q.pieces if a < cue[0] and cue[1] < b
        }
        if (
            draft.fixed
            or not around
            or any(
                (a, b) not in draft.content and (a, b) not in around
                for a, b, _ in contents.covering(*cue)
            )
        ):
            keep.append(draft)
    return keep


def _any_inside(points: list[int], start: int, end: int) -> bool:
    """Whether a sorted list of positions has one strictly between ``start`` and ``end``."""
    at = bisect_right(points, start)
    return at < len(points) and points[at] < end


def _clip_mutual(doc: Doc, drafts: list[Draft]) -> None:
    """'X warned that Y, adviser Z said': the inner content stops before 'adviser Z said'."""
    # Only a draft whose first cue lies in the inner content can be its outer: find those by
    # bisecting on cue starts, then check them in list order, as a scan of all pairs would.
    order = sorted(range(len(drafts)), key=lambda n: drafts[n].cues[0][0])
    cue_starts = [drafts[n].cues[0][0] for n in order]
    for inner in drafts:
        if inner.fixed or not inner.content:
            continue
        candidates = sorted(
            {
                order[k]
                for a, b in inner.content
                for k in range(bisect_left(cue_starts, a), bisect_left(cue_starts, b))
            }
        )
        for n in candidates:
            outer = drafts[n]
            if outer is inner or not inner.content or not outer.content:
                continue
            outer_cue = outer.cues[0]
            if not any(covers(c, inner.cues[0]) for c in outer.content):
                continue
            if not any(covers(c, outer_cue) for c in inner.content):
                continue
            inner.content = _clipped(doc, inner.content, outer)


def _clipped(doc: Doc, content: list[CharRange], outer: Draft) -> list[CharRange]:
    """``content`` cut before ``outer``'s cue (or its source, if that comes first)."""
    stop = outer.cues[0][0]
    if outer.source is not None:
        stop = min(stop, chars(doc, outer.source)[0])
    clipped = []
    for a, b in content:
        if a < stop < b:
            span = doc.char_span(a, stop, alignment_mode="contract")
            rng = trim(doc, (span.start, span.end - 1)) if span is not None and len(span) else None
            if rng is not None:
                clipped.append(chars(doc, rng))
        else:
            clipped.append((a, b))
    return clipped


def _same_kind(lemma: str, source: Source, lex: Lexicon) -> bool:
    if lemma in lex.set("outlet_nouns"):
        return source.kind == "outlet"
    if lemma in ("source", "people", "insider"):
        return source.kind == "anonymous"
    return True


def _name(source: Source | None) -> str | None:
    if source is None:
        return None
    return source.name or (source.span.text if source.span is not None else None)


def _entity_mentions(doc: Doc) -> RangeIndex[str]:
    return RangeIndex(
        (mention.span.start, mention.span.end, entity.id)
        for entity in parts(doc).get("entities", [])
        for mention in getattr(entity, "mentions", [])
    )


def _entity_at(mentions: RangeIndex[str], rng: tuple[int, int]) -> str | None:
    """The entity of the first mention (in entity order) that overlaps ``rng``, passing over
    a mention inside another one: 'the Jefferson County Sheriff's Office said' is the office,
    not the county named in it."""
    found = mentions.overlapping(*rng)
    outer = [
        m
        for m in found
        if not any(o[0] <= m[0] and m[1] <= o[1] and o[1] - o[0] > m[1] - m[0] for o in found)
    ]
    return outer[0][2] if outer else None


def scare_quotes(doc: Doc, quotes: list[Quote], claims: list[Claim]) -> list[ScareQuote]:
    """Short quoted words nobody is said to have said: one word always, 2-4 words outside
    any claim's content (inside content, a short quote is the speaker's own words)."""
    text = doc_text(doc)
    out = []
    contents = [(s.start, s.end) for c in claims for s in c.content]
    exact, cover = set(contents), Cover(contents)
    for quote in quotes:
        words = quote.words(text)
        if len(quote.pieces) > 1 or words > _MAX_SCARE_WORDS:
            continue
        inner = text[quote.start + 1 : quote.end - 1]
        if not inner.strip() or (inner.rstrip()[-1:] in ".?!" and words > 1):
            continue
        whole = (quote.start, quote.end)
        if whole in exact:
            continue
        inside = cover.covered(whole)
        if words == 1 or not inside:
            out.append(ScareQuote(span=TextSpan.of(text, *whole)))
    return out
