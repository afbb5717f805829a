"""Entities: actors clustered across name forms, titles kept apart, types corrected."""

from __future__ import annotations

import pytest

from reportedly.entities.names import compatible_first, name_key, same_name
from reportedly.model import Entity, Report
from reportedly.pipeline import Analyzer, Settings


@pytest.fixture(scope="module")
def geo_analyzer() -> Analyzer:
    return Analyzer(Settings(stages=("reportedly_entities", "reportedly_places")))


def _by_canonical(report: Report, name: str) -> Entity:
    matches = [e for e in report.entities if e.canonical == name]
    assert len(matches) == 1, [(e.canonical, e.type) for e in report.entities]
    return matches[0]


@pytest.mark.parametrize("variant", ["Zelensky", "Zelenskyy", "Zelenskiy", "Zelenskyi"])
def test_romanisations_of_one_surname_share_a_key(variant: str) -> None:
    assert name_key(variant) == name_key("Zelenskyy")


@pytest.mark.parametrize(("a", "b"), [("Tinkoff", "Tinkov"), ("Smirnoff", "Smirnov")])
def test_the_french_off_of_russian_surnames_is_their_ov(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_fuzzy_names_allow_a_changed_letter_but_not_an_added_one() -> None:
    assert same_name("Lukashenko", "Lukashenka")
    assert same_name("Yanukovych", "Yanukovich")
    assert not same_name("Johnson", "Johnston")
    assert not same_name("Putin", "Pushin")


def test_given_names_match_initials_and_romanisations() -> None:
    assert compatible_first("V.", "Vladimir")
    assert compatible_first("Wladimir", "Vladimir")
    assert not compatible_first("Boris", "Vladimir")


def test_one_actor_across_full_name_surname_and_spellings(geo_analyzer: Analyzer) -> None:
    report = geo_analyzer.analyze(
        "President Volodymyr Zelenskyy visited the front on Monday. Speaking to soldiers, "
        "Zelensky promised new equipment. Zelenskiy's office later published a video."
    )
    people = [e for e in report.entities if e.type == "PERSON"]
    assert len(people) == 1, [(e.canonical, e.variants) for e in people]
    actor = people[0]
    assert actor.canonical == "Volodymyr Zelenskyy"
    assert actor.roles == ["President"]
    assert {"Zelensky", "Zelenskiy"} <= set(actor.variants)
    kinds = [m.kind for m in actor.mentions]
    assert kinds[0] == "title_name"
    assert "possessive" in kinds
    for mention in actor.mentions:
        assert "'" not in mention.span.text and "President" not in mention.span.text


def test_titles_are_roles_and_spans_cover_the_name_only(geo_analyzer: Analyzer) -> None:
    text = (
        "The talks stalled, Kremlin spokesman Dmitry Peskov told reporters on Thursday, and "
        "former Prime Minister Boris Johnson said the offer was a trap."
    )
    report = geo_analyzer.analyze(text)
    peskov = _by_canonical(report, "Dmitry Peskov")
    assert peskov.roles == ["Kremlin spokesman"]
    johnson = _by_canonical(report, "Boris Johnson")
    assert johnson.roles == ["former Prime Minister"]
    span = johnson.mentions[0].span
    assert text[span.start : span.end] == "Boris Johnson"


def test_a_country_glued_to_a_name_is_split_off(geo_analyzer: Analyzer) -> None:
    report = geo_analyzer.analyze(
        "Even the President of Belarus Alexander Lukashenko has refused to recognise the vote."
    )
    leader = _by_canonical(report, "Alexander Lukashenko")
    assert leader.roles == ["President of Belarus"]
    assert any(p.name == "Belarus" and p.feature == "country" for p in report.places)


def test_nationality_words_name_their_country(geo_analyzer: Analyzer) -> None:
    report = geo_analyzer.analyze(
        "Polish officials met Ukrainian ministers in Warsaw, and Poland promised more aid."
    )
    polish = _by_canonical(report, "Polish")
    assert polish.type == "NORP" and polish.country_code == "PL"
    poland = next(p for p in report.places if p.iso_code == "PL")
    assert polish.place_id == poland.id
    assert _by_canonical(report, "Ukrainian").country_code == "UA"


def test_cities_the_model_mislabels_become_places(geo_analyzer: Analyzer) -> None:
    report = geo_analyzer.analyze(
        "Drones struck Kharkiv overnight. Officials said Mykolaiv and Odesa were also hit, "
        "and air raid sirens sounded in Odesa again on Friday."
    )
    for name in ("Kharkiv", "Mykolaiv", "Odesa"):
        entity = next(e for e in report.entities if e.canonical.startswith(name[:5]))
        assert entity.type == "GPE", (name, entity.type)
        assert entity.place_id is not None


def test_entity_ids_follow_document_order(geo_analyzer: Analyzer) -> None:
    report = geo_analyzer.analyze(
        "Russian troops left Kherson, Ukraine's defence ministry said, and Kyiv celebrated."
    )
    ids = [e.id for e in report.entities]
    assert ids == [f"e{i}" for i in range(1, len(ids) + 1)]
    starts = [e.mentions[0].span.start for e in report.entities]
    assert starts == sorted(starts)


def test_odd_whitespace_person_spans_do_not_break_the_stage(analyzer: Analyzer) -> None:
    # Found by the span property test: control characters before a blank line.
    report = analyzer.analyze("\x9b \x9b \n\n Putin said on Friday that he would not retreat.")
    assert any(e.canonical == "Putin" for e in report.entities)


@pytest.mark.parametrize("first", ["GPE", "LOC"])
def test_a_tie_between_labels_goes_to_the_first_seen(first: str) -> None:
    from reportedly import gazetteer
    from reportedly.entities.cluster import Cluster
    from reportedly.entities.mentions import RawMention
    from reportedly.stages.entities import _entity

    second = "LOC" if first == "GPE" else "GPE"
    cluster = Cluster(first, [RawMention(0, 5, first, "Quorn"), RawMention(9, 14, second, "Quorn")])
    assert _entity("e1", cluster, gazetteer.load()).type == first
