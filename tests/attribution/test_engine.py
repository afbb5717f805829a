"""The rule attribution engine on sentences written for these tests, one construction each."""

from __future__ import annotations

import pytest
from attribution_support import analyse, only

from reportedly.attribution.quotes import find_quotes
from reportedly.pipeline import Analyzer


def test_direct_quote_before_cue(analyzer: Analyzer) -> None:
    r = analyse(analyzer, "“We will not back down from this fight,” the minister said.")
    claim = only(r, "said")
    assert claim.form == "direct"
    assert [s.text for s in claim.content] == ["“We will not back down from this fight,”"]
    assert claim.source is not None and claim.source.span is not None
    assert claim.source.span.text == "the minister"


def test_indirect_speech_keeps_that(analyzer: Analyzer) -> None:
    r = analyse(analyzer, "The mayor said that the old bridge would reopen in May.")
    claim = only(r, "said")
    assert claim.form == "indirect"
    assert claim.content[0].text == "that the old bridge would reopen in May"
    assert claim.source is not None and claim.source.span is not None
    assert claim.source.span.text == "The mayor"


def test_mixed_quote(analyzer: Analyzer) -> None:
    r = analyse(
        analyzer, "Former President Anna Kovacs said the country “has the right to defend itself.”"
    )
    claim = only(r, "said")
    assert claim.form == "mixed"
    assert claim.content[0].text == "the country “has the right to defend itself.”"
    assert claim.source is not None
    assert claim.source.role is not None and claim.source.role.text == "Former President"
    assert claim.source.name == "Anna Kovacs"
    assert claim.source.kind == "person"


def test_according_to(analyzer: Analyzer) -> None:
    r = analyse(analyzer, "According to the health ministry, forty people were hurt in the blast.")
    claim = only(r, "According to")
    assert claim.form == "according_to"
    assert claim.source is not None and claim.source.span is not None
    assert claim.source.span.text == "the health ministry"
    assert claim.source.kind == "government"
    assert claim.content[0].text == "forty people were hurt in the blast"


def test_said_in_a_statement(analyzer: Analyzer) -> None:
    r = analyse(analyzer, "The company said in a statement that it would cut 300 jobs.")
    claim = only(r, "said in a statement")
    assert claim.content[0].text == "that it would cut 300 jobs"


def test_inverted_order(analyzer: Analyzer) -> None:
    r = analyse(analyzer, "The offensive will stall before winter, the officials say.")
    claim = only(r, "say")
    assert claim.content[0].text == "The offensive will stall before winter"
    assert claim.source is not None and claim.source.span is not None
    assert claim.source.span.text == "the officials"


def test_trailing_cue_with_role_and_time(analyzer: Analyzer) -> None:
    text = "The talks made no progress at all, foreign policy adviser Mark Olsen said on Friday."
    claim = only(analyse(analyzer, text), "said")
    assert claim.content[0].text == "The talks made no progress at all"
    assert claim.source is not None and claim.source.role is not None
    assert claim.source.role.text == "foreign policy adviser"
    assert claim.source.name == "Mark Olsen"


def test_colon_lead_in(analyzer: Analyzer) -> None:
    r = analyse(analyzer, "The spokesman said: “The border will stay closed until further notice.”")
    claim = only(r, "said:")
    assert claim.form == "direct"
    assert claim.content[0].text == "“The border will stay closed until further notice.”"


def test_headline_lead_in(analyzer: Analyzer) -> None:
    r = analyse(
        analyzer, "Anna Kovacs: The border stays closed until the spring.\n\nMore text here."
    )
    claim = only(r, ":")
    assert claim.form == "lead_in"
    assert claim.source is not None and claim.source.span is not None
    assert claim.source.span.text == "Anna Kovacs"
    assert claim.content[0].text == "The border stays closed until the spring"


def test_quote_over_two_paragraphs() -> None:
    text = "He said:\n\n“We have waited long enough for this.\n\n“Now we act, and we act together.”"
    quotes = find_quotes(text)
    assert len(quotes) == 1
    assert [text[a:b] for a, b in quotes[0].pieces] == [
        "“We have waited long enough for this.",
        "“Now we act, and we act together.”",
    ]


def test_multi_paragraph_quote_is_one_content(analyzer: Analyzer) -> None:
    text = (
        "The chairman said:\n\n“We have waited long enough for this moment.\n\n"
        "“Now we act, and we act together.”"
    )
    claim = only(analyse(analyzer, text), "said:")
    assert [s.text for s in claim.content] == [
        "“We have waited long enough for this moment.",
        "“Now we act, and we act together.”",
    ]


def test_quote_continues_into_next_sentence(analyzer: Analyzer) -> None:
    text = "“The vote was fair and open,” said Kovacs. “Nobody can question the result.”"
    claim = only(analyse(analyzer, text), "said")
    assert [s.text for s in claim.content] == [
        "“The vote was fair and open,”",
        "“Nobody can question the result.”",
    ]


def test_several_cues_one_source(analyzer: Analyzer) -> None:
    text = "Kovacs wrote that the plan was dead, adding that new talks would start soon."
    r = analyse(analyzer, text)
    wrote, adding = only(r, "wrote"), only(r, "adding")
    assert wrote.content[0].text == "that the plan was dead"
    assert adding.content[0].text == "that new talks would start soon"
    assert wrote.source is not None and adding.source is not None
    assert wrote.source.span == adding.source.span


@pytest.mark.parametrize(
    ("sentence", "cue", "stance"),
    [
        ("The analysts believe that the deal will hold.", "believe", "belief"),
        ("The army intends to take the city by May.", "intends", "intention"),
        ("The company threatened to close the plant.", "threatened", "threat"),
        ("The minister denied that he had met the envoy.", "denied", "denial"),
        ("Experts doubt that the new dam can be finished.", "doubt", "doubt"),
        ("The mayor said that the tram would run again.", "said", "assertion"),
    ],
)
def test_stance(analyzer: Analyzer, sentence: str, cue: str, stance: str) -> None:
    assert only(analyse(analyzer, sentence), cue).stance == stance


def test_reporter_with_reference_to_inner_sources(analyzer: Analyzer) -> None:
    text = (
        "The cabinet will resign next week, reports Reuters with reference to officials "
        "and sources close to the government."
    )
    claim = only(analyse(analyzer, text), "reports")
    assert [c.text for c in claim.cues] == ["reports", "with reference to"]
    assert claim.content[0].text == "The cabinet will resign next week"
    assert [s.span.text for s in claim.chain if s.span] == [
        "Reuters",
        "officials and sources close to the government",
    ]
    assert claim.chain[0].kind == "outlet"
    assert claim.source is not None and claim.source.kind == "anonymous"
    assert claim.source.access is not None
    assert claim.source.access.text == "close to the government"


def test_outlet_sources_with_access(analyzer: Analyzer) -> None:
    text = "CNN sources familiar with the investigation claim that the files were copied."
    claim = only(analyse(analyzer, text), "claim")
    assert claim.chain[0].span is not None and claim.chain[0].span.text == "CNN"
    assert claim.chain[0].kind == "outlet"
    assert claim.source is not None and claim.source.kind == "anonymous"
    assert claim.source.access is not None
    assert claim.source.access.text == "familiar with the investigation"


def test_according_to_them_inherits_chain(analyzer: Analyzer) -> None:
    text = (
        "Bloomberg sources close to the ministry believe that the tax will rise. "
        "According to them, the vote is set for Friday."
    )
    r = analyse(analyzer, text)
    later = only(r, "According to")
    assert later.source is not None
    assert later.source.resolved_from == "previous_claim"
    assert later.source.span is not None and later.source.span.text == "them"
    assert later.source.name == "Bloomberg sources close to the ministry"
    assert later.chain[0].span is not None and later.chain[0].span.text == "Bloomberg"
    assert later.chain[-1] == later.source


def test_the_sources_say_inherits_chain(analyzer: Analyzer) -> None:
    text = (
        "Reuters sources close to the cabinet believe that the closure will last. "
        "It will hurt exporters most, the sources say."
    )
    later = only(analyse(analyzer, text), "say")
    assert later.source is not None and later.source.resolved_from == "previous_claim"
    assert [s.span.text for s in later.chain if s.span] == ["Reuters", "the sources"]


def test_pronoun_resolved_by_gender(analyzer: Analyzer) -> None:
    text = (
        "Mrs. Anna Kovacs met Mr. Peter Lang in Vienna on Monday. "
        "She said that the meeting had gone well."
    )
    claim = only(analyse(analyzer, text), "said")
    assert claim.source is not None and claim.source.span is not None
    assert claim.source.span.text == "She"
    assert claim.source.name == "Anna Kovacs"
    assert claim.source.resolved_from == "pronoun"


def test_short_name_resolved(analyzer: Analyzer) -> None:
    text = "Jake Sullivan arrived in Kyiv on Friday. Sullivan said the aid would continue."
    claim = only(analyse(analyzer, text), "said")
    assert claim.source is not None and claim.source.name == "Jake Sullivan"
    assert claim.source.resolved_from == "short_name"


def test_nested_claim_has_parent(analyzer: Analyzer) -> None:
    text = (
        "The union held talks with the board and warned that a strike would follow, "
        "spokeswoman Maria Berg said on Sunday."
    )
    r = analyse(analyzer, text)
    outer, inner = only(r, "said"), only(r, "warned")
    assert inner.parent_id == outer.id
    assert inner.stance == "threat"
    assert inner.content[0].text == "that a strike would follow"
    assert outer.parent_id is None


def test_scare_quotes(analyzer: Analyzer) -> None:
    text = (
        "On Tuesday the “referendums” ended. Officials said the council will “register” "
        "the result after a “careful review”."
    )
    r = analyse(analyzer, text)
    scare = [s.span.text for s in r.scare_quotes]
    assert "“referendums”" in scare
    assert "“register”" in scare
    assert "“careful review”" not in scare  # two words inside what officials said: theirs
    assert not any("referendums" in s.text for c in r.claims for s in c.content)


def test_no_claim_without_cue(analyzer: Analyzer) -> None:
    r = analyse(analyzer, "The river rose by two metres overnight and flooded the lower town.")
    assert r.claims == []


def test_claim_ids_in_document_order(analyzer: Analyzer) -> None:
    text = "Kovacs said the plan was fair. Lang said the plan was not fair at all."
    r = analyse(analyzer, text)
    assert [c.id for c in r.claims] == ["c1", "c2"]
    assert r.claims[0].cues[0].start < r.claims[1].cues[0].start
    assert all(c.backend == "rules" for c in r.claims)


def test_parenthetical_cue_splits_content(analyzer: Analyzer) -> None:
    text = "The steel industry, she said, is doing much better than last year."
    claim = only(analyse(analyzer, text), "said")
    assert [s.text for s in claim.content] == [
        "The steel industry",
        "is doing much better than last year",
    ]
    assert claim.source is not None and claim.source.span is not None
    assert claim.source.span.text == "she"


def test_newswire_double_apostrophe_quotes(analyzer: Analyzer) -> None:
    text = "''We expect a long winter,'' the governor said."
    claim = only(analyse(analyzer, text), "said")
    assert claim.form == "direct"
    assert claim.content[0].text == "''We expect a long winter,''"


def test_title_case_headline(analyzer: Analyzer) -> None:
    text = "Mayor Says City Budget Will Balance By June\n\nThe mayor spoke on Monday."
    claim = only(analyse(analyzer, text), "Says")
    assert claim.source is not None and claim.source.span is not None
    assert claim.source.span.text == "Mayor"
    assert claim.content[0].text == "City Budget Will Balance By June"


def test_warned_against(analyzer: Analyzer) -> None:
    text = "The senator warned against the rushed sale of the port."
    claim = only(analyse(analyzer, text), "warned against")
    assert claim.stance == "threat"
    assert claim.content[0].text == "the rushed sale of the port"


def test_entity_ids_linked_by_overlap(analyzer: Analyzer) -> None:
    from reportedly.model import Entity, Mention
    from reportedly.model import Span as TextSpan
    from reportedly.stages import parts

    text = "Jake Sullivan said on Sunday that the talks would go on."
    nlp = analyzer.nlp
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        if name != "reportedly_attribution":
            doc = component(doc)
    parts(doc)["entities"] = [
        Entity(
            id="e7",
            type="PERSON",
            canonical="Jake Sullivan",
            mentions=[Mention(span=TextSpan.of(text, 0, 13))],
        )
    ]
    doc = nlp.get_pipe("reportedly_attribution")(doc)
    [claim] = parts(doc)["claims"]
    assert claim.source.entity_id == "e7"
