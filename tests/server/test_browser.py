"""The web UI in a real browser: Debian's Chromium driven by Playwright against a server on a
free loopback port. Search, open a story, see a disagreement light up at both ends, follow to
a document; a hostile article runs nothing and its page stays usable; the 5 MB page loads."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import quote

import pytest
import uvicorn
from server_support import BIG_END, PWNED, Served

from reportedly.server import ServerConfig, create_app

CHROMIUM = os.environ.get("REPORTEDLY_CHROMIUM", "/usr/bin/chromium")
#: As the machine's own probe starts it: no sandbox (root in a container), no network chatter.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(served: Served) -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(
        create_app(ServerConfig(db=served.db)), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM):
        message = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("REPORTEDLY_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1366, "height": 768})  # type: ignore[attr-defined]
    opened = context.new_page()
    opened.errors = []
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    opened.on(
        "console",
        lambda message: opened.errors.append(message.text) if message.type == "error" else None,
    )
    yield opened
    context.close()


def test_search_story_disagreement_and_document(page: object, base_url: str) -> None:
    from playwright.sync_api import expect

    p: object = page
    p.goto(base_url + "/")  # type: ignore[attr-defined]
    p.get_by_label("Outlet", exact=True).fill("Eastern Wire")  # type: ignore[attr-defined]
    p.get_by_role("button", name="Search").click()  # type: ignore[attr-defined]
    expect(p.locator("#count")).to_contain_text("claims")  # type: ignore[attr-defined]
    assert p.locator("table.results tbody tr").count() > 0  # type: ignore[attr-defined]

    p.get_by_role("link", name="Stories").first.click()  # type: ignore[attr-defined]
    p.locator("table.results a").first.click()  # the largest story  # type: ignore[attr-defined]
    expect(p.locator("#summary")).to_contain_text("independent origins")  # type: ignore[attr-defined]
    conflict = p.locator(  # type: ignore[attr-defined]
        "li.link.figure_conflict, li.link.contradiction"
    ).first
    conflict.click()
    token = conflict.get_attribute("data-claim")
    expect(conflict).to_have_class(re.compile(r"\bactive\b"))
    lit = p.locator(f"article.text [data-claims~='{token}'].active")  # type: ignore[attr-defined]
    assert lit.count() >= 2  # both ends, in their articles
    where = "e => e.closest('article').querySelector('h3').textContent"
    documents = {lit.nth(i).evaluate(where) for i in range(lit.count())}
    assert len(documents) == 2
    conflict.press("Escape")
    assert p.locator("[data-claims].active").count() == 0  # type: ignore[attr-defined]
    conflict.focus()  # the keyboard does what the mouse does
    conflict.press("Enter")
    assert lit.count() >= 2

    p.locator("ul.articles a").first.click()  # type: ignore[attr-defined]
    expect(p.locator("section.doc h1")).to_be_visible()  # type: ignore[attr-defined]
    first_claim = p.locator("li.claim").first  # type: ignore[attr-defined]
    first_claim.click()
    assert p.locator("[data-claims].active").count() > 0  # type: ignore[attr-defined]
    assert p.errors == []  # type: ignore[attr-defined]


def test_hostile_article_runs_nothing(page: object, base_url: str, served: Served) -> None:
    p: object = page
    p.goto(base_url + "/documents/" + quote(served.hostile, safe=""))  # type: ignore[attr-defined]
    text = p.locator("section.doc .text").inner_text()  # type: ignore[attr-defined]
    assert "<script>window.__pwned = 1</script>" in text  # shown, not run
    p.locator("section.doc .text [data-claims]").first.click()  # still usable  # type: ignore[attr-defined]
    p.locator("section.doc .text [data-claims]").first.hover()  # type: ignore[attr-defined]
    assert p.evaluate(f"typeof window.{PWNED}") == "undefined"  # type: ignore[attr-defined]
    assert p.locator("img").count() == 0  # type: ignore[attr-defined]
    assert p.errors == []  # type: ignore[attr-defined]


def test_big_document_page_loads(page: object, base_url: str, served: Served) -> None:
    p: object = page
    p.goto(base_url + f"/documents/{served.big}", timeout=120_000)  # type: ignore[attr-defined]
    assert p.locator("section.doc .text").inner_text().rstrip().endswith(BIG_END)  # type: ignore[attr-defined]
    p.locator("li.claim").first.click()  # type: ignore[attr-defined]
    assert p.locator("[data-claims].active").count() > 0  # type: ignore[attr-defined]


def test_pages_are_usable_by_keyboard_and_screen_reader(
    page: object, base_url: str, served: Served
) -> None:
    p: object = page
    for path in ("/", "/stories", "/documents/" + quote(served.hostile, safe="")):
        p.goto(base_url + path)  # type: ignore[attr-defined]
        assert p.evaluate("document.documentElement.lang") == "en"  # type: ignore[attr-defined]
        unlabelled = p.evaluate(  # type: ignore[attr-defined]
            "[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
            ".filter(e => e.labels.length === 0).map(e => e.name)"
        )
        assert unlabelled == []
        p.keyboard.press("Tab")  # type: ignore[attr-defined]
        focused = p.evaluate("document.activeElement.textContent")  # type: ignore[attr-defined]
        assert focused == "Skip to content"
    p.goto(base_url + "/")  # type: ignore[attr-defined]
    p.keyboard.press("Tab")  # type: ignore[attr-defined]
    p.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert p.evaluate("location.hash") == "#main"  # type: ignore[attr-defined]
