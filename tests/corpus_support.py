"""What the corpus tests share: the back ends (a SQLite file; a throwaway PostgreSQL
database), the project-written articles, and a check that every stored document is whole."""

from __future__ import annotations

import itertools
import json
import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures.postgres import NoServer, new_database, postgres_server
from sqlalchemy import func, select

from reportedly.corpus import tables as t

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "corpus"
#: (file, published, outlet) of the three project-written articles.
OUTLETS = (
    ("northern-wire.txt", "2024-03-04", "Northern Wire"),
    ("river-post.txt", "2024-03-05", "River Post"),
    ("harbour-times.txt", "2024-03-06", "Harbour Times"),
)
_names = itertools.count()


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    try:
        with postgres_server() as url:
            yield url
    except NoServer as exc:
        if os.environ.get("REPORTEDLY_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required here: {exc}")
        pytest.skip(f"PostgreSQL tests skipped: {exc}")


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty corpus database on each back end."""
    if request.param == "sqlite":
        return str(tmp_path / "corpus.db")
    server = request.getfixturevalue("postgres")
    return new_database(server, f"corpus_{os.getpid()}_{next(_names)}")


def write_batch(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """``count`` distinct short reports, made up here, each with claims, figures and places."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    cities = ["Kharkiv", "Odesa", "Lviv", "Dnipro", "Kherson", "Zaporizhzhia"]
    people = ["Oleh Marchenko", "Iryna Bondar", "Taras Hnatyuk", "Olena Kravets"]
    paths = []
    for n in range(count):
        city, person = rng.choice(cities), rng.choice(people)
        surname = person.split()[1]
        text = (
            f"Strikes reported near {city}\n\n"
            f"Regional governor {person} said on Monday that {n + 3} people had been killed "
            f"in {city} overnight.\n\n"
            f'"The shelling went on for {n % 5 + 2} hours," {surname} told reporters.\n\n'
            f"According to officials familiar with the matter, {100 + n} homes were damaged "
            f"and the city's power station was hit.\n"
        )
        path = folder / f"report-{n:03d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def assert_whole(connection: object) -> int:
    """Every stored document has exactly the rows its stored report has; the count of
    documents."""
    documents = connection.execute(select(t.documents.c.id, t.documents.c.report)).all()  # type: ignore[attr-defined]
    for document_id, report_json in documents:
        report = json.loads(report_json)
        for table, key in (
            (t.claims, "claims"),
            (t.places, "places"),
            (t.quantities, "quantities"),
            (t.times, "times"),
            (t.entities, "entities"),
            (t.events, "events"),
        ):
            stored = connection.execute(  # type: ignore[attr-defined]
                select(func.count()).where(table.c.document_id == document_id)
            ).scalar_one()
            assert stored == len(report[key]), (document_id, key)
        participants = connection.execute(  # type: ignore[attr-defined]
            select(func.count())
            .select_from(t.event_actors)
            .join(t.events, t.events.c.id == t.event_actors.c.event_id)
            .where(t.events.c.document_id == document_id)
        ).scalar_one()
        expected = sum(len(e["actors"]) + len(e["recipients"]) for e in report.get("events", []))
        assert participants == expected, (document_id, "event_actors")
    return len(documents)
