"""Links between the items of a set of reports (one story): the same claim, contradictions,
attribution shifts, figure and date conflicts.

Candidates come from an inverted index of the rarer content words, so only items that share
at least two of them are compared, never all pairs. A pair's proposition similarity is the
weighted overlap of content words (``text.overlap``); the structured fields decide the kind:
the source (same actor across spellings, or the same kind of anonymous source), polarity
(a denial or negation on one side only), stance and cue (hedged, distancing), the figures'
intervals (``figures``) and resolved TIMEX dates. Thresholds live in ``LinkSettings``.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from reportedly.entities.names import fold
from reportedly.linking import figures
from reportedly.linking.items import HEDGED_STANCES, Item, ReportItems, SourceKey
from reportedly.linking.kinds import LinkKind
from reportedly.linking.records import Link
from reportedly.linking.text import Weights, content_words, overlap, shared_weight
from reportedly.model import Quantity, TimeExpression

if TYPE_CHECKING:
    from reportedly.linking.embed import SentenceEncoder


@dataclass(frozen=True)
class LinkSettings:
    """Every threshold of the linker (chosen on the project's dev gold; docs/linking.md)."""

    #: weighted overlap of content words for two claims to state one proposition
    claim_overlap: float = 0.6
    #: a statement (unattributed sentence) against a claim: sentences carry more besides
    statement_overlap: float = 0.7
    #: the weight the shared words must reach (an IDF is 1 for a word in every text)
    min_shared: float = 5.0
    #: Dice of the two weighted bags: keeps a short item from matching inside a long one
    min_dice: float = 0.35
    #: contradictions need the two sides to be about as long (one question, two answers)
    contradiction_dice: float = 0.5
    #: same source: a looser overlap still tells one claim reported twice
    same_source_overlap: float = 0.45
    same_source_shared: float = 8.0
    #: items with fewer content words than this are too short to compare
    min_words: int = 3
    #: a shift of attribution between different sources needs more: three words ("Russia's
    #: war in Ukraine") are a topic, not a proposition; a denial names its proposition
    #: ("denied that its forces had blown up the dam") and keeps ``min_words``
    min_words_across: int = 5
    #: near-verbatim content (a quote carried word for word) is one claim even when one
    #: account's source is unresolved ("We", no source) or a description ("the founder of
    #: the bank") where the other names the speaker
    verbatim_overlap: float = 0.85
    verbatim_dice: float = 0.75
    #: ... or one quote carried whole inside a longer one: nearly all of the shorter one's
    #: words, and at least this many of them
    verbatim_contained: float = 0.95
    verbatim_contained_words: int = 5
    #: polarity is read over the whole item; in a long one a "not" elsewhere flips it
    contradiction_max_words: int = 30
    #: with the sentence encoder: cosine of the two embeddings for one proposition, and the
    #: shared word weight it still needs (names, places: what keeps topical look-alikes apart)
    semantic: float = 0.8
    semantic_shared: float = 3.0
    #: cosine for a pair to be a candidate at all
    semantic_candidate: float = 0.6
    #: shared rare words for two items to be compared at all
    min_shared_keys: int = 2
    #: a word in more than this share of the texts is not a blocking key
    key_share: float = 0.3
    #: figures: overlap of their sentences' words (besides the figure) to be one quantity
    figure_context: float = 0.3
    figure_min_shared: float = 3.0
    #: figures with no counted thing named (a bare sum of money) need much closer sentences
    figure_context_unnamed: float = 0.6
    #: figures and dates from articles published further apart are not about one moment
    max_days_apart: int = 7
    #: dates: overlap of the two sentences for them to place one event
    date_overlap: float = 0.75
    #: events: two events are one when their PLOVER category and an actor match and their
    #: sentences share at least this word weight (more than the actors' names alone)
    event_shared: float = 4.0
    #: events below this confidence (an ambiguous trigger: "defend", "support") are not linked
    event_confidence: float = 0.7
    #: an event said to happen in one account and not in the other: the two sentences must
    #: say much the same besides (the negation may belong to another word: "not enough to
    #: defend its cities from Russian attacks")
    event_contradiction_overlap: float = 0.5


@dataclass
class Found:
    kind: LinkKind
    a: Item
    b: Item
    confidence: float
    rule: str
    explanation: str


def _days_apart(a: date | None, b: date | None) -> int:
    if a is None or b is None:
        return 0
    return abs((a - b).days)


def _keys(item: Item, name: str) -> frozenset[str]:
    """An event item's participant keys (``items.participant_keys``)."""
    keys = item.extra.get(name)
    return keys if isinstance(keys, frozenset) else frozenset()


def _label(item: Item) -> str:
    return item.source.label if item.source else "the outlet"


def _words(a: Item, b: Item, limit: int = 6) -> str:
    shared = [w for w in dict.fromkeys(a.words) if w in set(b.words)]
    return ", ".join(shared[:limit]) + (" ..." if len(shared) > limit else "")


class Linker:
    def __init__(
        self,
        reports: Sequence[ReportItems],
        settings: LinkSettings | None = None,
        encoder: SentenceEncoder | None = None,
    ):
        self.reports = reports
        self.settings = settings or LinkSettings()
        self.encoder = encoder
        self._cosine: dict[tuple[int, int], float] = {}
        bags = [i.words for r in reports for i in [*r.claims, *r.statements]]
        self.weights = Weights(bags)

    # -- claims and statements ---------------------------------------------------------

    def _candidates(self, items: Sequence[Item]) -> Iterable[tuple[Item, Item]]:
        postings: dict[str, list[int]] = defaultdict(list)
        for index, item in enumerate(items):
            for word in set(item.words):
                if self.weights.rare(word, self.settings.key_share):
                    postings[word].append(index)
        shared: Counter[tuple[int, int]] = Counter()
        for members in postings.values():
            for i, j in itertools.combinations(members, 2):
                shared[i, j] += 1
        for (i, j), count in sorted(shared.items()):
            if count >= self.settings.min_shared_keys:
                yield items[i], items[j]

    def _propositions(self) -> list[Found]:
        items = [i for r in self.reports for i in [*r.claims, *r.statements]]
        pairs = dict.fromkeys((id(a), id(b)) for a, b in self._candidates(items))
        by_id = {id(i): i for i in items}
        if self.encoder is not None and items:
            for (i, j), cosine in self._semantic_candidates(items).items():
                self._cosine[id(items[i]), id(items[j])] = cosine
                pairs.setdefault((id(items[i]), id(items[j])))
        found: list[Found] = []
        for a, b in pairs:
            found.extend(self._pair(by_id[a], by_id[b]))
        return found

    def _semantic_candidates(self, items: Sequence[Item]) -> dict[tuple[int, int], float]:
        """Pairs of items whose embeddings are close, from one matrix product per story."""
        assert self.encoder is not None
        vectors = self.encoder.encode([i.text for i in items])
        similarity = vectors @ vectors.T
        rows, cols = np.nonzero(np.triu(similarity, k=1) >= self.settings.semantic_candidate)
        return {(int(i), int(j)): float(similarity[i, j]) for i, j in zip(rows, cols, strict=True)}

    def _pair(self, a: Item, b: Item) -> list[Found]:
        s = self.settings
        same_document = a.document == b.document
        kinds = {a.item, b.item}
        if same_document and (
            kinds != {"claim"} or (a.span.start < b.span.end and b.span.start < a.span.end)
        ):
            return []  # a claim nested in another, or an article restating itself
        if len(set(a.words)) < s.min_words or len(set(b.words)) < s.min_words:
            return []
        similarity = overlap(a.words, b.words, self.weights)
        shared_w = shared_weight(a.words, b.words, self.weights)
        dice = self._dice(a, b, shared_w)
        same_source = bool(a.source and b.source and a.source.same_as(b.source))
        need = s.claim_overlap if kinds == {"claim"} else s.statement_overlap
        strong = similarity >= need and shared_w >= s.min_shared and dice >= s.min_dice
        cosine = self._cosine.get((id(a), id(b)), self._cosine.get((id(b), id(a)), 0.0))
        if cosine >= s.semantic and shared_w >= s.semantic_shared:
            strong, similarity = True, max(similarity, cosine)
        loose = (
            kinds == {"claim"}
            and same_source
            and not same_document
            and similarity >= s.same_source_overlap
            and shared_w >= s.same_source_shared
        )
        if not (strong or loose) or _figures_differ(a, b):
            return []
        if a.negated != b.negated and dice < s.contradiction_dice:
            return []
        confidence = round(min(0.95, 0.5 + similarity / 2), 2)
        shared = _words(a, b)
        across = min(len(set(a.words)), len(set(b.words))) >= s.min_words_across
        if a.negated != b.negated:
            if same_document and a.source and b.source and a.source.same_as(b.source):
                return []
            longest = max(len(set(a.words)), len(set(b.words)))
            if longest > s.contradiction_max_words:
                return []
            if any(x.item == "claim" and x.source is None for x in (a, b)):
                return []  # a side no one is said to take ("condemning the invasion")
            yes, no = (b, a) if a.negated else (a, b)
            return [
                Found(
                    "contradiction",
                    a,
                    b,
                    confidence,
                    "opposite polarity on shared content",
                    f"{_label(yes)} affirms and {_label(no)} denies or negates: {shared}",
                )
            ]
        if kinds == {"statement"}:
            return []
        if "statement" in kinds:
            claim = a if a.item == "claim" else b
            if not across or claim.source is None or not _identified(claim.source):
                return []  # a claim with no source is not attributed: nothing shifted
            return [
                Found(
                    "attribution_shift",
                    a,
                    b,
                    confidence,
                    "stated as fact vs attributed",
                    f"one outlet states it in its own voice, another attributes it to "
                    f"{_label(claim)}: {shared}",
                )
            ]
        if same_document:
            return []
        smaller = min(len(set(a.words)), len(set(b.words)))
        verbatim = (
            (similarity >= s.verbatim_overlap and dice >= s.verbatim_dice)
            or (similarity >= s.verbatim_contained and smaller >= s.verbatim_contained_words)
        ) and not ((_named(a.source) and _named(b.source)) or _anonymous_on_one_side(a, b))
        unresolved = _unresolved(a.source) or _unresolved(b.source)
        if not same_source and (verbatim or (strong and unresolved)):
            # One account names the speaker, the other describes them ("the head of state"),
            # says "we", or gives no source: the same words are likelier one claim than two.
            rule = (
                "near-verbatim content, speaker named on one side only"
                if verbatim
                else "same content, speaker named on one side only"
            )
            return [
                Found(
                    "same_claim",
                    a,
                    b,
                    round(confidence - (0.05 if verbatim else 0.15), 2),
                    rule,
                    f"{_label(a)} / {_label(b)}: {shared}",
                )
            ]
        if a.source is None or b.source is None:
            return []
        if a.source.same_as(b.source):
            out = [
                Found(
                    "same_claim",
                    a,
                    b,
                    confidence,
                    "same source, shared content",
                    f"{_label(a)} / {_label(b)}: {shared}",
                )
            ]
            hedge_a = a.stance in HEDGED_STANCES or a.distancing
            hedge_b = b.stance in HEDGED_STANCES or b.distancing
            if hedge_a != hedge_b:
                hedged = a if hedge_a else b
                out.append(
                    Found(
                        "attribution_shift",
                        a,
                        b,
                        round(confidence - 0.1, 2),
                        "same source, one account hedged",
                        f"one account hedges it ({hedged.cue or hedged.stance}): {shared}",
                    )
                )
            return out
        if not (_identified(a.source) and _identified(b.source)) or unresolved or not across:
            # "it", "we", "the head of state": whether it is another source is not known
            return []
        return [
            Found(
                "attribution_shift",
                a,
                b,
                round(confidence - 0.05, 2),
                "same content, different sources",
                f"{_label(a)} vs {_label(b)}: {shared}",
            )
        ]

    def _dice(self, a: Item, b: Item, shared: float) -> float:
        total = sum(self.weights(w) for w in set(a.words)) + sum(
            self.weights(w) for w in set(b.words)
        )
        return 2 * shared / total if total else 0.0

    # -- figures ---------------------------------------------------------------------------

    def _figures(self) -> list[Found]:
        groups: dict[tuple[str | None, str], list[tuple[Item, Quantity]]] = defaultdict(list)
        for report in self.reports:
            for item, quantity in _with_inherited_concepts(report.quantities):
                key = figures.concept_key(quantity)
                if key is not None:
                    groups[quantity.unit, key].append((item, quantity))
        found = []
        for members in groups.values():
            beside: dict[tuple[str, int], list[Quantity]] = defaultdict(list)
            for item, quantity in members:
                beside[item.document, item.sentence].append(quantity)
            for (a, qa), (b, qb) in itertools.combinations(members, 2):
                if not self._figure_pair(a, qa, b, qb):
                    continue
                verdict = figures.compare(qa, qb)
                if verdict is None or not verdict.conflict:
                    continue
                if a.document != b.document and (
                    _agrees_beside(qb, beside[a.document, a.sentence])
                    or _agrees_beside(qa, beside[b.document, b.sentence])
                ):
                    continue  # "more than 400 vehicles, including 160 ...": a part, not a rival
                found.append(
                    Found(
                        "figure_conflict",
                        a,
                        b,
                        verdict.confidence,
                        verdict.rule,
                        f"{_label(a)}: {_figure_words(qa)} vs {_label(b)}: {_figure_words(qb)}"
                        f" ({_counted(qa)}); {verdict.rule}",
                    )
                )
        return found

    def _figure_pair(self, a: Item, qa: Quantity, b: Item, qb: Quantity) -> bool:
        """Whether two figures can be one quantity told twice (before comparing values)."""
        s = self.settings
        if _sign(qa) != _sign(qb):
            return False  # a dash read as a minus is likelier than a negative count
        named = qa.concept is not None and qb.concept is not None
        context = overlap(a.words, b.words, self.weights)
        if a.document == b.document:
            # one article, two sources, side by side: "official figures ..., unofficial data ..."
            return (
                named
                and abs(a.sentence - b.sentence) <= 1
                and bool(a.source and b.source and not a.source.same_as(b.source))
            )
        if _days_apart(a.published, b.published) > s.max_days_apart:
            return False
        need = s.figure_context if named else s.figure_context_unnamed
        return context >= need and shared_weight(a.words, b.words, self.weights) >= (
            s.figure_min_shared
        )

    # -- dates -----------------------------------------------------------------------------

    def _dates(self) -> list[Found]:
        s = self.settings
        days = [
            (item, time)
            for report in self.reports
            for item, time in report.times
            if time.type == "DATE" and _full_date(time)
        ]
        found = []
        for (a, ta), (b, tb) in itertools.combinations(days, 2):
            if a.document == b.document or ta.value == tb.value:
                continue
            words_a = [w for w in a.words if w not in _date_words(ta)]
            words_b = [w for w in b.words if w not in _date_words(tb)]
            if (
                overlap(words_a, words_b, self.weights) < s.date_overlap
                or shared_weight(words_a, words_b, self.weights) < s.min_shared
            ):
                continue
            found.append(
                Found(
                    "date_conflict",
                    a,
                    b,
                    0.6,
                    "one event, two resolved dates",
                    f"{ta.span.text} ({ta.value}) vs {tb.span.text} ({tb.value}) for: "
                    f"{_words(a, b)}",
                )
            )
        return found

    def links(self) -> list[Found]:
        figures_found = self._figures()
        # Two claims whose figures conflict say different things, not one thing twice.
        conflicting = {
            frozenset(((f.a.document, _claim_of(f.a)), (f.b.document, _claim_of(f.b))))
            for f in figures_found
        }
        propositions = [
            f
            for f in self._propositions()
            if frozenset(((f.a.document, f.a.id), (f.b.document, f.b.id))) not in conflicting
        ]
        dates = self._dates()
        return [*propositions, *figures_found, *dates, *self._events(dates)]

    # -- events ------------------------------------------------------------------------------

    def _events(self, dates: list[Found]) -> list[Found]:
        """One event told two ways: the same PLOVER category, a shared actor (and recipient,
        where both name one), close sentences; then two resolved dates (``date_conflict``),
        or one side saying it happened and the other that it did not (``contradiction``).
        Blocked by (category, actor), so only events that could be one are compared."""
        blocks: dict[tuple[str, str], list[tuple[Item, str]]] = defaultdict(list)
        for report in self.reports:
            for item, event in report.events:
                if event.confidence < self.settings.event_confidence:
                    continue
                for actor in _keys(item, "actors"):
                    blocks[str(item.extra["category"]), actor].append((item, actor))
        linked_times = {frozenset(((f.a.document, f.a.id), (f.b.document, f.b.id))) for f in dates}
        seen: set[tuple[int, int]] = set()
        found = []
        for members in blocks.values():
            for (a, _), (b, _) in itertools.combinations(members, 2):
                key = (min(id(a), id(b)), max(id(a), id(b)))
                if a.document == b.document or key in seen:
                    continue
                seen.add(key)
                if not self._one_event(a, b):
                    continue
                found.extend(self._event_pair(a, b, linked_times))
        return found

    def _one_event(self, a: Item, b: Item) -> bool:
        s = self.settings
        if _days_apart(a.published, b.published) > s.max_days_apart:
            return False
        ra, rb = _keys(a, "recipients"), _keys(b, "recipients")
        if ra and rb and not ra & rb:
            return False
        return shared_weight(a.words, b.words, self.weights) >= s.event_shared

    def _event_pair(
        self, a: Item, b: Item, linked_times: set[frozenset[tuple[str, str | None]]]
    ) -> list[Found]:
        category = a.extra["category"]
        who = a.extra["names"]
        ta, tb = a.extra["time"], b.extra["time"]
        found = []
        if (
            isinstance(ta, TimeExpression)
            and isinstance(tb, TimeExpression)
            and _full_date(ta)
            and _full_date(tb)
            and ta.value != tb.value
            and frozenset(((a.document, ta.id), (b.document, tb.id))) not in linked_times
        ):
            found.append(
                Found(
                    "date_conflict",
                    a,
                    b,
                    0.65,
                    "one event (category and actor), two resolved dates",
                    f"{category} by {who}: {ta.span.text} ({ta.value}) vs {tb.span.text} "
                    f"({tb.value})",
                )
            )
        said = {a.extra["modality"], b.extra["modality"]}
        close = overlap(a.words, b.words, self.weights) >= self.settings.event_contradiction_overlap
        if said == {"asserted", "negated"} and close:
            yes, no = (a, b) if a.extra["modality"] == "asserted" else (b, a)
            found.append(
                Found(
                    "contradiction",
                    yes,
                    no,
                    0.6,
                    "one event (category and actor), said to happen and not to happen",
                    f"{category} by {who}: {_label(yes)} says it did, {_label(no)} says it did not",
                )
            )
        return found


_PRONOUNS = frozenset(
    {"i", "we", "you", "he", "she", "it", "they", "this", "that", "these", "those"}
    | {"who", "which", "one", "someone"}
)


def _figures_differ(a: Item, b: Item) -> bool:
    """Two items whose figures for one unit conflict ("$61 billion aid bill", "$95 billion
    aid bill") state different things, however alike their words. A figure conflicts when
    the other item gives figures in its unit and none of them agrees with it (a quote with
    "about 10% ... 90%" carried twice is one quote, not 10% against 90%)."""
    mine, theirs = a.extra.get("figures"), b.extra.get("figures")
    if not isinstance(mine, list) or not isinstance(theirs, list):
        return False
    for qa in mine:
        verdicts = [figures.compare(qa, qb) for qb in theirs if qa.unit and qa.unit == qb.unit]
        known = [v for v in verdicts if v is not None]
        if known and all(v.conflict for v in known):
            return True
    return False


def _agrees_beside(figure: Quantity, others: list[Quantity]) -> bool:
    """Whether the other account's sentence also gives a figure that agrees with this one:
    then the two differ only in which of its figures was paired (a total and a part)."""
    for other in others:
        verdict = figures.compare(figure, other)
        if verdict is not None and not verdict.conflict:
            return True
    return False


def _named(source: SourceKey | None) -> bool:
    """A source named as a person or a body ("Oleg Tinkov", "BelTA"), not a description
    ("the founder of the bank"), a pronoun or nothing."""
    if source is None or not _identified(source):
        return False
    first = source.label.split()[0] if source.label.split() else ""
    return first[:1].isupper() and fold(first) not in _DETERMINERS


def _anonymous_on_one_side(a: Item, b: Item) -> bool:
    """ "officials said" vs "according to sources close to the military": a shift of
    attribution however alike the words."""
    kinds = {x.source.kind if x.source else None for x in (a, b)}
    return "anonymous" in kinds and len(kinds) == 2 and None not in kinds


_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "my"})


def _unresolved(source: SourceKey | None) -> bool:
    """No source, a pronoun, or a role with no name in it ("the head of state", "its
    infrastructure minister"): someone the other account may well name. An anonymous source
    ("officials familiar with ...") is a kind of its own, not unresolved."""
    if source is None or fold(source.label).strip() in _PRONOUNS:
        return True
    words = source.label.split()
    return (
        source.kind != "anonymous"
        and bool(words)
        and fold(words[0]) in _DETERMINERS
        and not any(w[:1].isupper() for w in words[1:])
    )


def _identified(source: SourceKey) -> bool:
    """A source known well enough to say another one differs from it."""
    return source.kind != "unknown" and fold(source.label).strip() not in _PRONOUNS


def _figure_words(quantity: Quantity) -> str:
    """ "up to 300 thousand": the figure with its hedge."""
    if quantity.qualifier is not None and quantity.qualifier.end <= quantity.span.start:
        return f"{quantity.qualifier.text} {quantity.span.text}"
    return quantity.span.text


def _counted(quantity: Quantity) -> str:
    return quantity.concept.text if quantity.concept else (quantity.unit or "figure")


def _sign(quantity: Quantity) -> bool:
    value = quantity.value if quantity.value is not None else quantity.high or quantity.low or 0
    return value >= 0


def _claim_of(item: Item) -> str | None:
    claim = item.extra.get("claim_id")
    return claim if isinstance(claim, str) else None


def _full_date(time: TimeExpression) -> bool:
    value = time.value or ""
    return len(value) == 10 and value[:4].isdigit() and value[5:7].isdigit() and value[8:].isdigit()


def _date_words(time: TimeExpression) -> set[str]:
    return set(content_words(time.span.text))


def _with_inherited_concepts(
    quantities: Sequence[tuple[Item, Quantity]],
) -> Iterable[tuple[Item, Quantity]]:
    """A bare figure right after a counted one counts the same thing: "up to 300 thousand
    people ... according to unofficial data, up to a million" (an ellipsis)."""
    previous: tuple[Item, Quantity] | None = None
    for item, quantity in quantities:
        if (
            quantity.concept is None
            and quantity.unit is None
            and previous is not None
            and previous[1].concept is not None
            and item.sentence == previous[0].sentence
            and _comparable_magnitude(quantity, previous[1])
        ):
            quantity = quantity.model_copy(
                update={"concept": previous[1].concept, "unit": previous[1].unit}
            )
        yield item, quantity
        previous = (item, quantity)


def _comparable_magnitude(a: Quantity, b: Quantity) -> bool:
    """Figures within a factor of ten, neither a small count ("one", "two" pipelines)."""
    va = a.value if a.value is not None else a.high
    vb = b.value if b.value is not None else b.high
    if not va or not vb or abs(va) < 100 or abs(vb) < 100:
        return False
    return 0.1 <= va / vb <= 10


def to_links(found: Iterable[Found]) -> list[Link]:
    """Records in a stable order, numbered ``l1``, ``l2`` ..."""
    ordered = sorted(
        found,
        key=lambda f: (f.kind, f.a.document, f.a.span.start, f.b.document, f.b.span.start),
    )
    return [
        Link(
            id=f"l{n}",
            kind=f.kind,
            confidence=max(0.0, min(1.0, f.confidence)),
            explanation=f.explanation,
            rule=f.rule,
            a=f.a.end(),
            b=f.b.end(),
        )
        for n, f in enumerate(ordered, start=1)
    ]
