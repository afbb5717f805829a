"""``reportedly serve``: the HTTP API and web UI over a corpus (a thin shell over
``reportedly.server``; FastAPI and uvicorn are imported only when it runs)."""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer

from reportedly.cli_corpus import DEFAULT_DB, DbOption


def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            help="Token that writes (POST) need, at least 16 characters; without one, writes "
            "are refused. Default: $REPORTEDLY_TOKEN.",
            show_default=False,
        ),
    ] = None,
    open_reads: Annotated[
        bool | None,
        typer.Option(
            "--open-reads/--closed-reads",
            help="Reads without the token. Default: open on loopback, closed elsewhere.",
            show_default=False,
        ),
    ] = None,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option(help="An origin allowed by CORS (repeat for more); none by default."),
    ] = None,
    analyze_timeout: Annotated[
        float, typer.Option(min=1, help="Seconds of analysis one POSTed text may take.")
    ] = 120.0,
    workers: Annotated[
        int, typer.Option(min=1, help="Server processes (reads scale with cores).")
    ] = 1,
    max_body: Annotated[int, typer.Option(min=1024, help="The largest request body, in bytes.")] = 8
    * 1024
    * 1024,
) -> None:
    """Serve the corpus: the HTTP API under /api/v1 and the web UI at /.

    Reads (search, stories, actors, documents) are open on loopback; POST /api/v1/analyze and
    /api/v1/documents need the token (Authorization: Bearer TOKEN).
    """
    import uvicorn

    from reportedly.corpus import CorpusError
    from reportedly.server import ServerConfig, create_app
    from reportedly.server.config import CONFIG_VARIABLE, TOKEN_VARIABLE

    try:
        config = ServerConfig(
            db=db,
            token=token or os.environ.get(TOKEN_VARIABLE) or None,
            open_reads=open_reads,
            host=host,
            cors_origins=tuple(cors_origin or ()),
            analyze_timeout=analyze_timeout,
            max_body=max_body,
        )
        app = create_app(config)
    except (ValueError, CorpusError) as exc:
        typer.echo(f"reportedly: {exc}", err=True)
        raise typer.Exit(2 if isinstance(exc, ValueError) else 1) from None
    reads = "open" if config.reads_open else "need the token"
    writes = "need the token" if config.token else "are turned off (no --token)"
    processes = f", {workers} processes" if workers > 1 else ""
    typer.echo(
        f"reportedly: serving {db} on http://{host}:{port}/ (reads {reads}, writes {writes}"
        f"{processes})",
        err=True,
    )
    # Keep-alive past a slow answer: under load, a 5 s idle limit closes connections that
    # clients are about to reuse.
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": "warning",
        "server_header": False,
        "timeout_keep_alive": 30,
    }
    if workers == 1:
        uvicorn.run(app, **options)
        return
    app.state.service.close()  # each worker process opens its own
    os.environ[CONFIG_VARIABLE] = config.to_json()
    uvicorn.run("reportedly.server.app:from_environment", factory=True, workers=workers, **options)


def register(app: typer.Typer) -> None:
    app.command()(serve)
