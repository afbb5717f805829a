"""Helpers of the attribution tests: analyse a sentence as written, and pick one claim."""

from __future__ import annotations

from reportedly.model import Claim, Report
from reportedly.pipeline import Analyzer


def analyse(analyzer: Analyzer, text: str) -> Report:
    return analyzer.analyze(text, raw=True)


def only(report: Report, cue: str) -> Claim:
    found = [c for c in report.claims if any(s.text == cue for s in c.cues)]
    assert len(found) == 1, [([s.text for s in c.cues]) for c in report.claims]
    return found[0]
