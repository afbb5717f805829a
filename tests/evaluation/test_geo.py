"""`reportedly eval geo` on small corpora written for the test, and on the real ones if present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportedly.cli import app
from reportedly.evaluation.geo import read_corpus

runner = CliRunner()

TEXT = "Crews from Kharkiv drove to Odesa. Later they reached Lviv, far to the west."

LGL_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <domain>example.com</domain>
    <text><![CDATA[{text}]]></text>
    <toponyms>
      <toponym><start>11</start><end>18</end><phrase>Kharkiv</phrase>
        <gaztag geonameid="706483"><lat>49.98081</lat><lon>36.25272</lon></gaztag></toponym>
      <toponym><start>28</start><end>33</end><phrase>Odesa</phrase>
        <gaztag geonameid="698740"><lat>46.47747</lat><lon>30.73262</lon></gaztag></toponym>
      <toponym><start>54</start><end>58</end><phrase>Lviv</phrase>
        <gaztag geonameid="1"><lat>49.83826</lat><lon>24.02324</lon></gaztag></toponym>
    </toponyms>
  </article>
</articles>
"""

# GeoVirus style: no GeoNames id, offsets counted from one.
GEOVIRUS_STYLE = """<articles>
  <article>
    <source>https://example.org/story</source>
    <text>{text}</text>
    <locations>
      <location><name>Kharkiv</name><start>12</start><end>19</end>
        <lat>49.99</lat><lon>36.23</lon></location>
    </locations>
  </article>
</articles>
"""


def _write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content.format(text=TEXT), encoding="utf-8")
    return path


def test_reader_aligns_offsets_that_are_off_by_one(tmp_path: Path) -> None:
    (article,) = read_corpus(_write(tmp_path, "gv.xml", GEOVIRUS_STYLE))
    (gold,) = article.toponyms
    assert gold.text == "Kharkiv" and gold.geonameid is None
    assert article.outlet == "https://example.org/story"


def test_resolution_scores_ids_and_distance(tmp_path: Path) -> None:
    path = _write(tmp_path, "lgl.xml", LGL_STYLE)
    result = runner.invoke(
        app, ["eval", "geo", "--data", str(path), "--mode", "resolution", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)["resolution"]
    assert figures["toponyms"] == 3
    # Lviv's gold id is wrong on purpose: the id misses, the 161 km test still passes.
    assert figures["accuracy_exact_id"] == pytest.approx(66.67)
    assert figures["accuracy_161km"] == 100.0


def test_end_to_end_finds_and_resolves_the_toponyms(tmp_path: Path) -> None:
    path = _write(tmp_path, "lgl.xml", LGL_STYLE)
    result = runner.invoke(
        app, ["eval", "geo", "--data", str(path), "--mode", "end-to-end", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)["end_to_end"]
    assert figures["gold_toponyms"] == 3
    assert figures["overlap_recall"] == 100.0 and figures["overlap_precision"] == 100.0
    assert figures["accuracy_161km"] == 100.0


def test_table_output_names_the_corpus(tmp_path: Path) -> None:
    path = _write(tmp_path, "gv.xml", GEOVIRUS_STYLE)
    result = runner.invoke(app, ["eval", "geo", "--data", str(path), "--mode", "resolution"])
    assert result.exit_code == 0, result.output
    assert "gv.xml" in result.stdout and "accuracy_161km" in result.stdout


def test_table_prints_earlier_figures_and_the_published_anchor_beside(tmp_path: Path) -> None:
    path = _write(tmp_path, "lgl.xml", LGL_STYLE)
    earlier = tmp_path / "geo.json"
    earlier.write_text(
        json.dumps({"lgl.xml resolution min_population=500": {"accuracy_161km": 41.5}}),
        encoding="utf-8",
    )
    args = ["eval", "geo", "--data", str(path), "--mode", "resolution"]
    result = runner.invoke(app, [*args, "--baseline", str(earlier)], terminal_width=200)
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if "accuracy_161km" in line)
    assert "100.0" in row and "41.5" in row and "82.7 (Mordecai3)" in row
    result = runner.invoke(app, [*args, "--baseline", str(tmp_path / "none.json")])
    assert result.exit_code != 0 and "none.json" in result.output


def test_bad_mode_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "gv.xml", GEOVIRUS_STYLE)
    result = runner.invoke(app, ["eval", "geo", "--data", str(path), "--mode", "fast"])
    assert result.exit_code != 0
    result = runner.invoke(app, ["eval", "geo", "--data", str(path), "--min-population", "7"])
    assert result.exit_code != 0 and "min-population" in result.output


def test_every_place_of_the_seed_resolves(shared: Path) -> None:
    from reportedly.pipeline import Analyzer, Settings

    text = (shared / "seed" / "000_38209af840808af7.txt").read_text(encoding="utf-8")
    analyzer = Analyzer(Settings(stages=("reportedly_entities", "reportedly_places")))
    report = analyzer.analyze(text, published="2022-09-28")
    places = {(p.name, p.feature): p for p in report.places}
    assert places[("Kharkiv", "subdivision")].iso_code == "UA-63"
    kharkiv = places[("Kharkiv", "city")]
    assert kharkiv.geonames_id == 706483 and [m.text for m in kharkiv.mentions] == ["Kharkov"]
    odesa = places[("Odesa", "city")]
    assert odesa.geonames_id == 698740 and odesa.country_code == "UA"
    for country, code in (("Ukraine", "UA"), ("Russia", "RU"), ("Belarus", "BY")):
        assert places[(country, "country")].iso_code == code
    eu = places[("European Union", "union")]
    assert eu.latitude is None
    assert ("United States", "country") in places
    assert all(p.feature != "region" for p in report.places)  # 'the West' is no place
    names = {e.canonical: e for e in report.entities}
    assert names["Jake Sullivan"].roles == ["White House national security adviser"]
    assert names["Dmitry Medvedev"].roles == ["former President"]
    assert names["Alexander Lukashenko"].roles == ["President of Belarus"]
    assert names["Vladimir Putin"].roles == ["President"]
    people = sorted(e.canonical for e in report.entities if e.type == "PERSON")
    assert people == ["Alexander Lukashenko", "Dmitry Medvedev", "Jake Sullivan", "Vladimir Putin"]


def test_articles_with_unreadable_toponyms_are_left_out_and_named(tmp_path: Path) -> None:
    broken = (
        GEOVIRUS_STYLE.replace("<start>12</start>", "<start>twelve</start>").replace(
            "</articles>", ""
        )
        + GEOVIRUS_STYLE.replace("<articles>", "")
        .replace("<end>19</end>", "<end>900</end>")
        .replace("</articles>", "")
        + GEOVIRUS_STYLE.replace("<articles>", "")
    )
    path = _write(tmp_path, "mixed.xml", broken)
    result = runner.invoke(
        app, ["eval", "geo", "--data", str(path), "--mode", "resolution", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["articles"], data["unreadable"]) == (1, 2)
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert "mixed.xml article 0: toponym 0: invalid literal" in warnings[0]
    assert (
        f"mixed.xml article 1: toponym 0: offsets 12-900 outside a text of {len(TEXT)}"
        in warnings[1]
    )
    assert "2 items could not be read" in result.stderr


def test_a_file_that_is_not_xml_is_one_clear_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "cut.xml", LGL_STYLE[:200])
    result = runner.invoke(app, ["eval", "geo", "--data", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "cut.xml: not well-formed XML" in result.stderr
