"""Accurate mode: the shipped tagger behind ``Settings(mode="accurate")``, the CLI and eval."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixtures.polnear import write_polnear_article
from typer.testing import CliRunner

pytest.importorskip("onnxruntime")
pytest.importorskip("tokenizers")

from reportedly.pipeline import Analyzer, Settings
from reportedly.tagger.backend import AccurateModeUnavailable, shipped_model

STORY = (
    "The minister said on Tuesday that the bridge would reopen in May.\n\n"
    '"We will not retreat," the general told reporters.'
)


@pytest.fixture(scope="module")
def accurate() -> Analyzer:
    return Analyzer(Settings(mode="accurate"))


def test_shipped_model_is_in_the_package() -> None:
    folder = shipped_model()
    assert (folder / "tagger.onnx").stat().st_size < 60_000_000
    assert (folder / "MODEL_CARD.md").is_file()
    assert json.loads((folder / "card.json").read_text())["split"] == "dev"


def test_accurate_mode_tags_cue_source_and_content(accurate: Analyzer) -> None:
    report = accurate.analyze(STORY)
    claims = {claim.cues[0].text: claim for claim in report.claims}
    said, told = claims["said"], claims["told"]
    assert said.source is not None and said.source.span.text == "The minister"
    assert [s.text for s in said.content] == ["that the bridge would reopen in May"]
    assert told.source is not None and told.source.span.text == "the general"
    assert told.content[0].text.startswith('"We will not retreat')
    assert {claim.backend for claim in report.claims} == {"tagger"}
    [stage] = [s for s in report.stages if s.name == "reportedly_attribution"]
    assert stage.model is not None and stage.model.startswith("reportedly-tagger/1")


def test_fast_mode_stays_on_rules() -> None:
    assert Analyzer()._stage_config()["reportedly_attribution"]["backend"] == "rules"


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown mode"):
        Settings(mode="turbo")


def test_missing_model_folder_is_a_clear_error(tmp_path: Path) -> None:
    settings = Settings(
        stages=("reportedly_attribution",),
        stage_config={"reportedly_attribution": {"backend": "tagger", "model": str(tmp_path)}},
    )
    with pytest.raises(AccurateModeUnavailable, match="no trained tagger"):
        Analyzer(settings).nlp  # noqa: B018


def test_cli_analyze_accurate_mode(tmp_path: Path) -> None:
    from reportedly.cli import app

    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(story), "--mode", "accurate", "-f", "json"])
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.stdout)
    assert report["claims"] and all(c["backend"] == "tagger" for c in report["claims"])


def test_eval_polnear_scores_both_modes_side_by_side(tmp_path: Path) -> None:
    from reportedly.cli import app

    text = "Lang said that the count was wrong."
    ann = (
        "T1\tSource 0 4\tLang\n"
        "T2\tCue 5 9\tsaid\n"
        "T3\tContent 10 34\tthat the count was wrong\n"
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n"
    )
    write_polnear_article(tmp_path, text, ann)
    result = CliRunner().invoke(
        app, ["eval", "polnear", "--data", str(tmp_path), "--split", "dev", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    systems = json.loads(result.stdout)["systems"]
    assert {"rules", "accurate", "rules-direct", "accurate-direct"} <= set(systems)
    assert systems["accurate"]["cue"]["exact"]["f1"] == 100.0
    assert systems["accurate"]["relation"]["f1"] == 100.0


def test_accurate_mode_reads_transcript_turns_the_tagger_misses(accurate: Analyzer) -> None:
    text = (
        "The exchange went as follows.\n\n"
        '"HOST: Minister, will the bridge open this spring?\n\n'
        '"OKAFOR: It will open in May. The steel has arrived.\n\n'
        '"HOST: And the cost?\n\n'
        '"OKAFOR: The cost is on budget.'
    )
    report = accurate.analyze(text, raw=True)
    turns = [c for c in report.claims if c.cues[0].text == ":"]
    assert [c.source.span.text for c in turns if c.source and c.source.span] == [
        "HOST",
        "OKAFOR",
        "HOST",
        "OKAFOR",
    ]
    assert {c.backend for c in turns} == {"rules"}
    assert turns[1].content[0].text == "It will open in May. The steel has arrived."
