"""Toponym resolution: candidates from the gazetteer, ranked by a population prior and context.

Each candidate gets a score in log10 units: the log of its population, a prior for its kind
(a country outranks a town of the same name), and bonuses from the rest of the document: the
countries and first-level divisions its other toponyms resolve to, nearness to its other towns,
and the outlet's country. Two passes: the first resolves each name alone, the second rescores
every name in the context of the others' first answers (a name is never its own context).
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from reportedly import resources
from reportedly.gazetteer import Gazetteer, normalize

FEATURE_PRIOR = {
    "country": 2.0,
    "union": 3.0,
    "region": 3.0,
    "subdivision": 1.5,
    "city": 0.0,
    "county": -0.5,
}
REGION_POPULATION = 1e6  # regions carry no population; treat them as a large place
COUNTRY_BONUS = 1.5
DOMINANT_BONUS = 1.0  # the country of at least half the document's other places
DOMINANT_SHARE = 0.5
ADMIN1_BONUS = 2.5
NEAR_BONUS = 2.0
NEAR_KM = 100.0
OUTLET_BONUS = 0.75
PRIMARY_BONUS = 0.8
CAPITAL_BONUS = 1.0
SUPPORT_BONUS = 2.0  # per other name that can only lie in this candidate's division
SUPPORT_CAP = 3.0
ALTERNATE_COUNTY_PENALTY = 1.5  # 'Laurel' alone is rarely Laurel County
INNER_MIN_POPULATION = 15_000
CITY_OVER_DIVISION = 0.6  # a city this big a share of its namesake division means the city
# A town reached only by a different name of its past or another language (Beeville was once
# 'Maryville'; Casablanca is 'White House') yields to places that bear the name today; spelling
# variants and short forms (Odessa/Odesa, Newcastle for Newcastle upon Tyne) keep their score.
SHADOWED_ALTERNATE_PENALTY = 1.5
SPELLING_VARIANT_SIMILARITY = 70.0
INNER_MIN_LETTERS = 3  # 'St.' inside 'St. Michael's Hospital' is no place of its own


@dataclass(frozen=True)
class Toponym:
    """A place name to resolve; ``hint`` comes from a following word ('region', 'County')."""

    text: str
    hint: str | None = None


@dataclass
class Resolution:
    slot: int | None
    confidence: float = 0.0
    alternatives: list[tuple[int, float]] = field(default_factory=list)


def _place_words_file() -> dict[str, Any]:
    schema = {"subdivision": list, "county": list, "city": list, "not_places": list}
    table: dict[str, Any] = resources.load_json("place_words.json", schema)
    return table


@functools.cache
def place_words() -> dict[str, str]:
    """Type word -> feature ('region' -> subdivision, 'county' -> county)."""
    table = _place_words_file()
    return {
        normalize(word): feature
        for feature, words in table.items()
        if not feature.startswith("_") and feature != "not_places"
        for word in words
    }


@functools.cache
def not_places() -> frozenset[str]:
    """Names tagged as places that denote no point on a map ('the West')."""
    return frozenset(normalize(w) for w in _place_words_file()["not_places"])


def split_type_word(text: str) -> tuple[str, str | None]:
    """'Kharkiv region' -> ('Kharkiv', 'subdivision'); 'Odesa' -> ('Odesa', None)."""
    words = text.rsplit(None, 1)
    if len(words) == 2:
        feature = place_words().get(normalize(words[1]))
        if feature:
            return words[0], feature
    return text, None


def candidates(gaz: Gazetteer, toponym: Toponym) -> list[int]:
    """Every place the name may denote, narrowed by its type word when it has one."""
    return candidates_and_origin(gaz, toponym)[0]


def candidates_and_origin(gaz: Gazetteer, toponym: Toponym) -> tuple[list[int], bool]:
    """The candidates, and whether they come from a name inside the name ('North London')."""
    text = toponym.text.strip()
    if normalize(text) in not_places():
        return [], False
    if text.endswith(("'s", "’s")):
        text = text[:-2]
    folded = normalize(text)
    demonym = gaz.demonyms.get(folded) or (
        gaz.demonyms.get(folded[:-1]) if folded.endswith("s") else None
    )
    if demonym:
        slot = gaz.by_iso.get(demonym)
        return ([slot] if slot is not None else []), False
    found = list(gaz.lookup(text))
    base, hint = split_type_word(text)
    hint = toponym.hint or hint
    if hint and base != text:
        typed = [i for i in gaz.lookup(base) if gaz.feature[i] == hint]
        found = (
            [i for i in found if gaz.feature[i] == hint] + typed or found or list(gaz.lookup(base))
        )
    elif hint:
        found = [i for i in found if gaz.feature[i] == hint] or found
    if not found:
        return _inner_place(gaz, text), True
    return list(dict.fromkeys(found)), False


def _inner_place(gaz: Gazetteer, text: str) -> list[int]:
    """A name the gazetteer lacks that contains a well-known one: 'North London', 'Vancouver
    Art Gallery', 'Greater Toronto Area' lie in London, Vancouver, Toronto. Longest part first;
    only countries, divisions, regions and towns of INNER_MIN_POPULATION or more."""
    words = text.replace("-", " ").split()
    for size in range(len(words) - 1, 0, -1):
        for first in range(len(words) - size + 1):
            part = words[first : first + size]
            folded = normalize(" ".join(part))
            if (
                not part[0][:1].isupper()
                or folded in not_places()
                or sum(c.isalpha() for c in folded) < INNER_MIN_LETTERS
            ):
                continue
            found = [
                i
                for i in gaz.lookup(" ".join(part))
                if gaz.feature[i] in ("country", "subdivision", "region")
                or (gaz.feature[i] == "city" and gaz.population[i] >= INNER_MIN_POPULATION)
            ]
            if found:
                return found
    return []


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


distance_km = _distance_km


@dataclass
class _Context:
    support: dict[tuple[str, str], float] = field(default_factory=dict)
    countries: Counter[str] = field(default_factory=Counter)
    admin1: Counter[tuple[str, str]] = field(default_factory=Counter)
    towns_in: Counter[tuple[str, str]] = field(default_factory=Counter)
    points: list[tuple[float, float, str]] = field(default_factory=list)


def _prior(gaz: Gazetteer, slot: int, key: str, same_name: list[int], owned: bool) -> float:
    """Population and kind; ``owned``: some candidate bears the name as its own."""
    feature = gaz.feature[slot]
    population = gaz.population[slot] or (
        REGION_POPULATION if feature in ("region", "union") else 0
    )
    score = math.log10(population + 10) + FEATURE_PRIOR.get(feature, 0.0)
    own = normalize(gaz.name[slot])
    if own == key:
        score += PRIMARY_BONUS
    elif feature == "county":
        score -= ALTERNATE_COUNTY_PENALTY
    elif owned and feature == "city" and not _variant(own, key):
        score -= SHADOWED_ALTERNATE_PENALTY
    if slot in gaz.capitals:
        score += CAPITAL_BONUS
    if feature == "subdivision":
        for other in same_name:
            if (
                gaz.feature[other] == "city"
                and gaz.cc[other] == gaz.cc[slot]
                and (
                    other in gaz.capitals
                    or (
                        gaz.admin1[other] == gaz.admin1[slot]
                        and gaz.population[other]
                        >= CITY_OVER_DIVISION * max(gaz.population[slot], 1)
                    )
                )
            ):
                score -= FEATURE_PRIOR["subdivision"] + 1.0
                break
    return score


def _variant(own: str, key: str) -> bool:
    """A spelling variant or a short form of the place's own name ('newcastle')."""
    return (
        fuzz.ratio(own, key) >= SPELLING_VARIANT_SIMILARITY
        or own.startswith(key + " ")
        or key.startswith(own + " ")
    )


def _context_score(gaz: Gazetteer, slot: int, ctx: _Context, key: str) -> float:
    score = 0.0
    cc = gaz.cc[slot]
    if (cc and ctx.countries[cc] > 0) or (
        gaz.members[slot] and any(ctx.countries[m] > 0 for m in gaz.members[slot])
    ):
        score += COUNTRY_BONUS
        total = sum(ctx.countries.values())
        if cc and total >= 2 and ctx.countries[cc] >= DOMINANT_SHARE * total:
            score += DOMINANT_BONUS
    division = (cc, gaz.admin1[slot])
    if gaz.admin1[slot] and (
        ctx.admin1[division] > 0
        or (gaz.feature[slot] == "subdivision" and ctx.towns_in[division] > 0)
    ):
        score += ADMIN1_BONUS
    if gaz.feature[slot] in ("city", "county"):
        score += min(SUPPORT_CAP, SUPPORT_BONUS * ctx.support.get((cc, gaz.admin1[slot]), 0.0))
    lat, lon = gaz.lat[slot], gaz.lon[slot]
    if lat is not None and lon is not None and gaz.feature[slot] in ("city", "county"):
        for plat, plon, name in ctx.points:
            if name != key and _distance_km(lat, lon, plat, plon) <= NEAR_KM:
                score += NEAR_BONUS
                break
    return score


def _rank(scores: dict[int, float]) -> Resolution:
    if not scores:
        return Resolution(None)
    top = max(scores.values())
    weights = {slot: 10 ** (s - top) for slot, s in scores.items()}
    total = sum(weights.values())
    ranked = sorted(weights.items(), key=lambda kv: -kv[1])
    best, weight = ranked[0]
    alternatives = [(slot, w / total) for slot, w in ranked[1:4] if w / total >= 0.05]
    return Resolution(best, weight / total, alternatives)


def resolve(
    gaz: Gazetteer, toponyms: list[Toponym], outlet_country: str | None = None
) -> list[Resolution]:
    """Resolve all toponyms of one document together (order of the input is kept)."""
    keys = [normalize(t.text) for t in toponyms]
    origins = [candidates_and_origin(gaz, t) for t in toponyms]
    cands = [c for c, _ in origins]
    # A place found inside an unknown name is an answer, but too weak to be context.
    weak = {key for key, (_, inner) in zip(keys, origins, strict=True) if inner}
    priors: list[dict[int, float]] = []
    for key, found in zip(keys, cands, strict=True):
        owned = any(normalize(gaz.name[slot]) == key for slot in found)
        priors.append({slot: _prior(gaz, slot, key, found, owned) for slot in found})
    if outlet_country:
        for scores in priors:
            for slot in scores:
                if gaz.cc[slot] == outlet_country:
                    scores[slot] += OUTLET_BONUS
    first = [_rank(p) for p in priors]
    divisions = _divisions(gaz, keys, cands)
    for _ in range(2):
        ctx_by_key: dict[str, _Context] = {}
        results = []
        for key, scores in zip(keys, priors, strict=True):
            ctx = ctx_by_key.get(key)
            if ctx is None:
                ctx = _build_context(gaz, keys, first, exclude={key, *weak})
                ctx.support = _support(divisions, exclude=key)
                ctx_by_key[key] = ctx
            results.append(
                _rank({s: v + _context_score(gaz, s, ctx, key) for s, v in scores.items()})
            )
        first = results
    return first


def _divisions(
    gaz: Gazetteer, keys: list[str], cands: list[list[int]]
) -> dict[str, set[tuple[str, str]]]:
    """Per distinct name, the first-level divisions its candidates lie in."""
    out: dict[str, set[tuple[str, str]]] = {}
    for key, found in zip(keys, cands, strict=True):
        if key in out:
            continue
        out[key] = {(gaz.cc[s], gaz.admin1[s]) for s in found if gaz.admin1[s]}
    return out


def _support(
    divisions: dict[str, set[tuple[str, str]]], exclude: str
) -> dict[tuple[str, str], float]:
    """How strongly the other names point at each division: 1/n for a name found in n."""
    support: dict[tuple[str, str], float] = {}
    for key, places in divisions.items():
        if key == exclude or not places:
            continue
        share = 1.0 / len(places)
        for division in sorted(places):  # a set: sorted, or sums and ties follow the hash seed
            support[division] = support.get(division, 0.0) + share
    return support


def _build_context(
    gaz: Gazetteer, keys: list[str], results: list[Resolution], exclude: set[str]
) -> _Context:
    ctx = _Context()
    for key, res in zip(keys, results, strict=True):
        if key in exclude or res.slot is None or res.confidence < 0.5:
            continue
        slot = res.slot
        cc = gaz.cc[slot]
        if cc:
            ctx.countries[cc] += 1
        for member in gaz.members[slot]:
            ctx.countries[member] += 0
        # A division counts as named only when a division or county is; a town in it speaks
        # for the division itself, and for its neighbours through nearness and support only.
        if gaz.admin1[slot] and gaz.feature[slot] in ("subdivision", "county"):
            ctx.admin1[(cc, gaz.admin1[slot])] += 1
        elif gaz.admin1[slot] and gaz.feature[slot] == "city":
            ctx.towns_in[(cc, gaz.admin1[slot])] += 1
        lat, lon = gaz.lat[slot], gaz.lon[slot]
        if gaz.feature[slot] in ("city", "county") and lat is not None and lon is not None:
            ctx.points.append((lat, lon, key))
    return ctx


_GENERIC_TLDS = frozenset({"co", "io", "tv", "me", "fm", "ly", "ai", "am", "to", "cc", "ws", "is"})


def outlet_country(outlet: str | None) -> str | None:
    """The country of an outlet's web domain ('bbc.co.uk' -> GB), when its TLD names one."""
    if not outlet:
        return None
    host = outlet.lower().split("//")[-1].split("/")[0].rstrip(".")
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if len(tld) != 2 or tld in _GENERIC_TLDS:
        return None
    return "GB" if tld == "uk" else tld.upper()
