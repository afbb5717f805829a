"""The HTTP API over a real corpus (SQLite, the project's own articles): the query filters
as parameters, pages and streams, single records, writes behind the token, and errors as
JSON without tracebacks."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from fastapi.testclient import TestClient
from server_support import TOKEN, Served

from reportedly.server import ServerConfig, create_app
from reportedly.server.security import CONTENT_SECURITY_POLICY

AUTH = {"Authorization": f"Bearer {TOKEN}"}
OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_claims_filter_like_the_query_command(client: TestClient) -> None:
    every = client.get("/api/v1/claims", params={"limit": 1000}).json()["items"]
    assert {c["outlet"] for c in every} >= {"Dam Herald", "Eastern Wire", "Valley Courier"}
    wire = client.get("/api/v1/claims", params={"outlet": "eastern wire"}).json()["items"]
    assert wire and {c["outlet"] for c in wire} == {"Eastern Wire"}
    assert len(wire) == sum(c["outlet"] == "Eastern Wire" for c in every)
    dated = client.get("/api/v1/claims", params={"since": "2023-06-07", "until": "2023-06-07"})
    assert {c["published"] for c in dated.json()["items"]} == {"2023-06-07"}
    for claim in every:  # spans are offsets into the stored text
        if claim["content_start"] is not None:
            assert claim["content_end"] > claim["content_start"]


def test_pages_follow_on_and_streams_carry_every_row(client: TestClient) -> None:
    first = client.get("/api/v1/claims", params={"limit": 3}).json()
    assert len(first["items"]) == 3 and first["next_offset"] == 3
    second = client.get("/api/v1/claims", params={"limit": 3, "offset": 3}).json()
    assert {c["claim_id"] for c in first["items"]}.isdisjoint(
        c["claim_id"] for c in second["items"]
    )
    every = client.get("/api/v1/claims", params={"limit": 1000}).json()
    assert every["next_offset"] is None
    stream = client.get("/api/v1/claims", params={"format": "jsonl"})
    assert stream.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in stream.text.splitlines()]
    assert [c["claim_id"] for c in lines] == [c["claim_id"] for c in every["items"]]
    table = list(csv.DictReader(io.StringIO(client.get("/api/v1/claims?format=csv").text)))
    assert [int(r["claim_id"]) for r in table] == [c["claim_id"] for c in every["items"]]


def test_documents_actors_and_stories_by_id(client: TestClient, served: Served) -> None:
    report = client.get(f"/api/v1/documents/{served.hostile}").json()
    assert report["document"]["id"] == served.hostile
    assert report["document"]["outlet"].startswith("<b onmouseover")  # stored as given
    actors = client.get("/api/v1/actors", params={"limit": 100}).json()["items"]
    person = next(a for a in actors if a["type"] == "PERSON")
    actor = client.get(f"/api/v1/actors/{person['actor_id']}").json()
    assert actor["name"] == person["name"] and actor["variants"]
    by_id = client.get("/api/v1/claims", params={"actor": f"#{person['actor_id']}"}).json()
    assert sorted(c["claim_id"] for c in by_id["items"]) == sorted(
        c["claim_id"] for c in actor["claims"]
    )
    stories = client.get("/api/v1/stories").json()["items"]
    dam = next(s for s in stories if s["articles"] >= 3)
    story = client.get(f"/api/v1/stories/{dam['story']}").json()
    assert story["stories"][0]["id"] == dam["story"]
    assert {link["kind"] for link in story["links"]} & {"figure_conflict", "contradiction"}
    links = client.get("/api/v1/links", params={"story": dam["story"]}).json()["items"]
    assert len(links) == len(story["links"])
    for missing in ("/api/v1/documents/sha1:0000", "/api/v1/actors/999999", "/api/v1/stories/s999"):
        answer = client.get(missing)
        assert answer.status_code == 404 and "no " in answer.json()["error"]["message"]


def test_bad_filters_are_clear_json_errors(client: TestClient) -> None:
    unknown = client.get("/api/v1/claims", params={"story": "s1"})
    assert unknown.status_code == 400
    assert "story: not a filter of claims" in unknown.json()["error"]["message"]
    bad = client.get("/api/v1/claims", params={"stance": "bogus"})
    assert bad.status_code == 422
    assert bad.json()["error"]["message"][0]["where"] == "query.stance"
    too_many = client.get("/api/v1/claims", params={"limit": 5000})
    assert too_many.status_code == 400
    empty = client.get("/api/v1/claims", params={"text": "   "})
    assert empty.status_code == 400 and "text is empty" in empty.json()["error"]["message"]
    hostile = client.get("/api/v1/claims", params={"text": "\" OR 1=1 -- %' NEAR("})
    assert hostile.status_code == 200 and hostile.json()["items"] == []
    nul = client.get("/api/v1/documents", params={"text": "a\x00b"})
    assert nul.status_code == 400 and "text holds a NUL" in nul.json()["error"]["message"]


def test_writes_need_the_token(served: Served, writable: TestClient) -> None:
    article = {
        "text": "The harbour master said on Tuesday that the quay had reopened.",
        "outlet": "Quay News",
    }
    assert writable.post("/api/v1/documents", json=article).status_code == 401
    wrong = writable.post(
        "/api/v1/documents", json=article, headers={"Authorization": "Bearer nope"}
    )
    assert wrong.status_code == 403
    stored = writable.post("/api/v1/documents", json=article, headers=AUTH)
    assert stored.status_code == 201 and stored.json()["stored"] is True
    again = writable.post("/api/v1/documents", json=article, headers={"X-Reportedly-Token": TOKEN})
    assert again.status_code == 200
    assert again.json() == {
        **stored.json(),
        "stored": False,
        "claims": None,
        "reason": "already in the corpus",
    }
    found = writable.get("/api/v1/claims", params={"outlet": "Quay News"}).json()["items"]
    assert found and found[0]["cue"] == "said"
    without_token = TestClient(create_app(ServerConfig(db=served.db)))
    refused = without_token.post("/api/v1/analyze", json=article, headers=AUTH)
    assert refused.status_code == 403 and "--token" in refused.json()["error"]["message"]


def test_analyze_returns_a_report_with_offsets(writable: TestClient) -> None:
    text = "Ships left Odesa on Monday, the ministry said."
    report = writable.post(
        "/api/v1/analyze", json={"text": text, "published": "2023-07-12"}, headers=AUTH
    ).json()
    assert report["document"]["text"] == text
    claim = report["claims"][0]
    assert text[claim["cues"][0]["start"] : claim["cues"][0]["end"]] == "said"
    page = (
        "<html><head><title>T</title></head><body><article><p>"
        + text
        + "</p></article></body></html>"
    )
    from_html = writable.post("/api/v1/analyze", json={"html": page}, headers=AUTH).json()
    assert "the ministry said" in from_html["document"]["text"]
    both = writable.post("/api/v1/analyze", json={"text": text, "html": page}, headers=AUTH)
    assert both.status_code == 422 and "exactly one" in json.dumps(both.json())
    blank = writable.post("/api/v1/analyze", json={"text": "   "}, headers=AUTH)
    assert blank.status_code == 422 and blank.json()["error"]["message"].startswith("skipped")


def test_limits_body_size_and_analysis_time(served: Served) -> None:
    small = TestClient(create_app(ServerConfig(db=served.db, token=TOKEN, max_body=4096)))
    big = small.post("/api/v1/analyze", content=b'{"text": "' + b"x" * 8000 + b'"}', headers=AUTH)
    assert big.status_code == 413 and "over 4096 bytes" in big.json()["error"]["message"]

    def chunks():  # no Content-Length: counted as it arrives
        yield b'{"text": "'
        for _ in range(10):
            yield b"y" * 1000
        yield b'"}'

    streamed = small.post("/api/v1/analyze", content=chunks(), headers=AUTH)
    assert streamed.status_code == 413
    hurried = TestClient(create_app(ServerConfig(db=served.db, token=TOKEN, analyze_timeout=1e-6)))
    text = "The minister said the talks would go on. " * 200
    late = hurried.post("/api/v1/analyze", json={"text": text}, headers=AUTH)
    assert late.status_code == 504 and "took longer than" in late.json()["error"]["message"]


def test_reads_closed_off_loopback_and_cors_off(served: Served) -> None:
    public = TestClient(create_app(ServerConfig(db=served.db, token=TOKEN, host="0.0.0.0")))
    assert public.get("/api/v1/claims").status_code == 401
    assert public.get("/api/v1/claims", headers=AUTH).status_code == 200
    assert public.get("/").status_code == 401
    local = TestClient(create_app(ServerConfig(db=served.db)))
    answer = local.get("/api/v1/claims", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in answer.headers
    assert answer.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_internal_errors_say_nothing_of_the_code(served: Served) -> None:
    app = create_app(ServerConfig(db=served.db))

    def broken(*_: object) -> None:
        raise RuntimeError("secret detail /srv/code.py line 12")

    app.state.service.rows = broken
    answer = TestClient(app, raise_server_exceptions=False).get("/api/v1/claims")
    assert answer.status_code == 500
    assert "secret" not in answer.text and "Traceback" not in answer.text
    assert answer.json()["error"]["message"].startswith("internal error")


def test_the_checked_in_openapi_document_is_the_served_one(client: TestClient) -> None:
    served = client.get("/api/v1/openapi.json").json()
    assert json.loads(OPENAPI.read_text(encoding="utf-8")) == served, (
        "docs/openapi.json is stale: python tools/write_openapi.py"
    )
    assert {
        "/api/v1/analyze",
        "/api/v1/documents",
        "/api/v1/claims",
        "/api/v1/stories/{story_id}",
    } <= set(served["paths"])
