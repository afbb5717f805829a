"""Places: the gazetteer, the resolver, and the places stage on sentences written for them."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportedly import gazetteer
from reportedly.gazetteer import packed
from reportedly.model import Place, Report
from reportedly.pipeline import Analyzer, Settings
from reportedly.places.resolver import Toponym, candidates, outlet_country, resolve

KHARKIV_CITY, ODESA_CITY, ODESSA_TEXAS = 706483, 698740, 5527554


@pytest.fixture(scope="module")
def gaz() -> gazetteer.Gazetteer:
    return gazetteer.load()


@pytest.fixture(scope="module")
def geo_analyzer() -> Analyzer:
    return Analyzer(Settings(stages=("reportedly_entities", "reportedly_places")))


def _ids(gaz: gazetteer.Gazetteer, name: str) -> set[int]:
    return {gaz.gid[s] for s in gaz.lookup(name)}


def _resolve_one(gaz: gazetteer.Gazetteer, names: list[str]) -> list[int | None]:
    results = resolve(gaz, [Toponym(n) for n in names])
    return [gaz.gid[r.slot] if r.slot is not None else None for r in results]


def test_old_and_new_spellings_reach_one_place(gaz: gazetteer.Gazetteer) -> None:
    assert KHARKIV_CITY in _ids(gaz, "Kharkov") & _ids(gaz, "Kharkiv")
    assert ODESA_CITY in _ids(gaz, "Odessa") & _ids(gaz, "Odesa")
    assert _ids(gaz, "Kiev") & _ids(gaz, "Kyiv")
    assert _ids(gaz, "Nikolaev") & _ids(gaz, "Mykolaiv")
    assert _ids(gaz, "Artemivsk") & _ids(gaz, "Bakhmut")


def test_a_new_process_reads_the_cached_index_instead_of_building_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What keeps loading fast (measured in benchmarks/): with the on-disk cache there, a
    process maps the packed file and does not build; later loads return that same index."""
    from reportedly.gazetteer import cache

    gazetteer.load()  # make sure the on-disk cache exists
    if not gazetteer.cache_path().is_file():
        pytest.skip("cache directory not writable here: every process rebuilds the index")

    def no_build(size: int) -> gazetteer.Gazetteer:
        raise AssertionError(f"the {size} index was rebuilt despite its cache")

    monkeypatch.setattr(cache, "build", no_build)
    gazetteer.load.cache_clear()
    first = gazetteer.load()
    assert gazetteer.load() is first
    assert isinstance(first.index, packed.NameMap)  # the mapped file, not a rebuilt dict
    assert first.lookup("Kharkiv")


def test_the_packed_file_holds_what_was_built(tmp_path: Path) -> None:
    """Every column and name of a built index reads back the same from its packed file."""
    built = gazetteer.build(15000)
    path = tmp_path / "index.bin"
    with path.open("wb") as handle:
        packed.write(built, handle)
    read = packed.read(path)
    assert len(read) == len(built) and len(read.index) == len(built.index)
    for column in ("gid", "name", "feature", "cc", "admin1", "iso", "lat", "lon", "population"):
        assert list(getattr(read, column)) == list(getattr(built, column)), column
    assert [read.members[i] for i in range(len(read))] == list(built.members)
    assert all(read.index[key] == slots for key, slots in built.index.items())
    assert read.lookup("no such place anywhere") == ()
    assert (read.demonyms, read.by_iso, read.capitals) == (
        built.demonyms,
        built.by_iso,
        built.capitals,
    )
    assert read.lat[-1] is None or isinstance(read.lat[-1], float)
    assert None in list(read.lat)  # regions without coordinates stay None, not NaN


def test_a_file_of_another_layout_is_rebuilt_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportedly.gazetteer import cache

    monkeypatch.setenv("REPORTEDLY_CACHE", str(tmp_path))
    path = gazetteer.cache_path(15000)
    path.write_bytes(b"not a gazetteer at all")
    assert cache._read(path) is None
    with pytest.raises(ValueError, match="not a packed gazetteer"):
        packed.read(path)


def test_a_region_word_selects_the_division(gaz: gazetteer.Gazetteer) -> None:
    (slot,) = [r.slot for r in resolve(gaz, [Toponym("Kharkiv region")])]
    assert slot is not None
    assert gaz.feature[slot] == "subdivision" and gaz.iso[slot] == "UA-63"
    assert _resolve_one(gaz, ["Kharkiv"]) == [KHARKIV_CITY]


def test_population_prior_and_document_context_choose_the_namesake(
    gaz: gazetteer.Gazetteer,
) -> None:
    assert _resolve_one(gaz, ["Odessa"]) == [ODESA_CITY]
    assert _resolve_one(gaz, ["Odessa", "Ukraine", "Mykolaiv"])[0] == ODESA_CITY
    assert _resolve_one(gaz, ["Midland", "Odessa", "Texas"])[1] == ODESSA_TEXAS


def test_close_choices_keep_their_runners_up(gaz: gazetteer.Gazetteer) -> None:
    (alone,) = resolve(gaz, [Toponym("Odessa")])
    assert alone.alternatives and alone.confidence < 0.9
    assert any(gaz.gid[s] == ODESSA_TEXAS for s, _ in alone.alternatives)


def test_unions_and_non_places(gaz: gazetteer.Gazetteer) -> None:
    (eu,) = [s for s in candidates(gaz, Toponym("the EU")) if gaz.feature[s] == "union"]
    assert gaz.lat[eu] is None
    assert resolve(gaz, [Toponym("the EU")])[0].slot == eu  # not Eu, a town in Normandy
    assert candidates(gaz, Toponym("the West")) == []
    (turkish,) = candidates(gaz, Toponym("Turkish"))
    assert gaz.feature[turkish] == "country" and gaz.cc[turkish] == "TR"


def test_outlet_country_from_the_web_domain() -> None:
    assert outlet_country("www.bbc.co.uk") == "GB"
    assert outlet_country("https://www.pravda.com.ua/news/") == "UA"
    assert outlet_country("nytimes.com") is None
    assert outlet_country("Example Wire") is None


def _place(report: Report, name: str, feature: str | None = None) -> Place:
    matches = [p for p in report.places if p.name == name and feature in (None, p.feature)]
    assert len(matches) == 1, [(p.name, p.feature) for p in report.places]
    return matches[0]


def test_places_stage_merges_spellings_and_keeps_divisions_apart(
    geo_analyzer: Analyzer,
) -> None:
    report = geo_analyzer.analyze(
        "After the retreat from the Kharkiv region, Moscow said its troops would return. "
        "Residents of Kharkov heard explosions, and Kharkiv's mayor asked for calm."
    )
    city = _place(report, "Kharkiv", "city")  # one city, two spellings
    assert city.feature == "city" and city.geonames_id == KHARKIV_CITY
    assert {m.text for m in city.mentions} == {"Kharkov", "Kharkiv"}
    assert city.country_code == "UA" and city.admin1 == "UA-63"
    assert city.latitude == pytest.approx(49.98, abs=0.1)
    region = next(p for p in report.places if p.feature == "subdivision")
    assert region.iso_code == "UA-63" and region.mentions[0].text == "Kharkiv region"
    entity = next(e for e in report.entities if e.id == city.entity_id)
    assert entity.canonical == "Kharkiv" and set(entity.variants) == {"Kharkov", "Kharkiv"}
    assert entity.place_id == city.id


def test_places_stage_reads_a_texas_story_as_texas(geo_analyzer: Analyzer) -> None:
    report = geo_analyzer.analyze(
        "Oil prices fell again on Tuesday, and drilling crews in Midland and Odessa, Texas, "
        "were told to stand down, the Houston company said."
    )
    odessa = _place(report, "Odessa")
    assert odessa.country_code == "US" and odessa.admin1 == "US-TX"


def test_the_eu_is_a_union_without_a_point(geo_analyzer: Analyzer) -> None:
    report = geo_analyzer.analyze("Gas still flows to the EU through Ukraine, Naftogaz said.")
    eu = _place(report, "European Union")
    assert eu.feature == "union" and eu.latitude is None and eu.longitude is None
    assert eu.geonames_id == 6695072  # identified by its GeoNames id, not by a map point
    assert _place(report, "Ukraine").feature == "country"


def test_an_unknown_name_falls_back_to_the_known_place_inside_it(
    gaz: gazetteer.Gazetteer,
) -> None:
    # London, England: 'North' alone is no place, and the capital outranks London, Ontario.
    assert _resolve_one(gaz, ["North London"]) == [2643743]
    found = {gaz.name[s] for s in candidates(gaz, Toponym("Greater Vancouver Art Gallery"))}
    assert "Vancouver" in found
    assert candidates(gaz, Toponym("Upper Qwzx Creek")) == []


def test_disputed_regions_and_their_adjectives(gaz: gazetteer.Gazetteer) -> None:
    (ossetia,) = candidates(gaz, Toponym("South Ossetia"))
    assert gaz.feature[ossetia] == "region" and gaz.lat[ossetia] is not None
    (abkhaz,) = candidates(gaz, Toponym("Abkhaz"))
    assert gaz.iso[abkhaz] == "GE-AB"


def test_an_old_or_translated_name_yields_to_places_bearing_it_today(
    gaz: gazetteer.Gazetteer,
) -> None:
    # Lakewood, Ohio carries 'Arlington' as a former name; Arlington, Texas bears it today.
    arlington = resolve(gaz, [Toponym("Arlington")])[0]
    assert arlington.slot is not None and gaz.name[arlington.slot] == "Arlington"
    # Spelling variants keep their place: Odessa alone is still Odesa.
    assert _resolve_one(gaz, ["Odessa"]) == [ODESA_CITY]


def test_a_national_capital_outranks_its_namesake_division(gaz: gazetteer.Gazetteer) -> None:
    (alone,) = resolve(gaz, [Toponym("Washington")])
    assert alone.slot is not None and gaz.admin1[alone.slot] == "DC"
    state, _ = resolve(gaz, [Toponym("Washington"), Toponym("Seattle")])
    assert state.slot is not None and gaz.iso[state.slot] == "US-WA"


def test_an_abbreviation_inside_an_unknown_name_is_no_place(gaz: gazetteer.Gazetteer) -> None:
    assert candidates(gaz, Toponym("St. Qwzx Hospital")) == []


def test_state_and_ethnic_demonyms(gaz: gazetteer.Gazetteer) -> None:
    ohio, lanka = resolve(gaz, [Toponym("Ohioans"), Toponym("Sinhalese")])
    assert ohio.slot is not None and gaz.iso[ohio.slot] == "US-OH"
    assert lanka.slot is not None and gaz.iso[lanka.slot] == "LK"
