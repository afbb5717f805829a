"""`reportedly eval quantities`: the CQE format, one-to-one matching, the command's outputs."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.evaluation.quantities import Figure, Tally, parse_value, prf, same_value
from reportedly.quantities.lexicon import cqe_unit

ITEMS = [
    {
        "text": "The bridge is 40 km from the city and cost $ 12 million.",
        "quantities": [
            {"value": "40", "normalized_unit": "kilometre", "change": "="},
            {"value": "12000000", "normalized_unit": "dollar", "change": "="},
        ],
    },
    {
        "text": "More than 300 workers walked out.",
        "quantities": [{"value": "300", "normalized_unit": "worker", "change": ">"}],
    },
    {"text": "Nothing to count here.", "quantities": []},
]


def test_values_and_ranges_parse_like_cqe() -> None:
    assert parse_value("12000000") == 12_000_000
    assert parse_value("8-10") == (8.0, 10.0)
    assert parse_value("-5") == -5.0
    assert same_value((8.0, 10.0), (8.0, 10.0000001))
    assert not same_value(8.0, (8.0, 10.0))


def test_matching_is_one_to_one_and_prefers_the_right_unit() -> None:
    tally = Tally()
    gold = [Figure(5.0, "mile", "="), Figure(5.0, "-", "=")]
    predicted = [Figure(5.0, "-", "="), Figure(5.0, "mile", ">")]
    tally.add("x", gold, predicted, has_change=True, has_concept=False)
    assert (tally.value, tally.unit, tally.change) == (2, 2, 1)
    assert prf(tally.unit, tally.predicted, tally.gold)["F1"] == 100.0


def test_cqe_unit_names() -> None:
    assert cqe_unit("USD") == "dollar"
    assert cqe_unit("USD/share") == "dollar per share"
    assert cqe_unit("km/h") == "kilometre per hour"
    assert cqe_unit("cabinet minister") == "cabinet minister"
    assert cqe_unit(None) == "-"


def test_command_scores_a_small_file(tmp_path: Path) -> None:
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(ITEMS), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "quantities", "--data", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)["files"][0]
    assert row["gold"] == 3
    assert row["value"]["F1"] == 100.0
    assert row["value+unit"]["F1"] == 100.0
    assert row["value+change"]["F1"] == 100.0
    assert row["value+concept"] is None
    table = runner.invoke(app, ["eval", "quantities", "--data", str(tmp_path)])
    assert table.exit_code == 0
    assert "tiny" in table.stdout and "+unit" in table.stdout


def test_shared_quantity_files_meet_the_targets(shared: Path) -> None:
    runner = CliRunner()
    data = shared / "corpora" / "quantities" / "temperature-model.json"
    result = runner.invoke(app, ["eval", "quantities", "--data", str(data), "--format", "json"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)["files"][0]
    assert row["value"]["F1"] >= 92
    assert row["value+unit"]["F1"] >= 86
