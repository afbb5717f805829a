"""Pages of claims on both back ends: the outlet and date filters give the same page whether
the corpus walks its claims in order or collects the matching documents' claims, wherever the
matching documents lie; an actor filter finds the claims an actor makes and those whose chain
names it (rows made up here and written straight into the tables). And the ingest:
order kept, and a fault stops it at the document it hit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from corpus_support import assert_whole, database, postgres, write_batch
from sqlalchemy import Engine, event

from reportedly.corpus import Corpus, CorpusError
from reportedly.corpus import tables as t
from reportedly.entities.names import name_key
from reportedly.ingest import IngestOptions, iter_inputs
from reportedly.model import DocumentError, Report

__all__ = ["database", "postgres"]  # fixtures
DOCUMENTS, CLAIMS_EACH = 120, 4
FIRST_DAY = dt.date(2024, 1, 1)


def _document(n: int, outlet: str) -> dict[str, Any]:
    return {
        "content_key": f"{n:064d}",
        "report_id": f"doc-{n}",
        "outlet": outlet,
        "published": FIRST_DAY + dt.timedelta(days=n % 30),
        "text": f"Article {n}.",
        "report": "{}",
        "engine": "test",
        "ingested_at": dt.datetime(2024, 2, 1, tzinfo=dt.UTC),
    }


def _claim(document_id: int, k: int, **extra: Any) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "local_id": f"c{k + 1}",
        "cue": "said",
        "cue_start": 0,
        "cue_end": 4,
        "form": "indirect",
        "stance": "assertion",
        "content_text": f"claim {k} of document {document_id}",
        "confidence": 0.9,
        "engine": "rules",
        **extra,
    }


def _fill(corpus: Corpus, outlets: list[str]) -> list[tuple[int, str, dt.date]]:
    """Documents with those outlets, in that order, ``CLAIMS_EACH`` claims each: (claim id,
    outlet, published) of every claim."""
    stored = []
    with corpus.engine.begin() as connection:
        for n, outlet in enumerate(outlets):
            row = _document(n, outlet)
            document_id = connection.execute(
                t.documents.insert().values(row).returning(t.documents.c.id)
            ).scalar_one()
            ids = connection.execute(
                t.claims.insert().returning(t.claims.c.id, sort_by_parameter_order=True),
                [_claim(document_id, k) for k in range(CLAIMS_EACH)],
            ).scalars()
            stored += [(claim_id, outlet, row["published"]) for claim_id in ids]
    return sorted(stored)


class Statements:
    """The SQL an engine runs while it is listened to."""

    def __init__(self, engine: Engine) -> None:
        self.seen: list[str] = []
        self.engine = engine

    def __enter__(self) -> list[str]:
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self.seen

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)

    def _record(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.seen.append(statement)


LAYOUTS = {
    # one document in four from each wire: a walk in claim order soon fills the page
    "interleaved": [f"Wire {n % 4}" for n in range(DOCUMENTS)],
    # the wire asked for was ingested last: a walk from the first claim finds nothing soon
    "bunched": ["Wire 0"] * (DOCUMENTS - 24) + ["Wire 1"] * 24,
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_outlet_and_date_pages_are_the_matching_claims_in_order(database: str, layout: str) -> None:
    corpus = Corpus(database)
    stored = _fill(corpus, LAYOUTS[layout])
    since = FIRST_DAY + dt.timedelta(days=1)
    matching = [i for i, outlet, published in stored if outlet == "Wire 1" and published >= since]
    assert 40 < len(matching) < len(stored) / 2
    for limit, offset in ((1, 0), (5, 7), (30, 11), (200, 0), (None, 0), (None, 9), (4, 400)):
        with Statements(corpus.engine) as statements:
            page = [
                row["claim_id"]
                for row in corpus.claims(outlet="wire 1", since=since, limit=limit, offset=offset)
            ]
        end = None if limit is None else offset + limit
        assert page == matching[offset:end], (layout, limit, offset)
        walked = any("EXISTS" in s.upper() for s in statements)
        # A narrow page of a wide filter walks the claims, a long page or a whole listing
        # collects them.
        assert walked == (limit is not None and offset + limit <= 1), (layout, limit, offset)
    # Filters that also narrow the claims, and dates alone, compose with either path.
    assert [r["claim_id"] for r in corpus.claims(outlet="Wire 1", stance="denial", limit=5)] == []
    until = FIRST_DAY + dt.timedelta(days=2)
    early = [i for i, _outlet, published in stored if published <= until]
    assert [r["claim_id"] for r in corpus.claims(until=until, limit=6)] == early[:6]
    corpus.close()


def test_an_actor_is_found_as_the_source_and_in_the_chain(database: str) -> None:
    corpus = Corpus(database)
    with corpus.engine.begin() as connection:
        hollis = connection.execute(
            t.actors.insert()
            .values(
                key=f"PERSON:{name_key('Mara')}:{name_key('Hollis')}",
                type="PERSON",
                name="Mara Hollis",
                match_key=name_key("Hollis"),  # what the ingest keys a person by
            )
            .returning(t.actors.c.id)
        ).scalar_one()
        document_id = connection.execute(
            t.documents.insert().values(_document(1, "Wire 0")).returning(t.documents.c.id)
        ).scalar_one()
        ids = list(
            connection.execute(
                t.claims.insert().returning(t.claims.c.id, sort_by_parameter_order=True),
                [
                    _claim(document_id, 0, actor_id=hollis, source_name="Mara Hollis"),
                    _claim(document_id, 1, actor_id=None, source_name="an aide"),
                    _claim(document_id, 2, actor_id=None, source_name="a spokesman"),
                ],
            ).scalars()
        )
        connection.execute(  # the aide spoke on Hollis's word: she is in the chain
            t.sources.insert(),
            [
                {"claim_id": ids[1], "position": 0, "kind": "named", "actor_id": hollis},
                {"claim_id": ids[1], "position": 1, "kind": "anonymous", "actor_id": None},
            ],
        )
    for name in ("Hollis", "Mara Hollis", "HOLLIS"):
        assert [r["claim_id"] for r in corpus.claims(actor=name)] == ids[:2], name
        assert [r["claim_id"] for r in corpus.claims(actor=name, limit=1, offset=1)] == [ids[1]]
    assert list(corpus.claims(actor="Nobody Known")) == []
    assert [a["name"] for a in corpus.actors(actor="hollis")] == ["Mara Hollis"]
    corpus.close()


def test_a_fault_in_the_writer_stops_the_ingest_at_that_document(
    analyzer: Any, database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The results come back in input order, and after a write fails nothing behind it is
    stored."""
    paths = write_batch(tmp_path / "batch", 6, seed=5)
    corpus = Corpus(database)
    stored = corpus._stored
    calls: list[str] = []

    def failing(report: Report, input_text: str) -> Report | DocumentError:
        calls.append(report.document.origin or "")
        if len(calls) == 3:
            raise CorpusError("the disk is full: made up here")
        return stored(report, input_text)

    monkeypatch.setattr(corpus, "_stored", failing)
    items = iter_inputs([str(p) for p in paths], IngestOptions())
    results = corpus.ingest(items, analyzer.analyze_items)
    first = [next(results), next(results)]
    with pytest.raises(CorpusError, match="disk is full"):
        next(results)
    assert [r.document.origin for r in first] == [str(p) for p in paths[:2]]  # type: ignore[union-attr]
    assert calls == [str(p) for p in paths[:3]]
    with corpus.engine.connect() as connection:
        assert assert_whole(connection) == 2
    # A second run stores the rest, each once.
    monkeypatch.undo()
    again = list(
        corpus.ingest(iter_inputs([str(p) for p in paths], IngestOptions()), analyzer.analyze_items)
    )
    assert [type(r).__name__ for r in again] == ["DocumentError"] * 2 + ["Report"] * 4
    with corpus.engine.connect() as connection:
        assert assert_whole(connection) == 6
    corpus.close()
