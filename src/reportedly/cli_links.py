"""``reportedly compare``: a handful of articles side by side, with no database: their
stories, independent origins, and the links between their claims, figures and dates.
A thin shell over ``reportedly.linking.compare``.
"""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from reportedly.cli_corpus import Mode

if TYPE_CHECKING:
    from reportedly.linking.records import CorpusReport


class CompareFormat(StrEnum):
    terminal = "terminal"
    json = "json"
    html = "html"


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"reportedly: {message}", err=True)
    return typer.Exit(code=code)


def compare(
    inputs: Annotated[
        list[str], typer.Argument(help="Article files or directories (text, HTML, JSON, JSONL).")
    ],
    fmt: Annotated[
        CompareFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CompareFormat.terminal,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date (YYYY-MM-DD) for inputs that carry none."),
    ] = None,
    mode: Annotated[Mode, typer.Option(help="Attribution engine (see `analyze`).")] = Mode.fast,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: one per core).")
    ] = 1,
    semantic: Annotated[
        bool,
        typer.Option(
            "--semantic",
            help="Add sentence-embedding similarity (the packaged MiniLM encoder) to word "
            "overlap when pairing claims (slower; see docs/linking.md for what it changes).",
        ),
    ] = False,
) -> None:
    """Compare articles: stories, wire copies, and where their accounts agree or disagree.

    JSON output is one `reportedly-corpus/1` object (schema: `reportedly schema --corpus`).
    Exit status: 0 when every input was analysed, 1 when some failed, 2 on a usage error.
    """
    from rich.console import Console

    from reportedly.ingest import IngestOptions, iter_inputs, missing_paths
    from reportedly.ingest.item import InputItem
    from reportedly.linking.compare import compare as compare_reports
    from reportedly.model import DocumentError, Report
    from reportedly.outputs import stories_html, stories_terminal
    from reportedly.parallel import ParallelAnalyzer, available_cores
    from reportedly.pipeline import Analyzer
    from reportedly.settings import Settings

    missing = missing_paths(inputs)
    if missing:
        raise _fail(f"no such file or directory: {', '.join(missing)}")
    if published is not None:
        try:
            date.fromisoformat(published)
        except ValueError:
            raise _fail(f"--published {published!r} is not a date (YYYY-MM-DD)") from None
    settings = Settings(mode=mode.value)
    workers = jobs or available_cores()
    analyzer: Analyzer | ParallelAnalyzer
    if workers > 1:
        analyzer = ParallelAnalyzer(settings, workers)
        analyzer.start()
    else:
        analyzer = Analyzer(settings)
    reports: list[Report] = []
    failed = 0
    items = list(iter_inputs(inputs, IngestOptions(max_chars=settings.max_chars)))
    for item in items:
        if published and isinstance(item, InputItem):
            item.metadata.setdefault("published", published)
    try:
        for result in analyzer.analyze_items(items):
            if isinstance(result, DocumentError):
                failed += result.status == "failed"
                typer.echo(f"{result.origin}: {result.status}: {result.reason}", err=True)
            else:
                reports.append(result)
    finally:
        if isinstance(analyzer, ParallelAnalyzer):
            analyzer.close()
    encoder = None
    if semantic:
        from reportedly.linking.embed import default_encoder

        encoder = default_encoder()
        if encoder is None:
            raise _fail("--semantic needs onnxruntime and tokenizers (the 'accurate' extra)")
    comparison = compare_reports(reports, encoder=encoder)
    try:
        out = output.open("w", encoding="utf-8") if output else sys.stdout
    except OSError as exc:
        raise _fail(f"cannot write {output}: {exc.strerror}") from None
    if fmt is CompareFormat.json:
        out.write(comparison.to_json(indent=1) + "\n")
    elif fmt is CompareFormat.html:
        out.write(stories_html.render(comparison))
    else:
        stories_terminal.render(comparison, Console(file=out) if output else Console())
    if output:
        out.close()
    raise typer.Exit(code=1 if failed else 0)


class StoriesFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    json = "json"
    html = "html"


def stories(
    db: Annotated[
        str,
        typer.Option(
            "--db",
            help="Corpus database: a SQLite file path, or a URL (postgresql+psycopg://...).",
            envvar="REPORTEDLY_DB",
        ),
    ] = "reportedly.db",
    story: Annotated[
        str | None,
        typer.Option(help="Show one story: its articles and links (json: reportedly-corpus/1)."),
    ] = None,
    fmt: Annotated[
        StoriesFormat, typer.Option("--format", "-f", help="Output format.")
    ] = StoriesFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    relink: Annotated[
        bool, typer.Option("--relink", help="Link every story again, not only changed ones.")
    ] = False,
    update: Annotated[
        bool,
        typer.Option(
            "--update/--no-update", help="File new documents and link changed stories first."
        ),
    ] = True,
    limit: Annotated[int, typer.Option(min=1, help="Most stories listed.")] = 50,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            show_default=False,
            help="Compute story features and links on Dask: local:N or a scheduler's address "
            "(tcp://host:8786); this process files and writes. Needs the 'dask' extra.",
        ),
    ] = None,
) -> None:
    """Group the corpus into stories and link what their articles say; list or show them.

    Each run files only the documents no story holds yet and links only the stories that
    changed; a story keeps its id across runs.
    """
    from reportedly.corpus import Corpus, CorpusError
    from reportedly.linking import corpus_stories as cs

    try:
        corpus = Corpus(db, create=False)
    except CorpusError as exc:
        raise _fail(str(exc), 1) from None
    try:
        out = output.open("w", encoding="utf-8") if output else sys.stdout
    except OSError as exc:
        raise _fail(f"cannot write {output}: {exc.strerror}") from None
    cluster = _cluster(dask) if dask is not None and update else None
    with corpus:
        try:
            if update:
                progress = (
                    (lambda line: typer.echo(line, err=True)) if sys.stderr.isatty() else None
                )
                mapper = cs.serial_map if cluster is None else cluster.map
                try:
                    summary = cs.update_stories(
                        corpus, relink=relink, progress=progress, mapper=mapper
                    )
                finally:
                    if cluster is not None:
                        cluster.close()
                typer.echo(summary.line(), err=True)
            if story is not None:
                comparison = cs.story_report(corpus, story)
                if comparison is None:
                    raise _fail(f"no story {story!r} (list them with: reportedly stories)", 1)
                _write_comparison(comparison, fmt, out, output is not None)
            else:
                _write_story_rows(cs.story_rows(corpus, limit), fmt, out)
        except CorpusError as exc:
            raise _fail(str(exc), 1) from None
    if output:
        out.close()


def _cluster(spec: str) -> Any:
    """A started Dask cluster for the linking work (no pipeline in its workers)."""
    from reportedly.cluster import DaskCluster, DaskUnavailable, parse_target
    from reportedly.parallel import available_cores

    try:
        cluster = DaskCluster(parse_target(spec, available_cores()))
        cluster.start()
    except (ValueError, DaskUnavailable) as exc:
        raise _fail(str(exc), 2) from None
    except OSError as exc:
        raise _fail(f"cannot reach the Dask scheduler at {spec}: {exc}", 2) from None
    typer.echo(f"reportedly: Dask {spec}; dashboard: {cluster.dashboard_link}", err=True)
    return cluster


def _write_comparison(
    comparison: CorpusReport, fmt: StoriesFormat, out: TextIO, to_file: bool
) -> None:
    from rich.console import Console

    from reportedly.outputs import stories_html, stories_terminal

    if fmt in (StoriesFormat.json, StoriesFormat.jsonl):
        out.write(comparison.to_json(indent=1 if fmt is StoriesFormat.json else None) + "\n")
    elif fmt is StoriesFormat.html:
        out.write(stories_html.render(comparison))
    else:
        stories_terminal.render(comparison, Console(file=out) if to_file else Console())


def _write_story_rows(rows: list[dict[str, Any]], fmt: StoriesFormat, out: TextIO) -> None:
    import json

    if fmt is StoriesFormat.json:
        out.write(json.dumps(rows, default=str, indent=1) + "\n")
        return
    if fmt is StoriesFormat.jsonl:
        for row in rows:
            out.write(json.dumps(row, default=str) + "\n")
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{len(rows)} stories (largest first)")
    numeric = ("articles", "origins", "links")
    for column in ("story", *numeric, "first", "last", "title"):
        table.add_column(column, justify="right" if column in numeric else "left")
    for row in rows:
        table.add_row(
            str(row["id"]),
            *(str(row[c]) for c in numeric),
            str(row["first_published"] or ""),
            str(row["last_published"] or ""),
            Text(str(row["title"] or "")[:80]),
        )
    Console(file=out).print(table)


def register(app: typer.Typer) -> None:
    app.command()(compare)
    app.command()(stories)
