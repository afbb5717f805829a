"""`reportedly eval plover`: the gold mapping, span location, the split, the scoring, the
CAMEO verb-dictionary baseline and the command. Every record here is written by the project in
the shape of the PLOVER gold file; none comes from it."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.evaluation import plover
from reportedly.evaluation.plover_data import (
    CATEGORIES,
    GoldActor,
    GoldEvent,
    gold_mapping,
    parse_markup,
    read_gold,
    read_record,
    select,
    split_of,
)
from reportedly.evaluation.unreadable import Unreadable
from reportedly.model import Event, EventActor, Span
from reportedly.pipeline import Analyzer

runner = CliRunner()


def record(
    rid: str,
    event: str,
    text: str,
    markup: str,
    event_text: str,
    sources: list[str],
    targets: list[str],
    mode: str | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": rid,
        "date": "2001-01-01",
        "source": [{"actorText": s, "code": "XXX"} for s in sources],
        "target": [{"actorText": t, "code": "XXX"} for t in targets] if targets else "",
        "event": event,
        "eventText": event_text,
        "context": "economic",
        "text": text,
        "textInfo": {"markup": markup},
        "language": "en",
    }
    if mode is not None:
        out["mode"] = mode
    return out


RECORDS: list[Any] = [
    {"id": "TEST-GSR-DOCUMENT-0001", "event": "DOCUMENT", "eventText": "about this file"},
    record(
        "TEST-GSR-DEMAND-0005",
        "DEMAND",
        "The harbour union demanded the release of two crane drivers on Monday.",
        "The (SRC: harbour union) (EVT: demanded) the (EVT: release) of two crane drivers "
        "on Monday.",
        "demanded release",
        ["harbour union"],
        [],
    ),
    record(
        "TEST-GSR-PROTEST-0001",
        "PROTEST",
        "Forty dock workers began a hunger strike outside the Port Authority (PA) offices.",
        "Forty (SRC: dock workers) (EVT: began a hunger strike) outside the "
        "(TAR: Port Authority (PA)) offices.",
        "began hunger strike",
        ["dock workers"],
        ["Port Authority"],
        mode="strike-hun",
    ),
    record(
        "TEST-GSR-CONSULT-0010",
        "CONSULT",
        "Mayor Lena Ortiz hosted the river commission in Daleford.",
        "(SRC: Mayor Lena Ortiz) (EVT: hosted) the (TAR: river commission) in Daleford.",
        "hosted",
        ["Mayor Lena Ortiz"],
        ["river commission"],
        mode="host",
    ),
    record(
        # the source's name is in the text twice: the marked occurrence is the one
        "TEST-GSR-REJECT-0002",
        "REJECT",
        "Officials from Vell said Vell rejected the water treaty with Osk.",
        "Officials from Vell said (SRC: Vell) (EVT: rejected) the water treaty with (TAR: Osk).",
        "rejected",
        ["Vell"],
        ["Osk"],
    ),
    record(
        # the markup has a typo ("}") and a wrong word: offsets come from the text
        "TEST-GSR-FIGHT-0003",
        "FIGHT",
        "Rebel gunners shelled the northern suburbs of Karsk overnight.",
        "(SRC: Rebel gunners) (EVT: shelld} the northern suburbs of (TAR: Karsk) overnight.",
        "shelled",
        ["Rebel gunners"],
        ["Karsk"],
        mode="heavy-weapons",
    ),
    {"id": "TEST-GSR-DANCE-0001", "event": "DANCE", "text": "They danced."},
    {"id": "TEST-GSR-AGREE-0009", "event": "AGREE"},
    "not a record",
]


@pytest.fixture()
def gold_file(tmp_path: Path) -> Path:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(RECORDS, indent=1), encoding="utf-8")
    return path


def quiet() -> Unreadable:
    return Unreadable(err=io.StringIO())


def golds(path: Path) -> dict[str, GoldEvent]:
    read = read_gold(path, quiet())
    assert read is not None
    return {g.id: g for g in read}


# -- mapping ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "mode", "category", "new_mode"),
    [
        ("DEMAND", None, "REQUEST", None),
        ("DISAPPROVE", None, "ACCUSE", "disapprove"),
        ("INVESTIGATE", None, "ACCUSE", "investigate"),
        ("FIGHT", None, "ASSAULT", None),
        ("FIGHT", "heavy-weapons", "ASSAULT", "heavy-weapons"),
        ("FIGHT", "assassinate", "ASSAULT", "targeted"),
        ("FIGHT", "deport", "COERCE", "deport"),
        ("PROTEST", "strike-hun", "PROTEST", "hunger"),
        ("PROTEST", "strike-gen", "PROTEST", "strike"),
        ("PROTEST", "demo-org", "PROTEST", "demo"),
        ("PROTEST", "demo-spon", "PROTEST", "demo"),
        ("PROTEST", "riot-spon", "PROTEST", "riot"),
        ("PROTEST", "obstruct", "PROTEST", "obstruct"),
        ("PROTEST", "juggling", "PROTEST", None),
        ("COERCE", "confiscate", "COERCE", "seize"),
        ("COERCE", "detain", "COERCE", "arrest"),
        ("COERCE", "ban", "COERCE", "restrict"),
        ("COERCE", "destroy", "ASSAULT", "destroy"),
        ("THREATEN", "curfew", "THREATEN", "restrict"),
        ("THREATEN", "martial-law", "THREATEN", "restrict"),
        ("ASSAULT", "assassinate", "ASSAULT", "targeted"),
        ("RETREAT", None, "RETREAT", None),
    ],
)
def test_old_categories_and_modes_map_to_the_current_manual(
    old: str, mode: str | None, category: str, new_mode: str | None
) -> None:
    mapped = gold_mapping().resolve("TEST-0001", old, mode)
    assert (mapped.category, mapped.mode) == (category, new_mode)
    assert mapped.why


def test_every_mapping_rule_lands_in_the_manual() -> None:
    mapping = gold_mapping()  # checked on load: categories and modes in the manual's tables
    assert set(mapping.manual_modes) == set(CATEGORIES)
    for old in mapping.categories:
        assert mapping.resolve("", old, None).category in CATEGORIES


def test_host_swaps_the_roles_and_records_can_override() -> None:
    assert gold_mapping().resolve("x", "CONSULT", "host").swap
    override = gold_mapping().resolve("PLOVER-GSR01-SANCTION-0010", "FIGHT", None)
    assert (override.category, override.mode) == ("SANCTION", None)


# -- markup and spans ---------------------------------------------------------------------


def test_markup_gives_the_text_and_nested_pieces() -> None:
    plain, pieces = parse_markup("(SRC/TAR: Ana (AB)) met (LOC:in (TAR: Brel)) (EVT: today}.")
    assert plain == "Ana (AB) met in Brel today."
    by_text = {p.text: p.tags for p in pieces}
    assert by_text == {
        "Ana (AB)": {"SRC", "TAR"},
        "in Brel": {"LOC"},
        "Brel": {"TAR"},
        "today": {"EVT"},
    }
    assert all(plain[p.start : p.end] == p.text for p in pieces)
    with pytest.raises(ValueError, match="never closed"):
        parse_markup("(EVT: open")


def test_spans_are_located_from_the_markup(gold_file: Path) -> None:
    gold = golds(gold_file)
    demand = gold["TEST-GSR-DEMAND-0005"]
    assert demand.category == "REQUEST"
    assert [demand.text[s:e] for s, e in demand.trigger] == ["demanded", "release"]
    assert demand.targets == ()
    protest = gold["TEST-GSR-PROTEST-0001"]
    assert (protest.category, protest.mode) == ("PROTEST", "hunger")
    assert [protest.text[s:e] for s, e in protest.trigger] == ["began a hunger strike"]
    reject = gold["TEST-GSR-REJECT-0002"]
    (vell,) = reject.sources
    assert vell.span is not None and vell.span[0] == reject.text.index("Vell rejected")
    fight = gold["TEST-GSR-FIGHT-0003"]  # markup's words differ: the text is searched instead
    assert (fight.category, fight.mode) == ("ASSAULT", "heavy-weapons")
    assert [fight.text[s:e] for s, e in fight.trigger] == ["shelled"]
    assert fight.targets[0].span == (fight.text.index("Karsk"), fight.text.index("Karsk") + 5)


def test_host_record_puts_the_visitor_first(gold_file: Path) -> None:
    consult = golds(gold_file)["TEST-GSR-CONSULT-0010"]
    assert (consult.category, consult.mode) == ("CONSULT", "visit")
    assert [a.text for a in consult.sources] == ["river commission"]
    assert [a.text for a in consult.targets] == ["Mayor Lena Ortiz"]


def test_unfound_actor_still_counts_for_category() -> None:
    raw = record("T-1", "AGREE", "Ports agreed.", "Ports (EVT: agreed).", "agreed", ["Docks"], [])
    gold = read_record(raw)
    assert gold is not None and gold.category == "AGREE"
    assert gold.sources[0].span is None


def test_malformed_records_are_named_and_left_out(gold_file: Path) -> None:
    err = io.StringIO()
    unreadable = Unreadable(err=err)
    read = read_gold(gold_file, unreadable)
    assert read is not None and len(read) == 5
    assert len(unreadable) == 3
    warnings = err.getvalue()
    assert "record 6 (TEST-GSR-DANCE-0001): unknown event category 'DANCE'" in warnings
    assert "record 7 (TEST-GSR-AGREE-0009): no 'text' string" in warnings
    assert "record 8: not a JSON object" in warnings
    assert unreadable.summary() == "3 items could not be read and left out (see the warnings above)"


def test_unreadable_file_is_noted(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    unreadable = quiet()
    assert read_gold(path, unreadable) is None
    assert len(unreadable) == 1


# -- split --------------------------------------------------------------------------------


def test_split_is_every_fifth_id_number() -> None:
    assert split_of("PLOVER-GSR01-AGREE-0015") == "heldout"
    assert split_of("PLOVER-GSR01-AGREE-0016") == "tune"
    assert split_of("no-number") == split_of("no-number")  # a stable hash, not random


def test_select_splits(gold_file: Path) -> None:
    read = list(golds(gold_file).values())
    heldout, tune, every = (select(read, s) for s in ("heldout", "tune", "all"))
    assert [g.id for g in heldout] == ["TEST-GSR-DEMAND-0005", "TEST-GSR-CONSULT-0010"]
    assert len(tune) + len(heldout) == len(every) == 5
    with pytest.raises(ValueError):
        select(read, "test")


# -- scoring ------------------------------------------------------------------------------


def predicted(
    gold: GoldEvent,
    category: str,
    mode: str | None = None,
    confidence: float = 0.5,
    actors: list[str] | None = None,
    recipients: list[str] | None = None,
    trigger: str | None = None,
    **fields: Any,
) -> Event:
    """An event on ``gold``'s text: trigger the first gold piece unless named."""
    text = gold.text
    if trigger is None:
        start, end = gold.trigger[0]
    else:
        start = text.index(trigger)
        end = start + len(trigger)

    def actor(words: str) -> EventActor:
        at = text.index(words)
        return EventActor(span=Span.of(text, at, at + len(words)), name=words)

    return Event(
        id=f"e{start}",
        trigger=Span.of(text, start, end),
        type=category,  # type: ignore[arg-type]
        mode=mode,
        confidence=confidence,
        actors=[actor(a) for a in actors or []],
        recipients=[actor(r) for r in recipients or []],
        **fields,
    )


def perfect(gold: GoldEvent) -> Event:
    """The gold event itself, actors on the gold spans."""

    def actors(gold_actors: tuple[GoldActor, ...]) -> list[EventActor]:
        spans = [a.span for a in gold_actors if a.span is not None]
        return [EventActor(span=Span.of(gold.text, *s), name=gold.text[s[0] : s[1]]) for s in spans]

    event = predicted(gold, gold.category, gold.mode)
    return event.model_copy(
        update={"actors": actors(gold.sources), "recipients": actors(gold.targets)}
    )


def test_a_perfect_prediction_scores_100(gold_file: Path) -> None:
    read = list(golds(gold_file).values())
    figures = plover.score(read, [[perfect(g)] for g in read]).figures()
    assert figures["category_accuracy"] == 100.0
    assert figures["macro_F1"] == 100.0
    assert figures["macro_F1_over"] == 5  # REQUEST, PROTEST, CONSULT, REJECT, ASSAULT
    assert figures["mode_accuracy"] == 100.0 and figures["mode_records"] == 3
    assert figures["actor"]["F1"] == figures["recipient"]["F1"] == 100.0
    assert figures["matched_by"] == {"trigger": 5, "sentence": 0, "none": 0}


def test_a_wrong_category_counts_in_both_categories(gold_file: Path) -> None:
    gold = golds(gold_file)
    demand, reject = gold["TEST-GSR-DEMAND-0005"], gold["TEST-GSR-REJECT-0002"]
    tally = plover.score([demand, reject], [[predicted(demand, "REJECT")], [perfect(reject)]])
    figures = tally.figures()
    per = figures["per_category"]
    assert figures["category_accuracy"] == 50.0
    assert per["REQUEST"] == {"P": 0.0, "R": 0.0, "F1": 0.0, "support": 1, "predicted": 0}
    assert per["REJECT"]["P"] == 50.0 and per["REJECT"]["R"] == 100.0
    assert figures["macro_F1"] == round((0.0 + 66.67) / 2, 2)
    assert [m["id"] for m in tally.misses] == ["TEST-GSR-DEMAND-0005"]
    assert tally.misses[0]["predicted"]["category"] == "REJECT"


def test_no_event_is_a_wrong_none(gold_file: Path) -> None:
    demand = golds(gold_file)["TEST-GSR-DEMAND-0005"]
    tally = plover.score([demand], [[]])
    figures = tally.figures()
    assert figures["category_accuracy"] == 0.0 and figures["no_event"] == 1
    assert figures["per_category"]["REQUEST"]["R"] == 0.0
    assert figures["macro_F1_over"] == 1  # NONE is not a class of its own
    assert figures["actor"]["R"] == 0.0 and figures["actor"]["gold"] == 1
    assert tally.misses[0]["predicted"] is None and tally.misses[0]["matched_by"] == "none"


def test_the_coder_category_is_scored() -> None:
    raw = record(
        "T-2",
        "AGREE",
        "Kell will visit Brel.",
        "(SRC: Kell) (EVT: will visit) Brel.",
        "visit",
        ["Kell"],
        [],
    )
    gold = read_record(raw)
    assert gold is not None
    future_visit = predicted(gold, "CONSULT", modality="future", actors=["Kell"])
    assert plover.score([gold], [[future_visit]]).figures()["category_accuracy"] == 100.0


def test_trigger_overlap_beats_confidence_and_sentence_is_the_fallback(gold_file: Path) -> None:
    protest = golds(gold_file)["TEST-GSR-PROTEST-0001"]
    on_trigger = predicted(protest, "PROTEST", confidence=0.3, trigger="hunger")
    elsewhere = predicted(protest, "COERCE", confidence=0.9, trigger="offices")
    assert plover.choose(protest, [elsewhere, on_trigger]) == (on_trigger, "trigger")
    assert plover.choose(protest, [elsewhere]) == (elsewhere, "sentence")
    other_sentence = [(0, 50), (50, len(protest.text))]
    assert plover.choose(protest, [elsewhere], [(0, 5), (5, 12)]) == (elsewhere, "sentence")
    assert plover.choose(protest, [elsewhere], other_sentence) == (None, "none")


def test_actor_overlap(gold_file: Path) -> None:
    protest = golds(gold_file)["TEST-GSR-PROTEST-0001"]
    event = predicted(
        protest,
        "PROTEST",
        "hunger",
        actors=["Forty dock workers", "outside"],  # one overlaps "dock workers", one nothing
        recipients=["Authority (PA) offices"],
    )
    figures = plover.score([protest], [[event]]).figures()
    assert figures["actor"]["P"] == 50.0 and figures["actor"]["R"] == 100.0
    assert figures["recipient"]["F1"] == 100.0


def test_errors_file_is_json_lines(tmp_path: Path, gold_file: Path) -> None:
    read = list(golds(gold_file).values())
    tally = plover.score(read, [[] for _ in read])
    path = tmp_path / "misses.jsonl"
    assert plover.write_errors(path, tally.misses) == 5
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert {"id", "split", "text", "gold", "predicted", "matched_by"} <= set(lines[0])


# -- baseline and command -----------------------------------------------------------------


def test_cameo_dictionary_holds_categories() -> None:
    verbs, nouns = plover.cameo_dictionary()
    assert verbs["demand"] == "REQUEST" and verbs["threaten"] == "THREATEN"
    assert set(verbs.values()) | set(nouns.values()) <= set(CATEGORIES)


def test_baseline_reads_verb_subject_and_object(analyzer: Analyzer) -> None:
    texts = [
        "The harbour union demanded the release of two crane drivers on Monday.",
        "The council said nothing about the weather.",
    ]
    first, second = plover.baseline_predictions(analyzer.nlp, texts)
    (event,) = first
    assert (event.type, event.trigger.text) == ("REQUEST", "demanded")
    assert [a.span.text for a in event.actors] == ["The harbour union"]
    assert [a.span.text for a in event.recipients] == ["the release of two crane drivers"]
    assert second == []


@pytest.mark.slow
def test_command_end_to_end(
    gold_file: Path, tmp_path: Path, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plover, "make_analyzer", lambda: analyzer)
    errors = tmp_path / "misses.jsonl"
    args = ["eval", "plover", "--data", str(gold_file), "--split", "all"]
    result = runner.invoke(app, [*args, "--format", "json", "--errors", str(errors)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert (out["split"], out["records"], out["unreadable"]) == ("all", 5, 3)
    baseline = out["systems"]["baseline"]
    assert baseline["records"] == 5 and 0.0 <= baseline["category_accuracy"] <= 100.0
    assert out["systems"]["engine"]["records"] == 5
    assert errors.is_file() and out["errors_written"] == len(errors.read_text().splitlines())
    assert "3 items could not be read" in result.stderr
    table = runner.invoke(app, [*args, "--verbose"])
    assert table.exit_code == 0, table.output
    assert "split all: 5 of 5 records" in table.stdout and "CAMEO verb" in table.stdout
    bad = runner.invoke(app, [*args[:-1], "test"])
    assert bad.exit_code != 0


def test_the_shared_gold_reads_whole(shared: Path) -> None:
    unreadable = quiet()
    read = read_gold(shared / "corpora/events/PLOVER_GSR_CAMEO.json", unreadable)
    assert read is not None and len(read) == 322 and len(unreadable) == 0
    assert all(g.trigger for g in read)
    assert {g.category for g in read} == set(CATEGORIES)
    assert (len(select(read, "heldout")), len(select(read, "tune"))) == (61, 261)
