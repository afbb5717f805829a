"""The batch loop behind ``reportedly analyze``: stream results, report problems, summarise.

Reports are written as they come (JSONL and terminal output lose nothing if a later input goes
wrong); each skipped or failed input gets one line on stderr, ``skipped: <origin>: <reason>``
or ``failed: <origin>: <reason>``; a summary line ends the run. A progress bar is drawn only
when stderr is a terminal.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from reportedly.model import DocumentError, Report


@dataclass
class BatchSummary:
    done: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    stopped_early: bool = False

    @property
    def total(self) -> int:
        return self.done + sum(self.skipped.values()) + sum(self.failed.values())

    def line(self) -> str:
        def part(name: str, counts: Counter[str]) -> str:
            n = sum(counts.values())
            detail = ", ".join(f"{k} {v}" for k, v in counts.most_common())
            return f"{n} {name}" + (f" ({detail})" if detail else "")

        text = (
            f"reportedly: {self.total} input{'' if self.total == 1 else 's'}, {self.done} done, "
            f"{part('skipped', self.skipped)}, {part('failed', self.failed)}"
        )
        return text + (
            " - stopped at the first failure (--fail-fast)" if self.stopped_early else ""
        )


def category(reason: str) -> str:
    """A short name for a reason, for the summary: 'not English', 'duplicate', 'too large'."""
    return reason.split(":")[0].split("(")[0].split(" of ")[0].strip()


def run_batch(
    results: Iterable[Report | DocumentError],
    on_report: Callable[[Report], None],
    *,
    fail_fast: bool = False,
    total: int | None = None,
    progress: bool | None = None,
    err: TextIO | None = None,
) -> BatchSummary:
    """Consume ``results``, handing each report to ``on_report`` and logging each problem."""
    err = err or sys.stderr
    show = err.isatty() if progress is None else progress
    console = Console(file=err, stderr=err is sys.stderr)
    summary = BatchSummary()
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not show,
        transient=True,
    ) as bar:
        task = bar.add_task("analysing", total=total)
        for result in results:
            bar.advance(task)
            if isinstance(result, Report):
                summary.done += 1
                on_report(result)
                continue
            counts = summary.skipped if result.status == "skipped" else summary.failed
            counts[category(result.reason)] += 1
            message = f"{result.status}: {result.origin}: {result.reason}"
            if show:
                console.print(message, markup=False, highlight=False, soft_wrap=True)
            else:
                print(message, file=err, flush=True)
            if fail_fast and result.status == "failed":
                summary.stopped_early = True
                break
    print(summary.line(), file=err, flush=True)
    return summary
