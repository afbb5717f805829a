"""The times stage reading context: which period "a year earlier" compares with, what "that
year" refers to, holidays the model calls events, ranges, sets, delays and past plans."""

from __future__ import annotations

import pytest

from reportedly.model import Report, TimeExpression
from reportedly.pipeline import Analyzer, Settings


@pytest.fixture(scope="module")
def times_analyzer() -> Analyzer:
    return Analyzer(Settings(stages=("reportedly_times",)))


def _times(report: Report) -> list[TimeExpression]:
    return list(report.times)


def _value(report: Report, text: str, nth: int = 0) -> str | None:
    found = [t for t in report.times if t.span.text == text]
    return found[nth].value


def test_nine_months_end_the_quarter_context(times_analyzer: Analyzer) -> None:
    text = (
        "Acme Corp. said third-quarter profit rose to $12 million from $9 million a year "
        "earlier. For the nine months, profit was $30 million, up from $25 million a year "
        "earlier."
    )
    report = times_analyzer.analyze(text, published="1989-10-26")
    assert _value(report, "a year earlier", 0) == "1988-Q3"
    assert _value(report, "a year earlier", 1) == "1988"


def test_a_forecast_quarter_does_not_become_the_quarter(times_analyzer: Analyzer) -> None:
    text = (
        "Acme Corp. posted a loss in the third quarter. The company expects another loss "
        "in the fourth quarter. Sales were weak during the quarter, the company said."
    )
    report = times_analyzer.analyze(text, published="1989-10-30")
    assert _value(report, "the fourth quarter") == "1989-Q4"
    assert _value(report, "the quarter") == "1989-Q3"


def test_that_year_refers_to_the_year_named_before(times_analyzer: Analyzer) -> None:
    text = (
        "The refugee fled to Florida in June 1998 and returned to Cuba later that year. "
        "Exports reached $40 million in 1988, a small share of imports that year."
    )
    report = times_analyzer.analyze(text, published="2000-01-28")
    assert _value(report, "later that year") == "1998"
    assert _value(report, "that year") == "1988"


def test_holidays_the_model_calls_events_are_dates(times_analyzer: Analyzer) -> None:
    text = "The boy was rescued at sea on Thanksgiving Day and has lived in Miami since."
    report = times_analyzer.analyze(text, published="2000-01-07")
    assert _value(report, "Thanksgiving Day") == "1999-11-25"


def test_a_range_of_counts_is_one_duration(times_analyzer: Analyzer) -> None:
    text = "The chip maker said it will resume shipments within two to three weeks."
    report = times_analyzer.analyze(text, published="1989-10-30")
    found = [t for t in report.times if t.type == "DURATION"]
    assert [(t.span.text, t.value) for t in found] == [("two to three weeks", "P2W")]


def test_years_joined_by_and_stay_apart(times_analyzer: Analyzer) -> None:
    text = "Prices fell in 1994 and 1997, the agency said."
    report = times_analyzer.analyze(text, published="1999-04-19")
    assert {t.value for t in report.times} >= {"1994", "1997"}


def test_each_weekday_and_each_month_are_sets(times_analyzer: Analyzer) -> None:
    text = (
        "A third flight will leave Sydney each Thursday from August. "
        "The marchers parade through the town each July."
    )
    report = times_analyzer.analyze(text, published="1998-02-13")
    assert _value(report, "each Thursday") == "XXXX-WXX-4"
    assert _value(report, "each July") == "XXXX-07"
    assert {t.type for t in report.times if t.span.text.startswith("each")} == {"SET"}


def test_a_delay_until_a_weekday_looks_ahead(times_analyzer: Analyzer) -> None:
    text = "Immigration officials postponed until Tuesday morning any decision on the case."
    report = times_analyzer.analyze(text, published="2000-03-30")
    assert _value(report, "Tuesday morning") == "2000-04-04TMO"


def test_what_had_been_due_is_past(times_analyzer: Analyzer) -> None:
    text = "The offer was extended to Nov. 16. It had been due to expire Friday evening."
    report = times_analyzer.analyze(text, published="1989-10-30")
    assert _value(report, "Friday evening") == "1989-10-27TEV"


def test_the_week_of_a_date_is_its_iso_week(times_analyzer: Analyzer) -> None:
    text = "The trial is expected to begin the week of March 6, lawyers said."
    report = times_analyzer.analyze(text, published="2000-02-24")
    assert any(t.value == "2000-W10" for t in _times(report))


def test_a_date_guess_without_any_time_word_is_dropped(times_analyzer: Analyzer) -> None:
    from spacy.tokens import Span as SpacySpan

    from reportedly.times.detect import build_matcher, find

    nlp = times_analyzer.nlp
    doc = nlp.make_doc("Sales were seasonally slow in mid-1996 and in the 1990s.")
    for _name, proc in nlp.pipeline:
        if not _name.startswith("reportedly"):
            doc = proc(doc)
    words = [t.text for t in doc]
    doc.ents = [
        SpacySpan(doc, words.index("seasonally"), words.index("seasonally") + 1, label="DATE"),
        SpacySpan(doc, words.index("mid-1996"), words.index("mid-1996") + 1, label="DATE"),
        SpacySpan(doc, words.index("1990s") - 1, words.index("1990s") + 1, label="DATE"),
    ]
    found = [span.text for span, _ in find(doc, build_matcher())]
    assert "seasonally" not in found
    assert "mid-1996" in found
    assert "the 1990s" in found


def test_the_latest_period_is_the_quarter_reported(times_analyzer: Analyzer) -> None:
    text = (
        "Acme Corp. reported fourth-quarter net income of $5 million. "
        "Sales in the latest period rose 13%."
    )
    report = times_analyzer.analyze(text, published="1989-11-02")
    assert _value(report, "the latest period") == "1989-Q4"


def test_a_span_of_two_days_is_two_dates(times_analyzer: Analyzer) -> None:
    text = (
        "The fund bought 250,000 shares from Sept. 14 to Thursday. "
        "The bank will buy shares tendered from today through Nov. 17."
    )
    report = times_analyzer.analyze(text, published="1989-10-27")
    values = {t.span.text: t.value for t in report.times}
    assert values["Sept. 14"] == "1989-09-14"
    assert values["Thursday"] == "1989-10-26"
    assert values["today"] == "1989-10-27"
    assert values["Nov. 17"] == "1989-11-17"


def test_this_year_the_model_missed(times_analyzer: Analyzer) -> None:
    text = "This year's results included a gain on the sale of a unit."
    report = times_analyzer.analyze(text, published="1989-11-02")
    assert _value(report, "This year") == "1989"


def test_for_weeks_is_a_vague_duration(times_analyzer: Analyzer) -> None:
    text = "For weeks the government has staged rallies, and troops will arrive within weeks."
    report = times_analyzer.analyze(text, published="2000-01-15")
    durations = [(t.span.text, t.value, t.type) for t in report.times]
    assert durations.count(("weeks", "PXW", "DURATION")) == 2


def test_a_fiscal_quarter_the_model_missed(times_analyzer: Analyzer) -> None:
    text = "The steelmaker posted net income for the fiscal second-quarter of $8.6 million."
    report = times_analyzer.analyze(text, published="1989-10-26")
    assert any(t.value == "1989-Q2" for t in report.times)
