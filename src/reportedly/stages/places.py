"""Stage `reportedly_places`: every place entity resolved to a point (or area) on the map.

Reads the place entities of the entities stage (GPE and LOC, and organisations the gazetteer
knows as unions, such as the EU), resolves them together so each is read in the context of the
others and of the outlet's country, and writes one ``Place`` per distinct place. Entities that
turn out to be one place ('Kharkov' and 'Kharkiv') are merged into one entity whose canonical
name is the gazetteer's; nationality words get the ``place_id`` of their country when it is
mentioned.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from reportedly import gazetteer
from reportedly.contract import ASSIGNS, parts, required
from reportedly.gazetteer import Gazetteer
from reportedly.model import Entity, Place, PlaceCandidate
from reportedly.places.resolver import Resolution, Toponym, outlet_country, resolve
from reportedly.stages.budget import budgeted

VERSION = "1.0.0"

#: The component whose records this one places.
ENTITIES = "reportedly_entities"
FEATURES = {
    "country": "country",
    "subdivision": "subdivision",
    "county": "subdivision",
    "city": "city",
    "region": "region",
    "union": "union",
}


class PlacesStage:
    def __init__(self, min_population: int = gazetteer.DEFAULT_MIN_POPULATION) -> None:
        self.min_population = min_population
        gazetteer.load(min_population)  # at pipeline construction, not in the first call

    @budgeted
    def __call__(self, doc: Doc) -> Doc:
        gaz = gazetteer.load(self.min_population)
        store = parts(doc)
        entities: list[Entity] = required(doc, "reportedly_places", "entities", ENTITIES)
        placeable = [e for e in entities if _is_place(gaz, e)]
        results = resolve(
            gaz, [Toponym(e.canonical) for e in placeable], outlet_country(doc._.outlet)
        )
        by_slot: dict[int, list[tuple[Entity, Resolution]]] = {}
        for entity, res in zip(placeable, results, strict=True):
            if res.slot is not None:
                by_slot.setdefault(res.slot, []).append((entity, res))
        merged_away: set[str] = set()
        owner: dict[int, Entity] = {}
        for slot, group in by_slot.items():
            first = group[0][0]
            for other, _ in group[1:]:
                _absorb(first, other)
                merged_away.add(other.id)
            if gaz.feature[slot] in ("city", "country"):
                first.canonical = gaz.name[slot]
            if first.type == "LOC" and gaz.feature[slot] in ("city", "country", "subdivision"):
                first.type = "GPE"
            owner[slot] = first
        # Ids stay those the entities stage gave: one merged away leaves a gap, never a
        # renumbering that would change what an id names.
        kept = [e for e in entities if e.id not in merged_away]
        kept.sort(key=lambda e: e.mentions[0].span.start if e.mentions else 0)
        slots = sorted(owner, key=lambda s: owner[s].mentions[0].span.start)
        places = []
        for number, slot in enumerate(slots, start=1):
            entity = owner[slot]
            res = max((r for _, r in by_slot[slot]), key=lambda r: r.confidence)
            place = _place(gaz, f"p{number}", slot, res, entity)
            entity.place_id = place.id
            places.append(place)
        by_country = {p.iso_code: p.id for p in places if p.feature == "country"}
        for entity in kept:
            if entity.type == "NORP" and entity.country_code in by_country:
                entity.place_id = by_country[entity.country_code]
        store["entities"] = kept
        store["places"] = places
        return doc


def _is_place(gaz: Gazetteer, entity: Entity) -> bool:
    if entity.type in ("GPE", "LOC"):
        return True
    return entity.type == "ORG" and any(
        gaz.feature[s] == "union" for s in gaz.lookup(entity.canonical)
    )


def _absorb(into: Entity, other: Entity) -> None:
    into.mentions = sorted([*into.mentions, *other.mentions], key=lambda m: m.span.start)
    for variant in other.variants:
        if variant not in into.variants:
            into.variants.append(variant)


def _place(gaz: Gazetteer, place_id: str, slot: int, res: Resolution, entity: Entity) -> Place:
    feature = gaz.feature[slot]
    iso = gaz.iso[slot] or None
    return Place(
        id=place_id,
        name=gaz.name[slot],
        mentions=[m.span for m in entity.mentions],
        feature=FEATURES.get(feature, "other"),  # type: ignore[arg-type]
        geonames_id=gaz.gid[slot] or None,
        iso_code=iso if feature in ("country", "subdivision", "union") else None,
        country_code=gaz.cc[slot] or None,
        admin1=iso if feature in ("city", "county") else None,
        latitude=gaz.lat[slot],
        longitude=gaz.lon[slot],
        confidence=round(res.confidence, 3),
        alternatives=[_candidate(gaz, s, p) for s, p in res.alternatives],
        entity_id=entity.id,
    )


def _candidate(gaz: Gazetteer, slot: int, probability: float) -> PlaceCandidate:
    return PlaceCandidate(
        geonames_id=gaz.gid[slot] or None,
        name=gaz.name[slot],
        country_code=gaz.cc[slot] or None,
        admin1=gaz.iso[slot] if gaz.feature[slot] in ("city", "county") else None,
        latitude=gaz.lat[slot],
        longitude=gaz.lon[slot],
        score=round(probability, 3),
    )


@Language.factory(
    "reportedly_places",
    default_config={"min_population": gazetteer.DEFAULT_MIN_POPULATION},
    assigns=ASSIGNS,
    requires=ASSIGNS,  # the entities stage's records
)
def make_places_stage(nlp: Language, name: str, min_population: int) -> PlacesStage:
    # One gazetteer for both stages: places resolved in another index than the one the
    # entities stage corrected labels with would disagree with it.
    entities = nlp.get_pipe(ENTITIES) if ENTITIES in nlp.pipe_names else None
    theirs = getattr(entities, "min_population", min_population)
    if theirs != min_population:
        raise ValueError(
            f"{name} has min_population={min_population} but {ENTITIES} has {theirs}: "
            "both stages read one gazetteer (Settings.min_population sets it for both)"
        )
    return PlacesStage(min_population)
