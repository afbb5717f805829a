"""The command line, end to end: outputs, overrides, hostile folders, exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.hostile import GOOD, write_hostile
from typer.testing import CliRunner

from reportedly.cli import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "grain-corridor.txt"
runner = CliRunner()


def test_analyze_json_output_carries_metadata_overrides() -> None:
    result = runner.invoke(
        app,
        [
            "analyze",
            str(EXAMPLE),
            "--format",
            "json",
            "--published",
            "2023-07-12",
            "--outlet",
            "Example Wire",
        ],
    )
    assert result.exit_code == 0, result.output
    reports = json.loads(result.stdout)
    assert len(reports) == 1
    assert reports[0]["document"]["outlet"] == "Example Wire"
    assert reports[0]["document"]["published"] == "2023-07-12"


def test_hostile_folder_gives_one_message_each_and_keeps_good_results(tmp_path: Path) -> None:
    expected = write_hostile(tmp_path / "in")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["analyze", str(tmp_path / "in"), "-f", "jsonl", "-o", str(out)])
    assert result.exit_code == 1, result.output  # malformed JSON lines failed
    assert "Traceback" not in result.output
    messages = [line for line in result.stderr.splitlines() if not line.startswith("reportedly:")]
    got = {}
    for line in messages:
        status, origin, reason = line.split(": ", 2)
        got[origin.replace(str(tmp_path / "in") + "/", "")] = status
        assert reason
    assert got == expected
    reports = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    origins = sorted(Path(r["document"]["origin"]).name for r in reports)
    assert origins == [
        "cp1252.txt",
        "good.txt",
        "invalid-utf8.txt",
        "stream.jsonl:line 1",
        "stream.jsonl:line 4",
        "utf16.txt",
    ]
    by_name = {Path(r["document"]["origin"]).name: r for r in reports}
    assert by_name["cp1252.txt"]["document"]["encoding"] == "cp1252"
    assert "cp1252" in by_name["cp1252.txt"]["warnings"][0]
    assert by_name["cp1252.txt"]["document"]["text"].startswith("Café owners – “not again”.")
    assert by_name["utf16.txt"]["document"]["encoding"] == "utf-16"
    assert by_name["stream.jsonl:line 1"]["document"]["outlet"] == "Wire"
    summary = result.stderr.splitlines()[-1]
    assert summary.startswith("reportedly: 15 inputs, 6 done, 6 skipped")
    assert "3 failed" in summary


def test_fail_fast_stops_at_the_first_failure(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    lines = [json.dumps({"text": GOOD[0]}), "{broken", json.dumps({"text": GOOD[1]})]
    path.write_text("\n".join(lines), encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path), "-f", "jsonl", "--fail-fast"])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    assert "stopped at the first failure" in result.stderr


def test_raw_keeps_the_decoded_input(tmp_path: Path) -> None:
    text = "The port was shut.He said it wasnâ€™t over.\nADVERTISEMENT\n" + GOOD[0]
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path), "-f", "json", "--raw"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)[0]["document"]
    assert document["text"] == text and document["repairs"] == []
    repaired = runner.invoke(app, ["analyze", str(path), "-f", "json"])
    kinds = [r["kind"] for r in json.loads(repaired.stdout)[0]["document"]["repairs"]]
    assert kinds == ["sentence_space", "mojibake", "clutter"]


def test_stdin_and_title_override() -> None:
    result = runner.invoke(app, ["analyze", "-", "-f", "json", "--title", "Ships"], input=GOOD[1])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)[0]["document"]
    assert document["origin"] == "stdin" and document["title"] == "Ships"


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["analyze", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    bad_date = runner.invoke(app, ["analyze", str(EXAMPLE), "--published", "Tuesday"])
    assert bad_date.exit_code == 2 and "not a date" in bad_date.stderr
    assert runner.invoke(app, ["analyze", str(EXAMPLE), "--max-chars", "0"]).exit_code == 2


def test_schema_command_prints_the_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "reportedly/1.1 report"


def test_min_population_option_is_the_one_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--min-population`` sets ``Settings.min_population``, which configures both stages
    that read the gazetteer; it is not passed to each through ``stage_config``."""
    import typer

    from reportedly import cli
    from reportedly.settings import Settings

    seen: list[Settings] = []

    def capture(settings: Settings, workers: int) -> None:
        seen.append(settings)
        raise typer.Exit(0)

    monkeypatch.setattr(cli, "_analyzer", capture)
    for size in ("500", "15000"):
        result = runner.invoke(app, ["analyze", str(EXAMPLE), "--min-population", size])
        assert result.exit_code == 0, result.output
    assert [(s.min_population, s.stage_config) for s in seen] == [(500, {}), (15000, {})]
    assert seen[0] == Settings()  # 500 is the default


@pytest.mark.slow
def test_min_population_option_reaches_the_gazetteer(tmp_path: Path) -> None:
    article = tmp_path / "texas.txt"
    article.write_text(
        "Firefighters in Odessa and Midland said on Monday the refinery blaze was out.",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["analyze", str(article), "--format", "json", "--min-population", "500"]
    )
    assert result.exit_code == 0, result.output
    places = {p["name"]: p for p in json.loads(result.stdout)[0]["places"]}
    assert places["Odessa"]["country_code"] == "US"
    assert places["Odessa"]["admin1"] == "US-TX"
    bad = runner.invoke(app, ["analyze", str(article), "--min-population", "700"])
    assert bad.exit_code == 2


HEAVY = ("spacy", "onnxruntime", "numpy", "sqlalchemy", "pydantic", "reportedly.model")


@pytest.mark.parametrize("argv", [["--help"], ["schema"], ["eval", "--help"], ["ingest", "--help"]])
def test_help_and_schema_import_nothing_heavy(argv: list[str]) -> None:
    """Start-up of the commands that only print: no pipeline, no runtime, no model building."""
    code = (
        "import sys\n"
        "from reportedly.cli import app\n"
        "try:\n"
        f"    app({argv!r})\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        f"heavy = sorted({{m.split('.')[0] if not m.startswith('reportedly') else m "
        f"for m in sys.modules}} & set({HEAVY!r}))\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert "HEAVY []" in done.stderr, done.stderr[-2000:]


def test_ingest_gives_its_one_worker_a_process_only_where_that_pays(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import reportedly.parallel
    from reportedly.cli_corpus import OVERLAP_FROM, _overlap

    many, few = tmp_path / "many", tmp_path / "few"
    for folder, count in ((many, OVERLAP_FROM), (few, 3)):
        folder.mkdir()
        for n in range(count):
            (folder / f"{n}.txt").write_text("The mayor said the bridge was closed.")
    monkeypatch.setattr(reportedly.parallel, "available_cores", lambda: 2)
    assert _overlap(1, [str(many)])
    assert _overlap(1, ["-"])  # stdin: the count is unknown and may be long
    assert not _overlap(1, [str(few)])
    assert not _overlap(2, [str(many)])  # two workers overlap the writes already
    monkeypatch.setattr(reportedly.parallel, "available_cores", lambda: 1)
    assert not _overlap(1, [str(many)])
