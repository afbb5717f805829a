"""The pages, read as HTML: what they show for a query, a story, an actor and a document,
and that a hostile article's markup, URL and outlet arrive as text, never as markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote

from fastapi.testclient import TestClient
from server_support import BIG_END, LINKING, Served

from reportedly.corpus import Corpus
from reportedly.linking.corpus_stories import update_stories
from reportedly.pipeline import Analyzer
from reportedly.server.security import CONTENT_SECURITY_POLICY


def test_search_counts_and_lists_what_the_filters_find(client: TestClient) -> None:
    page = client.get("/", params={"outlet": "Eastern Wire", "go": "1"})
    assert page.status_code == 200
    api = client.get("/api/v1/claims", params={"outlet": "Eastern Wire", "limit": 1000}).json()
    count = re.search(r"<p class=\"count\" id=\"count\"><b>(\d+)</b> claims", page.text)
    assert count and int(count[1]) == len(api["items"]) > 0
    assert page.text.count("<tr>") == len(api["items"]) + 1  # and the header row
    bad = client.get("/", params={"since": "last week", "go": "1"})
    assert bad.status_code == 200 and "is not a date" in bad.text
    stories = client.get("/").text
    assert "Largest stories" in stories and "/stories/s" in stories


def test_story_page_shows_disagreements_with_both_ends(client: TestClient) -> None:
    story = next(s for s in client.get("/api/v1/stories").json()["items"] if s["articles"] >= 3)
    page = client.get(f"/stories/{story['story']}").text
    record = client.get(f"/api/v1/stories/{story['story']}").json()
    conflicts = [k for k in record["links"] if k["kind"] in ("figure_conflict", "contradiction")]
    assert conflicts
    for link in conflicts:
        token = f"{story['story']}-{link['id']}"
        assert f"data-claim='{token}'" in page  # the link in the list
        assert page.count(token) >= 3  # and both ends in the articles' text
    assert (
        f"{story['articles']}</b> articles from <b>{story['origins']}</b> independent origins"
        in page
    )
    assert "Claims by source" in page and "<svg class='map'" in page and "Timeline" in page


def test_actor_page_lists_claims_per_outlet(client: TestClient) -> None:
    claims = client.get("/api/v1/claims", params={"limit": 1000}).json()["items"]
    actors = client.get("/api/v1/actors", params={"limit": 200}).json()["items"]
    quoted = {c["actor"] for c in claims if c["actor"]}
    actor = next(a for a in actors if a["name"] in quoted)
    page = client.get(f"/actors/{actor['actor_id']}").text
    said = [c for c in claims if c["actor"] == actor["name"]]
    assert "is reported to say" in page
    for claim in said:
        assert (claim["outlet"] or "(no outlet)") in page
    assert "Claims per month, by outlet" in page


def test_hostile_article_arrives_as_text(client: TestClient, served: Served) -> None:
    answer = client.get("/documents/" + quote(served.hostile, safe=""))
    assert answer.status_code == 200
    assert answer.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    html = answer.text
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html  # shown as text
    assert "&lt;b onmouseover" in html and "\u202e" in html  # kept, escaped, not dropped
    tags = _tags(html)
    assert [a for t, a in tags if t == "script"] == [{"src": "/static/report.js"}]
    assert not [t for t, _ in tags if t in ("img", "iframe", "object", "embed")]
    handlers = [(t, k) for t, a in tags for k in a if k.startswith("on")]
    assert handlers == []
    links = [a["href"] for t, a in tags if t == "a" and "href" in a]
    assert not [h for h in links if not h.startswith(("/", "#", "http://", "https://"))]


def _tags(html: str) -> list[tuple[str, dict[str, str]]]:
    """Every element of the page as a browser's tokenizer reads it: (tag, attributes)."""
    found: list[tuple[str, dict[str, str]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, {k: v or "" for k, v in attrs}))

    Collect().feed(html)
    return found


def test_big_document_page_is_whole(client: TestClient, served: Served) -> None:
    answer = client.get(f"/documents/{served.big}")
    assert answer.status_code == 200 and BIG_END in answer.text
    assert len(answer.content) > 5 * 1024 * 1024


def test_missing_pages_are_pages(client: TestClient) -> None:
    for path in ("/stories/s999", "/actors/999999", "/documents/nothing", "/nowhere"):
        answer = client.get(path)
        assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")
        assert "Back to search" in answer.text
    assert client.get("/actors/not-a-number").status_code == 422


def test_a_story_page_follows_the_story_when_it_changes(
    served: Served, writable: TestClient, analyzer: Analyzer
) -> None:
    story = next(s for s in writable.get("/api/v1/stories").json()["items"] if s["articles"] >= 3)
    before = writable.get(f"/stories/{story['story']}").text
    assert writable.get(f"/stories/{story['story']}").text == before  # kept, same page
    db = writable.app.state.service.config.db  # type: ignore[attr-defined]
    text = (LINKING / "dam-near-misses.txt").read_text(encoding="utf-8")
    with Corpus(db) as corpus:
        corpus.add(analyzer.analyze(text, published="2023-06-07", outlet="Late Wire"), text)
        update_stories(corpus)
    after = writable.get(f"/stories/{story['story']}").text
    assert "Late Wire" in after and "Late Wire" not in before
    record = writable.get(f"/api/v1/stories/{story['story']}").json()
    assert "Late Wire" in {d["document"]["outlet"] for d in record["documents"]}
