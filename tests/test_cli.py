"""The command line, end to end on the bundled example."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from reportedly.cli import app

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "grain-corridor.txt"
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


def test_schema_command_prints_the_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "reportedly/1 report"
