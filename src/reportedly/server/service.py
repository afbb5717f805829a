"""What the API and the pages do, without HTTP: analyse a posted article, store it, read rows
and records from the corpus. One ``Service`` per application; the corpus engine's pool is
shared by the request threads, the pipeline is loaded once and analyses one text at a time."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pydantic import BaseModel, ConfigDict, Field, model_validator

from reportedly.corpus import Corpus, lookup
from reportedly.corpus.query import Filters
from reportedly.corpus.rows import content_key
from reportedly.ingest.errors import DocumentProblem
from reportedly.ingest.html import extract_html
from reportedly.ingest.item import InputItem
from reportedly.linking.corpus_stories import story_report, story_rows
from reportedly.linking.records import CorpusReport
from reportedly.model import DocumentError, Report
from reportedly.server.config import ServerConfig

if TYPE_CHECKING:
    from reportedly.parallel import ParallelAnalyzer


T = TypeVar("T")

#: Story records and pages kept in memory (the most recently asked for).
KEPT = 16


class Article(BaseModel):
    """One article to analyse or store: its text (or a web page) and what is known of it."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="Plain text of the article.")
    html: str | None = Field(None, description="A web page; its main text is analysed.")
    published: dt.date | None = Field(None, description="Anchors relative dates.")
    outlet: str | None = Field(None, max_length=300)
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=4000)
    id: str | None = Field(None, max_length=200, description="The document id to use.")
    raw: bool = Field(False, description="Analyse the text exactly as given (no repair).")

    @model_validator(mode="after")
    def _one_text(self) -> Article:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' and 'html'")
        return self


class AnalysisRefused(Exception):
    """The text could not be analysed: ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class Stored(BaseModel):
    document: str = Field(description="The document's id (as in /documents/{id}).")
    stored: bool = Field(description="False when the same text was in the corpus already.")
    claims: int | None = None
    reason: str | None = None


class Service:
    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.corpus = Corpus(config.db, create=False)
        self._analyzer: ParallelAnalyzer | None = None
        self._analysing = threading.Lock()
        self._kept: OrderedDict[tuple[str, str], tuple[str, Any]] = OrderedDict()
        self._keeping = threading.Lock()
        self._building: dict[tuple[str, str], threading.Lock] = {}

    def close(self) -> None:
        if self._analyzer is not None:
            self._analyzer.close()
        self.corpus.close()

    # -- writing ----------------------------------------------------------------------------

    def analyze(self, article: Article) -> Report:
        return self._analysed(_item(article), article.raw)

    def ingest(self, article: Article) -> Stored:
        item = _item(article)
        stored_as = lookup.report_id(self.corpus, content_key(item.text))
        if stored_as is not None:
            return Stored(document=stored_as, stored=False, reason="already in the corpus")
        report = self._analysed(item, article.raw)
        if self.corpus.add(report, item.text) is None:
            return Stored(document=report.document.id, stored=False, reason="stored meanwhile")
        return Stored(document=report.document.id, stored=True, claims=len(report.claims))

    def _analysed(self, item: InputItem, raw: bool) -> Report:
        with self._analysing:
            result = next(self._pipeline().analyze_items([item], raw=raw))
        if isinstance(result, DocumentError):
            status = 504 if result.reason.startswith("took longer than") else 422
            raise AnalysisRefused(status, f"{result.status}: {result.reason}")
        return result

    def _pipeline(self) -> ParallelAnalyzer:
        """A worker process with the pipeline, started on first use: there the time limit
        is enforced (the stages' budget needs a process's main thread), a text that hangs
        the worker costs the worker, not the server, and the server never loads spaCy."""
        if self._analyzer is None:
            from reportedly.parallel import ParallelAnalyzer
            from reportedly.settings import Settings

            self._analyzer = ParallelAnalyzer(
                Settings(doc_timeout=self.config.analyze_timeout), jobs=1
            )
        return self._analyzer

    # -- reading ----------------------------------------------------------------------------

    def rows(self, kind: str, filters: Filters) -> Iterator[dict[str, Any]]:
        return self.corpus.query(kind, filters)

    def count(self, kind: str, filters: Filters) -> int:
        return lookup.count(self.corpus, kind, filters, self.config.count_cap)

    def document(self, report_id: str) -> Report | None:
        return lookup.document(self.corpus, report_id)

    def actor(self, actor_id: int) -> dict[str, Any] | None:
        return lookup.actor(self.corpus, actor_id)

    def actor_claims(self, actor_id: int) -> list[dict[str, Any]]:
        return lookup.actor_claims(self.corpus, actor_id)

    def story(self, story_id: str) -> CorpusReport | None:
        """One story's record, kept while the story is unchanged: a story of a hundred
        articles takes a second to read back, and its page is asked for again and again."""
        return self.kept(("story", story_id), lambda: story_report(self.corpus, story_id))

    def kept(self, key: tuple[str, str], build: Callable[[], T | None]) -> T | None:
        """What ``build`` gives for the story ``key[1]`` as it is now, built once per version
        of the story (concurrent requests wait for the one building it); None when there
        is no such story."""
        version = lookup.story_version(self.corpus, key[1])
        if version is None:
            return None
        with self._keeping:
            building = self._building.setdefault(key, threading.Lock())
        with building:
            with self._keeping:
                kept = self._kept.get(key)
                if kept is not None and kept[0] == version:
                    self._kept.move_to_end(key)
                    return cast(T, kept[1])
            value = build()
            with self._keeping:
                self._kept[key] = (version, value)
                self._kept.move_to_end(key)
                while len(self._kept) > KEPT:
                    self._building.pop(self._kept.popitem(last=False)[0], None)
            return value

    def stories(self, limit: int = 50) -> list[dict[str, Any]]:
        return story_rows(self.corpus, limit)


def _item(article: Article) -> InputItem:
    """The article as the pipeline reads it; a page's own metadata yields to what was sent."""
    metadata: dict[str, Any] = {}
    warnings: list[str] = []
    text = article.text or ""
    if article.html is not None:
        try:
            text, metadata, warnings = extract_html(article.html)
        except DocumentProblem as problem:
            raise AnalysisRefused(422, f"skipped: {problem}") from None
    given = {
        "published": article.published,
        "outlet": article.outlet,
        "title": article.title,
        "url": article.url,
        "doc_id": article.id,
    }
    metadata.update({k: v for k, v in given.items() if v is not None})
    return InputItem(
        origin="request",
        text=text,
        metadata=metadata,
        input_format="html" if article.html is not None else "text",
        warnings=warnings,
    )
