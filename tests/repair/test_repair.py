"""Text repair: each kind on sentences of our own, and what must be left alone."""

from __future__ import annotations

import pytest

from reportedly.pipeline import Analyzer
from reportedly.repair import Lexicon, apply_repairs, repair_text, to_input_offset, to_input_span


@pytest.fixture(scope="module")
def lexicon(analyzer: Analyzer) -> Lexicon:
    return analyzer.lexicon


def fixed(text: str, lexicon: Lexicon | None = None) -> str:
    out, repairs = repair_text(text, lexicon)
    assert apply_repairs(text, repairs) == out
    return out


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "The port was shut.He said it would reopen.",
            "The port was shut. He said it would reopen.",
        ),
        ("Was it shelled?Officials would not say.", "Was it shelled? Officials would not say."),
        ("It ended in 2022.The talks resumed.", "It ended in 2022. The talks resumed."),
        ("he said.“We are ready,” she replied.", "he said. “We are ready,” she replied."),
        ("“We are ready.”Then she left.", "“We are ready.” Then she left."),
        ("Mr.Novak spoke first.", "Mr. Novak spoke first."),
        ("NATO.The alliance met.", "NATO. The alliance met."),
    ],
)
def test_missing_space_after_sentence_end_is_inserted(before: str, after: str) -> None:
    assert fixed(before) == after


@pytest.mark.parametrize(
    "text",
    [
        "Troops from the U.S.Army arrived.",
        "Some goods, e.g.Grain, were held.",
        "Inflation rose to 3.5 percent.",
        "See example.com/news.Html for more.",
        "Visit Onet.Pl today.",
        "He waited...Then he left.",
        "Written by J.Novak.",
        "Mail desk@example.org.Thanks",
        "See the fan site Halo.Bungie.Org for more.",
    ],
)
def test_abbreviations_numbers_and_urls_keep_their_dots(text: str) -> None:
    assert fixed(text) == text


def test_mojibake_and_entities_are_fixed_but_curly_quotes_and_dashes_stay() -> None:
    text = "The minister said it wasnâ€™t over &amp; “nothing” has changed — yet."
    out, repairs = repair_text(text)
    assert out == "The minister said it wasn’t over & “nothing” has changed — yet."
    assert [(r.kind, r.original, r.replacement) for r in repairs] == [
        ("mojibake", "â€™", "’"),
        ("html_entity", "&amp;", "&"),
    ]


def test_control_characters_are_removed_and_recorded() -> None:
    out, repairs = repair_text("Shelling \x1b[31mresumed\x1b[0m overnight.")
    assert out == "Shelling resumed overnight."
    assert {r.kind for r in repairs} == {"control_character"}


def test_clutter_lines_are_removed_whole() -> None:
    text = (
        "Officials said the bridge was hit.\n"
        "ADVERTISEMENT\n"
        "JOIN US ON TELEGRAM! Follow our coverage of the war.\n"
        "Subscribe to our newsletter\n"
        "Read more: Ten things to know\n"
        "The mayor said repairs would take weeks.\n"
    )
    out, repairs = repair_text(text)
    assert out == "Officials said the bridge was hit.\nThe mayor said repairs would take weeks.\n"
    assert [r.kind for r in repairs] == ["clutter"] * 4
    assert repairs[0].original == "ADVERTISEMENT\n"


def test_a_sentence_that_mentions_a_newsletter_is_not_clutter() -> None:
    text = "The ministry said in its weekly newsletter that exports fell.\n"
    assert fixed(text) == text


def test_glued_words_split_only_when_sure(lexicon: Lexicon) -> None:
    assert fixed("Troops were seizingaboutmost of the villages.", lexicon) == (
        "Troops were seizing about most of the villages."
    )
    assert fixed("Aid reached the region, among othersFrom Poland.", lexicon) == (
        "Aid reached the region, among others From Poland."
    )
    for text in (
        "The counteroffensive began after a ceasefire collapsed.",
        "Check your inbox for the fightback lineout.",
        "The site uses reCaptcha and the iPhone app.",
        "Shops sell ringtones, shot cinematographically.",
        "Listen at thetallyradio.com today.",
        "Officials from the ministry spoke.",
    ):
        assert fixed(text, lexicon) == text


def test_glued_words_need_the_lexicon() -> None:
    text = "Troops were seizingaboutmost of the villages."
    assert fixed(text) == text


def test_repairs_map_spans_back_to_the_input() -> None:
    text = "ADVERTISEMENT\nThe port was shut.He said it was &quot;calm&quot;.\n"
    out, repairs = repair_text(text)
    assert out == 'The port was shut. He said it was "calm".\n'
    word = out.index("He said")
    assert text[to_input_offset(repairs, word)] == "H"
    start, end = to_input_span(repairs, out.index('"calm"'), out.index('"calm"') + 6)
    assert text[start:end] == "&quot;calm&quot;"
    assert to_input_offset(repairs, 0) == len("ADVERTISEMENT\n")


def test_raw_text_is_not_touched(analyzer: Analyzer) -> None:
    text = "The port was shut.He said it wasnâ€™t over.\nADVERTISEMENT\n"
    document = analyzer.prepare(text, raw=True)
    assert document.text == text
    assert document.repairs == []
    assert document.raw
