"""The pages: search, stories, a story, an actor, a document. Server-rendered by Jinja2 with
autoescaping (every stored string is untrusted), one stylesheet and one script of our own,
no inline script or style (the Content-Security-Policy forbids them)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import jinja2
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from reportedly.corpus.query import ACCEPTS, CHOICES, Filters, QueryError
from reportedly.outputs.html import document_section, legend
from reportedly.outputs.stories_html import story_section
from reportedly.outputs.terminal import clip
from reportedly.server import charts
from reportedly.server.api import ActorId, read_guard, service
from reportedly.server.service import Service

#: The kinds the search page finds, and the columns it shows for each.
SEARCHABLE = {
    "claims": (
        "published",
        "outlet",
        "source_name",
        "source_kind",
        "cue",
        "stance",
        "content_text",
    ),
    "documents": ("published", "outlet", "title", "claims"),
    "events": ("published", "outlet", "trigger", "type", "modality", "actors", "recipients"),
    "quantities": ("published", "outlet", "text", "value", "unit", "concept", "source_name"),
    "actors": ("name", "type", "documents", "mentions"),
}
FIELDS = ("text", "actor", "source_kind", "stance", "outlet", "place", "since", "until")
PAGE = 50


@functools.cache
def _templates() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("reportedly.server", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["document_url"] = document_url
    environment.filters["safe_link"] = safe_link
    return environment


def render(template: str, code: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(_templates().get_template(template).render(**context), status_code=code)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render("error.html", status, title=str(status), status=status, message=message)


def document_url(report_id: str) -> str:
    return "/documents/" + quote(str(report_id), safe="")


def safe_link(url: str | None) -> str | None:
    """``url`` when it may be a link (http or https); else None, and it is shown as text."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def router() -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    @pages.get("/", response_class=HTMLResponse)
    def search(request: Request) -> HTMLResponse:
        read_guard(request)
        given = {k: v.strip() for k, v in request.query_params.items() if v.strip()}
        kind = given.pop("kind", "claims")
        if kind not in SEARCHABLE:
            kind = "claims"
        offset = _int(given.pop("offset", "0"))
        chosen = {k: given[k] for k in FIELDS if k in given}
        current = service(request)
        rows: list[dict[str, Any]] = []
        total: int | None = None
        problem = None
        if chosen or kind != "claims" or "go" in given:
            try:
                accepted: dict[str, Any] = {k: v for k, v in chosen.items() if k in ACCEPTS[kind]}
                filters = Filters(**accepted, limit=PAGE, offset=offset)
                rows = list(current.rows(kind, filters))
                total = current.count(kind, Filters(**accepted))
            except QueryError as exc:
                problem = str(exc)
        more = len(rows) == PAGE
        return render(
            "search.html",
            title="Search",
            kind=kind,
            kinds=list(SEARCHABLE),
            columns=SEARCHABLE[kind],
            chosen=chosen,
            rows=rows,
            total=total,
            cap=current.config.count_cap,
            problem=problem,
            choices={k: CHOICES[k] for k in ("source_kind", "stance")},
            offset=offset,
            previous=_query(chosen, kind, offset - PAGE) if offset > 0 else None,
            next=_query(chosen, kind, offset + PAGE) if more else None,
            stories=current.stories(10) if not chosen else [],
        )

    @pages.get("/stories", response_class=HTMLResponse)
    def stories(request: Request) -> HTMLResponse:
        read_guard(request)
        return render("stories.html", title="Stories", stories=service(request).stories(200))

    @pages.get("/stories/{story_id}", response_class=HTMLResponse)
    def story(story_id: str, request: Request) -> HTMLResponse:
        read_guard(request)
        current = service(request)
        page = current.kept(("story page", story_id), lambda: _story_page(current, story_id))
        if page is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return HTMLResponse(page)

    @pages.get("/actors/{actor_id}", response_class=HTMLResponse)
    def actor(actor_id: ActorId, request: Request) -> HTMLResponse:
        read_guard(request)
        current = service(request)
        found = current.actor(actor_id)
        if found is None:
            raise HTTPException(404, f"no actor {actor_id}")
        claims = current.actor_claims(actor_id)
        outlets: dict[str, list[dict[str, Any]]] = {}
        for claim in claims:
            outlets.setdefault(claim["outlet"] or "(no outlet)", []).append(claim)
        return render(
            "actor.html",
            title=found["name"],
            actor=found,
            claims=claims,
            outlets=outlets,
            chart=Markup(charts.claims_over_time(claims)),
        )

    @pages.get("/documents/{document_id}", response_class=HTMLResponse)
    def document(document_id: str, request: Request) -> HTMLResponse:
        read_guard(request)
        report = service(request).document(document_id)
        if report is None:
            raise HTTPException(404, f"no document {document_id!r}")
        return render(
            "document.html",
            title=report.document.title or report.document.id,
            report=report,
            link=safe_link(report.document.url),
            section=Markup(document_section(0, report)),
            legend=Markup(legend()),
        )

    return pages


def assets() -> APIRouter:
    """The single-article view's own stylesheet and script, served from ``outputs``."""
    files = APIRouter(include_in_schema=False)
    types = {"report.css": "text/css; charset=utf-8", "report.js": "text/javascript; charset=utf-8"}

    for name, media in types.items():
        files.add_api_route(f"/static/{name}", _asset_endpoint(name, media), methods=["GET"])

    @files.get("/favicon.ico")
    def favicon() -> Response:  # browsers ask for one; there is none
        return Response(status_code=204)

    return files


def _asset_endpoint(name: str, media: str) -> Any:
    def asset() -> Response:
        text = (resources.files("reportedly.outputs") / name).read_text(encoding="utf-8")
        return Response(text, media_type=media, headers={"cache-control": "max-age=3600"})

    return asset


def _story_page(current: Service, story_id: str) -> str | None:
    found = current.story(story_id)
    if found is None or not found.stories:
        return None
    record = found.stories[0]
    documents = {r.document.id: r for r in found.documents}
    disagreements = [k for k in found.links if k.kind != "same_claim"]
    return (
        _templates()
        .get_template("story.html")
        .render(
            title=record.title or record.id,
            story=record,
            reports=found.documents,
            links=found.links,
            disagreements=len(disagreements),
            section=Markup(story_section(record, found.links, documents)),
            by_source=_claims_by_source(found.documents),
            timeline=Markup(charts.timeline(found.documents)),
            map=Markup(charts.place_map(found.documents)),
            legend=Markup(legend(["source", "cue", "content", "link"])),
        )
    )


def _int(value: str) -> int:
    return min(int(value), 10**9) if value.isdigit() else 0


def _query(chosen: dict[str, str], kind: str, offset: int) -> str:
    return "/?" + urlencode({**chosen, "kind": kind, "offset": max(0, offset), "go": "1"})


def _claims_by_source(reports: Iterable[Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Every claim of a story's articles under its source, the most quoted source first."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for report in reports:
        doc = report.document
        for claim in report.claims:
            source = claim.source
            name = "unsourced"
            if source is not None:
                written = source.span.text if source.span else None
                name = source.name or written or f"({source.kind})"
            groups.setdefault(name, []).append(
                {
                    "outlet": doc.outlet or doc.origin or doc.id,
                    "document": doc.id,
                    "published": doc.published,
                    "cue": " ... ".join(c.text for c in claim.cues),
                    "content": clip(" ... ".join(c.text for c in claim.content), 400),
                    "stance": claim.stance,
                }
            )
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
