"""Stories and links over a stored corpus (``reportedly stories --db``), incrementally.

Each run files the documents no story holds yet (in publication order) and re-links the
stories that gained or changed a document; nothing else is recomputed. The clustering state
is rebuilt from the stored story features and assignments (no scoring, in the order they were
made), so a story keeps its id and its documents across runs. Origins: a new text's MinHash
bands are looked up in ``origin_bands`` and the candidates' texts checked by Jaccard, so no
run compares all pairs. Work is committed in batches; a crash loses at most the batch in
flight, and the next run goes on from there.

The two costly steps can run elsewhere (``stories --dask``): each document's story features
(its blocking keys: names, places, words) and each changed story's links are pure functions of
stored records, handed to ``mapper`` (an ordered map: ``reportedly.cluster.DaskCluster.map``)
and merged here, in the order one process would write them, so the stories, ids and links are
the same. Filing stays in this process: it depends on every document filed before.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from sqlalchemy import Connection, delete, insert, select, update

from reportedly.corpus import tables as t
from reportedly.corpus.store import Corpus
from reportedly.linking.compare import link_reports
from reportedly.linking.links import Found, LinkSettings
from reportedly.linking.origins import OriginIndex, jaccard, shingles
from reportedly.linking.records import CorpusReport, Link, LinkEnd, Origin, Story
from reportedly.linking.stories import StoryClusterer
from reportedly.linking.story_features import story_doc
from reportedly.linking.story_types import StoryDoc
from reportedly.model import Report, Span

BATCH = 200
#: Documents per features task on a cluster.
FEATURES_CHUNK = 25

R = TypeVar("R")


class OrderedMap(Protocol):
    """``function(*args)`` for each of ``arguments``, results in the same order."""

    def __call__(
        self, function: Callable[..., R], arguments: Iterable[tuple[Any, ...]]
    ) -> Iterator[R]: ...


def serial_map(function: Callable[..., R], arguments: Iterable[tuple[Any, ...]]) -> Iterator[R]:
    """The ordered map of one process."""
    return (function(*args) for args in arguments)


@dataclass
class StoriesSummary:
    filed: int = 0
    stories_changed: int = 0
    links: int = 0
    changed: set[str] = field(default_factory=set)

    def line(self) -> str:
        return (
            f"{self.filed} documents filed, {self.stories_changed} stories linked, "
            f"{self.links} links written"
        )


def update_stories(
    corpus: Corpus,
    settings: LinkSettings | None = None,
    relink: bool = False,
    progress: Callable[[str], None] | None = None,
    mapper: OrderedMap = serial_map,
) -> StoriesSummary:
    """File new documents into stories and link every story that changed (the features and
    the links computed through ``mapper``)."""
    summary = StoriesSummary()
    clusterer, seq = _restore(corpus)
    origins = _Origins(corpus)
    pending = list(_unfiled(corpus))
    for start in range(0, len(pending), BATCH):
        batch = pending[start : start + BATCH]
        rows: list[dict[str, Any]] = []
        bands: list[dict[str, Any]] = []
        chunks = [batch[n : n + FEATURES_CHUNK] for n in range(0, len(batch), FEATURES_CHUNK)]
        features = [doc for docs in mapper(_features_of, ((c,) for c in chunks)) for doc in docs]
        for (document_id, report), doc in zip(batch, features, strict=True):
            story_id = clusterer.add(doc)
            origin, keys = origins.file(document_id, report.document.text)
            seq += 1
            rows.append(
                {
                    "document_id": document_id,
                    "seq": seq,
                    "story_id": story_id,
                    "origin_document_id": origin,
                    "features": json.dumps(doc.to_dict()),
                }
            )
            bands.extend({"band": key, "document_id": document_id} for key in keys)
            summary.changed.add(story_id)
        with corpus._transaction() as connection:
            _insert(connection, t.story_documents, rows)
            _insert(connection, t.origin_bands, bands)
            _touch(connection, clusterer, {str(r["story_id"]) for r in rows})
        summary.filed += len(batch)
        if progress:
            progress(f"filed {summary.filed}/{len(pending)} documents")
    with corpus.engine.connect() as connection:
        query = select(t.stories.c.id)
        if not relink:
            query = query.where(t.stories.c.linked.is_(False))
        stale = [row.id for row in connection.execute(query.order_by(t.stories.c.id))]
    members = ((_members(corpus, story_id), settings) for story_id in stale)
    found = mapper(_found, members)
    for n, (story_id, links) in enumerate(zip(stale, found, strict=True), 1):
        summary.links += _write_links(corpus, story_id, links)
        summary.stories_changed += 1
        if progress and (n % 50 == 0 or n == len(stale)):
            progress(f"linked {n}/{len(stale)} stories")
    return summary


def _features_of(documents: list[tuple[int, Report]]) -> list[StoryDoc]:
    return [_features(document_id, report) for document_id, report in documents]


def _features(document_id: int, report: Report) -> StoryDoc:
    doc = story_doc(report)
    data = doc.to_dict()
    data["id"] = str(document_id)
    return StoryDoc.from_dict(data)


def _restore(corpus: Corpus) -> tuple[StoryClusterer, int]:
    clusterer = StoryClusterer()
    seq = 0
    with corpus.engine.connect() as connection:
        rows = connection.execute(
            select(
                t.story_documents.c.features, t.story_documents.c.story_id, t.story_documents.c.seq
            ).order_by(t.story_documents.c.seq)
        )
        for row in rows:
            clusterer.restore(StoryDoc.from_dict(json.loads(row.features)), row.story_id)
            seq = row.seq
    return clusterer, seq


def _unfiled(corpus: Corpus) -> Iterator[tuple[int, Report]]:
    """Documents no story holds, oldest first (undated last)."""
    filed = select(t.story_documents.c.document_id)
    query = (
        select(t.documents.c.id, t.documents.c.report)
        .where(t.documents.c.id.not_in(filed))
        .order_by(t.documents.c.published.is_(None), t.documents.c.published, t.documents.c.id)
    )
    with corpus.engine.connect() as connection:
        for row in connection.execute(query):
            yield int(row.id), Report.model_validate_json(row.report)


class _Origins:
    """Origins by MinHash bands stored per document, candidates checked by Jaccard."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.index = OriginIndex()
        self._fresh: dict[int, tuple[set[int], int]] = {}  # filed this run, not yet committed
        self._pending: dict[str, list[int]] = {}  # their band keys

    def file(self, document_id: int, text: str) -> tuple[int, list[str]]:
        values = shingles(text)
        keys = self.index.band_keys(values)
        best: int | None = None
        for _other, origin, other_values in self._candidates(keys):
            if jaccard(values, other_values) >= self.index.threshold:
                best = origin if best is None else min(best, origin)
        origin = document_id if best is None else best
        self._fresh[document_id] = (values, origin)
        for key in keys:
            self._pending.setdefault(key, []).append(document_id)
        return origin, keys

    def _candidates(self, keys: list[str]) -> Iterable[tuple[int, int, set[int]]]:
        fresh = {d for key in keys for d in self._pending.get(key, [])}
        for document_id in sorted(fresh):
            values, origin = self._fresh[document_id]
            yield document_id, origin, values
        with self.corpus.engine.connect() as connection:
            stored = connection.execute(
                select(
                    t.story_documents.c.document_id,
                    t.story_documents.c.origin_document_id,
                    t.documents.c.text,
                )
                .join(t.documents, t.documents.c.id == t.story_documents.c.document_id)
                .where(
                    t.story_documents.c.document_id.in_(
                        select(t.origin_bands.c.document_id).where(t.origin_bands.c.band.in_(keys))
                    )
                )
            )
            for row in stored:
                yield int(row.document_id), int(row.origin_document_id), shingles(row.text)


def _insert(connection: Connection, table: t.Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        connection.execute(insert(table), rows)


def _touch(connection: Connection, clusterer: StoryClusterer, story_ids: set[str]) -> None:
    """Stories that gained documents: their summary now, their links at the linking step."""
    now = dt.datetime.now(dt.UTC)
    summaries = {s.id: s for s in clusterer.stories() if s.id in story_ids}
    for story_id in sorted(story_ids):
        story = summaries[story_id]
        values = {
            "title": story.title,
            "first_published": story.first_published,
            "last_published": story.last_published,
            "articles": len(story.docs),
            "actors": json.dumps(list(story.actors)),
            "places": json.dumps(list(story.places)),
            "linked": False,
            "updated_at": now,
        }
        changed = connection.execute(
            update(t.stories).where(t.stories.c.id == story_id).values(values)
        ).rowcount
        if not changed:
            connection.execute(insert(t.stories).values(id=story_id, origins=0, links=0, **values))


@dataclass
class _Members:
    """A story's stored documents, as the linking step needs them (plain data)."""

    reports: list[Report]
    db_id: dict[str, int]
    origin_of: dict[str, str]


@dataclass
class _StoryLinks:
    rows: list[dict[str, Any]]
    origins: int
    articles: int


def _members(corpus: Corpus, story_id: str) -> _Members:
    with corpus.engine.connect() as connection:
        rows = connection.execute(
            select(t.documents.c.id, t.documents.c.report, t.story_documents.c.origin_document_id)
            .join(t.story_documents, t.story_documents.c.document_id == t.documents.c.id)
            .where(t.story_documents.c.story_id == story_id)
            .order_by(t.story_documents.c.seq)
        ).all()
    reports = [Report.model_validate_json(r.report) for r in rows]
    db_id = {rep.document.id: int(r.id) for rep, r in zip(reports, rows, strict=True)}
    origin_of = {
        rep.document.id: str(r.origin_document_id) for rep, r in zip(reports, rows, strict=True)
    }
    return _Members(reports, db_id, origin_of)


def _found(members: _Members, settings: LinkSettings | None) -> _StoryLinks | None:
    """A story's links as rows (without the story id); None when no document is left."""
    if not members.reports:
        return None
    found = link_reports(members.reports, members.origin_of, settings)
    return _StoryLinks(
        rows=[_link_row("", f, members.db_id) for f in _ordered(found)],
        origins=len(set(members.origin_of.values())),
        articles=len(members.reports),
    )


def _write_links(corpus: Corpus, story_id: str, links: _StoryLinks | None) -> int:
    if links is None:  # every document left it (re-analysed into other stories)
        with corpus._transaction() as connection:
            connection.execute(delete(t.stories).where(t.stories.c.id == story_id))
        return 0
    link_rows = [dict(row, story_id=story_id) for row in links.rows]
    with corpus._transaction() as connection:
        connection.execute(delete(t.links).where(t.links.c.story_id == story_id))
        _insert(connection, t.links, link_rows)
        connection.execute(
            update(t.stories)
            .where(t.stories.c.id == story_id)
            .values(
                links=len(link_rows),
                origins=links.origins,
                articles=links.articles,
                linked=True,
            )
        )
    return len(link_rows)


def _ordered(found: list[Found]) -> list[Found]:
    return sorted(
        found, key=lambda f: (f.kind, f.a.document, f.a.span.start, f.b.document, f.b.span.start)
    )


def _link_row(story_id: str, found: Found, db_id: dict[str, int]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "story_id": story_id,
        "kind": found.kind,
        "confidence": max(0.0, min(1.0, found.confidence)),
        "rule": found.rule,
        "explanation": found.explanation,
    }
    for side, item in (("a", found.a), ("b", found.b)):
        row.update(
            {
                f"{side}_document_id": db_id[item.document],
                f"{side}_item": item.item,
                f"{side}_local_id": item.id,
                f"{side}_start": item.span.start,
                f"{side}_end": item.span.end,
                f"{side}_text": item.span.text,
                f"{side}_source": item.source.label if item.source else None,
            }
        )
    return row


def story_rows(corpus: Corpus, limit: int = 50) -> list[dict[str, Any]]:
    """The largest stories first: id, title, dates, counts, actors."""
    query = (
        select(t.stories)
        .where(t.stories.c.articles > 0)
        .order_by(t.stories.c.articles.desc(), t.stories.c.first_published, t.stories.c.id)
        .limit(limit)
    )
    with corpus.engine.connect() as connection:
        rows = [dict(row._mapping) for row in connection.execute(query)]
    for row in rows:
        row["actors"] = json.loads(row["actors"])
        row["places"] = json.loads(row["places"])
        row.pop("updated_at", None)
    return rows


def story_report(corpus: Corpus, story_id: str) -> CorpusReport | None:
    """One stored story as a ``reportedly-corpus/1`` record: its reports and links."""
    from reportedly import __version__

    with corpus.engine.connect() as connection:
        story = connection.execute(select(t.stories).where(t.stories.c.id == story_id)).first()
        if story is None:
            return None
        members = connection.execute(
            select(t.documents.c.id, t.documents.c.report, t.story_documents.c.origin_document_id)
            .join(t.story_documents, t.story_documents.c.document_id == t.documents.c.id)
            .where(t.story_documents.c.story_id == story_id)
            .order_by(t.documents.c.published, t.story_documents.c.seq)
        ).all()
        links = connection.execute(
            select(t.links).where(t.links.c.story_id == story_id).order_by(t.links.c.id)
        ).all()
    reports = [Report.model_validate_json(m.report) for m in members]
    report_id = {int(m.id): r.document.id for m, r in zip(members, reports, strict=True)}
    origin_of = {int(m.id): int(m.origin_document_id) for m in members}
    by_origin: dict[int, list[str]] = {}
    for m in members:
        by_origin.setdefault(origin_of[int(m.id)], []).append(report_id[int(m.id)])
    documents = [r.document for r in reports]
    dates = [d.published for d in documents if d.published]
    record = Story(
        id=story_id,
        title=story.title,
        documents=[d.id for d in documents],
        first_published=min(dates) if dates else None,
        last_published=max(dates) if dates else None,
        actors=json.loads(story.actors),
        places=[str(p) for p in json.loads(story.places)],
        articles=len(reports),
        origins=[
            Origin(id=f"{story_id}o{n}", documents=docs)
            for n, docs in enumerate(by_origin.values(), 1)
        ],
    )
    return CorpusReport(
        reportedly_version=__version__,
        documents=reports,
        stories=[record],
        links=[_link_record(row, report_id, reports) for row in links],
    )


def _link_record(row: Any, report_id: dict[int, str], reports: list[Report]) -> Link:
    origin_path = {r.document.id: r.document.origin for r in reports}
    ends = {}
    for side in ("a", "b"):
        document = report_id[int(getattr(row, f"{side}_document_id"))]
        ends[side] = LinkEnd(
            document=document,
            origin=origin_path.get(document),
            item=getattr(row, f"{side}_item"),
            id=getattr(row, f"{side}_local_id"),
            span=Span(
                start=getattr(row, f"{side}_start"),
                end=getattr(row, f"{side}_end"),
                text=getattr(row, f"{side}_text"),
            ),
            source=getattr(row, f"{side}_source"),
        )
    return Link(
        id=f"l{row.id}",
        kind=row.kind,
        confidence=row.confidence,
        explanation=row.explanation,
        rule=row.rule,
        a=ends["a"],
        b=ends["b"],
    )
