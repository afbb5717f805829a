"""The times stage in the pipeline: detection, tense of the governing verb, no-date behaviour."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportedly.model import Report, TimeExpression
from reportedly.pipeline import Analyzer, Settings


@pytest.fixture(scope="module")
def times_analyzer() -> Analyzer:
    return Analyzer(Settings(stages=("reportedly_times", "reportedly_quantities")))


def _times(report: Report) -> dict[str, TimeExpression]:
    return {t.span.text: t for t in report.times}


def test_weekdays_follow_the_tense_of_their_verb(times_analyzer: Analyzer) -> None:
    text = (
        "On Thursday, the minister intends to present the budget to parliament. "
        "The talks collapsed on Monday, officials said. "
        "The envoy will travel to Geneva on Saturday."
    )
    report = times_analyzer.analyze(text, published="2022-09-28")
    times = _times(report)
    assert times["Thursday"].value == "2022-09-29"
    assert times["Thursday"].direction == "future"
    assert times["Monday"].value == "2022-09-26"
    assert times["Monday"].direction == "past"
    assert times["Saturday"].value == "2022-10-01"
    assert all(
        t.anchor is not None and t.anchor.isoformat() == "2022-09-28" for t in times.values()
    )


def test_months_years_and_durations(times_analyzer: Analyzer) -> None:
    text = (
        "The port was shelled in June, the first attack there since 1944. "
        "Repairs will take within a few weeks, and the blockade lasted five months."
    )
    times = _times(times_analyzer.analyze(text, published="2022-09-28"))
    assert times["June"].value == "2022-06"
    assert times["June"].granularity == "month"
    assert times["1944"].value == "1944"
    assert not times["1944"].relative
    durations = {t.value for t in times.values() if t.type == "DURATION"}
    assert {"PXW", "P5M"} <= durations


def test_without_a_publication_date_nothing_is_anchored(times_analyzer: Analyzer) -> None:
    report = times_analyzer.analyze("The council met on Friday and will vote next week.")
    times = _times(report)
    assert times["Friday"].value == "XXXX-WXX-5"
    assert times["Friday"].relative
    assert times["Friday"].anchor is None
    assert times["next week"].value is None
    assert times["next week"].relative


def test_ages_and_bare_numbers_are_not_times(times_analyzer: Analyzer) -> None:
    report = times_analyzer.analyze(
        "The 52-year-old mayor, who weighs 200lbs, said 44 buses arrived.",
        published="2022-09-28",
    )
    assert report.times == []


def test_record_ids_are_in_document_order(times_analyzer: Analyzer) -> None:
    report = times_analyzer.analyze("Yesterday it rained; today it is dry.", published="2022-09-28")
    assert [t.id for t in report.times] == ["t1", "t2"]
    assert [t.value for t in report.times] == ["2022-09-27", "2022-09-28"]


def test_seed_article_times(times_analyzer: Analyzer, shared: Path) -> None:
    seed = next((shared / "seed").glob("*.txt"))
    report = times_analyzer.analyze(seed.read_text(encoding="utf-8"), published="2022-09-28")
    values = [(t.span.text, t.value) for t in report.times]
    assert ("1941", "1941") in values
    assert ("Friday", "2022-09-30") in values
    assert ("Tuesday", "2022-09-27") in values
    assert ("May", "2022-05") in values
    assert ("Sunday", "2022-09-25") in values
    assert ("a few days", "PXD") in values


def test_past_auxiliaries_win_over_plans_and_modals(times_analyzer: Analyzer) -> None:
    text = (
        "The bank did not plan to cut rates on Thursday. The envoy may have been in Kyiv on Monday."
    )
    times = _times(times_analyzer.analyze(text, published="2022-09-28"))
    assert times["Thursday"].value == "2022-09-22"
    assert times["Monday"].value == "2022-09-26"
    assert {t.direction for t in times.values()} == {"past"}


def test_a_clock_time_takes_the_day_that_follows_it(times_analyzer: Analyzer) -> None:
    text = (
        "The offer will expire at 5 p.m. EST, Oct. 7. "
        "Talks broke off at noon Monday, the mediators said."
    )
    times = _times(times_analyzer.analyze(text, published="2022-09-28"))
    assert times["5 p.m. EST, Oct. 7"].value == "2022-10-07T17:00"
    assert times["noon Monday"].value == "2022-09-26T12:00"
    assert "Monday" not in times


def test_a_quarter_of_something_is_no_time(times_analyzer: Analyzer) -> None:
    text = "Funds hold more than a quarter of the market. Sales rose in the third quarter."
    times = _times(times_analyzer.analyze(text, published="2022-09-28"))
    assert "a quarter" not in times
    assert times["the third quarter"].value == "2022-Q3"


def test_a_plan_told_in_the_past_still_lies_ahead(times_analyzer: Analyzer) -> None:
    text = (
        "The delegation planned to leave for Riga on Friday. "
        "The committee did not plan to meet on Monday."
    )
    times = _times(times_analyzer.analyze(text, published="2022-09-28"))
    assert times["Friday"].value == "2022-09-30"
    assert times["Monday"].value == "2022-09-26"
