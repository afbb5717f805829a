"""Normalisation rules on their own: lengths of time placed by "later", halves, decades in
words, seasons of a spoken year, holiday weeks, anaphoric "that year", stray leading words."""

from __future__ import annotations

from datetime import date

import pytest

from reportedly.times import normalise

THURSDAY = date(1999, 10, 28)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("three days later", "P3D"),
        ("a few days later", "PXD"),
        ("a day earlier", "P1D"),
        ("an hour later", "PT1H"),
        ("two weeks later", "P2W"),
    ],
)
def test_n_units_later_is_a_length_of_time(text: str, value: str) -> None:
    found = normalise(text, THURSDAY, "past")
    assert (found.type, found.value) == ("DURATION", value)


def test_a_year_earlier_and_units_ago_stay_dates() -> None:
    assert normalise("a year earlier", THURSDAY, "past").value == "1998"
    assert normalise("three days ago", THURSDAY, "past").value == "1999-10-25"
    assert normalise("two weeks ago", THURSDAY, "past").type == "DATE"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2 1/2 years", "P2Y6M"),
        ("a minute and a half", "PT1M30S"),
        ("one and a half years", "P1Y6M"),
        ("half an hour", "PT30M"),
        ("5 1/2 hours", "PT5H30M"),
        ("two and a half days", "P2DT12H"),
        ("a hundred years", "P100Y"),
    ],
)
def test_halves_go_into_the_next_smaller_unit(text: str, value: str) -> None:
    assert normalise(text, THURSDAY, None).value == value


def test_a_length_with_days_and_hours_has_hour_granularity() -> None:
    assert normalise("two and a half days", THURSDAY, None).granularity == "hour"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("the nineties", "199"),
        ("the late sixties", "196"),
        ("the last decade", "198"),
        ("this decade", "199"),
        ("the winter of nineteen ninety-four", "1994-WI"),
        ("the summer of 1976", "1976-SU"),
        ("a 20th century", "19"),
        ("year's end", "1999"),
        ("last year's", "1998"),
        ("last year's third quarter", "1998-Q3"),
        ("the year's first half", "1999-H1"),
        ("the next year or so", "2000"),
        ("a later date", "FUTURE_REF"),
        ("future quarters", "FUTURE_REF"),
        ("the week of March 6", "1999-W09"),
        ("Easter week", "1999-W13"),
        ("later in the day", "1999-10-28"),
    ],
)
def test_decades_seasons_possessives_and_weeks(text: str, value: str) -> None:
    assert normalise(text, THURSDAY, "past").value == value


def test_the_last_quarter_is_still_an_ordinal() -> None:
    assert normalise("the fourth quarter of 1998", THURSDAY, "past").value == "1998-Q4"
    assert normalise("the final quarter", THURSDAY, "past").value == "1999-Q4"


def test_a_stray_word_before_the_expression_is_read_past() -> None:
    # the model sometimes takes in the word before: "after the coup d'etat last year"
    assert normalise("d'etat last year", THURSDAY, "past").value == "1998"
    assert normalise("the comparable", THURSDAY, "past").value is None


@pytest.mark.parametrize(
    ("text", "mentioned", "value"),
    [
        ("that year", "1988", "1988"),
        ("later that year", "1998-06", "1998"),
        ("earlier that day", "1999-10-23", "1999-10-23"),
        ("the following month", "1989-03", "1989-04"),
        ("the following year", "1995-05-22", "1996"),
        ("the previous day", "1999-10-23", "1999-10-22"),
    ],
)
def test_that_year_points_back_to_the_date_named_before(
    text: str, mentioned: str, value: str
) -> None:
    assert normalise(text, THURSDAY, "past", mentioned=mentioned).value == value


def test_next_year_without_the_still_counts_from_publication() -> None:
    assert normalise("next year", THURSDAY, "future", mentioned="1995").value == "2000"
    assert normalise("that month", THURSDAY, "past", mentioned="1995").value == "1999-10"
    assert normalise("that year", THURSDAY, "past").value == "1999"


def test_the_latest_period_without_context_is_the_last_quarter() -> None:
    assert normalise("the latest period", THURSDAY, "past").value == "1999-Q3"
    assert normalise("the latest period", THURSDAY, "past", "1999-Q2").value == "1999-Q2"
