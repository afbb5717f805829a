"""`reportedly eval timeml`: reading TimeML, TempEval-3 scoring, the command's outputs."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.evaluation.timeml import Counts, Timex3, figures, read_tml

TML = "\n".join(
    [
        '<?xml version="1.0" ?>',
        "<TimeML>",
        "<DOCID>demo</DOCID>",
        '<DCT><TIMEX3 tid="t0" type="DATE" value="2022-09-28" '
        'functionInDocument="CREATION_TIME">20220928</TIMEX3></DCT>',
        "<TEXT>",
        'The ministry <EVENT eid="e1" class="REPORTING">said</EVENT> on '
        '<TIMEX3 tid="t1" type="DATE" value="2022-09-25">Sunday</TIMEX3> that the bridge '
        'had been closed for <TIMEX3 tid="t2" type="DURATION" value="P3W">three weeks</TIMEX3>'
        ' &amp; would reopen <TIMEX3 tid="t3" type="DATE" value="2022-10">next month</TIMEX3>.',
        "</TEXT>",
        "</TimeML>",
    ]
)


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "demo.tml"
    path.write_text(TML, encoding="utf-8")
    return path


def test_read_tml_strips_tags_and_keeps_offsets(tmp_path: Path) -> None:
    doc = read_tml(_write(tmp_path))
    assert doc.dct == date(2022, 9, 28)
    assert [doc.text[g.start : g.end] for g in doc.gold] == ["Sunday", "three weeks", "next month"]
    assert [g.value for g in doc.gold] == ["2022-09-25", "P3W", "2022-10"]
    assert "&" in doc.text


def test_scores_strict_relaxed_and_value() -> None:
    gold = [Timex3(0, 6, "DATE", "2022-09-25"), Timex3(10, 21, "DURATION", "P3W")]
    predicted = [
        Timex3(0, 6, "DATE", "2022-09-25"),  # exact, right value
        Timex3(14, 21, "DURATION", "P2W"),  # overlap only, wrong value
        Timex3(30, 35, "DATE", "2022"),  # spurious
    ]
    counts = Counts()
    counts.add(gold, predicted)
    result = figures(counts)
    assert (counts.strict, counts.relaxed, counts.value) == (1, 2, 1)
    assert result["relaxed"] == {"P": 66.67, "R": 100.0, "F1": 80.0}
    assert result["strict"]["R"] == 50.0
    assert result["value"] == {"P": 33.33, "R": 50.0, "F1": 40.0}


def test_command_prints_json_and_table(tmp_path: Path) -> None:
    path = _write(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "timeml", "--data", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["gold"] == 3
    assert data["relaxed"]["R"] == 100.0
    assert data["value"]["R"] == 100.0
    table = runner.invoke(app, ["eval", "timeml", "--data", str(path)])
    assert table.exit_code == 0
    assert "relaxed" in table.stdout and "value" in table.stdout


def test_aquaint_sample_scores(shared: Path, tmp_path: Path) -> None:
    """Ten AQUAINT files of TBAQ (measured 96.0 relaxed F1, 80.0 value F1 when written)."""
    sources = sorted((shared / "corpora" / "timeml" / "tbaq" / "AQUAINT").glob("*.tml"))[:10]
    for source in sources:
        (tmp_path / source.name).write_bytes(source.read_bytes())
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "timeml", "--data", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["documents"] == 10
    assert data["relaxed"]["F1"] >= 90
    assert data["value"]["F1"] >= 75


def test_command_leaves_out_unreadable_files_and_names_them(tmp_path: Path) -> None:
    _write(tmp_path)
    (tmp_path / "cut.tml").write_text(TML[: len(TML) // 2], encoding="utf-8")
    (tmp_path / "no-text.tml").write_text("<TimeML><DOCID>x</DOCID></TimeML>", encoding="utf-8")
    (tmp_path / "bad-dct.tml").write_text(TML.replace('value="2022-09-28"', 'value="XXXX"'))
    (tmp_path / "latin1.tml").write_bytes(TML.replace("ministry", "ministère").encode("latin-1"))
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "timeml", "--data", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    data = json.loads(result.stdout)
    assert (data["documents"], data["unreadable"], data["gold"]) == (1, 4, 3)
    warnings = sorted(line for line in result.stderr.splitlines() if line.startswith("warning:"))
    assert len(warnings) == 4
    assert "bad-dct.tml: document creation time 'XXXX' is not a date" in warnings[0]
    assert "cut.tml: not well-formed XML" in warnings[1]
    assert "latin1.tml: not well-formed XML" in warnings[2]
    assert "no-text.tml: no TEXT element" in warnings[3]
    assert "4 items could not be read" in result.stderr
