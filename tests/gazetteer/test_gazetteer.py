"""The gazetteer's lifecycle: its cache (where, what invalidates it), the ``reportedly
gazetteer`` commands, one size for both stages that read it, loaded when the pipeline is built."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner

from reportedly import gazetteer, resources
from reportedly.cli import app
from reportedly.gazetteer.sources import SOURCES
from reportedly.pipeline import Analyzer
from reportedly.settings import Settings

runner = CliRunner()


def test_the_suite_caches_in_a_folder_of_its_own(gazetteer_cache: Path) -> None:
    assert gazetteer.cache_dir() == gazetteer_cache
    assert gazetteer.cache_path(15000).parent == gazetteer_cache
    assert gazetteer.cache_path(500).name.startswith("gazetteer-500-")


def test_a_changed_source_file_changes_the_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = gazetteer.fingerprint()
    for name in SOURCES:
        shutil.copy(resources.data_root() / name, tmp_path / name)
    monkeypatch.setattr(resources, "data_root", lambda: tmp_path)
    assert gazetteer.fingerprint() == before  # the same bytes
    with (tmp_path / "place_aliases.tsv").open("a", encoding="utf-8") as table:
        table.write("Kyiv City\tcity\t703448\n")
    assert gazetteer.fingerprint() != before
    assert gazetteer.fingerprint(500) != gazetteer.fingerprint(15000)


def test_an_unknown_size_is_refused() -> None:
    with pytest.raises(ValueError, match="one of"):
        gazetteer.load(700)
    with pytest.raises(ValueError, match="one of"):
        Settings(min_population=700)
    result = runner.invoke(app, ["gazetteer", "path", "--min-population", "700"])
    assert result.exit_code == 2


def test_path_and_info_commands(gazetteer_cache: Path) -> None:
    gazetteer.load()
    path = runner.invoke(app, ["gazetteer", "path"])
    assert path.exit_code == 0
    assert path.stdout.strip() == str(gazetteer.cache_path())
    info = runner.invoke(app, ["gazetteer", "info"])
    assert info.exit_code == 0
    assert gazetteer.fingerprint() in info.stdout
    assert "built," in info.stdout


def test_build_command_writes_the_index_into_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command's plumbing, on a tiny index (the real build is what the suite's first load
    does): it writes where ``path`` says, and ``load`` then reads that file."""
    monkeypatch.setenv("REPORTEDLY_CACHE", str(tmp_path))
    tiny = gazetteer.Gazetteer()
    tiny.name.append("Nowhere")
    monkeypatch.setattr(gazetteer, "build", lambda size: tiny)
    result = runner.invoke(app, ["gazetteer", "build", "--min-population", "5000"])
    assert result.exit_code == 0, result.output
    written = gazetteer.cache_path(5000)
    assert written.is_file() and str(written) in result.stdout
    assert list(gazetteer.cache.load.__wrapped__(5000).name) == ["Nowhere"]


def test_both_stages_share_one_size_and_load_it_when_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loaded: list[int] = []
    real = gazetteer.load
    monkeypatch.setattr(gazetteer, "load", lambda size=500: loaded.append(size) or real(size))
    nlp = spacy.blank("en")
    nlp.add_pipe("reportedly_entities")
    nlp.add_pipe("reportedly_places")
    assert loaded == [500, 500]  # at construction, before any document
    other = spacy.blank("en")
    other.add_pipe("reportedly_entities")
    with pytest.raises(ValueError, match="both stages read one gazetteer"):
        other.add_pipe("reportedly_places", config={"min_population": 15000})


def test_settings_size_reaches_both_stages() -> None:
    config = Analyzer(Settings(min_population=5000))._stage_config()
    assert config["reportedly_entities"]["min_population"] == 5000
    assert config["reportedly_places"]["min_population"] == 5000
    split = {"reportedly_places": {"min_population": 15000}}
    with pytest.raises(ValueError, match="one gazetteer"):
        Analyzer(Settings(stage_config=split))._stage_config()
