"""The terminal and HTML renderers, on reports built by hand (the stages are tested elsewhere)."""

from __future__ import annotations

import base64
import hashlib
import io
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from reportedly.model import (
    Claim,
    Document,
    Entity,
    Mention,
    Place,
    Quantity,
    Repair,
    Report,
    ScareQuote,
    Source,
    Span,
    TimeExpression,
)
from reportedly.outputs import html as html_out
from reportedly.outputs import terminal

TEXT = (
    "Officials say the dam talks 'collapsed'\n"
    "The crossing will stay shut until Friday, Bloomberg reports, citing officials and sources "
    "close to the Kremlin.\n"
    "According to the regional governor, about 1,200 people left Nikopol on Tuesday; traders put "
    "the figure at up to 3,000.\n"
    '"We are not leaving [bold]yet[/bold] <script>alert(1)</script>," a farmer told the radio.\n'
    "So-called 'humanitarian pauses' did not hold, the army said."
)


def at(fragment: str, text: str = TEXT, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``fragment`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(fragment, start + 1)
    return Span.of(text, start, start + len(fragment))


def sample_report(
    title: str = "Dam talks <script>alert('t')</script>",
    outlet: str = "Wire & <b>Co</b>",
) -> Report:
    bloomberg = Source(span=at("Bloomberg"), kind="outlet", name="Bloomberg")
    claims = [
        Claim(
            id="c1",
            cues=[at("reports"), at("citing")],
            source=Source(span=at("officials", nth=0), kind="government"),
            chain=[
                bloomberg,
                Source(span=at("officials", nth=0), kind="government"),
                Source(span=at("sources close to the Kremlin"), kind="anonymous"),
            ],
            content=[at("The crossing will stay shut until Friday")],
            form="according_to",
        ),
        Claim(
            id="c2",
            cues=[at("According to")],
            source=Source(
                span=at("the regional governor"), kind="government", role=at("regional governor")
            ),
            content=[at("about 1,200 people left Nikopol on Tuesday")],
            form="according_to",
        ),
        Claim(
            id="c3",
            cues=[at("put")],
            source=Source(span=at("traders"), kind="unknown"),
            content=[at("the figure at up to 3,000")],
            stance="belief",
        ),
        Claim(
            id="c4",
            cues=[at("told")],
            source=Source(span=at("a farmer"), kind="person"),
            content=[at('"We are not leaving [bold]yet[/bold] <script>alert(1)</script>,"')],
            form="direct",
        ),
        Claim(
            id="c5",
            cues=[at("said", nth=0)],
            source=Source(
                span=at("the army"),
                kind="government",
                name="Ukrainian army",
                resolved_from="nominal",
                role=at("army"),
                access=at("So-called"),
            ),
            content=[at("So-called 'humanitarian pauses' did not hold")],
        ),
    ]
    return Report(
        reportedly_version="test",
        document=Document(
            id="doc-1",
            text=TEXT,
            title=title,
            outlet=outlet,
            origin="tests/dam.txt",
            published=date(2023, 6, 7),
            repairs=[
                Repair(
                    kind="sentence_space",
                    input_start=0,
                    input_end=4,
                    start=0,
                    end=5,
                    original="Offi",
                    replacement="Offic",
                )
            ],
        ),
        claims=claims,
        quantities=[
            Quantity(
                id="q1",
                span=at("about 1,200 people"),
                value=1200,
                change="~",
                approximate=True,
                unit="people",
                concept=at("people", nth=0),
                claim_id="c2",
            ),
            Quantity(
                id="q2",
                span=at("up to 3,000"),
                value=3000,
                low=0,
                high=3000,
                change="<",
                qualifier=at("up to"),
                claim_id="c3",
            ),
        ],
        times=[
            TimeExpression(id="t1", span=at("Friday"), type="DATE", value="2023-06-09"),
            TimeExpression(
                id="t2",
                span=at("Tuesday"),
                type="DATE",
                value="2023-06-06",
                relative=True,
                anchor=date(2023, 6, 7),
            ),
        ],
        places=[
            Place(
                id="p1",
                name="Nikopol",
                mentions=[at("Nikopol")],
                feature="city",
                country_code="UA",
                latitude=47.5667,
                longitude=34.4062,
            )
        ],
        scare_quotes=[
            ScareQuote(span=at("'collapsed'")),
            ScareQuote(span=at("'humanitarian pauses'")),
        ],
        warnings=["a test warning <i>"],
        entities=[
            Entity(
                id="e1", type="GPE", canonical="Nikopol", mentions=[Mention(span=at("Nikopol"))]
            ),
            Entity(
                id="e2", type="ORG", canonical="Kremlin", mentions=[Mention(span=at("Kremlin"))]
            ),
            Entity(
                id="e3",
                type="ORG",
                canonical="Bloomberg",
                mentions=[Mention(span=at("Bloomberg")), Mention(span=at("Bloomberg"))],
            ),
        ],
    )


def empty_report() -> Report:
    return Report(reportedly_version="test", document=Document(id="empty", text=""))


# --- terminal -------------------------------------------------------------------------------


def terminal_text(report: Report, width: int = 80) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, legacy_windows=False)
    terminal.render(report, console)
    return buffer.getvalue()


def test_terminal_lists_claims_grouped_by_source_with_chain() -> None:
    out = terminal_text(sample_report())
    flat = " ".join(out.split())
    assert "Dam talks <script>alert('t')</script>" in out
    assert "Wire & <b>Co</b> · published 2023-06-07" in flat
    assert "officials [government]" in flat
    assert "chain: Bloomberg → officials; sources close to the Kremlin" in flat
    assert "reports / citing according_to, assertion c1" in flat
    assert "The crossing will stay shut until Friday" in flat
    # the resolved name wins over the span text
    assert "Ukrainian army [government] So-called; written 'the army' (nominal)" in flat
    assert "the regional governor [government] • According to" in flat  # role not repeated
    assert flat.index("the regional governor [government]") < flat.index("traders [unknown]")


def test_chain_label_tells_levels_from_coordinated_sources() -> None:
    text = "The Herald, citing Reuters and a person briefed on it, said he would go."
    herald, reuters, person = (
        Source(span=at(f, text)) for f in ("The Herald", "Reuters", "a person briefed on it")
    )
    he = Source(span=Span.of(text, text.index("he would"), text.index("he would") + 2))
    claim = Claim(id="c1", cues=[at("said", text)], source=he, chain=[herald, reuters, person])
    assert terminal.chain_label(claim, text) == "The Herald → Reuters; a person briefed on it → he"
    named = Source(span=he.span, name="Ann Lee")
    inner = Claim(id="c2", cues=[], source=named, chain=[herald, named])
    assert terminal.chain_label(inner, text) == "The Herald → Ann Lee"
    assert terminal.chain_label(Claim(id="c3", cues=[]), text) == ""


def test_terminal_prints_article_markup_literally() -> None:
    out = terminal_text(sample_report(title="[bold red]Title[/] :smile:"))
    assert "[bold red]Title[/] :smile:" in out
    assert "[bold]yet[/bold] <script>alert(1)</script>" in " ".join(out.split())


def test_terminal_drops_control_sequences_from_article_text() -> None:
    text = "Calm \x1b[2J\x1b]0;owned\x07 words\u202e here"
    report = Report(
        reportedly_version="t",
        document=Document(id="x", text=text, title="T\x1b[31mred", outlet="O\x9b1m"),
        scare_quotes=[ScareQuote(span=Span.of(text, 0, len(text)))],
    )
    out = terminal_text(report)
    assert not [c for c in out if ord(c) < 32 and c != "\n"]
    assert "\x9b" not in out and "\u202e" not in out
    assert "Calm [2J]0;owned words here" in out
    assert "T[31mred" in out


def test_terminal_numbers_dates_places_and_counts() -> None:
    flat = " ".join(terminal_text(sample_report(), width=120).split())
    assert re.search(r"about 1,200 people 1,200 ~ ~ people people the regional governor", flat)
    assert re.search(r"up to 3,000 3,000 0..3,000 < traders", flat)
    assert "Tuesday DATE 2023-06-06 2023-06-07" in flat
    assert "Friday DATE 2023-06-09" in flat
    assert "Nikopol city UA 47.567, 34.406 1" in flat
    assert "'collapsed', 'humanitarian pauses'" in flat
    assert "1 text repair(s) (1 sentence_space) · 1 warning(s)" in flat
    assert "Entities (3) GPE: Nikopol (1) ORG: Bloomberg (2), Kremlin (1)" in flat
    assert "! a test warning <i>" in flat


def test_terminal_fits_80_columns() -> None:
    out = terminal_text(sample_report())
    assert max(len(line) for line in out.splitlines()) <= 80


def test_terminal_survives_an_empty_report() -> None:
    out = terminal_text(empty_report())
    assert "Claims (0)" in out
    assert "none found" in out
    assert "no publication date" in out


def test_number_formats_every_float() -> None:
    assert terminal.number(1200.0) == "1,200"
    assert terminal.number(32.9) == "32.9"
    assert terminal.number(1e20) == "1e+20"
    assert terminal.number(float("nan")) == "nan"
    assert terminal.number(float("-inf")) == "-inf"
    assert terminal.number(None) == ""


def test_clip_cuts_long_text_at_a_word() -> None:
    long = "word " * 200
    clipped = terminal.clip(long, 50)
    assert len(clipped) <= 50
    assert clipped.endswith("word…")
    assert terminal.clip("  a \n b  ") == "a b"


# --- HTML -----------------------------------------------------------------------------------


VOID = {"meta", "br", "hr", "img", "input", "link"}


class Structure(HTMLParser):
    """Checks that tags balance, and collects the text inside each ``div.text``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self._text_depth: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "div" and dict(attrs).get("class") == "text":
            self._text_depth = len(self.stack)
            self.texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        if self._text_depth == len(self.stack):
            self._text_depth = None
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self._text_depth is not None:
            self.texts[-1] += data


def parse(page: str) -> Structure:
    parser = Structure()
    parser.feed(page)
    parser.close()
    assert parser.errors == []
    assert parser.stack == []
    return parser


def test_html_is_well_formed_and_keeps_every_character_in_order() -> None:
    report = sample_report()
    page = html_out.render([report])
    parsed = parse(page)
    assert parsed.texts == [report.document.text]


def test_html_escapes_article_text_title_and_metadata() -> None:
    page = html_out.render([sample_report()])
    scripts = [attrs for tag, attrs in parse(page).tags if tag == "script"]
    assert len(scripts) == 1  # only ours
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Dam talks &lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;" in page
    assert "Wire &amp; &lt;b&gt;Co&lt;/b&gt;" in page
    assert "<b>Co</b>" not in page
    assert "a test warning &lt;i&gt;" in page


def test_html_is_self_contained() -> None:
    page = html_out.render([sample_report()])
    tags = parse(page).tags
    assert not [t for t, a in tags if t in {"link", "img", "iframe", "object", "embed"}]
    assert not [a for _, a in tags if "src" in a]
    assert not re.search(r"@import|url\(|https?://", page)
    assert "default-src 'none'" in page


def test_html_side_panel_lists_every_claim_in_order() -> None:
    report = sample_report()
    items = [
        a for t, a in parse(html_out.render([report])).tags if t == "li" and a.get("data-claim")
    ]
    assert [a["data-claim"] for a in items] == [f"d0-k{n}" for n in range(len(report.claims))]
    page = html_out.render([report])
    assert "chain: Bloomberg → officials; sources close to the Kremlin" in page
    assert "about 1,200 people = 1,200 ~ people of people (per the regional governor)" in page
    assert "ORG: Bloomberg (2), Kremlin (1)" in page


def test_html_marks_spans_with_their_kinds_and_claims() -> None:
    page = html_out.render([sample_report()])
    spans = {
        (a.get("class"), a.get("data-claims"))
        for t, a in parse(page).tags
        if t == "span" and a.get("class", "").startswith("hl ")
    }
    # the place inside a claim's content carries both classes and the claim token
    assert ("hl content place", "d0-k1") in spans
    assert ("hl content qty", "d0-k1") in spans
    assert ("hl content time", "d0-k1") in spans
    assert ("hl content scare", "d0-k4") in spans
    assert ("hl cue", "d0-k0") in spans
    assert ("hl source", "d0-k1") in spans
    assert ("hl scare", None) in spans
    titles = {a.get("title") for t, a in parse(page).tags if t == "span"}
    assert "chain of c1: officials: Bloomberg" in titles
    assert "chain of c1: officials: sources close to the Kremlin" in titles


def test_segments_handle_crossing_and_nested_marks() -> None:
    marks = [
        html_out.Mark(0, 10, "content", "c", "k0"),
        html_out.Mark(5, 15, "time", "t"),
        html_out.Mark(2, 4, "cue", "q", "k1"),
        html_out.Mark(2, 4, "cue", "q", "k1"),  # exact duplicate
        html_out.Mark(7, 7, "qty", "empty"),  # zero width: ignored
        html_out.Mark(18, 99, "place", "clamped"),
    ]
    cut = [(s, e, sorted(m.kind for m in ms)) for s, e, ms in html_out.segments(20, marks)]
    assert cut == [
        (0, 2, ["content"]),
        (2, 4, ["content", "cue"]),  # duplicates count once
        (4, 5, ["content"]),
        (5, 10, ["content", "time"]),
        (10, 15, ["time"]),
        (15, 18, []),
        (18, 20, ["place"]),
    ]
    text = "abcdefghij<lmnopqrs&"
    page = html_out.highlight(text, marks)
    assert parse(page).errors == []
    assert re.sub(r"<[^>]+>", "", page).replace("&lt;", "<").replace("&amp;", "&") == text


def test_html_renders_many_reports_and_none() -> None:
    page = html_out.render([sample_report(), empty_report()])
    parsed = parse(page)
    assert parsed.texts == [TEXT, ""]
    assert "2 documents" in page
    assert "No claims found." in page
    assert "No documents." in html_out.render([])
    parse(html_out.render([]))


@pytest.mark.parametrize("text", ["", "x", "<&>\"'", "a\n\nb\tc", "é🙂\u200b"])
def test_html_round_trips_small_texts(text: str) -> None:
    report = Report(
        reportedly_version="t",
        document=Document(id="x", text=text),
        scare_quotes=[ScareQuote(span=Span.of(text, 0, len(text)))] if text else [],
    )
    assert parse(html_out.render([report])).texts == [text]


def test_renderers_cope_with_sparse_claims() -> None:
    text = "Someone claims it rained."
    report = Report(
        reportedly_version="t",
        document=Document(id="s", text=text),
        claims=[
            Claim(id="c1", cues=[]),
            Claim(id="c2", cues=[at("claims", text)], source=Source(kind="anonymous")),
        ],
        quantities=[Quantity(id="q1", span=at("it", text), claim_id="c9")],
    )
    out = " ".join(terminal_text(report).split())
    assert "(no source) [unknown] • (no cue) indirect, assertion c1" in out
    assert "(anonymous source) [anonymous] • claims" in out
    assert "it c9" in out  # an unknown claim id is shown as it is
    page = html_out.render([report])
    assert parse(page).texts == [text]
    assert "(no cue)" in page


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40),
    cuts=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=8),
)
def test_html_nesting_holds_for_any_spans(text: str, cuts: list[tuple[int, int]]) -> None:
    spans = [Span.of(text, min(a, b, len(text)), min(max(a, b), len(text))) for a, b in cuts]
    claims = [
        Claim(id=f"c{i}", cues=[s], content=spans[:i], source=Source(span=s))
        for i, s in enumerate(spans)
    ]
    report = Report(
        reportedly_version="t",
        document=Document(id="h", text=text),
        claims=claims,
        scare_quotes=[ScareQuote(span=s) for s in spans[::2]],
    )
    parsed = parse(html_out.render([report]))
    assert parsed.texts == [text]


def test_html_script_is_the_one_the_policy_allows() -> None:
    page = html_out.render([sample_report()])
    script = page[page.index("<script>") + len("<script>") : page.index("</script>")]
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page
    assert "addEventListener" in script


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(max_size=400),
    cuts=st.lists(st.tuples(st.integers(0, 400), st.integers(0, 400)), max_size=6),
)
def test_terminal_stays_within_80_columns_for_any_text(
    text: str, cuts: list[tuple[int, int]]
) -> None:
    spans = [Span.of(text, min(a, b, len(text)), min(max(a, b), len(text))) for a, b in cuts]
    report = Report(
        reportedly_version="t",
        document=Document(id="w", text=text, title=text[:200] or None, outlet=text[:50]),
        claims=[
            Claim(id=f"c{i}", cues=[s], content=[s], source=Source(span=s), chain=[Source(span=s)])
            for i, s in enumerate(spans)
        ],
        quantities=[Quantity(id=f"q{i}", span=s, value=1e20) for i, s in enumerate(spans)],
        times=[TimeExpression(id=f"t{i}", span=s, type="SET") for i, s in enumerate(spans)],
        scare_quotes=[ScareQuote(span=s) for s in spans],
    )
    out = terminal_text(report)
    assert max(cell_len(line) for line in out.splitlines()) <= 80


def test_terminal_wraps_long_content_under_its_bullet() -> None:
    text = "Officials said " + " ".join(f"word{i}" for i in range(60)) + "."
    start = text.index("word0")
    claim = Claim(
        id="c1",
        cues=[Span.of(text, 10, 14)],
        source=Source(span=Span.of(text, 0, 9), kind="government"),
        content=[Span.of(text, start, len(text) - 1)],
    )
    report = Report(reportedly_version="t", document=Document(id="w", text=text), claims=[claim])
    lines = terminal_text(report).splitlines()
    first = next(i for i, line in enumerate(lines) if line.strip().startswith("word0"))
    content = [line for line in lines[first:] if "word" in line]
    assert len(content) >= 4  # 60 words do not fit one 80-column line
    for line in content:
        assert line.startswith(" " * 6) and line[6] != " ", repr(line)
