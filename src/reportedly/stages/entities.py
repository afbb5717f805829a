"""Stage `reportedly_entities`: spaCy's entities clustered into actors with canonical names.

Each ``Entity`` holds every mention of one actor (spans cover the name only, so the attribution
stage can link sources to them), the titles seen before the name as roles, the spellings seen
as variants, and for nationality words the country they name. Types the small model gets wrong
are corrected where the gazetteer is sure (see ``reportedly.entities.mentions``).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from reportedly import gazetteer
from reportedly.contract import ASSIGNS, parts
from reportedly.entities.cluster import (
    Cluster,
    canonical_name,
    cluster_others,
    cluster_people,
    norp_country,
)
from reportedly.entities.mentions import raw_mentions, relabel_surnames
from reportedly.model import Entity, Mention, Span
from reportedly.stages.budget import budgeted

VERSION = "1.0.0"


class EntitiesStage:
    def __init__(self, min_population: int = gazetteer.DEFAULT_MIN_POPULATION) -> None:
        self.min_population = min_population
        gazetteer.load(min_population)  # at pipeline construction, not in the first call

    @budgeted
    def __call__(self, doc: Doc) -> Doc:
        gaz = gazetteer.load(self.min_population)
        mentions = relabel_surnames(raw_mentions(doc, gaz))
        people = cluster_people([m for m in mentions if m.label == "PERSON"])
        others = cluster_others([m for m in mentions if m.label != "PERSON"])
        clusters = sorted(people + others, key=lambda c: c.mentions[0].start)
        entities = []
        for number, cluster in enumerate(clusters, start=1):
            entities.append(_entity(f"e{number}", cluster, gaz))
        parts(doc)["entities"] = entities
        return doc


def _entity(entity_id: str, cluster: Cluster, gaz: gazetteer.Gazetteer) -> Entity:
    roles: list[str] = []
    variants: list[str] = []
    mentions = []
    for m in cluster.mentions:
        if m.text not in variants:
            variants.append(m.text)
        if m.role is not None and m.role not in roles:
            roles.append(m.role)
        # m.text is doc[a:b].text, the exact text of [start, end); building the span from it
        # spares ``doc.text``, which spaCy rebuilds from every token on each access.
        span = Span(start=m.start, end=m.end, text=m.text)
        mentions.append(Mention(span=span, kind=m.kind))  # type: ignore[arg-type]
    labels = [m.label for m in cluster.mentions]
    # The most frequent label; a tie goes to the one seen first (never to a set's hash order).
    label = max(dict.fromkeys(labels), key=labels.count)
    canonical = canonical_name(cluster)
    return Entity(
        id=entity_id,
        type=label,  # type: ignore[arg-type]
        canonical=canonical,
        variants=variants,
        roles=roles,
        mentions=mentions,
        country_code=norp_country(gaz, canonical) if label == "NORP" else None,
    )


@Language.factory(
    "reportedly_entities",
    default_config={"min_population": gazetteer.DEFAULT_MIN_POPULATION},
    assigns=ASSIGNS,
    # token.pos too: set by the attribute ruler, which declares no assigns
    requires=["doc.ents", "token.dep"],
)
def make_entities_stage(nlp: Language, name: str, min_population: int) -> EntitiesStage:
    return EntitiesStage(min_population)
