"""The visible text of an HTML page: the fallback when main-text extraction finds nothing.

The standard library's streaming parser reads any page in one pass (no tree, so no depth
limit: a page of 20,000 nested ``div`` elements is read like any other), keeps the text a
browser would show, and breaks lines where block elements start and end.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: Elements whose content is never shown as text.
HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object"})
#: Elements that start a new line.
BLOCKS = frozenset(
    (
        *("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt"),
        *("figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td"),
        *("th", "tr", "ul"),
    )
)
#: Elements that never have an end tag, so they must not open a hidden stretch.
VOID = frozenset(
    (
        *("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"),
        *("source", "track", "wbr"),
    )
)
_SPACES = re.compile(r"[ \t\f\v\r\u00a0]+")


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden: list[str] = []  # open hidden elements, innermost last
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in HIDDEN and tag not in VOID:
            self.hidden.append(tag)
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self.hidden:
            while self.hidden and self.hidden.pop() != tag:
                pass
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if not self.hidden:
            self.parts.append(data)


def visible_text(markup: str) -> tuple[str, str | None]:
    """The page's visible text (one line per block, runs of spaces collapsed) and its title."""
    parser = _Visible()
    parser.feed(markup)
    parser.close()
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parser.parts).split("\n"))
    title = _SPACES.sub(" ", "".join(parser.title)).strip() or None
    return "\n".join(line for line in lines if line), title
