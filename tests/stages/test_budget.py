"""A time budget per document: a stage that runs past it fails that document alone."""

from __future__ import annotations

import os
import signal

import pytest
import spacy
from fixtures.hostile import GOOD
from spacy.tokens import Doc

from reportedly import parallel
from reportedly.ingest.item import InputItem
from reportedly.model import DocumentError, Report
from reportedly.parallel import ParallelAnalyzer
from reportedly.pipeline import Analyzer
from reportedly.settings import Settings, default_budget
from reportedly.stages import times
from reportedly.stages.budget import DocumentTimeout, budgeted, set_budget


class Spinner:
    """A stage that never finishes on its own."""

    calls = 0

    @budgeted
    def __call__(self, doc: Doc) -> Doc:
        self.calls += 1
        while True:
            pass


class Quick:
    @budgeted
    def __call__(self, doc: Doc) -> Doc:
        doc.user_data["seen"] = True
        return doc


def test_a_stage_past_the_budget_is_interrupted() -> None:
    doc = spacy.blank("en")("A short text.")
    set_budget(doc, 0.2)
    with pytest.raises(DocumentTimeout, match=r"took longer than 0\.2 s"):
        Spinner()(doc)
    spinner = Spinner()  # the budget is spent: the next stage does not even start
    with pytest.raises(DocumentTimeout):
        spinner(doc)
    assert spinner.calls == 0


def test_a_stage_within_the_budget_runs_and_the_time_is_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each stage's time is added to what the document has spent (a stand-in clock, so the
    sums are exact rather than bounds on this machine's speed)."""
    from types import SimpleNamespace

    from reportedly.stages import budget

    readings = iter([100.0, 102.5, 200.0, 200.25])
    monkeypatch.setattr(budget, "time", SimpleNamespace(perf_counter=lambda: next(readings)))
    doc = spacy.blank("en")("A short text.")
    set_budget(doc, 30)
    assert Quick()(doc) is doc and doc.user_data["seen"]
    assert doc.user_data["reportedly.budget"] == [30, 2.5]
    assert Quick()(doc) is doc
    assert doc.user_data["reportedly.budget"] == [30, 2.75]
    set_budget(doc, None)
    assert "reportedly.budget" not in doc.user_data


def test_the_stalled_document_fails_and_the_batch_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_find = times.find

    def find(doc: Doc, *args: object) -> object:
        while "STALL" in doc.text:
            pass
        return real_find(doc, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(times, "find", find)
    texts = [GOOD[0], GOOD[1] + " STALL", GOOD[2]]
    items = [InputItem(origin=f"in{n}", text=t) for n, t in enumerate(texts)]
    results = list(Analyzer(Settings(doc_timeout=1)).analyze_items(items))
    assert [type(r) for r in results] == [Report, DocumentError, Report]
    failed = results[1]
    assert isinstance(failed, DocumentError)
    assert failed.status == "failed"
    assert failed.reason == "took longer than 1 s (in stage reportedly_times)"
    assert [r.document.origin for r in results if isinstance(r, Report)] == ["in0", "in2"]


def test_default_budget_grows_with_length_and_zero_means_none() -> None:
    assert default_budget(0) == 60
    assert default_budget(1_000_000) == 1060
    assert Settings().budget(10_000) == 70
    assert Settings(doc_timeout=5).budget(10_000_000) == 5
    assert Settings(doc_timeout=0).budget(10) is None
    with pytest.raises(ValueError, match="doc_timeout"):
        Settings(doc_timeout=-1)


@pytest.mark.slow
def test_a_worker_that_stops_answering_is_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "GRACE_S", 1.0)
    items = [InputItem(origin=f"in{n}", text=t) for n, t in enumerate(GOOD)]
    with ParallelAnalyzer(Settings(doc_timeout=1), 2) as workers:
        assert workers._pool is not None
        for pid in list(workers._pool._processes):
            os.kill(pid, signal.SIGSTOP)  # alive, silent: neither a result nor a death
        results = list(workers.analyze_items(items))
    assert [r.document.origin for r in results if isinstance(r, Report)] == [
        f"in{n}" for n in range(len(GOOD))
    ]
