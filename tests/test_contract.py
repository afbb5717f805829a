"""The stage contract: components a spaCy user adds give the records ``reportedly.analyze``
gives, and a ``Doc`` carrying them serialises (bytes, DocBin, worker processes)."""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

import reportedly.stages  # noqa: F401  (registers the factories)
from reportedly.contract import PARTS, MissingPart, parts
from reportedly.pipeline import Analyzer
from reportedly.settings import SPACY_PIPELINE, STAGE_ORDER

PUBLISHED = date(2023, 7, 14)
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def user_nlp() -> Language:
    """The pipeline a spaCy user builds by hand from the registered factories."""
    nlp = spacy.load(SPACY_PIPELINE)
    nlp.add_pipe("reportedly_headline", first=True)
    for name in STAGE_ORDER:
        nlp.add_pipe(name)
    nlp.add_pipe("reportedly_claim_links")
    return nlp


@pytest.fixture(scope="module")
def article() -> str:
    return (EXAMPLES / "grain-corridor.txt").read_text(encoding="utf-8")


def _doc(nlp: Language, text: str) -> Doc:
    doc = nlp.make_doc(text)
    doc._.published = PUBLISHED
    doc._.outlet = "example.org"
    return doc


def _dumped(doc: Doc) -> dict[str, list[dict[str, Any]]]:
    return {
        part: [record.model_dump() for record in records] for part, records in parts(doc).items()
    }


def test_hand_built_pipeline_gives_the_records_of_analyze(
    user_nlp: Language, analyzer: Analyzer, article: str
) -> None:
    report = analyzer.analyze(article, raw=True, published=PUBLISHED, outlet="example.org")
    found = _dumped(user_nlp(_doc(user_nlp, article)))
    assert found["claims"], "the example has claims"
    assert any(q["claim_id"] for q in found["quantities"]), "figures are linked to claims"
    for part in PARTS:
        expected = [record.model_dump() for record in getattr(report, part)]
        assert found.get(part, []) == expected, part


def test_doc_with_records_round_trips_through_bytes_and_docbin(
    user_nlp: Language, article: str
) -> None:
    doc = user_nlp(_doc(user_nlp, article))
    again = Doc(user_nlp.vocab).from_bytes(doc.to_bytes())
    assert again._.published == PUBLISHED and again._.outlet == "example.org"
    assert _dumped(again) == _dumped(doc)
    assert type(parts(again)["claims"][0]) is type(parts(doc)["claims"][0])
    box = DocBin(store_user_data=True)
    box.add(doc)
    (unpacked,) = DocBin(store_user_data=True).from_bytes(box.to_bytes()).get_docs(user_nlp.vocab)
    assert _dumped(unpacked) == _dumped(doc)


def test_pipe_on_two_processes_gives_the_records_of_one(user_nlp: Language, article: str) -> None:
    paragraphs = [p for p in article.split("\n") if len(p.split()) > 12]
    texts = [paragraphs[n % len(paragraphs)] for n in range(6)]
    one = [_dumped(doc) for doc in user_nlp.pipe(texts)]
    two = [_dumped(doc) for doc in user_nlp.pipe(texts, n_process=2, batch_size=2)]
    assert two == one
    assert any(found.get("claims") for found in one)


def test_places_without_entities_says_what_is_missing() -> None:
    nlp = spacy.load(SPACY_PIPELINE)
    nlp.add_pipe("reportedly_places")
    with pytest.warns(MissingPart, match="reportedly_places needs reportedly_entities"):
        doc = nlp("Troops left Kharkiv on Monday.")
    assert parts(doc)["places"] == []


def test_full_pipeline_meets_every_declared_requirement(user_nlp: Language) -> None:
    analysis = user_nlp.analyze_pipes()
    assert analysis["problems"] == {name: [] for name in user_nlp.pipe_names}
    for name in [*STAGE_ORDER, "reportedly_claim_links"]:
        assert "doc._.reportedly" in analysis["summary"][name]["assigns"], name


@pytest.mark.parametrize("name", [*STAGE_ORDER, "reportedly_headline", "reportedly_claim_links"])
def test_each_factory_builds_alone_and_names_what_it_lacks(name: str) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe(name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # spaCy warns that requirements are not met: the point
        analysis = nlp.analyze_pipes()
    required = analysis["summary"][name]["requires"]
    assert sorted(analysis["problems"][name]) == sorted(required)


def test_every_factory_is_an_entry_point_so_saved_pipelines_load() -> None:
    from importlib.metadata import entry_points

    from reportedly.stages import HELPER_MODULES, STAGE_MODULES

    points = {e.name for e in entry_points(group="spacy_factories") if e.name.startswith("rep")}
    assert points == set(STAGE_MODULES) | set(HELPER_MODULES)
