"""Batches: one result per input, in order; a bad input never stops the others."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fixtures.hostile import GOOD, POLISH

import reportedly
from reportedly.batch import run_batch
from reportedly.ingest import DocumentSkipped, InputItem, count_documents
from reportedly.model import DocumentError, Report
from reportedly.pipeline import Analyzer, Settings


def test_analyze_many_streams_reports_and_errors_in_input_order() -> None:
    inputs = [
        GOOD[0],
        "",
        {"text": GOOD[1], "id": "a2", "published": "2023-07-12", "outlet": "Wire"},
        {"title": "no text"},
        POLISH,
        {"text": GOOD[2], "published": "last week"},
        GOOD[3],
    ]
    results = list(reportedly.analyze_many(inputs))
    kinds = [type(r).__name__ for r in results]
    assert kinds == [
        "Report",
        "DocumentError",
        "Report",
        "DocumentError",
        "DocumentError",
        "DocumentError",
        "Report",
    ]
    errors = [r for r in results if isinstance(r, DocumentError)]
    assert [(e.origin, e.status) for e in errors] == [
        ("item 2", "skipped"),
        ("item 4", "failed"),
        ("item 5", "skipped"),
        ("item 6", "failed"),
    ]
    second = results[2]
    assert isinstance(second, Report)
    assert second.document.id == "a2" and second.document.outlet == "Wire"
    assert str(second.document.published) == "2023-07-12"
    assert "not an ISO date" in errors[3].reason


def test_analyze_one_text_warns_where_a_batch_would_skip() -> None:
    report = reportedly.analyze(GOOD[0], published="2023-07-12", outlet="Wire")
    assert report.document.language == "en" and report.document.outlet == "Wire"
    assert report.warnings == []
    polish = reportedly.analyze(POLISH)
    assert polish.document.language is None
    assert polish.warnings[0].startswith("not English") and "analysed anyway" in polish.warnings[0]
    empty = reportedly.analyze("")
    assert empty.document.text == "" and empty.warnings == [
        "very short text (0 words): a headline or a near-empty page?"
    ]
    with pytest.raises(DocumentSkipped, match="too large"):
        Analyzer(Settings(max_chars=10)).analyze(GOOD[0])


def test_duplicates_are_skipped_only_when_asked(analyzer: Analyzer) -> None:
    items = [InputItem(origin=name, text=GOOD[0]) for name in ("first", "second")]
    results = list(analyzer.analyze_items(items, skip_duplicates=True))
    assert isinstance(results[0], Report)
    assert isinstance(results[1], DocumentError)
    assert results[1].reason == "duplicate of first"
    assert all(isinstance(r, Report) for r in analyzer.analyze_items(items))


def test_a_stage_that_crashes_fails_its_document_only() -> None:
    from spacy.language import Language

    @Language.component("reportedly_test_crash")
    def crash(doc):  # type: ignore[no-untyped-def]
        if "explode" in doc.text:
            raise RuntimeError("boom")
        return doc

    analyzer = Analyzer(Settings(batch_size=2))
    analyzer.nlp.add_pipe("reportedly_test_crash")
    texts = [GOOD[0], GOOD[1] + " Then it would explode.", GOOD[2], GOOD[3]]
    results = list(analyzer.analyze_items(InputItem(f"t{i}", t) for i, t in enumerate(texts)))
    assert [type(r).__name__ for r in results] == ["Report", "DocumentError", "Report", "Report"]
    failed = results[1]
    assert isinstance(failed, DocumentError) and failed.origin == "t1"
    assert "reportedly_test_crash" in failed.reason and "boom" in failed.reason


def test_over_size_text_is_skipped_with_its_size() -> None:
    analyzer = Analyzer(Settings(max_chars=50))
    with pytest.raises(DocumentSkipped, match=r"too large: 1[0-9]{2} characters"):
        analyzer.prepare(GOOD[0])


def test_encoding_warning_reaches_the_report(analyzer: Analyzer) -> None:
    text = GOOD[0] + " " + GOOD[1]
    item = InputItem("x", text, encoding="cp1252", warnings=["input is not valid UTF-8"])
    (report,) = analyzer.analyze_items([item])
    assert isinstance(report, Report)
    assert report.warnings == ["input is not valid UTF-8"]
    assert report.document.encoding == "cp1252"


def test_a_headline_alone_is_analysed_but_flagged(analyzer: Analyzer) -> None:
    (report,) = analyzer.analyze_items([InputItem("h", "Grain ships wait as talks stall")])
    assert isinstance(report, Report)
    assert report.warnings == ["very short text (6 words): a headline or a near-empty page?"]


def test_progress_mode_still_logs_every_problem_and_the_summary() -> None:
    results: list[Report | DocumentError] = [
        DocumentError(origin="a.txt", status="skipped", reason="empty text"),
        DocumentError(origin="b.jsonl:line 2", status="failed", reason="malformed JSON line"),
    ]
    err = io.StringIO()
    summary = run_batch(results, lambda report: None, progress=True, total=2, err=err)
    lines = err.getvalue().splitlines()
    assert "skipped: a.txt: empty text" in lines
    assert "failed: b.jsonl:line 2: malformed JSON line" in lines
    assert lines[-1] == (
        "reportedly: 2 inputs, 0 done, 1 skipped (empty text 1), 1 failed (malformed JSON line 1)"
    )
    assert summary.failed and not summary.stopped_early


def test_count_documents_for_the_progress_bar(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.html").write_text("x", encoding="utf-8")
    assert count_documents([str(tmp_path)]) == 2
    (tmp_path / "c.jsonl").write_text("{}", encoding="utf-8")
    assert count_documents([str(tmp_path)]) is None
    assert count_documents(["-"]) is None
