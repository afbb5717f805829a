"""Constructions of issue 21 (item 4) in fast mode, on sentences written for these tests."""

from __future__ import annotations

from attribution_support import analyse, only

from reportedly.model import Claim
from reportedly.pipeline import Analyzer


def spans(claim: Claim) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in claim.content]


def source_text(claim: Claim) -> str | None:
    return claim.source.span.text if claim.source and claim.source.span else None


# 1. Short single-quoted quotes; apostrophes are not quotation marks.


def test_one_word_single_quote(analyzer: Analyzer) -> None:
    text = "'Yes,' she said."
    r = analyse(analyzer, text)
    claim = only(r, "said")
    assert claim.form == "direct"
    assert spans(claim) == [(0, 6)]
    assert source_text(claim) == "she"
    assert r.scare_quotes == []


def test_short_single_quote_with_apostrophes_inside(analyzer: Analyzer) -> None:
    text = "'I don't know,' the farmer said."
    claim = only(analyse(analyzer, text), "said")
    assert claim.form == "direct"
    assert [s.text for s in claim.content] == ["'I don't know,'"]
    assert source_text(claim) == "the farmer"


def test_plural_possessive_inside_single_quote(analyzer: Analyzer) -> None:
    text = "'The nurses' union will not sign,' she said."
    claim = only(analyse(analyzer, text), "said")
    assert [s.text for s in claim.content] == ["'The nurses' union will not sign,'"]


def test_apostrophes_alone_make_no_quote(analyzer: Analyzer) -> None:
    text = "It's the team's choice, and the players' too, the coach said."
    claim = only(analyse(analyzer, text), "said")
    assert claim.form == "indirect"
    assert [s.text for s in claim.content] == ["It's the team's choice, and the players' too"]


def test_short_quote_after_colon(analyzer: Analyzer) -> None:
    text = "The spokesman said: 'No.'"
    claim = only(analyse(analyzer, text), "said:")
    assert [s.text for s in claim.content] == ["'No.'"]


def test_short_title_beside_parsed_content_is_not_the_content(analyzer: Analyzer) -> None:
    text = "Speaking on “Town Hour,” the senator said the bill would pass."
    claim = only(analyse(analyzer, text), "said")
    assert [s.text for s in claim.content] == ["the bill would pass"]


# 2. Split quotes: the second part after the cue, with or without a comma.


def test_split_single_quote_without_comma(analyzer: Analyzer) -> None:
    text = "'We will stay,' he said 'and we will fight.'"
    claim = only(analyse(analyzer, text), "said")
    assert claim.form == "direct"
    assert spans(claim) == [(0, 15), (24, 44)]
    assert [s.text for s in claim.content] == ["'We will stay,'", "'and we will fight.'"]


def test_split_double_quote_without_comma(analyzer: Analyzer) -> None:
    text = "“The road is open,” the mayor said “and it will stay open.”"
    claim = only(analyse(analyzer, text), "said")
    assert [s.text for s in claim.content] == ["“The road is open,”", "“and it will stay open.”"]
    assert source_text(claim) == "the mayor"


def test_quote_after_full_stop_is_not_a_second_half(analyzer: Analyzer) -> None:
    text = "“The road is open.” The mayor said it twice. “Drive with care.”"
    r = analyse(analyzer, text)
    assert all("Drive with care" not in s.text for c in r.claims for s in c.content)


# 3. Rarer speech verbs, and replies in the present tense.


def test_whimpered(analyzer: Analyzer) -> None:
    text = "“Please don't go,” the boy whimpered."
    claim = only(analyse(analyzer, text), "whimpered")
    assert claim.form == "direct"
    assert [s.text for s in claim.content] == ["“Please don't go,”"]
    assert source_text(claim) == "the boy"


def test_whimpers_tagged_as_a_noun(analyzer: Analyzer) -> None:
    text = "“Please,” the boy whimpers."
    claim = only(analyse(analyzer, text), "whimpers")
    assert spans(claim) == [(0, 9)]
    assert source_text(claim) == "the boy"


def test_muttered_and_retorted(analyzer: Analyzer) -> None:
    r = analyse(analyzer, "'Too late,' he muttered. “Never too late,” she retorted.")
    assert [s.text for s in only(r, "muttered").content] == ["'Too late,'"]
    assert [s.text for s in only(r, "retorted").content] == ["“Never too late,”"]


def test_reply_in_the_present_tense(analyzer: Analyzer) -> None:
    r = analyse(analyzer, "“Not today,” replies Anna Kovacs.")
    claim = only(r, "replies")
    assert [s.text for s in claim.content] == ["“Not today,”"]
    assert source_text(claim) == "Anna Kovacs"
    first_person = only(analyse(analyzer, "“Not yet,” I reply."), "reply")
    assert [s.text for s in first_person.content] == ["“Not yet,”"]


def test_replies_with_a_clause(analyzer: Analyzer) -> None:
    claim = only(analyse(analyzer, "Kovacs replies that the plan is dead."), "replies")
    assert [s.text for s in claim.content] == ["that the plan is dead"]


# 4. "warned X not to ...": the infinitive clause is the content, X whom it was said to.


def test_warned_object_not_to(analyzer: Analyzer) -> None:
    text = "The general warned the rebels not to cross the river."
    claim = only(analyse(analyzer, text), "warned")
    assert claim.stance == "threat"
    assert spans(claim) == [(30, 52)]
    assert [s.text for s in claim.content] == ["not to cross the river"]
    assert source_text(claim) == "The general"


def test_warned_object_to(analyzer: Analyzer) -> None:
    text = "The doctors warned patients to stay indoors."
    claim = only(analyse(analyzer, text), "warned")
    assert [s.text for s in claim.content] == ["to stay indoors"]


def test_warned_that_is_unchanged(analyzer: Analyzer) -> None:
    text = "The general warned that the rebels would cross the river."
    claim = only(analyse(analyzer, text), "warned")
    assert [s.text for s in claim.content] == ["that the rebels would cross the river"]


# 5. A phrase of manner is not the content.


def test_asked_in_a_bewildered_tone(analyzer: Analyzer) -> None:
    text = "“Where are we?” the driver asked in a bewildered tone."
    claim = only(analyse(analyzer, text), "asked")
    assert claim.form == "direct"
    assert spans(claim) == [(0, 15)]
    assert source_text(claim) == "the driver"


def test_said_in_a_low_voice(analyzer: Analyzer) -> None:
    text = "“The ice will not hold,” the guide said in a low voice."
    claim = only(analyse(analyzer, text), "said")
    assert [s.text for s in claim.content] == ["“The ice will not hold,”"]


def test_whom_it_was_said_to_is_not_the_content(analyzer: Analyzer) -> None:
    text = "The mayor spoke to reporters outside the town hall on Friday."
    assert [[s.text for s in c.cues] for c in analyse(analyzer, text).claims] == []


def test_what_was_spoken_about_still_is(analyzer: Analyzer) -> None:
    text = "The mayor spoke about the new bridge on Friday."
    claim = only(analyse(analyzer, text), "spoke about")
    assert [s.text for s in claim.content] == ["the new bridge"]


# 6. Content is not cut at a coordination of verbs sharing one subject.


def test_content_kept_whole_over_coordination(analyzer: Analyzer) -> None:
    text = "He said the minister should sit and think about the budget."
    r = analyse(analyzer, text)
    claim = only(r, "said")
    assert spans(claim) == [(8, 58)]
    assert claim.content[0].text == "the minister should sit and think about the budget"
    assert claim.parent_id is None
    assert all(c.parent_id == claim.id for c in r.claims if c is not claim)


def test_coordinated_cue_of_the_speaker_still_splits(analyzer: Analyzer) -> None:
    text = "Kovacs said he would sign the order and warned against any delay."
    r = analyse(analyzer, text)
    said = only(r, "said")
    assert said.content[0].text == "he would sign the order"
    assert only(r, "warned against").content[0].text == "any delay"


# 8. A "referring to ..." clause names a topic: it does not take over the source.


def test_referring_to_before_the_speaker(analyzer: Analyzer) -> None:
    text = "Referring to the strike, the mayor said that the buses would run."
    claim = only(analyse(analyzer, text), "said")
    assert [c.text for c in claim.cues] == ["said"]
    assert source_text(claim) == "the mayor"
    assert claim.source is not None and claim.source.kind == "government"
    assert [s.span.text for s in claim.chain if s.span] == ["the mayor"]


def test_referring_to_after_the_subject(analyzer: Analyzer) -> None:
    text = "The mayor, referring to the strike, said that the buses would run."
    r = analyse(analyzer, text)
    claim = only(r, "said")
    assert claim.source is not None and claim.source.span is not None
    assert (claim.source.span.start, claim.source.span.end) == (0, 9)
    assert claim.content[0].text == "that the buses would run"
    assert all(source_text(c) == "The mayor" for c in r.claims)


def test_referring_to_a_source_still_chains(analyzer: Analyzer) -> None:
    text = "The cabinet will resign next week, TASS reported, referring to the defence ministry."
    claim = only(analyse(analyzer, text), "reported")
    assert [c.text for c in claim.cues] == ["reported", "referring to"]
    assert [s.span.text for s in claim.chain if s.span] == ["TASS", "the defence ministry"]


# 7. Speech reported inside a quotation is not an attribution of that quotation.


def test_speech_inside_a_quote_keeps_the_outer_source(analyzer: Analyzer) -> None:
    text = "“I heard him say the bridge was closed,” the farmer said."
    r = analyse(analyzer, text)
    claim = only(r, "said")
    assert source_text(claim) == "the farmer"
    assert spans(claim) == [(0, 40)]
    assert all(source_text(c) != "him" or c.parent_id == claim.id for c in r.claims)


def test_speech_inside_a_quote_with_no_cue_of_its_own(analyzer: Analyzer) -> None:
    text = "The farmer was angry on Monday. “I heard him say the bridge was closed.”"
    r = analyse(analyzer, text)
    assert [c for c in r.claims if c.parent_id is None] == []


def test_speech_inside_a_quote_is_nested_with_its_own_words(analyzer: Analyzer) -> None:
    text = "He told us: “I heard him say the bridge was closed.”"
    r = analyse(analyzer, text)
    outer = only(r, "told")
    assert source_text(outer) == "He"
    inner = only(r, "say")
    assert inner.parent_id == outer.id
    assert source_text(inner) == "him"
    assert inner.form == "indirect"
    assert spans(inner) == [(29, 50)]
    assert inner.content[0].text == "the bridge was closed"


# 9. Verbless attributions: a dash and a name after the quotation.


def test_dash_and_name(analyzer: Analyzer) -> None:
    text = '"The sea gives and the sea takes." – Anna Kovacs'
    claim = only(analyse(analyzer, text), "–")
    assert claim.form == "direct"
    assert spans(claim) == [(0, 34)]
    assert source_text(claim) == "Anna Kovacs"


def test_em_dash_name_and_title(analyzer: Analyzer) -> None:
    text = "“The sea gives and the sea takes.” — Anna Kovacs, fisherman"
    claim = only(analyse(analyzer, text), "—")
    assert [s.text for s in claim.content] == ["“The sea gives and the sea takes.”"]
    assert source_text(claim) == "Anna Kovacs"


# Gerunds and infinitives that carry the content (links need the whole proposition).


def test_denial_of_a_gerund_is_a_denial_of_that_act(analyzer: Analyzer) -> None:
    text = "The ministry has repeatedly denied shelling the dam or mining the harbour."
    claim = only(analyse(analyzer, text), "has repeatedly denied")
    assert claim.stance == "denial"
    assert [s.text for s in claim.content] == ["shelling the dam or mining the harbour"]
    assert source_text(claim) == "The ministry"


def test_admission_of_a_gerund(analyzer: Analyzer) -> None:
    claim = only(analyse(analyzer, "The treasurer admitted moving the funds."), "admitted")
    assert [s.text for s in claim.content] == ["moving the funds"]


def test_call_on_runs_through_the_infinitive(analyzer: Analyzer) -> None:
    text = "The mayor spoke on the radio, calling on the province to reopen the bridge."
    claim = only(analyse(analyzer, text), "calling on")
    assert [s.text for s in claim.content] == ["the province to reopen the bridge"]
    assert source_text(claim) == "The mayor"


def test_call_on_without_an_infinitive_keeps_its_object(analyzer: Analyzer) -> None:
    text = "The mayor called on the residents of the old quarter."
    claim = only(analyse(analyzer, text), "called on")
    assert [s.text for s in claim.content] == ["the residents of the old quarter"]
