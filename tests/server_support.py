"""What the server tests share: a corpus made of the project's own articles (the dam story in
three outlets, an unrelated story, and a hostile article), filed into stories, and a 5 MB
document; written once per test session into a temporary folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportedly.corpus import Corpus
from reportedly.linking.corpus_stories import update_stories
from reportedly.pipeline import Analyzer

LINKING = Path(__file__).resolve().parent / "fixtures" / "linking"
ARTICLES = (
    ("dam-herald.txt", "2023-06-07", "Dam Herald"),
    ("dam-wire.txt", "2023-06-06", "Eastern Wire"),
    ("dam-herald-copy.txt", "2023-06-08", "Valley Courier"),
    ("harvest.txt", "2023-06-07", "Farm Gazette"),
)
TOKEN = "test-token-0123456789"
#: Set by a hostile article's script if it ever runs.
PWNED = "__pwned"
HOSTILE_TEXT = (
    "Convoy reaches the depot <script>window.__pwned = 1</script>\n\n"
    "Officials said on Monday that the convoy had reached the "
    '<img src=x onerror="window.__pwned=2"> depot, '
    "according to the regional ministry.\n\n"
    "A spokesman said the names \u202egnirts desrever\u202c and zero\u200bwidth\u200d words had "
    'been checked. "<a href=javascript:window.__pwned=3>Click here</a>," the spokesman added.\n'
)
HOSTILE = {
    "title": "<script>window.__pwned = 4</script>Hostile headline",
    "outlet": "<b onmouseover=window.__pwned=5>Evil Outlet</b>",
    "url": "javascript:window.__pwned=6",
}
#: The last words of the 5 MB document, which its page must show.
BIG_END = "The end of the long document."


@dataclass(frozen=True)
class Served:
    db: str
    hostile: str  # the hostile document's id
    big: str  # the 5 MB document's id


def build_corpus(folder: Path, analyzer: Analyzer) -> Served:
    db = str(folder / "served.db")
    with Corpus(db) as corpus:
        for name, published, outlet in ARTICLES:
            text = (LINKING / name).read_text(encoding="utf-8")
            report = analyzer.analyze(text, published=published, outlet=outlet)
            doc = report.document.model_copy(update={"origin": name})
            corpus.add(report.model_copy(update={"document": doc}), text)
        hostile = analyzer.analyze(HOSTILE_TEXT, published="2023-06-09", **HOSTILE)
        corpus.add(hostile, HOSTILE_TEXT)
        big = _big(analyzer)
        corpus.add(big, big.document.text)
        update_stories(corpus)
    return Served(db=db, hostile=hostile.document.id, big=big.document.id)


def _big(analyzer: Analyzer):  # type: ignore[no-untyped-def]
    """A 5 MB document: a short analysed article with 5 MB of plain text after it (its spans
    stay where they were), so the page's robustness is tested without a 5 MB analysis."""
    head = "Five megabytes\n\nThe mayor said on Friday that the archive would be opened.\n\n"
    report = analyzer.analyze(head, published="2023-06-10", outlet="Long Post", doc_id="big")
    line = "Nothing else happened in the valley that week. "
    filler = line * (5 * 1024 * 1024 // len(line) + 1)
    text = report.document.text + filler + BIG_END
    return report.model_copy(update={"document": report.document.model_copy(update={"text": text})})
