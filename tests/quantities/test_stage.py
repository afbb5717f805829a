"""The quantities stage: values, bounds, change, units, counted concepts, what is no figure."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportedly.model import Quantity, Report
from reportedly.pipeline import Analyzer, Settings


@pytest.fixture(scope="module")
def qa() -> Analyzer:
    return Analyzer(Settings(stages=("reportedly_times", "reportedly_quantities")))


def _one(report: Report) -> Quantity:
    assert len(report.quantities) == 1, [q.span.text for q in report.quantities]
    return report.quantities[0]


def test_up_to_gives_an_upper_bound_and_the_counted_concept(qa: Analyzer) -> None:
    q = _one(qa.analyze("The call-up may involve up to 250 thousand reservists."))
    assert q.value == 250000
    assert q.high == 250000 and q.low is None
    assert q.change == "<"
    assert q.qualifier is not None and q.qualifier.text == "up to"
    assert q.concept is not None and q.concept.text == "reservists"
    assert q.unit == "reservist"


def test_spelled_numbers_and_multipliers(qa: Analyzer) -> None:
    text = "Unofficial estimates run to a million, and the fund holds 1.5bn dollars."
    values = [(q.value, q.unit) for q in qa.analyze(text).quantities]
    assert (1_000_000, None) in values
    assert (1_500_000_000, "USD") in values


def test_ranges_with_units(qa: Analyzer) -> None:
    q = _one(qa.analyze("Turnout rose from 61% to 74% in the second round."))
    assert (q.low, q.high, q.value, q.unit) == (61, 74, None, "percent")
    r = _one(qa.analyze("The convoy stretched between 5 and 10 km along the road."))
    assert (r.low, r.high, r.unit) == (5, 10, "km")


@pytest.mark.parametrize(
    ("text", "change", "value"),
    [
        ("At least 14 people were hurt.", ">", 14),
        ("More than 500 homes lost power.", ">", 500),
        ("Nearly 40 trucks crossed.", "~", 40),
        ("Some 300 soldiers withdrew.", "~", 300),
        ("Exports fell 12% in August.", "down", 12),
        ("The index was up 3.5 points.", "up", 3.5),
        ("Prices rose 6% to $4.25.", "=", 4.25),
    ],
)
def test_qualifiers_and_trends_set_the_change(
    qa: Analyzer, text: str, change: str, value: float
) -> None:
    found = {q.value: q for q in qa.analyze(text).quantities}
    assert found[value].change == change


def test_currencies_and_measures_are_normalised(qa: Analyzer) -> None:
    text = "The loan of $2.5 million covers 40 km of road and 3,000 tonnes of grain, or £900."
    units = {q.value: q.unit for q in qa.analyze(text).quantities}
    assert units == {2_500_000: "USD", 40: "km", 3000: "t", 900: "GBP"}


def test_dozens_and_tens_of_thousands(qa: Analyzer) -> None:
    text = "Dozens of villages were cut off and tens of thousands of residents fled."
    found = {q.value: q for q in qa.analyze(text).quantities}
    assert found[12].approximate and found[12].unit == "village"
    assert found[10000].approximate and found[10000].unit == "resident"


@pytest.mark.parametrize(
    "text",
    [
        "The treaty was signed in 1997.",
        "Voting ends on May 9 at 8:00 pm.",
        "She finished first, ahead of the 2nd-placed runner.",
        "Call the hotline on 0800-555-0199.",
        "The code 24703L202 was printed on the crate.",
    ],
)
def test_years_dates_times_ordinals_and_codes_are_not_figures(qa: Analyzer, text: str) -> None:
    assert qa.analyze(text, published="2022-09-28").quantities == []


def test_ages_and_durations_are_figures_with_time_units(qa: Analyzer) -> None:
    found = {
        q.value: q.unit for q in qa.analyze("The 29 years old driver waited 3 hours.").quantities
    }
    assert found == {29: "year of age", 3: "hour"}


def test_seed_article_figures(qa: Analyzer, shared: Path) -> None:
    seed = next((shared / "seed").glob("*.txt"))
    report = qa.analyze(seed.read_text(encoding="utf-8"), published="2022-09-28")
    figures = [(q.value, q.low, q.high, q.change, q.unit) for q in report.quantities]
    assert (300000, None, 300000, "<", "people") in figures
    assert (1000000, None, 1000000, "<", None) in figures
    assert (None, 87, 98, "=", "percent") in figures
    assert len(figures) == 3
