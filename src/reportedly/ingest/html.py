"""HTML pages: main text, title, date, author and site name via trafilatura.

trafilatura (and lxml under it) costs about half a second to import, so it is imported on the
first HTML document, never at CLI start-up. ``Document.text`` is the extracted main text: with
``--raw`` it is that text unrepaired, since the markup itself is not something to analyse.
"""

from __future__ import annotations

import warnings
from typing import Any

from reportedly.ingest.errors import DocumentSkipped
from reportedly.ingest.visible import visible_text

_HTML_START = ("<!doctype html", "<html", "<?xml", "<head", "<body")


def looks_like_html(text: str) -> bool:
    return text.lstrip()[:200].lower().startswith(_HTML_START)


def extract_html(markup: str) -> tuple[str, dict[str, Any], list[str]]:
    """The main text of a page, its metadata, and warnings for the report.

    Where trafilatura finds no main text (or fails on the markup), the page's visible text is
    analysed instead, with a warning saying so; ``DocumentSkipped`` only for a page that shows
    no text at all.
    """
    import trafilatura

    problem = "no main text found"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = trafilatura.bare_extraction(
                markup,
                with_metadata=True,
                include_comments=False,
                include_tables=False,
                date_extraction_params={"extensive_search": False, "original_date": True},
            )
    except Exception as exc:  # lxml and trafilatura raise many kinds on broken markup
        result = None
        problem = f"main-text extraction failed ({type(exc).__name__}: {str(exc)[:200]})"
    text = (getattr(result, "text", None) or "").strip() if result is not None else ""
    if not text:
        visible, title = visible_text(markup)
        if not visible:
            raise DocumentSkipped("HTML page shows no text")
        warning = f"HTML: {problem}; the page's visible text was analysed instead"
        return visible, ({"title": title} if title else {}), [warning]
    metadata: dict[str, Any] = {}
    for key, attribute in (
        ("title", "title"),
        ("published", "date"),
        ("author", "author"),
        ("outlet", "sitename"),
        ("url", "url"),
    ):
        value = getattr(result, attribute, None)
        if isinstance(value, str) and value.strip():
            metadata[key] = value.strip()
    return text, metadata, []
