"""`reportedly eval links` scoring on the project's own articles: a gold file in the
documented format, offsets found in the files, and exact copies of a gold article."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reportedly.evaluation.links import analyse, read_gold, score
from reportedly.linking.records import CorpusReport, Link

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "linking"
HERALD, WIRE, AGAIN = "dam-herald.txt", "dam-wire.txt", "dam-wire-again.txt"


def _end(folder: Path, article: str, words: str) -> dict[str, object]:
    text = (folder / article).read_bytes().decode("utf-8")
    start = text.index(words)
    return {"article": article, "item": "claim", "start": start, "end": start + len(words)}


def _gold(folder: Path) -> Path:
    gold = {
        "format": "reportedly-links-gold/1",
        "corpus": "test articles",
        "offsets": "characters of the file's bytes decoded as UTF-8, [start, end)",
        "stories": [{"id": "s01", "label": "dam", "articles": [HERALD, WIRE, AGAIN]}],
        "links": [
            {
                "id": "l001",
                "story": "s01",
                "kind": "same_claim",
                "a": _end(folder, HERALD, "the water in the town centre had risen by three metres"),
                "b": _end(folder, WIRE, "Water in the town centre has risen by three metres"),
                "note": "the mayor, spelt two ways",
            }
        ],
        "non_links": [],
    }
    path = folder / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("links")
    for name in (HERALD, WIRE):
        shutil.copy(FIXTURES / name, folder / name)
    shutil.copy(FIXTURES / WIRE, folder / AGAIN)  # the same text under another name
    return folder


def _mayor_links(result: CorpusReport) -> list[Link]:
    """The same_claim links of the mayor's quote (his name is spelt two ways)."""
    return [
        link
        for link in result.links
        if link.kind == "same_claim" and "Hnat" in str(link.a.source) + str(link.b.source)
    ]


def test_a_link_to_an_exact_copy_of_a_gold_article_is_the_gold_link(folder: Path) -> None:
    gold = read_gold(_gold(folder))
    result, _ = analyse(folder, [HERALD, WIRE, AGAIN], "fast")
    mayor = _mayor_links(result)
    assert {frozenset((str(k.a.origin), str(k.b.origin))) for k in mayor} >= {
        frozenset((HERALD, WIRE)),
        frozenset((HERALD, AGAIN)),
    }
    assert score(gold, result)["per_kind"]["same_claim"]["R"] == 100.0
    to_the_copy = next(k for k in mayor if {str(k.a.origin), str(k.b.origin)} == {HERALD, AGAIN})
    alone = score(gold, result.model_copy(update={"links": [to_the_copy]}))
    assert (alone["per_kind"]["same_claim"]["P"], alone["per_kind"]["same_claim"]["R"]) == (
        100.0,
        100.0,
    )


def test_one_link_found_again_in_a_copy_counts_once(folder: Path) -> None:
    gold = read_gold(_gold(folder))
    result, _ = analyse(folder, [HERALD, WIRE, AGAIN], "fast")
    mayor = [
        link
        for link in _mayor_links(result)
        if {str(link.a.origin), str(link.b.origin)} in ({HERALD, WIRE}, {HERALD, AGAIN})
    ]
    assert len(mayor) >= 2
    scored = score(gold, result.model_copy(update={"links": mayor}))
    assert scored["per_kind"]["same_claim"]["predicted"] == len(mayor) // 2
    assert scored["repeated_in_copies_counted_once"] == len(mayor) - len(mayor) // 2


def test_a_file_not_in_the_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"format": "something-else"}), encoding="utf-8")
    with pytest.raises(ValueError, match="not a reportedly-links-gold/1 file"):
        read_gold(path)
