"""The data-file loader: every shipped file passes its check, a malformed one fails naming the
file and the line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportedly import resources
from reportedly.attribution.lexicon import lexicon
from reportedly.entities.names import _rules, role_words
from reportedly.places.resolver import not_places, place_words
from reportedly.quantities.lexicon import numbers, qualifiers, units
from reportedly.repair.clutter import _patterns as clutter_patterns
from reportedly.repair.glue import function_words
from reportedly.resources import ResourceError, load_json, load_table, load_tsv
from reportedly.times.detect import _patterns as time_patterns
from reportedly.times.lexicon import lexicon as time_lexicon


def test_every_shipped_reader_loads_its_checked_file() -> None:
    readers = [lexicon, _rules, role_words, not_places, place_words, numbers, qualifiers]
    readers += [units, clutter_patterns, function_words, time_patterns, time_lexicon]
    for reader in readers:
        assert reader(), reader.__name__


def test_the_gazetteer_tables_pass_their_checks() -> None:
    from reportedly.gazetteer.sources import ADMIN_COLUMNS

    assert len(load_table("admin_areas.tsv", ADMIN_COLUMNS)) > 50_000
    assert all(len(row) == 3 for row in load_tsv("place_aliases.tsv", 3))


def _write(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_a_short_row_names_the_file_and_line(tmp_path: Path) -> None:
    root = _write(tmp_path, "aliases.tsv", "# alias\tfeature\tcode\nUS\tcountry\tUS\nUK\tGB\n")
    with pytest.raises(ResourceError, match=r"aliases\.tsv line 3: expected 3 columns, got 2"):
        load_tsv("aliases.tsv", 3, root=root)


def test_a_row_outside_a_column_range_says_the_range(tmp_path: Path) -> None:
    root = _write(tmp_path, "points.tsv", "AF\t33\t65\tAfghan\textra\n")
    with pytest.raises(ResourceError, match=r"line 1: expected 3 to 4 columns, got 5"):
        load_tsv("points.tsv", (3, 4), root=root)


def test_a_table_row_must_match_its_header(tmp_path: Path) -> None:
    root = _write(tmp_path, "cues.tsv", "# comment\nlemma\tstance\nsay\tassertion\nclaim\n")
    with pytest.raises(ResourceError, match=r"cues\.tsv line 4: expected 2 columns, got 1"):
        load_table("cues.tsv", ("lemma",), root=root)
    with pytest.raises(ResourceError, match=r"line 2: header lacks column\(s\) frames"):
        load_table("cues.tsv", ("lemma", "frames"), root=root)


def test_a_table_without_errors_reads_as_dicts(tmp_path: Path) -> None:
    root = _write(tmp_path, "cues.tsv", "# comment\nlemma\tstance\n\nsay\tassertion\n")
    assert load_table("cues.tsv", ("lemma",), root=root) == [
        {"lemma": "say", "stance": "assertion"}
    ]


def test_json_errors_name_the_file_and_what_is_wrong(tmp_path: Path) -> None:
    root = _write(tmp_path, "glue.json", '{\n  "function_words": "the"\n}\n')
    with pytest.raises(ResourceError, match=r"'function_words' should be list, got str"):
        load_json("glue.json", {"function_words": list}, root=root)
    with pytest.raises(ResourceError, match=r"missing key 'patterns'"):
        load_json("glue.json", {"patterns": list}, root=root)
    _write(tmp_path, "broken.json", '{\n  "a": [1,\n}\n')
    with pytest.raises(ResourceError, match=r"broken\.json line 3: not JSON"):
        load_json("broken.json", root=root)
    with pytest.raises(ResourceError, match=r"missing\.json: cannot read"):
        load_json("missing.json", root=root)


def test_a_malformed_shipped_file_fails_on_load_with_its_data_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The readers find their files under ``resources.data_root()``: a broken copy there fails
    the reader with the file named as the package names it."""
    _write(tmp_path, "clutter.json", '{"patterns": [], "max_line_chars": "80"}')
    monkeypatch.setattr(resources, "data_root", lambda: tmp_path)
    with pytest.raises(ResourceError, match=r"^data/clutter\.json: 'max_line_chars' should be int"):
        clutter_patterns.__wrapped__()


def test_every_shipped_model_file_passes_its_check() -> None:
    from reportedly.attribution.calibration import shipped
    from reportedly.linking.embed import META_OPTIONAL as ENCODER_OPTIONAL
    from reportedly.linking.embed import META_SCHEMA as ENCODER_SCHEMA
    from reportedly.tagger.backend import metadata
    from reportedly.tagger.backend import shipped_model as tagger_folder

    assert shipped.__wrapped__().threshold > 0
    assert metadata(tagger_folder())["roles"] == ["source", "cue", "content"]
    encoder = resources.load_model_json(
        "sentence-encoder/encoder.json", ENCODER_SCHEMA, optional=ENCODER_OPTIONAL
    )
    assert encoder["max_tokens"] > 0


def test_a_malformed_calibration_names_the_models_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shipped calibration is found under ``resources.models_root()``: a broken copy there
    fails on load with the file named as the package names it, not with a ``KeyError``."""
    from reportedly.attribution.calibration import SHIPPED, load, shipped

    good = resources.load_model_json(SHIPPED)
    monkeypatch.setattr(resources, "models_root", lambda: tmp_path)
    _write(tmp_path, SHIPPED, json.dumps({**good, "keep_bias": "high"}))
    with pytest.raises(
        ResourceError, match=r"^models/cue-calibration\.json: 'keep_bias' should be int or float"
    ):
        shipped.__wrapped__()
    without = {k: v for k, v in good.items() if k != "move_weights"}
    _write(tmp_path, SHIPPED, json.dumps(without))
    with pytest.raises(ResourceError, match=r"missing key 'move_weights'"):
        shipped.__wrapped__()
    _write(tmp_path, SHIPPED, json.dumps({**good, "moves": good["moves"][:-1]}))
    with pytest.raises(ResourceError, match=r"cue-calibration\.json: made for other cue moves"):
        shipped.__wrapped__()
    _write(tmp_path, "elsewhere.json", '{\n  "moves": [\n')
    with pytest.raises(ResourceError, match=r"elsewhere\.json line 3: not JSON"):
        load(tmp_path / "elsewhere.json")


def test_malformed_model_metadata_names_the_file(tmp_path: Path) -> None:
    """``tagger.json`` and ``encoder.json`` are checked before the model is loaded."""
    from reportedly.linking.embed import SentenceEncoder
    from reportedly.tagger.backend import metadata, model_name

    _write(tmp_path, "tagger.json", '{"roles": "source cue content", "tags": ["O", "B", "I"]}')
    with pytest.raises(ResourceError, match=r"tagger\.json: 'roles' should be list, got str"):
        model_name(tmp_path)
    _write(tmp_path, "tagger.json", '{"roles": [], "tags": [], "max_tokens": "256"}')
    with pytest.raises(ResourceError, match=r"'max_tokens' should be int, got str"):
        metadata(tmp_path)
    _write(tmp_path, "encoder.json", '{"dims": 384}')
    with pytest.raises(ResourceError, match=r"encoder\.json: missing key 'max_tokens'"):
        SentenceEncoder(tmp_path)


def test_optional_keys_are_checked_when_present_and_true_is_no_number(tmp_path: Path) -> None:
    root = _write(tmp_path, "meta.json", '{"size": true, "name": 3}')
    with pytest.raises(ResourceError, match=r"'size' should be int or float, got bool"):
        load_json("meta.json", {"size": (int, float)}, root=root)
    with pytest.raises(ResourceError, match=r"'name' should be str, got int"):
        load_json("meta.json", optional={"name": str}, root=root)
    assert load_json("meta.json", optional={"other": str}, root=root) == {"size": True, "name": 3}
