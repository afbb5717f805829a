"""The cue calibration: moving cue edges, confidence, what it leaves alone, and training it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.polnear import write_polnear_article

from reportedly.attribution.calibration import MOVES, Calibration, judged_drafts, load, shipped
from reportedly.attribution.engine import RuleBackend
from reportedly.pipeline import Analyzer


def hand_made(
    move_weights: dict[str, list[float]] | None = None,
    keep_weights: dict[str, float] | None = None,
) -> Calibration:
    """A calibration with weights written by hand: keep everything, never move, unless told."""
    return Calibration(
        move_weights=move_weights or {},
        move_bias=[1.0] + [0.0] * (len(MOVES) - 1),
        keep_weights=keep_weights or {},
        keep_bias=5.0,
        threshold=0.5,
        info={"corpus": "hand", "split": "test"},
    )


def claims_with(analyzer: Analyzer, calibration: Calibration, text: str) -> list:
    doc = analyzer.nlp(text)
    return RuleBackend(analyzer.nlp, calibration).extract(doc)[0]


def test_a_move_takes_the_weekday_into_the_cue(analyzer: Analyzer) -> None:
    right = [0.0] * len(MOVES)
    right[MOVES.index((0, 1))] = 5.0
    calibration = hand_made(move_weights={"n1w=tuesday": right})
    claims = claims_with(
        analyzer, calibration, "The harbour master said Tuesday that the ferry would sail."
    )
    assert [c.cues[0].text for c in claims] == ["said Tuesday"]
    assert [s.text for s in claims[0].content] == ["that the ferry would sail"]


def test_a_cue_that_grows_into_its_content_takes_those_words_out(analyzer: Analyzer) -> None:
    right = [0.0] * len(MOVES)
    right[MOVES.index((0, 1))] = 5.0
    calibration = hand_made(move_weights={"n1w=that": right})
    text = "The harbour master said that the ferry would sail."
    claims = claims_with(analyzer, calibration, text)
    assert claims[0].cues[0].text == "said that"
    assert [s.text for s in claims[0].content] == ["the ferry would sail"]


def test_low_confidence_drafts_are_dropped(analyzer: Analyzer) -> None:
    calibration = hand_made(keep_weights={"hl=show": -20.0})
    claims = claims_with(
        analyzer,
        calibration,
        "The survey showed that fares rose. The harbour master said that the ferry would sail.",
    )
    assert [c.cues[0].text for c in claims] == ["said"]
    assert claims[0].confidence == pytest.approx(0.993, abs=0.001)


def test_nested_drafts_are_not_judged(analyzer: Analyzer) -> None:
    doc = analyzer.nlp("The minister said that officials believe the talks will fail.")
    drafts = RuleBackend(analyzer.nlp).drafts(doc)[0]
    assert [doc.text[a:b] for d in drafts for a, b in d.cues[:1]] == ["said", "believe"]
    assert judged_drafts(drafts) == [True, False]
    # Dropping every judged draft leaves the nested one standing alone; it is judged then.
    calibration = hand_made(keep_weights={"hl=say": -20.0})
    claims = RuleBackend(analyzer.nlp, calibration).extract(doc)[0]
    assert [(c.cues[0].text, c.parent_id) for c in claims] == [("believe", None)]


def test_shipped_calibration_gives_claims_a_confidence(analyzer: Analyzer) -> None:
    report = analyzer.analyze("The harbour master said that the ferry would sail on Friday.")
    (claim,) = report.claims
    assert shipped().threshold <= claim.confidence <= 1.0
    assert any(s.model == shipped().name for s in report.stages)


def _corpus() -> tuple[str, str]:
    """Twelve sentences: six attributions in the gold (three with a weekday in the cue), six
    finds of the rules that the gold does not hold."""
    names = ["Ana Lind", "Bo Park", "Cy Moreau", "Di Okafor", "Ed Varga", "Flo Berg"]
    sentences: list[tuple[str, tuple[int, int] | None]] = []
    for n, name in enumerate(names):
        if n % 2:
            sentences.append((f"Mayor {name} said that the bridge {n} would reopen.", (0, 0)))
        else:
            sentences.append((f"Mayor {name} said Tuesday that the road {n} was safe.", (0, 1)))
        sentences.append((f"The survey {n} showed that fares rose.", None))
    text, ann, t, e = "", "", 1, 1
    for sentence, move in sentences:
        start = len(text)
        text += sentence + "\n\n"
        if move is None:
            continue
        cue_word = "said Tuesday" if move == (0, 1) else "said"
        cue = start + sentence.index(" said") + 1
        source = start + sentence.index("Mayor")
        content = start + sentence.index("that")
        spans = {
            "Source": (source, cue - 1),
            "Cue": (cue, cue + len(cue_word)),
            "Content": (content, start + len(sentence) - 1),
        }
        ids = {}
        for role, (a, b) in spans.items():
            ann += f"T{t}\t{role} {a} {b}\t{text[a:b]}\n"
            ids[role] = f"T{t}"
            t += 1
        ann += f"E{e}\tAttribution:{ids['Cue']} Content:{ids['Content']} "
        ann += f"Cue:{ids['Cue']} Source:{ids['Source']}\n"
        e += 1
    return text, ann


def test_training_learns_from_a_written_corpus(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from reportedly.training.calibration import train

    text, ann = _corpus()
    data = write_polnear_article(tmp_path / "polnear", text, ann, split="train")
    out = tmp_path / "calibration.json"
    summary = train(data, out)
    assert summary["articles"] == 1 and summary["examples"] == 12
    learned = load(out)
    assert learned.info["split"] == "train"
    # "show" was never an attribution here, "say" always was; a weekday joined the cue.
    assert learned.keep_weights["hl=show"] < 0 < learned.keep_weights["hl=say"]
    weekday = learned.move_weights["n1w=tuesday"]
    assert weekday[MOVES.index((0, 1))] > weekday[MOVES.index((0, 0))]


def test_training_command_says_what_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    from typer.testing import CliRunner

    from reportedly.cli import app

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "sklearn" else real(name, *a)
    )
    out = tmp_path / "calibration.json"
    result = CliRunner().invoke(
        app, ["train", "cue-calibration", "--data", str(tmp_path), "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "scikit-learn is not installed" in result.output
    assert not out.exists()
