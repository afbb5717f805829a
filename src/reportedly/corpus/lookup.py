"""Single records by the ids the query rows show: a document by its report id, an actor by
its corpus id with what it is reported to say, and result counts. What the HTTP API's
``/documents/{id}`` and ``/actors/{id}`` and the web UI's pages read."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from reportedly.corpus import query as q
from reportedly.corpus import tables as t
from reportedly.corpus.store import Corpus, CorpusError, describe
from reportedly.model import Report


def document(corpus: Corpus, report_id: str) -> Report | None:
    """The stored report of the document whose report id is ``report_id``."""
    statement = select(t.documents.c.report).where(t.documents.c.report_id == report_id)
    try:
        with corpus.engine.connect() as connection:
            found = connection.execute(statement.limit(1)).scalar()
    except SQLAlchemyError as exc:
        raise CorpusError(describe(exc)) from None
    return None if found is None else Report.model_validate_json(found)


def actor(corpus: Corpus, actor_id: int) -> dict[str, Any] | None:
    """One corpus actor: name, type, key, documents, mentions, and variants per outlet."""
    a = t.actors.c
    try:
        with corpus.engine.connect() as connection:
            row = connection.execute(select(t.actors).where(a.id == actor_id)).first()
            if row is None:
                return None
            documents = connection.execute(
                select(func.count(func.distinct(t.entities.c.document_id))).where(
                    t.entities.c.actor_id == actor_id
                )
            ).scalar_one()
            seen = q.variants(connection, [actor_id]).get(actor_id, [])
    except SQLAlchemyError as exc:
        raise CorpusError(describe(exc)) from None
    return {
        "actor_id": row.id,
        "type": row.type,
        "name": row.name,
        "key": row.key,
        "documents": int(documents),
        "mentions": sum(n for _, _, n in seen),
        "variants": [{"variant": v, "outlet": o or None, "count": n} for v, o, n in seen],
    }


def actor_claims(corpus: Corpus, actor_id: int, limit: int = 500) -> list[dict[str, Any]]:
    """Claims whose source is the actor (or that name it in their chain), by publication
    date: what the actor is reported to say, outlet by outlet."""
    found = corpus.query("claims", q.Filters(actor=f"#{actor_id}", limit=limit))
    return sorted(
        found, key=lambda c: (c["published"] is None, c["published"] or "", c["claim_id"])
    )


def count(corpus: Corpus, kind: str, filters: q.Filters, cap: int = 10_000) -> int:
    """Rows of ``kind`` passing ``filters``, up to ``cap``; ``QueryError`` as ``query``."""
    try:
        with corpus.engine.connect() as connection:
            return q.count(connection, kind, filters, cap)
    except SQLAlchemyError as exc:
        raise CorpusError(describe(exc)) from None


def report_id(corpus: Corpus, key: str) -> str | None:
    """The report id of the document stored with content key ``key``."""
    statement = select(t.documents.c.report_id).where(t.documents.c.content_key == key)
    try:
        with corpus.engine.connect() as connection:
            return connection.execute(statement).scalar()
    except SQLAlchemyError as exc:
        raise CorpusError(describe(exc)) from None


def story_version(corpus: Corpus, story_id: str) -> str | None:
    """What changes whenever the story does (its last update and link count); None when
    there is no such story."""
    s = t.stories.c
    statement = select(s.updated_at, s.links, s.articles).where(s.id == story_id)
    try:
        with corpus.engine.connect() as connection:
            row = connection.execute(statement).first()
    except SQLAlchemyError as exc:
        raise CorpusError(describe(exc)) from None
    return None if row is None else f"{row.updated_at}|{row.links}|{row.articles}"
