"""Compare a set of reports: their origins, the stories they form, the links inside each story.

``compare(reports)`` is what ``reportedly compare`` prints and what the corpus's ``stories``
builds on: plain ``Report`` records in, one ``CorpusReport`` (``reportedly-corpus/1``) out.
Links are looked for only inside a story (the blocking that keeps cost near linear in the
number of articles). Between two copies of one text only what the copies changed is linked
(and the claims they share, which count corroboration): the rest is linked inside each copy.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from reportedly.linking.items import report_items
from reportedly.linking.links import Found, Linker, LinkSettings, to_links
from reportedly.linking.origins import OriginIndex
from reportedly.linking.records import ClaimGroup, CorpusReport, Link, LinkEnd, Origin, Story
from reportedly.model import Report

if TYPE_CHECKING:
    from reportedly.linking.embed import SentenceEncoder

#: Documents grouped into stories: a list of document-id lists, in any order.
Grouping = Callable[[Sequence[Report]], list[list[str]]]


def default_grouping(reports: Sequence[Report]) -> list[list[str]]:
    from reportedly.linking.stories import StoryClusterer
    from reportedly.linking.story_features import story_doc

    clusterer = StoryClusterer()
    for report in sorted(reports, key=_time_order):
        clusterer.add(story_doc(report))
    return [list(story.docs) for story in clusterer.stories()]


def _time_order(report: Report) -> tuple[bool, str, str]:
    published = report.document.published
    return (published is None, published.isoformat() if published else "", report.document.id)


def unique_ids(reports: Sequence[Report]) -> tuple[list[Report], list[str]]:
    """Reports with distinct document ids: an input whose text repeats another's gets
    ``<id>-2`` (it is still one origin with it), and a warning says so."""
    seen: Counter[str] = Counter()
    out, warnings = [], []
    first: dict[str, str] = {}
    for report in reports:
        doc = report.document
        seen[doc.id] += 1
        if seen[doc.id] == 1:
            first[doc.id] = doc.origin or doc.id
            out.append(report)
            continue
        new_id = f"{doc.id}-{seen[doc.id]}"
        warnings.append(
            f"{doc.origin or new_id}: the same text as {first[doc.id]}; kept as {new_id}"
        )
        out.append(report.model_copy(update={"document": doc.model_copy(update={"id": new_id})}))
    return out, warnings


def compare(
    reports: Sequence[Report],
    settings: LinkSettings | None = None,
    grouping: Grouping | None = None,
    version: str | None = None,
    encoder: SentenceEncoder | None = None,
) -> CorpusReport:
    """Origins, stories and links of a set of reports; ``encoder`` (``linking.embed``) adds
    sentence similarity to the word overlap when given."""
    from reportedly import __version__

    reports, warnings = unique_ids(reports)
    by_id = {r.document.id: r for r in reports}
    origins = OriginIndex()
    for report in sorted(reports, key=_time_order):
        origins.add(report.document.id, report.document.text)
    groups = (grouping or default_grouping)(reports)
    origin_of = {r.document.id: origins.origin(r.document.id) for r in reports}
    found: list[Found] = []
    stories = []
    for number, documents in enumerate(_ordered(groups, by_id), start=1):
        story_id = f"s{number}"
        members = [by_id[d] for d in documents]
        stories.append(_story(story_id, members, origins))
        found.extend(link_reports(members, origin_of, settings, encoder))
    links = to_links(found)
    story_of = {d: s.id for s in stories for d in s.documents}
    groups_found = claim_groups(links, story_of, origins)
    return CorpusReport(
        reportedly_version=version or __version__,
        documents=list(reports),
        stories=stories,
        links=corroborated(links, groups_found),
        claim_groups=groups_found,
        warnings=warnings,
    )


def corroborated(links: list[Link], groups: Sequence[ClaimGroup]) -> list[Link]:
    """``same_claim`` explanations end with how many articles and origins carry the claim."""
    group_of = {(e.document, e.id): g for g in groups for e in g.claims}
    out = []
    for link in links:
        group = group_of.get((link.a.document, link.a.id))
        if link.kind == "same_claim" and group is not None:
            note = (
                f"; corroborated by {group.articles} articles, "
                f"{group.origins} independent origin{'s' if group.origins != 1 else ''}"
            )
            link = link.model_copy(update={"explanation": link.explanation + note})
        out.append(link)
    return out


def link_reports(
    reports: Sequence[Report],
    origin_of: Mapping[str, str],
    settings: LinkSettings | None = None,
    encoder: SentenceEncoder | None = None,
) -> list[Found]:
    """The links among the reports of one story; ``origin_of`` maps each document id to its
    origin (copies of one text share one)."""
    by_id = {r.document.id: r for r in reports}
    linker = Linker([report_items(r) for r in reports], settings, encoder)
    return [
        f
        for f in linker.links()
        if f.kind == "same_claim"
        or origin_of.get(f.a.document, f.a.document) != origin_of.get(f.b.document, f.b.document)
        or not _restated_in_both(f, by_id)
    ]


def _restated_in_both(found: Found, by_id: dict[str, Report]) -> bool:
    """Whether a link between two copies of one text only repeats what each copy holds
    (both ends' words in both): then the link inside each copy says it already. A copy that
    changed a figure, a date or who said it keeps its link."""
    a, b = found.a, found.b
    if a.document == b.document:
        return False
    text_a, text_b = by_id[a.document].document.text, by_id[b.document].document.text
    return b.span.text in text_a and a.span.text in text_b


def _ordered(groups: list[list[str]], by_id: dict[str, Report]) -> list[list[str]]:
    """Stories by their first article's date, each story's articles by date."""
    order = {d: n for n, d in enumerate(sorted(by_id, key=lambda d: _time_order(by_id[d])))}
    stories = [sorted(g, key=order.__getitem__) for g in groups if g]
    return sorted(stories, key=lambda g: order[g[0]])


def _story(story_id: str, reports: list[Report], origins: OriginIndex) -> Story:
    dates = [r.document.published for r in reports if r.document.published]
    actors: Counter[str] = Counter()
    places: Counter[str] = Counter()
    for report in reports:
        for entity in report.entities:
            if entity.type in ("PERSON", "ORG"):
                actors[entity.canonical] += len(entity.mentions) or 1
        for place in report.places:
            places[place.name] += len(place.mentions) or 1
    documents = [r.document.id for r in reports]
    origin_groups = origins.groups(documents)
    first = reports[0].document
    return Story(
        id=story_id,
        title=first.title or _first_line(first.text),
        documents=documents,
        first_published=min(dates) if dates else None,
        last_published=max(dates) if dates else None,
        actors=[name for name, _ in actors.most_common(8)],
        places=[name for name, _ in places.most_common(8)],
        articles=len(reports),
        origins=[Origin(id=f"{story_id}o{n}", documents=g) for n, g in enumerate(origin_groups, 1)],
    )


def _first_line(text: str) -> str | None:
    line = text.strip().split("\n", 1)[0].strip()
    return line[:160] or None


def claim_groups(
    links: Sequence[Link],
    story_of: dict[str, str],
    origins: OriginIndex,
) -> list[ClaimGroup]:
    """Claims joined by ``same_claim`` links: how many articles and independent origins
    carry each proposition."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(x: tuple[str, str]) -> tuple[str, str]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    ends: dict[tuple[str, str], LinkEnd] = {}
    for link in links:
        if link.kind != "same_claim" or not link.a.id or not link.b.id:
            continue
        a, b = (link.a.document, link.a.id), (link.b.document, link.b.id)
        ends[a], ends[b] = link.a, link.b
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    members: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for key in ends:
        members[find(key)].append(key)
    groups = []
    for number, keys in enumerate(sorted(members.values(), key=lambda k: sorted(k)[0]), 1):
        keys.sort()
        documents = {d for d, _ in keys}
        groups.append(
            ClaimGroup(
                id=f"g{number}",
                story=story_of[keys[0][0]],
                claims=[ends[k] for k in keys],
                articles=len(documents),
                origins=len({origins.origin(d) for d in documents}),
            )
        )
    return groups
