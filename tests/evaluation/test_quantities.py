"""`reportedly eval quantities`: the CQE format, one-to-one matching, the command's outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.evaluation.quantities import (
    Figure,
    Tally,
    parse_value,
    prf,
    read_value,
    same_value,
)
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


def test_values_in_every_shape_cqe_files_write() -> None:
    assert parse_value("3.0 - 4.0") == (3.0, 4.0)
    assert parse_value("3 – 4") == (3.0, 4.0)
    assert parse_value("3 to 4") == (3.0, 4.0)
    assert parse_value("-3 - -1") == (-3.0, -1.0)
    assert parse_value("1,500") == 1500.0
    assert parse_value(7) == 7.0
    assert read_value(">= 5") == (5.0, ">")
    assert read_value("5+") == (5.0, ">")
    assert read_value("~40") == (40.0, "~")
    assert read_value("1e-5") == (1e-5, None)
    for bad in ("", "-", "about", "3 - 4 - 5", True):
        with pytest.raises(ValueError):
            read_value(bad)


# The shapes of a CQE news file, written here: spaced ranges, open bounds, change values,
# concepts as a string or a list, and items a reader must leave out without stopping.
NEWS_ITEMS = [
    {
        "text": "Between 3 and 4 million people fled the region, officials said.",
        "quantities": [
            {
                "value": "3000000.0 - 4000000.0",
                "unit": "million",
                "change": "~",
                "normalized_unit": "-",
                "referred_concepts": ["people"],
            }
        ],
    },
    {
        "text": "Prices rose by more than 20 percent last year.",
        "quantities": [
            {
                "value": "20.0",
                "change": "up",
                "normalized_unit": "percentage",
                "referred_concepts": "prices",
            }
        ],
    },
    {"text": "A broken figure.", "quantities": [{"value": "about", "normalized_unit": "-"}]},
    {"quantities": []},
    "not an object",
    {"text": "Nothing counted.", "quantities": []},
]


def test_command_reads_a_news_file_and_names_what_it_leaves_out(tmp_path: Path) -> None:
    (tmp_path / "news.json").write_text(json.dumps(NEWS_ITEMS), encoding="utf-8")
    (tmp_path / "broken.json").write_text('[{"text": "cut off', encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "quantities", "--data", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    report = json.loads(result.stdout)
    assert report["unreadable"] == 4
    (row,) = report["files"]
    assert (row["file"], row["sentences"], row["unreadable"], row["gold"]) == ("news.json", 3, 3, 2)
    assert row["value+change"] is not None and row["value+concept"] is not None
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 4
    assert any("news.json item 2: quantity 0: value 'about'" in line for line in warnings)
    assert any("broken.json: not a readable JSON file" in line for line in warnings)
    assert "4 items could not be read" in result.stderr
