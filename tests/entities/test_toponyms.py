"""The gazetteer as a second toponym detector: places the model missed, found by context."""

from __future__ import annotations

import pytest

from reportedly.model import Place, Report
from reportedly.pipeline import Analyzer, Settings


@pytest.fixture(scope="module")
def geo_analyzer() -> Analyzer:
    return Analyzer(Settings(stages=("reportedly_entities", "reportedly_places")))


def _place_at(report: Report, text: str, word: str, nth: int = 0) -> Place | None:
    """The place with a mention starting at the ``nth`` occurrence of ``word``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    for place in report.places:
        if any(m.start == start and m.text == word for m in place.mentions):
            return place
    return None


def test_an_all_caps_dateline_is_a_place(geo_analyzer: Analyzer) -> None:
    text = "MINSK, 7 February (BelTA) - The talks will go on next week, the ministry said."
    place = _place_at(geo_analyzer.analyze(text), text, "MINSK")
    assert place is not None and place.name == "Minsk" and place.country_code == "BY"


def test_a_place_inside_an_organisation_name_is_found_and_the_body_kept(
    geo_analyzer: Analyzer,
) -> None:
    text = (
        "Deputies of the Jefferson County Sheriff's Office in Kentucky closed the bridge on "
        "Monday after the flood."
    )
    report = geo_analyzer.analyze(text)
    place = _place_at(report, text, "Jefferson County")
    assert place is not None and place.admin1 == "US-KY"
    bodies = [e for e in report.entities if e.type in ("ORG", "FAC")]
    assert any(e.canonical == "Jefferson County Sheriff's Office" for e in bodies)


def test_a_town_before_a_head_word_is_a_place(geo_analyzer: Analyzer) -> None:
    text = "A Winona man was charged on Friday with setting fire to a barn in Minnesota."
    place = _place_at(geo_analyzer.analyze(text), text, "Winona")
    assert place is not None and place.admin1 == "US-MN"


def test_town_comma_state_abbreviation_is_a_place(geo_analyzer: Analyzer) -> None:
    text = "Shares of the firm, based in Danbury, Conn., rose 4 percent on Tuesday."
    place = _place_at(geo_analyzer.analyze(text), text, "Danbury")
    assert place is not None and place.admin1 == "US-CT"


def test_a_name_read_as_a_place_once_is_a_place_elsewhere(geo_analyzer: Analyzer) -> None:
    text = (
        "Snow fell across Edmonton overnight. Edmonton needs to start clearing roads earlier, "
        "Edmonton council members said."
    )
    report = geo_analyzer.analyze(text)
    places = {p.id for n in range(3) if (p := _place_at(report, text, "Edmonton", n))}
    assert len(places) == 1
    [edmonton] = [p for p in report.places if p.id in places]
    assert edmonton.country_code == "CA" and len(edmonton.mentions) == 3


def test_street_names_and_names_after_people_are_not_towns(geo_analyzer: Analyzer) -> None:
    text = (
        "She teaches astronomy at Smith College. Police said a car hit a pole on Oak Street, "
        "and the Bank said it would pay for repairs."
    )
    report = geo_analyzer.analyze(text)
    named = {m.text for p in report.places for m in p.mentions}
    assert not named & {"Smith", "Oak", "Police", "Bank"}, named


def test_a_source_naming_a_place_is_the_body_not_the_place(analyzer: Analyzer) -> None:
    text = (
        "The Jefferson County Sheriff's Office said the bridge would stay closed. \"We will "
        'reopen it when it is safe," the office said.'
    )
    report = analyzer.analyze(text)
    claim = next(c for c in report.claims if c.source and c.source.span is not None)
    entity = next(e for e in report.entities if e.id == claim.source.entity_id)
    assert entity.type == "ORG" and "Sheriff" in entity.canonical
