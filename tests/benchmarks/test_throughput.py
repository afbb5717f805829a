"""The throughput benchmark script: corpus reading, both measured sides, and its table."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "throughput.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("throughput", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["throughput"] = module
    spec.loader.exec_module(module)
    return module


def test_read_texts_decodes_utf8_then_cp1252_in_path_order(
    bench: ModuleType, tmp_path: Path
) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_bytes("caf\xe9 \x93quoted\x94".encode("latin-1"))
    (tmp_path / "a.txt").write_text("Zürich “talks”", encoding="utf-8")
    (tmp_path / "README.TXT").write_text("not an article", encoding="utf-8")
    (tmp_path / "notes.md").write_text("nor this", encoding="utf-8")
    assert bench.read_texts(tmp_path, None) == ["Zürich “talks”", "café “quoted”"]
    assert bench.read_texts(tmp_path, 1) == ["Zürich “talks”"]


def test_both_sides_measure_the_same_texts(bench: ModuleType) -> None:
    texts = ["The minister said on Monday that 40 ships had left.", "Rain fell. Nobody spoke."]
    a = bench.run_spacy(texts, 4)
    b = bench.run_reportedly(texts, 4)
    assert a["tokens"] == 11 + 6
    assert a["seconds"] > 0 and b["seconds"] > 0
    assert a["peak_rss_mib"] > 50 and b["peak_rss_mib"] > 50
    assert b["json_chars"] > sum(len(t) for t in texts)
    assert set(b["stages"]) == {
        "reportedly_entities",
        "reportedly_places",
        "reportedly_times",
        "reportedly_quantities",
        "reportedly_attribution",
        "reportedly_events",
    }


def test_profile_times_every_step(bench: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(SCRIPT.parent))
    from stage_profile import run_profile

    profile = run_profile(["Ships left Odesa on Monday, officials said."] * 3, 2)
    steps = {"repair", "spacy", "report", "json", "reportedly_attribution", "reportedly_times"}
    assert steps <= set(profile["cpu_seconds"])
    assert profile["cpu_seconds"]["spacy"] > 0
    assert "spacy" not in profile["share_of_parse"]
    line = bench.profile_lines(profile)[0]
    assert line.startswith("CPU time by step (% of spaCy parse): spaCy parse")
    assert "attribution" in line


def test_table_shows_ratio_and_machine(bench: ModuleType) -> None:
    side = {
        "docs_per_s": 10.0,
        "words_per_s": 2000.0,
        "seconds": 5.0,
        "cpu_seconds": 4.0,
        "peak_rss_mib": 300.0,
        "load_s": 0.8,
        "batch_size": 16,
    }
    result = {
        "spacy": side,
        "reportedly": {**side, "words_per_s": 1800.0, "stages": {"reportedly_times": "0.1"}}
        | {"records": {"times": 3}},
        "ratio_b_over_a": 0.9,
        "ratio_b_over_a_cpu": 0.95,
        "ratio_per_round": [0.9],
        "corpus": "bbc",
        "docs": 50,
        "words": 10000,
        "repeat": 1,
        "startup": {
            "runs": 3,
            "import_and_load_s": 1.5,
            "import_and_load_process_s": 1.7,
            "help_process_s": 0.3,
            "help_command": "reportedly --help",
        },
        "machine": {"cpu": "Test CPU", "cores": 2, "python": "3.11.7"},
        "date": "2026-01-01 00:00 UTC",
    }
    out = bench.table(result)
    assert "ratio b/a (words/s): 0.900 (per round: 0.900); by CPU time: 0.950" in out
    assert "(b) reportedly" in out and "1,800" in out
    assert "stages: times 0.1" in out
    assert "Test CPU, 2 cores, Python 3.11.7" in out
