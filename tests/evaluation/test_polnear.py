"""The PolNeAR reader and scorer on a small brat article written for this test."""

from __future__ import annotations

import json
from pathlib import Path

from fixtures.polnear import write_polnear_article
from typer.testing import CliRunner

from reportedly.evaluation.polnear_data import GoldRelation, load_split, parse_ann
from reportedly.evaluation.polnear_score import Tally

TEXT = "“We will win,” said Kovacs. Lang said that the count was wrong."
ANN = (
    "T1\tContent 0 14\t“We will win,”\n"
    "T2\tCue 15 19\tsaid\n"
    "T3\tSource 20 26\tKovacs\n"
    "T4\tAttribution 15 19\tsaid\n"
    "E1\tAttribution:T4 Content:T1 Cue:T2 Source:T3\n"
    "T5\tSource 28 32\tLang\n"
    "T6\tCue 33 37\tsaid\n"
    "T7\tContent 38 62;62 63\tthat the count was wrong .\n"
    "T8\tAttribution 33 37\tsaid\n"
    "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7\n"
    "#1\tAnnotatorNotes T1\ta note\n"
)
SIMPLE = ANN.replace("38 62;62 63\tthat the count was wrong .", "38 62\tthat the count was wrong")


def test_parse_ann_reads_events_and_fragments() -> None:
    relations = parse_ann(ANN)
    assert relations[1] == GoldRelation(
        cue=((33, 37),), source=((28, 32),), content=((38, 62), (62, 63))
    )


def test_load_split_picks_first_annotator(tmp_path: Path) -> None:
    (tmp_path / "dev" / "text").mkdir(parents=True)
    (tmp_path / "dev" / "attributions").mkdir()
    (tmp_path / "dev" / "text" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "dev" / "attributions" / "a_zz99.ann").write_text("", encoding="utf-8")
    (tmp_path / "dev" / "attributions" / "a_aa11.ann").write_text(ANN, encoding="utf-8")
    [article] = load_split(tmp_path, "dev")
    assert article.annotator == "aa11"
    assert len(article.relations) == 2


def test_perfect_prediction_scores_100() -> None:
    gold = parse_ann(ANN)
    tally = Tally()
    tally.add(TEXT, gold, gold)
    figures = tally.figures()
    for role in ("source", "cue", "content"):
        assert figures[role]["exact"]["f1"] == 100.0  # type: ignore[index]
        assert figures[role]["jaccard"] == 100.0  # type: ignore[index]
    assert figures["relation"]["f1"] == 100.0  # type: ignore[index]
    assert figures["relation"]["source_exact"] == 100.0  # type: ignore[index]


def test_partial_prediction() -> None:
    gold = parse_ann(ANN)
    # One relation found with a longer content and a wrong source; the other missed.
    pred = [GoldRelation(cue=((33, 37),), source=((20, 26),), content=((38, 63),))]
    gold = [gold[0], GoldRelation(cue=((33, 37),), source=((28, 32),), content=((38, 62),))]
    tally = Tally()
    tally.add(TEXT, gold, pred)
    f = tally.figures()
    assert f["cue"]["exact"] == {"p": 100.0, "r": 50.0, "f1": 66.7}
    assert f["content"]["exact"]["p"] == 0.0  # type: ignore[index]
    assert f["content"]["begin"]["p"] == 100.0  # type: ignore[index]
    assert f["relation"] == {
        "p": 100.0,
        "r": 50.0,
        "f1": 66.7,
        "gold": 2,
        "predicted": 1,
        "matched": 1,
        "source_exact": 0.0,
        "source_overlap": 0.0,
    }


def test_command_json_on_tiny_corpus(tmp_path: Path) -> None:
    from reportedly.cli import app

    write_polnear_article(tmp_path, TEXT, SIMPLE)
    result = CliRunner().invoke(
        app, ["eval", "polnear", "--data", str(tmp_path), "--split", "dev", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["split"] == "dev"
    rules = figures["systems"]["rules"]
    assert rules["articles"] == 1
    assert rules["cue"]["exact"]["f1"] == 100.0
    assert rules["relation"]["f1"] == 100.0


def test_dev_split_meets_committed_figures(shared: Path) -> None:
    """Slow: the dev figures are checked by .ci/checks/20-polnear.sh; here only that it runs."""
    polnear = shared / "corpora" / "polnear"
    [article, *_] = load_split(polnear, "dev")
    assert article.relations and article.text


def test_command_leaves_out_unreadable_articles_and_names_them(tmp_path: Path) -> None:
    from reportedly.cli import app

    write_polnear_article(tmp_path, TEXT, SIMPLE)
    folder = tmp_path / "dev"
    (folder / "attributions" / "nofile_aa11.ann").write_text(SIMPLE, encoding="utf-8")
    (folder / "text" / "badline.txt").write_text(TEXT, encoding="utf-8")
    (folder / "attributions" / "badline_aa11.ann").write_text(
        SIMPLE.replace("Cue 15 19", "Cue fifteen 19"), encoding="utf-8"
    )
    (folder / "text" / "short.txt").write_text(TEXT[:20], encoding="utf-8")
    (folder / "attributions" / "short_aa11.ann").write_text(SIMPLE, encoding="utf-8")
    (folder / "text" / "latin1.txt").write_bytes("café – x".encode("cp1252"))
    (folder / "attributions" / "latin1_aa11.ann").write_text("", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["eval", "polnear", "--data", str(tmp_path), "--format", "json", "--mode", "fast"],
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    figures = json.loads(result.stdout)
    assert (figures["articles"], figures["unreadable"]) == (1, 4)
    assert figures["systems"]["rules"]["relation"]["f1"] == 100.0
    warnings = sorted(line for line in result.stderr.splitlines() if line.startswith("warning:"))
    assert "badline_aa11.ann: line 2: offsets 'fifteen 19' are not numbers" in warnings[0]
    assert "latin1_aa11.ann: 'utf-8' codec can't decode" in warnings[1]
    assert "nofile_aa11.ann: [Errno 2]" in warnings[2]
    assert "short_aa11.ann: span 20-26 outside a text of 20 characters" in warnings[3]
    assert "4 items could not be read" in result.stderr
