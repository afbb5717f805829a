"""The ``reportedly`` command line: a thin shell over the library."""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reportedly import __version__, cli_corpus, cli_gazetteer, cli_links, cli_serve
from reportedly.evaluation.cli import app as eval_app
from reportedly.training.calibration_cli import train_cue_calibration
from reportedly.training.encoder.cli import train_sentence_encoder
from reportedly.training.tagger import cli as tagger_cli

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from reportedly.cluster import DaskAnalyzer
    from reportedly.corpus.dataset import DatasetWriter, Item, Result
    from reportedly.parallel import ParallelAnalyzer
    from reportedly.pipeline import Analyzer
    from reportedly.settings import Settings

SCHEMA_FILE = Path(__file__).resolve().parent / "schema" / "reportedly-1.schema.json"
CORPUS_SCHEMA_FILE = SCHEMA_FILE.with_name("reportedly-corpus-1.schema.json")

app = typer.Typer(
    help="reportedly: who claims what, on whose authority, how sure, about whom, where and when.",
    no_args_is_help=True,
    # Plain help: rich's help layout costs a quarter of a second at every start.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
app.add_typer(eval_app, name="eval")
tagger_cli.app.command("cue-calibration")(train_cue_calibration)
tagger_cli.app.command("sentence-encoder")(train_sentence_encoder)
app.add_typer(tagger_cli.app, name="train")
app.add_typer(tagger_cli.tools, name="tagger")
app.add_typer(cli_gazetteer.app, name="gazetteer")
cli_corpus.register(app)
cli_links.register(app)
cli_serve.register(app)


DASK_HELP = (
    "Run on Dask: local:N (a local cluster of N worker processes, one thread each) or a "
    "scheduler's address (tcp://host:8786). Needs the 'dask' extra; see docs/scale.md."
)
DaskOption = Annotated[str | None, typer.Option("--dask", help=DASK_HELP, show_default=False)]


class OutputFormat(StrEnum):
    terminal = "terminal"
    json = "json"
    jsonl = "jsonl"
    html = "html"
    parquet = "parquet"


class GazetteerSize(StrEnum):
    p500 = "500"
    p1000 = "1000"
    p5000 = "5000"
    p15000 = "15000"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reportedly {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """reportedly reads news and says who claims what, on whose authority."""


class Mode(StrEnum):
    fast = "fast"
    accurate = "accurate"


class InputFormat(StrEnum):
    auto = "auto"
    text = "text"
    html = "html"
    json = "json"
    jsonl = "jsonl"


def _usage_error(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=2)


@app.command()
def analyze(
    inputs: Annotated[
        list[str], typer.Argument(help="Files, directories (recursive) or - for stdin.")
    ],
    fmt: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="Output format. parquet: a dataset directory (needs --output), one folder of "
            "part files per table, the tables and columns of `reportedly export --format "
            "parquet`.",
        ),
    ] = OutputFormat.terminal,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write here instead of stdout (parquet: a new or empty directory).",
        ),
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) for all inputs.")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name for all inputs.")] = None,
    title: Annotated[str | None, typer.Option(help="Title for all inputs.")] = None,
    raw: Annotated[
        bool, typer.Option("--raw", help="No text repair: document.text equals the decoded input.")
    ] = False,
    input_format: Annotated[
        InputFormat,
        typer.Option("--input-format", help="How to read inputs; auto goes by file suffix."),
    ] = InputFormat.auto,
    max_chars: Annotated[
        int, typer.Option(min=1, help="Skip documents with more characters than this.")
    ] = 5_000_000,
    fail_fast: Annotated[
        bool, typer.Option("--fail-fast", help="Stop at the first input that fails.")
    ] = False,
    keep_duplicates: Annotated[
        bool,
        typer.Option("--keep-duplicates", help="Analyse repeated identical texts again."),
    ] = False,
    min_population: Annotated[
        GazetteerSize,
        typer.Option(
            "--min-population",
            help="Smallest city in the gazetteer (a larger one knows fewer small towns).",
        ),
    ] = GazetteerSize.p500,
    mode: Annotated[
        Mode,
        typer.Option(
            help="Attribution engine: fast rules, or the trained tagger (more accurate, slower; "
            "needs the 'accurate' extra)."
        ),
    ] = Mode.fast,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            help="Worker processes, each loading the pipeline once (0: one per core).",
        ),
    ] = 1,
    doc_timeout: Annotated[
        float | None,
        typer.Option(
            "--doc-timeout",
            min=0,
            help="Seconds one document may take; over it, it fails and the batch goes on "
            "(default: 60 plus 1 per 1,000 characters; 0: no limit).",
        ),
    ] = None,
    dask: DaskOption = None,
) -> None:
    """Analyse articles and report claims, sources, numbers, dates and places.

    Exit status: 0 when every input was analysed or skipped, 1 when some failed, 2 on a
    usage error.
    """
    from rich.console import Console

    from reportedly.batch import run_batch
    from reportedly.ingest import IngestOptions, count_documents, iter_inputs, missing_paths
    from reportedly.model import Report
    from reportedly.outputs import html as html_out
    from reportedly.outputs import terminal
    from reportedly.parallel import available_cores
    from reportedly.settings import Settings

    if dask is not None and jobs != 1:
        raise _usage_error("give --dask or --jobs, not both")
    missing = missing_paths(inputs)
    if missing:
        raise _usage_error(f"no such file or directory: {', '.join(missing)}")
    if published is not None:
        try:
            date.fromisoformat(published)
        except ValueError:
            raise _usage_error(f"--published {published!r} is not a date (YYYY-MM-DD)") from None
    parquet = fmt is OutputFormat.parquet
    dataset = _dataset_writer(output) if parquet else None
    try:
        out = output.open("w", encoding="utf-8") if output and not parquet else sys.stdout
    except OSError as exc:
        raise _usage_error(f"cannot write {output}: {exc.strerror}") from None

    settings = Settings(
        max_chars=max_chars,
        mode=mode.value,
        doc_timeout=doc_timeout,
        min_population=int(min_population.value),
    )
    workers = jobs or available_cores()
    analyzer = _analyzer(settings, workers) if dask is None else _dask_analyzer(settings, dask)
    console = Console(file=out) if output else Console()
    overrides = {
        k: v for k, v in {"published": published, "outlet": outlet, "title": title}.items() if v
    }
    items = iter_inputs(inputs, IngestOptions(max_chars=max_chars, input_format=input_format.value))

    def analyzed(stream: Iterable[Item]) -> Iterator[Result]:
        return analyzer.analyze_items(
            stream, raw=raw, overrides=overrides, skip_duplicates=not keep_duplicates
        )

    results = dataset.ingest(items, analyzed) if dataset else analyzed(items)
    collected: list[Report] = []

    def write(report: Report) -> None:
        if dataset is not None:
            return  # written by the dataset as it comes
        if fmt is OutputFormat.terminal:
            terminal.render(report, console)
        elif fmt is OutputFormat.jsonl:
            out.write(report.to_json() + "\n")
            out.flush()
        else:
            collected.append(report)

    live_terminal = fmt is OutputFormat.terminal and output is None
    progress = not live_terminal and sys.stderr.isatty()
    try:
        summary = run_batch(
            results,
            write,
            fail_fast=fail_fast,
            progress=progress,
            total=count_documents(inputs) if progress else None,
        )
    except BaseException:
        if dataset is not None:
            dataset.discard()  # the parts written stay; no manifest: the run did not finish
        raise
    finally:
        close_analyzer(analyzer)
    if dataset is not None:
        dataset.close()
    if fmt is OutputFormat.json:
        json.dump([json.loads(r.to_json()) for r in collected], out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt is OutputFormat.html:
        out.write(html_out.render(collected))
    if output and not parquet:
        out.close()
    raise typer.Exit(code=1 if summary.failed else 0)


def _dataset_writer(output: Path | None) -> DatasetWriter:
    """The writer of ``--format parquet`` (it writes nothing until the first report)."""
    from reportedly.corpus.dataset import DatasetError, DatasetWriter

    if output is None:
        raise _usage_error("--format parquet writes a dataset directory: give --output DIR")
    try:
        return DatasetWriter(output)
    except DatasetError as exc:
        raise _usage_error(f"--output {exc}") from None


def _analyzer(
    settings: Settings, workers: int, *, overlap: bool = False
) -> Analyzer | ParallelAnalyzer:
    """The pipeline in this process, or ``workers`` processes (this one then loads no spaCy),
    loaded now: a missing model is a usage error, not one failure per input.

    ``overlap``: even one worker is a process of its own, so that what this process does with
    each result (``ingest``'s database writes) runs beside the analysis of the next ones."""
    from reportedly.parallel import ParallelAnalyzer
    from reportedly.tagger.backend import AccurateModeUnavailable

    try:
        if workers > 1 or overlap:
            parallel = ParallelAnalyzer(settings, workers)
            parallel.start()
            return parallel
        from reportedly.pipeline import Analyzer, Settings, default_analyzer

        analyzer = default_analyzer() if settings == Settings() else Analyzer(settings)
        analyzer.nlp  # noqa: B018
        return analyzer
    except AccurateModeUnavailable as exc:
        raise _usage_error(str(exc)) from None


def _dask_analyzer(settings: Settings, spec: str) -> DaskAnalyzer:
    """A Dask cluster whose workers have loaded the pipeline (this process loads no spaCy);
    its dashboard said on stderr."""
    from reportedly.cluster import DaskAnalyzer, DaskUnavailable, parse_target
    from reportedly.parallel import available_cores
    from reportedly.tagger.backend import AccurateModeUnavailable

    try:
        target = parse_target(spec, available_cores())
    except ValueError as exc:
        raise _usage_error(str(exc)) from None
    analyzer = DaskAnalyzer(settings, target)
    try:
        analyzer.start()
    except (DaskUnavailable, AccurateModeUnavailable) as exc:
        raise _usage_error(str(exc)) from None
    except OSError as exc:  # no scheduler there
        raise _usage_error(f"cannot reach the Dask scheduler at {target}: {exc}") from None
    workers = len(analyzer.worker_pids())
    typer.echo(
        f"reportedly: Dask {target}, {workers} worker{'' if workers == 1 else 's'}"
        f" ready; dashboard: {analyzer.dashboard_link}",
        err=True,
    )
    return analyzer


def close_analyzer(analyzer: object) -> None:
    """Stop the worker processes or the cluster behind an analyzer (none for one process)."""
    close = getattr(analyzer, "close", None)
    if close is not None:
        close()


@app.command()
def schema(
    corpus: Annotated[
        bool,
        typer.Option(
            "--corpus", help="The schema of `compare --format json` (reportedly-corpus/1)."
        ),
    ] = False,
) -> None:
    """Print the JSON Schema of a report (reportedly/1), or of a comparison."""
    # The committed file, which a test keeps equal to the model's schema: reading it is
    # instant, building it from the pydantic model costs a quarter of a second.
    path = CORPUS_SCHEMA_FILE if corpus else SCHEMA_FILE
    typer.echo(path.read_text(encoding="utf-8"), nl=False)
