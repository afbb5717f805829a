"""Batch analysis on several cores: worker processes, each loading the pipeline once.

The parent reads the inputs and hands out small chunks of them; each worker runs them through
its own ``Analyzer`` (built once, in the pool's initializer) and sends back the results, which
are plain picklable records (``Report`` / ``DocumentError``), never a spaCy object. Results
come out in input order, with a bounded number of chunks in flight, so memory stays flat on a
long stream. Duplicate texts are found in the parent, in input order, so ``--jobs N`` reports
the same duplicates as one process.

A worker that dies (killed, out of memory) breaks the pool: a new pool is started and the
chunks that were in flight are retried one document at a time, so one document that kills its
worker fails alone and the rest of the batch goes on.
"""

from __future__ import annotations

import dataclasses
import hashlib
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from reportedly.ingest.item import InputItem
from reportedly.model import Document, DocumentError, Report
from reportedly.settings import Settings

if TYPE_CHECKING:  # the parent never loads the pipeline; only workers import it
    from reportedly.pipeline import Analyzer

#: Inputs per task: enough to amortise the hand-over, few enough to keep the workers even.
CHUNK = 4
#: Chunks in flight per worker: keeps every worker busy while the parent writes results.
AHEAD = 3
#: Seconds a worker may stay silent past its documents' budgets before it is replaced: the
#: budgets are enforced inside the worker, so this only catches a hang in C code.
GRACE_S = 60.0

Item = InputItem | Document | DocumentError
Result = Report | DocumentError

# The one analyzer of a worker process, set by the pool's initializer (never in the parent).
_worker_analyzer: Analyzer | None = None


def available_cores() -> int:
    """Cores this process may run on (the affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _start_worker(settings: Settings) -> None:
    global _worker_analyzer
    _exit_with_parent()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from reportedly.pipeline import Analyzer

    analyzer = Analyzer(settings)
    analyzer.nlp  # noqa: B018 - load now, once, before the first task arrives
    _worker_analyzer = analyzer


def _exit_with_parent() -> None:
    """End this worker when the parent process ends, however it ends: a parent killed with
    SIGKILL runs no clean-up, and its workers, blocked on the task queue (whose write end they
    hold too), would otherwise live on with a loaded pipeline each."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _run_chunk(chunk: list[Item], raw: bool, overrides: dict[str, Any]) -> list[Result]:
    assert _worker_analyzer is not None, "worker started without its analyzer"
    return list(_worker_analyzer.analyze_items(chunk, raw=raw, overrides=overrides))


@dataclasses.dataclass
class _Task:
    """A chunk on its way; a suspect (one input that was in flight when a worker died or
    stalled) has no future until it runs, alone."""

    items: list[Item]
    future: Future[list[Result]] | None
    suspect: bool = False


class ParallelAnalyzer:
    """``Analyzer.analyze_items`` over ``jobs`` worker processes, results in input order."""

    def __init__(self, settings: Settings, jobs: int) -> None:
        if jobs < 1:
            raise ValueError(f"jobs must be at least 1, not {jobs}")
        self.settings = settings
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: onnxruntime's and BLAS's threads do not survive a fork.
        return ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(self.settings,),
        )

    def start(self) -> None:
        """Start the workers and wait until each has loaded the pipeline (errors surface here)."""
        if self._pool is None:
            self._pool = self._warm(self._new_pool())

    def _warm(self, pool: ProcessPoolExecutor) -> ProcessPoolExecutor:
        """Wait for ``pool``'s workers to load, so that no time limit counts their start."""
        warm = [pool.submit(_run_chunk, [], False, {}) for _ in range(self.jobs)]
        for future in warm:
            future.result()
        return pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> ParallelAnalyzer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def analyze_items(
        self,
        items: Iterable[Item],
        *,
        raw: bool = False,
        overrides: dict[str, Any] | None = None,
        skip_duplicates: bool = False,
    ) -> Iterator[Result]:
        """Same contract as ``Analyzer.analyze_items``: one result per input, in order."""
        self.start()
        overrides = overrides or {}
        seen: dict[str, str] = {}
        queue: deque[_Task] = deque()
        chunks = _chunks(_numbered(items), CHUNK)
        exhausted = False
        while True:
            # Suspects run one at a time, nothing beside them, so a failure names its input.
            while not exhausted and len(queue) < self.jobs * AHEAD and not _suspects(queue):
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                queue.append(_Task(chunk, self._submit(chunk, raw, overrides)))
            if not queue:
                return
            task = queue[0]
            if task.future is None:
                task.future = self._submit(task.items, raw, overrides)
            try:
                results = task.future.result(timeout=self._patience(task.items))
            except BrokenProcessPool:
                self._replace_pool(queue, _worker_died)
                continue
            except FutureTimeout:
                self._kill_workers()
                self._replace_pool(queue, self._stuck)
                continue
            queue.popleft()
            for result in results:
                yield _deduplicated(result, seen) if skip_duplicates else result

    def _submit(self, chunk: list[Item], raw: bool, overrides: dict[str, Any]) -> Future[Any]:
        assert self._pool is not None
        try:
            return self._pool.submit(_run_chunk, chunk, raw, overrides)
        except BrokenProcessPool as exc:  # a worker died since the last result
            return _settled(exception=exc)

    def _patience(self, items: list[Item]) -> float | None:
        """How long to wait for a chunk: its documents' budgets and a grace, or for ever."""
        budgets = [self.settings.budget(len(_text(item))) for item in items]
        if any(budget is None for budget in budgets):
            return None
        return sum(b for b in budgets if b is not None) + GRACE_S

    def _stuck(self, item: Item) -> DocumentError:
        budget = self.settings.budget(len(_text(item))) or 0.0
        return DocumentError(
            origin=_origin(item),
            status="failed",
            reason=f"took longer than {budget + GRACE_S:g} s; its worker was replaced",
        )

    def _kill_workers(self) -> None:
        """Stop every worker now (one is stuck; the pool cannot stop just that one)."""
        assert self._pool is not None
        for process in list(getattr(self._pool, "_processes", {}).values()):
            process.kill()

    def _replace_pool(self, queue: deque[_Task], why: Callable[[Item], DocumentError]) -> None:
        """A worker died or stalled: start a new pool. A suspect that ran alone is the cause
        and fails with ``why``; every other input not yet answered becomes a suspect."""
        assert self._pool is not None
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._warm(self._new_pool())
        pending = list(queue)
        queue.clear()
        for position, task in enumerate(pending):
            if position == 0 and task.suspect:
                queue.append(_Task(task.items, _settled([why(item) for item in task.items])))
            elif _answered(task):
                queue.append(task)
            else:
                queue.extend(_Task([item], None, suspect=True) for item in task.items)


def _settled(
    result: list[Result] | None = None, exception: BaseException | None = None
) -> Future[Any]:
    future: Future[Any] = Future()
    if exception is not None:
        future.set_exception(exception)
    else:
        future.set_result(result)
    return future


def _answered(task: _Task) -> bool:
    """Whether a task's results came back before its pool failed."""
    future = task.future
    if future is None or not future.done() or future.cancelled():
        return False
    return future.exception() is None


def _suspects(queue: deque[_Task]) -> bool:
    return any(task.suspect and not _answered(task) for task in queue)


def _numbered(items: Iterable[Item]) -> Iterator[Item]:
    """Give unnamed inputs the origin one process would give them (``item N``)."""
    for n, item in enumerate(items, 1):
        if isinstance(item, InputItem) and not item.origin:
            item = dataclasses.replace(item, origin=f"item {n}")
        yield item


def _chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _deduplicated(result: Result, seen: dict[str, str]) -> Result:
    """The first report of a text wins, as in one process (which hashes the repaired text)."""
    if not isinstance(result, Report):
        return result
    origin = result.document.origin or result.document.id
    key = hashlib.sha1(result.document.text.encode("utf-8", "replace")).hexdigest()
    first = seen.setdefault(key, origin)
    if first == origin:
        return result
    return DocumentError(origin=origin, status="skipped", reason=f"duplicate of {first}")


def _text(item: Item) -> str:
    return "" if isinstance(item, DocumentError) else item.text


def _origin(item: Item) -> str:
    if isinstance(item, InputItem | DocumentError):
        return item.origin
    return item.origin or item.id


def _worker_died(item: Item) -> DocumentError:
    return DocumentError(
        origin=_origin(item),
        status="failed",
        reason="internal error: the worker process analysing it died (killed or out of memory)",
    )
