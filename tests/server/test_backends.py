"""The API over both back ends: the same corpus on SQLite and on PostgreSQL answers the same
rows, full text included."""

from __future__ import annotations

from corpus_support import database, postgres
from fastapi.testclient import TestClient
from server_support import ARTICLES, LINKING

from reportedly.corpus import Corpus
from reportedly.linking.corpus_stories import update_stories
from reportedly.pipeline import Analyzer
from reportedly.server import ServerConfig, create_app

__all__ = ["database", "postgres"]  # fixtures


def test_same_answers_on_either_back_end(analyzer: Analyzer, database: str) -> None:
    with Corpus(database) as corpus:
        for name, published, outlet in ARTICLES[:2]:
            text = (LINKING / name).read_text(encoding="utf-8")
            corpus.add(analyzer.analyze(text, published=published, outlet=outlet), text)
        update_stories(corpus)
    with TestClient(create_app(ServerConfig(db=database))) as client:
        claims = client.get("/api/v1/claims", params={"outlet": "Dam Herald"}).json()["items"]
        assert claims and {c["outlet"] for c in claims} == {"Dam Herald"}
        words = client.get("/api/v1/documents", params={"text": "dam"}).json()["items"]
        assert len(words) == 2
        story = client.get("/api/v1/stories").json()["items"][0]
        assert story["articles"] == 2
        record = client.get(f"/api/v1/stories/{story['story']}").json()
        assert len(record["documents"]) == 2 and record["links"]
        page = client.get(f"/stories/{story['story']}")
        assert page.status_code == 200 and "independent origins" in page.text
