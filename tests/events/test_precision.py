"""Precision on ordinary news: ambiguous trigger words in their everyday senses are no events.

Sentences are the project's own, written in the style of wire copy and of sports reports."""

from __future__ import annotations

from datetime import date

import pytest

import reportedly
from reportedly.events.lexicon import parse_pattern
from reportedly.model import Event

PUBLISHED = date(2023, 3, 15)


def _events(text: str) -> list[Event]:
    return reportedly.analyze(text, published=PUBLISHED).events


def _types(text: str) -> list[str]:
    return [event.type for event in _events(text)]


def _one(text: str, category: str) -> Event:
    found = [event for event in _events(text) if event.type == category]
    assert len(found) == 1, [(e.type, e.trigger.text) for e in _events(text)]
    return found[0]


# --- sports reports --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Arsenal beat Chelsea 2-0 at the Emirates on Saturday.",
        "The striker's attack down the left flank set up the second goal.",
        "The goalkeeper was beaten at the near post and the referee blew for half-time.",
    ],
)
def test_a_game_is_no_assault(text: str) -> None:
    assert "ASSAULT" not in _types(text)


def test_a_sports_report_has_no_events_even_in_sentences_without_a_sports_word() -> None:
    text = (
        "Rovers manager Tom Hale praised his goalkeeper after the derby. "
        "The striker scored twice before half-time. "
        "Hale said the team had to fight for every ball and pull out all the stops."
    )
    assert _types(text) == []


def test_ranges_of_numbers_are_no_scores() -> None:
    assert "ASSAULT" in _types("Shelling killed 10-15 people in the town of Dorvan on Monday.")


# --- figures, statements, names and dates ----------------------------------------------------


def test_prices_hitting_a_record_are_no_attack() -> None:
    assert _types("Oil prices hit a record high on Monday.") == []


def test_a_released_statement_is_no_release_but_freed_hostages_are() -> None:
    assert _types("The ministry released a statement on Tuesday.") == []
    event = _one("The rebels released two hostages on Tuesday.", "RETREAT")
    assert event.mode == "release"


def test_a_month_is_no_march() -> None:
    assert "PROTEST" not in _types("The vote took place on March 16 under armed guard.")


def test_a_press_conference_is_no_consultation() -> None:
    text = "The minister told a press conference in Berlin that the plan was affordable."
    assert "CONSULT" not in _types(text)


def test_a_noun_modifying_a_noun_names_a_kind_not_an_act() -> None:
    assert "PROTEST" not in _types("The package includes 600 strike missiles and 40 boats.")
    assert "CONSULT" not in _types("Visitors will be taken to the meeting points by bus.")
    assert "AID" in _types("Westmark approved an aid package for Eastland on Monday.")


# --- words that are events only with the right complement -------------------------------------


def test_a_question_is_no_request_but_asking_someone_to_act_is() -> None:
    text = "Asked whether the talks would resume, the minister did not answer."
    assert "REQUEST" not in _types(text)
    event = _one("The minister asked Eastland to withdraw its troops.", "REQUEST")
    assert [a.name for a in event.recipients] == ["Eastland"]


def test_declining_to_comment_is_no_refusal() -> None:
    assert "REJECT" not in _types("A spokesman declined to comment on the report.")


def test_helping_to_bring_something_about_is_no_aid_but_helping_someone_is() -> None:
    assert "AID" not in _types("The new levy will help ensure that schools get more money.")
    assert "AID" in _types("Westmark helped Eastland with fuel and medicine after the floods.")


def test_figurative_fights_and_clashes_are_no_assault() -> None:
    assert "ASSAULT" not in _types("The police say the new powers will help them fight crime.")
    assert "ASSAULT" not in _types("The chief judge clashed with ministers over the inquiry.")
    assert "ASSAULT" in _types("Government troops clashed with rebels near Dorvan on Monday.")


def test_a_prediction_is_no_threat_but_a_warned_response_is() -> None:
    assert "THREATEN" not in _types("The central bank warned that prices could rise next year.")
    event = _one(
        "Eastland warned that any attack on its ships would meet a strong response.", "THREATEN"
    )
    assert [a.name for a in event.actors] == ["Eastland"]


def test_a_danger_is_no_threat_but_someones_threat_is() -> None:
    assert "THREATEN" not in _types("Farmers in the valley face the threat of flooding.")
    assert "THREATEN" not in _types("The minister said disunity posed a threat to the party.")
    assert "THREATEN" in _types("Eastland's threat to cut gas supplies alarmed its neighbours.")


def test_defending_a_decision_is_support_but_defending_a_city_is_not() -> None:
    assert "SUPPORT" in _types("The minister defended her decision to close the border.")
    assert "SUPPORT" not in _types("Soldiers defended the city for three weeks.")


def test_a_duty_one_puts_on_oneself_is_no_demand() -> None:
    assert "REQUEST" not in _types('"We must be prepared for every development," he said.')
    assert "REQUEST" in _types("Westmark said Eastland must return the captured helicopter.")


def test_kinds_of_help_name_aid() -> None:
    event = _one("Norland pledged to send military support to Eastland.", "AGREE")
    assert event.type == "AGREE"
    assert "AID" in _types("Norland has supplied military support to Eastland since May.")


# --- broadened lexicon and modes -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "category", "mode"),
    [
        ("The two presidents held talks by phone on Monday.", "CONSULT", "phone"),
        ("Rebels lobbed mortar shells at the base overnight.", "ASSAULT", "heavy-weapons"),
        ("The Eastland air force scrambled two fighter jets on Tuesday.", "MOBILIZE", "weapons"),
        ("The two sides swapped prisoners on Friday.", "RETREAT", "release"),
        ("Dock workers went on strike over pay on Monday.", "PROTEST", "strike"),
        ("Westmark blacklisted three Eastland banks.", "SANCTION", "discontinue"),
        ("The authorities jailed the opposition leader for five years.", "COERCE", "arrest"),
    ],
)
def test_synonyms_beyond_the_tune_split(text: str, category: str, mode: str) -> None:
    event = _one(text, category)
    assert event.mode == mode


def test_pattern_syntax_for_exclusions_clauses_and_any_object() -> None:
    pattern = parse_pattern("ASSAULT", "hit>target|city^record=heavy-weapons!")
    assert pattern.objects == frozenset({"target", "city"})
    assert pattern.excluded == frozenset({"record"})
    assert pattern.clause is None and pattern.weak
    asked = parse_pattern("REQUEST", "ask+!")
    assert asked.clause == frozenset()
    warned = parse_pattern("THREATEN", "warn+response|consequence")
    assert warned.clause == frozenset({"response", "consequence"})
    assert warned.specificity > asked.specificity
    helped = parse_pattern("AID", "help>*")
    assert helped.objects == frozenset({"*"})
    threat = parse_pattern("THREATEN", "n:threat<*")
    assert threat.modifiers == frozenset({"*"}) and threat.pos == "NOUN"
