"""The TIMEX3 normaliser on its own: calendar arithmetic, tense, no anchor, durations, sets."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportedly.times import normalise

WEDNESDAY = date(2022, 9, 28)


@pytest.mark.parametrize(
    ("text", "direction", "value"),
    [
        ("Friday", "future", "2022-09-30"),
        ("Friday", "past", "2022-09-23"),
        ("Tuesday", "past", "2022-09-27"),
        ("Sunday", "past", "2022-09-25"),
        ("Monday", "future", "2022-10-03"),
        ("Wednesday", "past", "2022-09-28"),
        ("on Thursday morning", "future", "2022-09-29TMO"),
        ("May", "past", "2022-05"),
        ("November", "future", "2022-11"),
        ("November", "past", "2021-11"),
        ("March 3", None, "2022-03-03"),
        ("Nov. 15", "past", "2022-11-15"),
        ("Dec. 20", "past", "2021-12-20"),
        ("this September", "past", "2022-09"),
        ("Sept. 30, 1998", None, "1998-09-30"),
        ("1941", None, "1941"),
        ("the 1990s", None, "199"),
        ("yesterday", None, "2022-09-27"),
        ("tomorrow evening", "future", "2022-09-29TEV"),
        ("tonight", None, "2022-09-28TNI"),
        ("last year", "past", "2021"),
        ("next month", "future", "2022-10"),
        ("this week", None, "2022-W39"),
        ("last week", "past", "2022-W38"),
        ("two years ago", "past", "2020"),
        ("three weeks ago", "past", "2022-W36"),
        ("the third quarter", "past", "2022-Q3"),
        ("the fourth quarter", "past", "2021-Q4"),
        ("now", None, "PRESENT_REF"),
        ("recently", None, "PAST_REF"),
        ("the coming years", None, "FUTURE_REF"),
        ("3 p.m.", None, "2022-09-28T15:00"),
        ("the 20th century", None, "19"),
        ("nineteen ninety-six", None, "1996"),
    ],
)
def test_dates_are_anchored_on_the_publication_date(
    text: str, direction: str | None, value: str
) -> None:
    assert normalise(text, WEDNESDAY, direction).value == value


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("within a few days", "PXD", "DURATION"),
        ("five years", "P5Y", "DURATION"),
        ("the past two months", "P2M", "DURATION"),
        ("24 hours", "PT24H", "DURATION"),
        ("a couple of weeks", "P2W", "DURATION"),
        ("four decades", "P40Y", "DURATION"),
        ("the first nine months of the year", "P9M", "DURATION"),
        ("every day", "P1D", "SET"),
        ("weekly", "P1W", "SET"),
        ("every Monday", "XXXX-WXX-1", "SET"),
    ],
)
def test_durations_and_sets(text: str, value: str, kind: str) -> None:
    timex = normalise(text, WEDNESDAY, None)
    assert (timex.value, timex.type) == (value, kind)


def test_relative_flag_and_granularity() -> None:
    friday = normalise("Friday", WEDNESDAY, "future")
    assert friday.relative and friday.granularity == "day"
    assert not normalise("1941", WEDNESDAY).relative
    assert normalise("the third quarter", WEDNESDAY, "past").granularity == "quarter"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Friday", "XXXX-WXX-5"),
        ("in May", "XXXX-05"),
        ("May 9", "XXXX-05-09"),
        ("yesterday", None),
        ("last year", None),
        ("two weeks ago", None),
        ("the third quarter", "XXXX-Q3"),
    ],
)
def test_without_a_publication_date_relative_values_stay_unresolved(
    text: str, value: str | None
) -> None:
    timex = normalise(text, None, "past")
    assert timex.value == value
    assert timex.relative


def test_a_quarter_in_context_gives_the_year_earlier_quarter() -> None:
    assert normalise("a year earlier", date(1989, 10, 30), "past", "1989-Q3").value == "1988-Q3"
    assert normalise("the quarter", date(1989, 10, 30), "past", "1989-Q3").value == "1989-Q3"
    assert normalise("a year earlier", None, "past", "XXXX-Q3").value is None


_WORDS = st.sampled_from(
    [
        "the",
        "last",
        "next",
        "this",
        "a",
        "few",
        "two",
        "1998",
        "May",
        "Friday",
        "week",
        "weeks",
        "year",
        "ago",
        "earlier",
        "quarter",
        "third",
        "morning",
        "night",
        "3",
        "p.m.",
        "every",
        "daily",
        "now",
        "since",
        "in",
        "on",
        "of",
        "and",
        "twenty-four",
        "hours",
        "decade",
    ]
)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(_WORDS, min_size=1, max_size=5))
def test_normalise_never_fails_and_never_guesses_today(words: list[str]) -> None:
    text = " ".join(words)
    timex = normalise(text, None, None)
    anchored = normalise(text, WEDNESDAY, "past")
    assert timex.type in ("DATE", "TIME", "DURATION", "SET")
    assert anchored.type in ("DATE", "TIME", "DURATION", "SET")
    if timex.value is not None and timex.relative:
        assert str(date.today().year) not in timex.value


@pytest.mark.parametrize(
    ("text", "anchor", "value"),
    [
        ("Thanksgiving", date(1999, 11, 20), "1999-11-25"),
        ("Thanksgiving Day", date(1998, 11, 20), "1998-11-26"),
        ("Election Day", date(1998, 10, 26), "1998-11-03"),
        ("Memorial Day", date(2000, 6, 10), "2000-05-29"),
        ("Easter", date(2000, 4, 17), "2000-04-23"),
        ("Good Friday 1998", None, "1998-04-10"),
    ],
)
def test_floating_holidays_move_with_the_calendar(
    text: str, anchor: date | None, value: str
) -> None:
    assert normalise(text, anchor, None).value == value


def test_the_year_ended_is_a_span_of_a_year() -> None:
    found = normalise("the year", WEDNESDAY, "past", after="ended")
    assert (found.type, found.value) == ("DURATION", "P1Y")
    assert normalise("the fiscal year", WEDNESDAY, "past", after="ending").value == "P1Y"
    assert normalise("the year", WEDNESDAY, "past", after=",").value == "2022"
    assert normalise("the fiscal year", WEDNESDAY, "future").value == "2022"


def test_an_unpinned_week_keeps_its_year_only() -> None:
    assert normalise("the week", WEDNESDAY, "past").value == "2022-WXX"
    assert normalise("the week", None, "past").value == "XXXX-WXX"
    assert normalise("last week", WEDNESDAY, "past").value == "2022-W38"
    assert normalise("a week", WEDNESDAY, "past").value == "P1W"


def test_words_around_the_expression_correct_the_tense() -> None:
    # "the vote follows Tuesday's debate": a possessed event in the present has happened
    assert normalise("Tuesday", WEDNESDAY, "present", after="'s").value == "2022-09-27"
    assert normalise("Tuesday", WEDNESDAY, "present").value == "2022-10-04"
    # "loans were extended through January", "the rule took effect ... effective Feb. 1"
    assert normalise("January", WEDNESDAY, "past", before="through").value == "2023-01"
    assert normalise("Feb. 1", WEDNESDAY, "past", before="effective").value == "2023-02-01"
    assert normalise("January", WEDNESDAY, "past").value == "2022-01"
    # "had stayed until Monday" stays last Monday
    assert normalise("Monday", WEDNESDAY, "past", before="until").value == "2022-09-26"


def test_vague_decades_and_centuries_use_timex3_units() -> None:
    assert normalise("centuries", WEDNESDAY, None).value == "PXC"
    assert normalise("decades", WEDNESDAY, None).value == "PXE"
    assert normalise("two decades", WEDNESDAY, None).value == "P20Y"


def test_a_bare_day_part_is_of_the_reported_day() -> None:
    assert normalise("the morning", WEDNESDAY, "past").value == "2022-09-28TMO"
    assert normalise("mid-afternoon", WEDNESDAY, "past").value == "2022-09-28TAF"


def test_a_deadline_at_a_clock_time_is_ahead() -> None:
    assert normalise("9 a.m. Tuesday", WEDNESDAY, "past", before="until").value == (
        "2022-10-04T09:00"
    )
    assert normalise("Tuesday", WEDNESDAY, "past", before="until").value == "2022-09-27"


def test_midday_and_the_then_current() -> None:
    assert normalise("midday", WEDNESDAY, "past").value == "2022-09-28T12:00"
    assert normalise("current", WEDNESDAY, None, before="then").value == "PAST_REF"
    assert normalise("current", WEDNESDAY, None).value == "PRESENT_REF"
