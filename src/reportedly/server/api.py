"""``/api/v1``: analyse and store articles, and read the corpus with the filters of
``reportedly query`` (the same names, as query parameters), a page of JSON or a stream of
JSON Lines or CSV."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi import Path as FastPath
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from reportedly.corpus.formats import csv_chunks, jsonl_lines
from reportedly.corpus.query import ACCEPTS, CHOICES, KINDS, Filters, check
from reportedly.linking.records import CorpusReport
from reportedly.model import Report
from reportedly.server.security import check_token
from reportedly.server.service import Article, Service, Stored

PREFIX = "/api/v1"
DEFAULT_PAGE = 50
#: The largest count, offset or id a request may give (a database integer holds it).
BIGGEST = 2**53
ActorId = Annotated[int, FastPath(ge=1, le=BIGGEST)]

#: What each filter means, for the OpenAPI document.
HELP = {
    "actor": "An actor by any variant of its name.",
    "source_kind": "The kind of source (official = government).",
    "stance": "The reporter's stance towards the claim.",
    "form": "How the claim is reported.",
    "type": "PLOVER event category (or the category an event is coded as).",
    "modality": "Whether the event happened, is denied, planned, ...",
    "link": "The kind of link between two articles' items.",
    "story": "A story id.",
    "outlet": "The outlet that published the document (any case).",
    "place": "A place by name, GeoNames id or ISO code.",
    "since": "Published on or after this date.",
    "until": "Published on or before this date.",
    "text": "Full-text query: every word must occur (matched literally).",
}


class Page(BaseModel):
    items: list[dict[str, Any]]
    limit: int
    offset: int
    next_offset: int | None = Field(description="The offset of the next page; none at the end.")


class Actor(BaseModel):
    actor_id: int
    type: str
    name: str
    key: str
    documents: int
    mentions: int
    variants: list[dict[str, Any]]
    claims: list[dict[str, Any]] = Field(description="What the actor is reported to say.")


def service(request: Request) -> Service:
    found: Service = request.app.state.service
    return found


def read_guard(request: Request) -> None:
    current = service(request)
    if not current.config.reads_open:
        check_token(current.config.token, request, "reads")


def write_guard(request: Request) -> None:
    check_token(service(request).config.token, request, "writes")


def router() -> APIRouter:
    api = APIRouter(prefix=PREFIX)

    @api.post("/analyze", response_model=Report, tags=["analyse"])
    def analyze(article: Article, request: Request, _: None = Depends(write_guard)) -> Report:
        """Analyse one article (text or a web page); nothing is stored."""
        return service(request).analyze(article)

    @api.post(
        "/documents",
        response_model=Stored,
        status_code=201,
        tags=["corpus"],
        responses={200: {"model": Stored, "description": "Already in the corpus."}},
    )
    def ingest(
        article: Article, request: Request, response: Response, _: None = Depends(write_guard)
    ) -> Stored:
        """Analyse one article and store it in the corpus (once per text)."""
        stored = service(request).ingest(article)
        if not stored.stored:
            response.status_code = 200
        return stored

    for kind in KINDS:
        api.add_api_route(
            f"/{kind}",
            _lister(kind),
            methods=["GET"],
            response_model=Page,
            tags=["corpus"],
            name=f"list_{kind}",
            summary=f"List {kind}",
            dependencies=[Depends(read_guard)],
            responses={200: {"content": {"application/x-ndjson": {}, "text/csv": {}}}},
        )

    @api.get("/documents/{document_id}", response_model=Report, tags=["corpus"])
    def document(document_id: str, request: Request, _: None = Depends(read_guard)) -> Report:
        """One stored document's full report."""
        found = service(request).document(document_id)
        if found is None:
            raise HTTPException(404, f"no document {document_id!r}")
        return found

    @api.get("/actors/{actor_id}", response_model=Actor, tags=["corpus"])
    def actor(actor_id: ActorId, request: Request, _: None = Depends(read_guard)) -> Actor:
        """One corpus actor: its variants per outlet and what it is reported to say."""
        current = service(request)
        found = current.actor(actor_id)
        if found is None:
            raise HTTPException(404, f"no actor {actor_id}")
        return Actor(**found, claims=current.actor_claims(actor_id))

    @api.get("/stories/{story_id}", response_model=CorpusReport, tags=["corpus"])
    def story(story_id: str, request: Request, _: None = Depends(read_guard)) -> Response:
        """One story: its articles' reports and the links between them."""
        current = service(request)

        def serialised() -> str | None:
            found = current.story(story_id)
            return None if found is None else found.model_dump_json()

        body = current.kept(("story json", story_id), serialised)
        if body is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return Response(body, media_type="application/json")

    return api


def _lister(kind: str) -> Callable[..., Any]:
    """The endpoint listing ``kind``: its own filters as query parameters."""

    def endpoint(request: Request, **given: Any) -> Any:
        unknown = sorted(set(request.query_params) - set(given))
        if unknown:
            raise HTTPException(
                400, f"{', '.join(unknown)}: not a filter of {kind} (one of {', '.join(given)})"
            )
        fmt = given.pop("format")
        limit = given.pop("limit")
        if limit is None and fmt == "json":
            limit = DEFAULT_PAGE
        current = service(request)
        if fmt == "json" and limit > current.config.max_page:
            raise HTTPException(400, f"limit {limit}: at most {current.config.max_page} a page")
        filters = Filters(**{k: v for k, v in given.items() if v is not None}, limit=limit)
        check(kind, filters)
        rows = current.rows(kind, filters)
        if fmt == "jsonl":
            return StreamingResponse(jsonl_lines(rows), media_type="application/x-ndjson")
        if fmt == "csv":
            return StreamingResponse(csv_chunks(rows), media_type="text/csv; charset=utf-8")
        items = list(rows)
        more = len(items) == limit
        return Page(
            items=items,
            limit=limit,
            offset=filters.offset,
            next_offset=filters.offset + limit if more else None,
        )

    parameters = [inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request)]
    for name in sorted(ACCEPTS[kind]):
        annotation: Any = dt.date | None if name in ("since", "until") else str | None
        if name in CHOICES:
            annotation = Literal[tuple(_choices(name))] | None
        parameters.append(
            inspect.Parameter(
                name,
                inspect.Parameter.KEYWORD_ONLY,
                default=Query(None, description=HELP[name], max_length=None),
                annotation=annotation,
            )
        )
    parameters += [
        inspect.Parameter(
            "limit",
            inspect.Parameter.KEYWORD_ONLY,
            default=Query(
                None,
                ge=1,
                le=BIGGEST,
                description=f"Rows a page (JSON: {DEFAULT_PAGE} by default).",
            ),
            annotation=int | None,
        ),
        inspect.Parameter(
            "offset",
            inspect.Parameter.KEYWORD_ONLY,
            default=Query(0, ge=0, le=BIGGEST),
            annotation=int,
        ),
        inspect.Parameter(
            "format",
            inspect.Parameter.KEYWORD_ONLY,
            default=Query("json", description="json (a page), jsonl or csv (a stream)."),
            annotation=Literal["json", "jsonl", "csv"],
        ),
    ]
    endpoint.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    endpoint.__name__ = f"list_{kind}"
    endpoint.__doc__ = f"{kind.capitalize()} passing the filters, in storage order."
    return endpoint


def _choices(name: str) -> tuple[str, ...]:
    values = CHOICES[name]
    return tuple(v.upper() for v in values) if name == "type" else tuple(values)
