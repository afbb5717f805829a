"""The corpus commands: ``ingest``, ``query``, ``export`` and ``db``. Thin shells over
``reportedly.corpus``; the heavy imports (SQLAlchemy, spaCy) happen only when a command runs.
"""

from __future__ import annotations

import json
import sys
from collections import deque
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

DB_HELP = "Corpus database: a SQLite file path, or a URL (postgresql+psycopg://user@host/db)."
DbOption = Annotated[str, typer.Option("--db", help=DB_HELP, envvar="REPORTEDLY_DB")]
DEFAULT_DB = "reportedly.db"
#: Documents per transaction when a Dask cluster feeds the one writer.
DASK_COMMIT_EVERY = 50
#: From how many documents one worker process pays for its start (``_overlap``).
OVERLAP_FROM = 50

db_app = typer.Typer(help="The corpus database: migrations and statistics.", no_args_is_help=True)


class Kind(StrEnum):
    claims = "claims"
    actors = "actors"
    documents = "documents"
    quantities = "quantities"
    places = "places"
    events = "events"
    stories = "stories"
    links = "links"


class RowFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


class Mode(StrEnum):
    fast = "fast"
    accurate = "accurate"


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"reportedly: {message}", err=True)
    return typer.Exit(code=code)


def _open(target: str, create: bool) -> Any:
    from reportedly.corpus import Corpus, CorpusError

    try:
        return Corpus(target, create=create)
    except CorpusError as exc:
        raise _fail(str(exc)) from None


def _date(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(f"{flag} {value!r} is not a date (YYYY-MM-DD)", 2) from None


def ingest(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(help="Files, directories (recursive) or - for stdin."),
    ] = None,
    db: DbOption = DEFAULT_DB,
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) for all inputs.")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name for all inputs.")] = None,
    raw: Annotated[bool, typer.Option("--raw", help="No text repair.")] = False,
    max_chars: Annotated[
        int, typer.Option(min=1, help="Skip documents with more characters than this.")
    ] = 5_000_000,
    mode: Annotated[Mode, typer.Option(help="Attribution engine: fast or accurate.")] = Mode.fast,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            help="Analysis worker processes (0: one per core). With 1, on two cores or more "
            "and from 50 documents, that worker is a process of its own, so that the "
            "database writes run beside the analysis.",
        ),
    ] = 1,
    input_format: Annotated[
        str,
        typer.Option("--input-format", help="auto (by file suffix), text, html, json or jsonl."),
    ] = "auto",
    doc_timeout: Annotated[
        float | None,
        typer.Option(
            "--doc-timeout",
            min=0,
            help="Seconds one document may take (default: 60 plus 1 per 1,000 characters; "
            "0: no limit).",
        ),
    ] = None,
    reanalyze: Annotated[
        bool,
        typer.Option(
            "--reanalyze", help="Analyse again the stored documents an older engine analysed."
        ),
    ] = False,
    fail_fast: Annotated[
        bool, typer.Option("--fail-fast", help="Stop at the first input that fails.")
    ] = False,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            show_default=False,
            help="Run on Dask: local:N (a local cluster of N worker processes) or a "
            "scheduler's address (tcp://host:8786); this process alone writes the database. "
            "Needs the 'dask' extra; see docs/scale.md.",
        ),
    ] = None,
    commit_every: Annotated[
        int | None,
        typer.Option(
            "--commit-every",
            min=1,
            show_default=False,
            help="Documents per transaction (default: 1; 50 with --dask, so that one writer "
            "keeps up with many workers). A crash loses at most one uncommitted batch.",
        ),
    ] = None,
) -> None:
    """Analyse articles and store them in a corpus database, each document once.

    Inputs already stored are skipped without being analysed; each document is committed
    whole or not at all, so a run that was killed can simply be run again.
    """
    from reportedly.batch import run_batch
    from reportedly.cli import _analyzer, _dask_analyzer, close_analyzer
    from reportedly.corpus import CorpusError
    from reportedly.ingest import IngestOptions, count_documents, iter_inputs, missing_paths
    from reportedly.parallel import available_cores
    from reportedly.settings import Settings

    if not inputs and not reanalyze:
        raise _fail("give inputs to ingest, or --reanalyze", 2)
    if dask is not None and jobs != 1:
        raise _fail("give --dask or --jobs, not both", 2)
    missing = missing_paths(inputs or [])
    if missing:
        raise _fail(f"no such file or directory: {', '.join(missing)}", 2)
    _date(published, "--published")
    if input_format not in ("auto", "text", "html", "json", "jsonl"):
        raise _fail(f"--input-format {input_format!r}: one of auto, text, html, json, jsonl", 2)
    corpus = _open(db, create=True)
    settings = Settings(max_chars=max_chars, mode=mode.value, doc_timeout=doc_timeout)
    workers = jobs or available_cores()
    analyzer = (
        _analyzer(settings, workers, overlap=_overlap(workers, inputs or []))
        if dask is None
        else _dask_analyzer(settings, dask)
    )
    overrides = {k: v for k, v in {"published": published, "outlet": outlet}.items() if v}
    code = 0
    try:
        if reanalyze:
            code = _reanalyze(corpus, analyzer, raw)
        if inputs:
            options = IngestOptions(max_chars=max_chars, input_format=input_format)  # type: ignore[arg-type]
            items = iter_inputs(inputs, options)
            results = corpus.ingest(
                items,
                lambda stream: analyzer.analyze_items(
                    stream, raw=raw, overrides=overrides, skip_duplicates=True
                ),
                commit_every=commit_every or (DASK_COMMIT_EVERY if dask else 1),
            )
            progress = sys.stderr.isatty()
            summary = run_batch(
                results,
                lambda report: None,
                fail_fast=fail_fast,
                progress=progress,
                total=count_documents(inputs) if progress else None,
            )
            code = max(code, 1 if summary.failed else 0)
    except CorpusError as exc:
        raise _fail(f"database error: {exc} (the document being written was rolled back)") from None
    finally:
        close_analyzer(analyzer)
        corpus.close()
    raise typer.Exit(code=code)


def _overlap(workers: int, inputs: list[str]) -> bool:
    """Whether one worker should be a process of its own, so that the database writes of
    this process overlap the analysis: on two cores or more, for more than a handful of
    documents (a worker's start costs about a pipeline load; an unknown count, from stdin
    or JSON lines, may be long)."""
    from reportedly.ingest import count_documents
    from reportedly.parallel import available_cores

    if workers != 1 or available_cores() < 2:
        return False
    count = count_documents(inputs)
    return count is None or count >= OVERLAP_FROM


def _reanalyze(corpus: Any, analyzer: Any, raw: bool) -> int:
    """Redo the documents an older engine analysed, keeping their ids."""
    from reportedly.corpus.rows import engine_of
    from reportedly.model import Report

    probe = next(iter(analyzer.analyze_items([_probe_item()])))
    assert isinstance(probe, Report)
    current = engine_of(probe)
    stale = corpus.stale_count(current)
    typer.echo(f"reportedly: {stale} document(s) by an older engine to analyse again", err=True)
    ids: deque[int] = deque()  # stale document ids, in the analyser's order

    def items() -> Any:
        for document_id, item in corpus.stale(current):
            ids.append(document_id)
            yield item

    failed = 0
    for result in analyzer.analyze_items(items(), raw=raw):
        document_id = ids.popleft()
        if isinstance(result, Report):
            corpus.replace(document_id, result)
        else:
            failed += 1
            typer.echo(f"{result.status}: {result.origin}: {result.reason}", err=True)
    typer.echo(f"reportedly: re-analysed {stale - failed}, failed {failed}", err=True)
    return 1 if failed else 0


def _probe_item() -> Any:
    from reportedly.ingest.item import InputItem

    return InputItem(origin="engine probe", text="The minister said on Monday that it rained.")


def query(
    kind: Annotated[Kind, typer.Argument(help="What to list.")],
    db: DbOption = DEFAULT_DB,
    actor: Annotated[str | None, typer.Option(help="An actor, by any name it was seen by.")] = None,
    source_kind: Annotated[
        str | None, typer.Option(help="anonymous, official (government), person, ...")
    ] = None,
    stance: Annotated[str | None, typer.Option(help="assertion, denial, ...")] = None,
    form: Annotated[str | None, typer.Option(help="direct, indirect, mixed, ...")] = None,
    event_type: Annotated[
        str | None,
        typer.Option("--type", help="Events: a PLOVER category (ASSAULT, SANCTION, ...)."),
    ] = None,
    modality: Annotated[
        str | None,
        typer.Option(help="Events: asserted, negated, hypothetical, future, historical."),
    ] = None,
    link: Annotated[
        str | None,
        typer.Option(
            help="Links: same_claim, contradiction, figure_conflict, date_conflict, "
            "attribution_shift."
        ),
    ] = None,
    story: Annotated[str | None, typer.Option(help="Stories, links: a story id (s12).")] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name (any case).")] = None,
    place: Annotated[
        str | None, typer.Option(help="Place name, GeoNames id or ISO code (UA, UA-63).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (YYYY-MM-DD).")] = None,
    text: Annotated[
        str | None, typer.Option("--text", help="Full-text query: every word must occur.")
    ] = None,
    limit: Annotated[int | None, typer.Option(min=0, help="At most this many rows.")] = None,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many rows first.")] = 0,
    fmt: Annotated[
        RowFormat | None,
        typer.Option("--format", "-f", help="table on a terminal, else jsonl."),
    ] = None,
) -> None:
    """List claims, actors, documents, quantities, places, events, stories or links of a
    corpus, filtered.

    Every row names its document and its character span in the document's text (a link, both
    of its ends). Stories and links are those `reportedly stories --db` filed and linked.
    """
    from reportedly.corpus import CorpusError
    from reportedly.corpus.query import Filters, QueryError

    source = {"official": "government"}.get(source_kind or "", source_kind)
    try:
        filters = Filters(
            actor=actor,
            source_kind=source,
            stance=stance,
            form=form,
            type=event_type,
            modality=modality,
            link=link,
            story=story,
            outlet=outlet,
            place=place,
            since=_date(since, "--since"),
            until=_date(until, "--until"),
            text=text,
            limit=limit,
            offset=offset,
        )
    except QueryError as exc:
        raise _fail(str(exc), 2) from None
    chosen = fmt or (RowFormat.table if sys.stdout.isatty() else RowFormat.jsonl)
    corpus = _open(db, create=False)
    try:
        rows = corpus.query(kind.value, filters)
        _write_rows(rows, chosen, kind.value)
    except QueryError as exc:
        raise _fail(str(exc), 2) from None
    except CorpusError as exc:
        raise _fail(f"database error: {exc}") from None
    finally:
        corpus.close()


#: What a terminal table shows per kind (jsonl and csv carry every column).
TABLE_COLUMNS = {
    "claims": (
        "document",
        "published",
        "outlet",
        "span",
        "source_name",
        "source_kind",
        "cue",
        "stance",
        "content_text",
    ),
    "actors": ("actor_id", "type", "name", "documents", "mentions", "variants"),
    "documents": ("document_id", "document", "published", "outlet", "title", "claims"),
    "quantities": (
        "document",
        "published",
        "span",
        "text",
        "value",
        "unit",
        "concept",
        "source_name",
    ),
    "places": (
        "document",
        "published",
        "name",
        "feature",
        "geonames_id",
        "iso_code",
        "latitude",
        "longitude",
        "mentions",
    ),
    "events": (
        "document",
        "published",
        "span",
        "trigger",
        "type",
        "plover_type",
        "modality",
        "actors",
        "recipients",
        "place",
        "source_name",
    ),
    "stories": (
        "story",
        "title",
        "first_published",
        "last_published",
        "articles",
        "origins",
        "links",
    ),
    "links": ("story", "kind", "a_document", "a_text", "b_document", "b_text", "explanation"),
}


def _spanned(row: dict[str, Any]) -> dict[str, Any]:
    for start, end in (
        ("content_start", "content_end"),
        ("trigger_start", "trigger_end"),
        ("start", "end"),
    ):
        if start in row:
            row["span"] = None if row[start] is None else f"{row[start]}-{row[end]}"
            break
    return row


def _write_rows(rows: Any, fmt: RowFormat, kind: str = "claims") -> None:
    from reportedly.corpus.formats import csv_chunks, jsonl_lines

    if fmt is not RowFormat.table:
        for chunk in (jsonl_lines if fmt is RowFormat.jsonl else csv_chunks)(rows):
            sys.stdout.write(chunk)
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    columns = TABLE_COLUMNS[kind]
    table = Table(*columns, show_lines=False)
    shown = 0
    for row in rows:
        row = _spanned(row)
        # Text objects: stored article text is shown as written, never read as markup.
        table.add_row(*(Text("" if row.get(c) is None else _cell(row[c])) for c in columns))
        shown += 1
    Console().print(table if shown else "no rows")


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(
            v if isinstance(v, str) else f"{v['variant']} ({v['outlet'] or '?'}: {v['count']})"
            for v in value
        )
    return str(value)


def export(
    out: Annotated[Path, typer.Option("--output", "-o", help="Directory to write into.")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="File format.")
    ] = ExportFormat.parquet,
) -> None:
    """Export every corpus table to one file each (layout: docs/corpus.md)."""
    from sqlalchemy.exc import SQLAlchemyError

    from reportedly.corpus.export import export as export_tables

    corpus = _open(db, create=False)
    try:
        written = export_tables(corpus.engine, out, fmt.value)
    except SQLAlchemyError as exc:
        raise _fail(f"database error: {exc}") from None
    except OSError as exc:
        raise _fail(f"cannot write {out}: {exc.strerror}") from None
    finally:
        corpus.close()
    for name, count in written.items():
        typer.echo(f"{out / f'{name}.{fmt.value}'}: {count} rows", err=True)


@db_app.command("upgrade")
def db_upgrade(db: DbOption = DEFAULT_DB) -> None:
    """Create the corpus schema, or bring it to the newest revision."""
    corpus = _open(db, create=True)
    typer.echo(f"reportedly: {db} at schema revision {corpus.stats()['revision']}", err=True)
    corpus.close()


@db_app.command("stats")
def db_stats(
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Rows per table and documents per engine version."""
    from reportedly.corpus import CorpusError

    corpus = _open(db, create=False)
    try:
        stats = corpus.stats()
    except CorpusError as exc:
        raise _fail(f"database error: {exc}") from None
    finally:
        corpus.close()
    if fmt == "json":
        typer.echo(json.dumps(stats, indent=1))
        return
    typer.echo(f"{stats['database']} ({stats['backend']}, schema {stats['revision']})")
    for name, count in stats["tables"].items():
        typer.echo(f"  {name:<15} {count:>10,}")
    typer.echo("documents by engine (older ones are redone by: reportedly ingest --reanalyze):")
    for engine, count in stats["engines"].items():
        typer.echo(f"  {engine:<40} {count:>10,}")


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(query)
    app.command()(export)
    app.add_typer(db_app, name="db")
