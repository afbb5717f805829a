"""The application: the API and the pages on one FastAPI app, with the guards of
``security`` around both and errors answered as JSON (API) or a page (web), never a
traceback."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from reportedly import __version__
from reportedly.corpus import CorpusError
from reportedly.corpus.query import QueryError
from reportedly.server import api, web
from reportedly.server.config import CONFIG_VARIABLE, ServerConfig
from reportedly.server.security import BodyLimit, SecurityHeaders, error_body
from reportedly.server.service import AnalysisRefused, Service

log = logging.getLogger("reportedly.server")


def create_app(config: ServerConfig | None = None) -> FastAPI:
    """An application over the corpus ``config.db`` (which must exist)."""
    config = config or ServerConfig()
    current = Service(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        current.close()

    app = FastAPI(
        title="reportedly",
        version=__version__,
        summary="Who claims what, on whose authority, across outlets: the corpus over HTTP.",
        openapi_url=f"{api.PREFIX}/openapi.json",
        docs_url=None,  # Swagger UI loads from a CDN, which the pages' policy forbids
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.service = current
    app.include_router(api.router())
    app.include_router(web.router())
    app.include_router(web.assets())
    app.mount("/static", StaticFiles(directory=str(_static())), name="static")
    _errors(app)
    if config.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware, allow_origins=list(config.cors_origins), allow_methods=["GET"]
        )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=config.max_body)
    return app


def from_environment() -> FastAPI:
    """The app of one of ``serve --workers N``'s processes, configured by the parent."""
    return create_app(ServerConfig.from_json(os.environ[CONFIG_VARIABLE]))


def _static() -> Any:
    return resources.files("reportedly.server") / "static"


def _errors(app: FastAPI) -> None:
    def answer(request: Request, status: int, message: Any) -> Response:
        if request.url.path.startswith(api.PREFIX) or request.method != "GET":
            return JSONResponse(error_body(status, message), status_code=status)
        return web.error_page(request, status, str(message))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return answer(request, exc.status_code, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            {"where": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", "")}
            for e in exc.errors()
        ]
        return answer(request, 422, problems)

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError) -> Response:
        # The CLI's flags (--source-kind) are query parameters here (source_kind).
        flags = re.sub(r"--([a-z][a-z-]*)", lambda m: m[1].replace("-", "_"), str(exc))
        return answer(request, 400, flags)

    @app.exception_handler(AnalysisRefused)
    async def refused(request: Request, exc: AnalysisRefused) -> Response:
        return answer(request, exc.status, str(exc))

    @app.exception_handler(CorpusError)
    async def database(request: Request, exc: CorpusError) -> Response:
        return answer(request, 503, f"database error: {exc}")

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return answer(request, 500, "internal error (the server log has the details)")
