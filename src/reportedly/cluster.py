"""Batch analysis on a Dask cluster: ``--dask local:N`` or ``--dask tcp://scheduler:8786``.

The same contract as ``parallel.ParallelAnalyzer`` (and ``Analyzer.analyze_items``): one
result per input, in input order, duplicates found here in input order, so a run on a cluster
gives the records a one-process run gives. What goes over the wire is plain data: chunks of
``InputItem`` / ``Document`` / ``DocumentError`` out, ``Report`` / ``DocumentError`` back.

Each worker loads the pipeline once, in ``AnalyzerPlugin.setup`` (a Dask worker plugin, sent
to every worker, including one that joins or is restarted later); nothing spaCy or onnxruntime
is ever pickled. The gazetteer's on-disk cache is built before the workers load, so they do
not race to write it: by this process before a local cluster starts, by one worker of a
remote cluster before the plugin is registered.

Memory stays bounded: inputs are read lazily and at most ``AHEAD`` chunks per worker thread
are in flight (submitted and not yet handed on). Faults: the scheduler reruns the tasks of a
worker that died on another one (a local cluster's nanny also starts a new worker); a chunk
whose workers died ``allowed-failures`` times (``KilledWorker``) is retried one document at a
time, and a document that still kills its worker fails alone, as with ``--jobs``.

The process that calls this never imports spaCy: it schedules, deduplicates and (for
``ingest``) writes the corpus, the single writer.
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import logging
import os
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Self, TypeVar

from reportedly.parallel import Item, Result, _chunks, _deduplicated, _numbered, _worker_died
from reportedly.settings import Settings

try:
    from distributed import WorkerPlugin
except ImportError:  # the dask extra is not installed: DaskAnalyzer.start says so
    WorkerPlugin = object  # type: ignore[misc,assignment]

if TYPE_CHECKING:
    from distributed import Client, Future, LocalCluster, Worker

    from reportedly.pipeline import Analyzer

#: Inputs per task: ``Settings.batch_size`` (16), so that each task is one full ``nlp.pipe``
#: batch (on 120 BBC files, one worker spent 14.3 s of CPU at ``--jobs``' 4 per task, 13.1 s
#: at 16); a task is then a second or two of work, short enough to keep the workers even.
#: Chunks in flight per worker thread: every worker has its next chunk while the client
#: writes results.
AHEAD = 3
#: The worker plugin's name: registering it again (other settings) replaces it.
PLUGIN = "reportedly-analyzer"
R = TypeVar("R")
#: Dask settings for the workers of a local cluster. Dask's defaults cost a worker 15-20% of
#: CPU against one plain process here (300 BBC files, one worker): glibc told to give memory
#: back at every 64 KiB free (``MALLOC_TRIM_THRESHOLD_``, 7-10%) and the statistical profiler
#: sampling the task's stack every 10 ms (2-3%). Memory stays bounded without the trim (the
#: window of ``AHEAD`` chunks); the dashboard then shows no profile. One BLAS thread each as
#: in Dask's defaults. A remote cluster's workers take their own settings: ``docs/scale.md``.
WORKER_CONFIG: dict[str, Any] = {
    "distributed.nanny.pre-spawn-environ": {
        "OMP_NUM_THREADS": 1,
        "MKL_NUM_THREADS": 1,
        "OPENBLAS_NUM_THREADS": 1,
    },
    "distributed.worker.profile.enabled": False,
}
#: Results between two looks at how many threads the cluster has (it may grow or shrink).
RECOUNT_EVERY = 64


class DaskUnavailable(RuntimeError):
    """``--dask`` without the ``dask`` extra installed."""


@dataclasses.dataclass(frozen=True)
class Target:
    """Where to run: a local cluster of ``workers`` processes, or a scheduler's address."""

    workers: int | None = None
    address: str | None = None

    def __str__(self) -> str:
        return f"local:{self.workers}" if self.address is None else self.address


def parse_target(spec: str, cores: int | None = None) -> Target:
    """``local`` (one worker per core), ``local:N``, or a scheduler address
    (``tcp://host:8786``, ``tls://...``, ``host:8786``)."""
    spec = spec.strip()
    if spec == "local" or spec.startswith("local:"):
        count = spec.partition(":")[2] or str(cores or os.cpu_count() or 1)
        if not count.isdigit() or int(count) < 1:
            raise ValueError(f"--dask {spec!r}: local:N needs N of 1 or more")
        return Target(workers=int(count))
    scheme, _, rest = spec.rpartition("://")
    host, _, port = rest.rpartition(":")
    if (scheme and scheme not in ("tcp", "tls", "ws", "wss", "inproc", "ucx")) or not (
        host and port.isdigit()
    ):
        raise ValueError(
            f"--dask {spec!r}: give local:N or a scheduler address such as tcp://host:8786"
        )
    return Target(address=spec if scheme else f"tcp://{spec}")


def _require_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise DaskUnavailable(
            "--dask needs Dask: pip install 'reportedly[dask]' (dask[distributed], bokeh)"
        ) from None
    return distributed


class AnalyzerPlugin(WorkerPlugin):
    """A Dask worker plugin: the worker's one ``Analyzer``, loaded in ``setup``.

    Only the settings travel (a frozen dataclass of plain values); the pipeline is built in
    the worker, off its event loop, so the worker keeps answering the scheduler while it
    loads."""

    name = PLUGIN

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.analyzer: Analyzer | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"settings": self.settings, "analyzer": None}

    async def setup(self, worker: Worker) -> None:
        self.analyzer = await asyncio.to_thread(_load, self.settings)

    def teardown(self, worker: Worker) -> None:
        self.analyzer = None


def _load(settings: Settings) -> Analyzer:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from reportedly.pipeline import Analyzer

    analyzer = Analyzer(settings)
    analyzer.nlp  # noqa: B018 - load now, once, before the first task
    return analyzer


def _analyze_chunk(chunk: list[Item], raw: bool, overrides: dict[str, Any]) -> list[Result]:
    """The task: a chunk of plain inputs through this worker's analyzer."""
    from distributed import get_worker

    plugin = get_worker().plugins.get(PLUGIN)
    if not isinstance(plugin, AnalyzerPlugin) or plugin.analyzer is None:
        raise RuntimeError("a reportedly worker without its analyzer (the plugin did not load)")
    return list(plugin.analyzer.analyze_items(chunk, raw=raw, overrides=overrides))


def _pid() -> int:
    return os.getpid()


def _ensure_gazetteer(min_population: int) -> bool:
    """Build and cache the gazetteer of this size unless it is cached; whether it built."""
    from reportedly import gazetteer

    if gazetteer.info(min_population).cached:
        return False
    gazetteer.save(gazetteer.build(min_population), min_population)
    return True


@dataclasses.dataclass
class _Task:
    items: list[Item]
    future: Future


class DaskCluster:
    """A connection to a Dask cluster (a local one started here, or a scheduler's), and an
    ordered map over it with a bounded window: what ``stories --dask`` uses as it is, and
    ``DaskAnalyzer`` with the pipeline loaded in every worker."""

    def __init__(self, target: Target | str) -> None:
        self.target = parse_target(target) if isinstance(target, str) else target
        self.client: Client | None = None
        self.cluster: LocalCluster | None = None
        self._run = uuid.uuid4().hex[:8]
        self._keys = itertools.count()

    def start(self) -> None:
        """Connect, or start the local cluster and wait for its workers."""
        if self.client is not None:
            return
        distributed = _require_distributed()
        if self.target.address is None:
            self._before_workers()
            import dask

            with dask.config.set(WORKER_CONFIG):  # read as the nannies start
                self.cluster = distributed.LocalCluster(
                    n_workers=self.target.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":8787",
                    silence_logs=logging.ERROR,
                )
            self.client = distributed.Client(self.cluster)
        else:
            self.client = distributed.Client(self.target.address)
        try:
            self._connected(self.client)
        except BaseException:
            self.close()
            raise

    def _before_workers(self) -> None:
        """What a local cluster needs done before its workers start."""

    def _connected(self, client: Client) -> None:
        """What the workers need once connected."""

    @property
    def dashboard_link(self) -> str | None:
        return None if self.client is None else self.client.dashboard_link

    def threads(self) -> int:
        """Worker threads in the cluster now (at least 1, so that work is queued for one
        that is starting)."""
        assert self.client is not None
        return max(1, sum(self.client.nthreads().values()))

    def worker_pids(self) -> dict[str, int]:
        """Each worker's process id, by address."""
        assert self.client is not None
        return dict(self.client.run(_pid))

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _submit(self, function: Callable[..., Any], *args: Any) -> Future:
        assert self.client is not None
        n = next(self._keys)
        return self.client.submit(
            function,
            *args,
            key=f"reportedly-{function.__name__.strip('_')}-{self._run}-{n}",
            pure=False,
            priority=-n,  # earlier inputs first: the client hands results on in order
        )

    def map(self, function: Callable[..., R], arguments: Iterable[tuple[Any, ...]]) -> Iterator[R]:
        """``function(*args)`` for each of ``arguments`` on the workers, results in order;
        ``arguments`` is read as the window allows (``AHEAD`` tasks per worker thread), so a
        long stream never sits in memory. A task's exception is raised here."""
        self.start()
        queue: deque[Future] = deque()
        pending = iter(arguments)
        window = AHEAD * self.threads()
        exhausted = False
        try:
            while True:
                while not exhausted and len(queue) < window:
                    args = next(pending, None)
                    if args is None:
                        exhausted = True
                        break
                    queue.append(self._submit(function, *args))
                if not queue:
                    return
                future = queue.popleft()
                try:
                    result = future.result()
                finally:
                    future.release()
                yield result
        finally:
            if queue and self.client is not None:
                self.client.cancel(list(queue))


class DaskAnalyzer(DaskCluster):
    """``Analyzer.analyze_items`` on a Dask cluster, results in input order."""

    def __init__(self, settings: Settings, target: Target | str) -> None:
        super().__init__(target)
        self.settings = settings

    # ``start`` connects (or starts the local cluster) and waits until every worker has
    # loaded the pipeline; a worker that cannot load it raises there, once.

    def _before_workers(self) -> None:
        # Before any worker exists: each will read the cache, none will write it.
        _ensure_gazetteer(self.settings.min_population)

    def _connected(self, client: Client) -> None:
        if self.target.address is not None:
            # One worker builds a missing cache (shared storage: the others then read it;
            # an image with `reportedly gazetteer build` in it has it already).
            client.submit(_ensure_gazetteer, self.settings.min_population, pure=False).result()
        client.register_plugin(AnalyzerPlugin(self.settings), name=PLUGIN)

    # -- the stream ------------------------------------------------------------------------

    def analyze_items(
        self,
        items: Iterable[Item],
        *,
        raw: bool = False,
        overrides: dict[str, Any] | None = None,
        skip_duplicates: bool = False,
    ) -> Iterator[Result]:
        """Same contract as ``Analyzer.analyze_items``: one result per input, in order."""
        from distributed import KilledWorker

        self.start()
        overrides = overrides or {}
        seen: dict[str, str] = {}
        queue: deque[_Task] = deque()
        chunks = _chunks(_numbered(items), self.settings.batch_size)
        window = AHEAD * self.threads()
        exhausted = False
        handed = 0
        try:
            while True:
                while not exhausted and len(queue) < window:
                    chunk = next(chunks, None)
                    if chunk is None:
                        exhausted = True
                        break
                    queue.append(_Task(chunk, self._chunk(chunk, raw, overrides)))
                if not queue:
                    return
                task = queue.popleft()
                try:
                    results = task.future.result()
                except KilledWorker:
                    if len(task.items) == 1:
                        results = [_worker_died(task.items[0])]
                    else:  # one of them may be killing its workers: each alone, in its place
                        singles = [
                            _Task([item], self._chunk([item], raw, overrides))
                            for item in task.items
                        ]
                        queue.extendleft(reversed(singles))
                        continue
                finally:
                    task.future.release()
                for result in results:
                    yield _deduplicated(result, seen) if skip_duplicates else result
                handed += 1
                if handed % RECOUNT_EVERY == 0:
                    window = AHEAD * self.threads()
        finally:
            if queue and self.client is not None:  # the caller stopped early (--fail-fast)
                self.client.cancel([task.future for task in queue])

    def _chunk(self, chunk: list[Item], raw: bool, overrides: dict[str, Any]) -> Future:
        return self._submit(_analyze_chunk, chunk, raw, overrides)


__all__ = [
    "AnalyzerPlugin",
    "DaskAnalyzer",
    "DaskCluster",
    "DaskUnavailable",
    "Target",
    "parse_target",
]
