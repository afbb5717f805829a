"""Mentions grouped into actors: one entity per person, organisation, group or place name.

People: a full name ('Vladimir Putin') founds a cluster keyed by its surname in romanised form;
a later full name joins it when surnames match and given names agree (or one is an initial);
a lone surname ('Putin', 'Zelenskyy') joins the latest cluster with that surname. Everything
else clusters by its folded name; places are merged further by the places stage, once it knows
that 'Kharkov' and 'Kharkiv' are one city.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from reportedly.entities.mentions import RawMention
from reportedly.entities.names import NameIndex, compatible_first
from reportedly.gazetteer import Gazetteer, normalize


@dataclass
class Cluster:
    label: str
    mentions: list[RawMention] = field(default_factory=list)
    surname: str = ""
    given: list[str] = field(default_factory=list)

    def full_names(self) -> list[str]:
        return [m.text for m in self.mentions if " " in m.text]


def _parts(text: str) -> list[str]:
    return [p for p in text.replace("’s", "").split() if p]


def cluster_people(mentions: list[RawMention]) -> list[Cluster]:
    """Each mention joins the latest cluster whose surname (or, for a lone word, given name)
    is the same name; clusters are found through name indexes, not by a scan of all."""
    clusters: list[Cluster] = []
    by_surname, by_given = NameIndex(), NameIndex()
    for m in mentions:
        parts = _parts(m.text)
        if not parts:
            continue
        surname = parts[-1]
        at = None
        for n in sorted(by_surname.find(surname), reverse=True):
            given = clusters[n].given
            if len(parts) == 1 or not given or compatible_first(given[0], parts[0]):
                at = n
                break
        if at is None and len(parts) == 1:
            # A lone given name or a name seen only as a surname so far.
            at = max(by_given.find(surname), default=None)
        if at is None:
            at = len(clusters)
            clusters.append(Cluster("PERSON", surname=surname, given=parts[:-1]))
            by_surname.add(surname, at)
            if parts[:-1]:
                by_given.add(parts[0], at)
        elif len(parts) > 1 and not clusters[at].given:
            clusters[at].given = parts[:-1]
            by_given.add(parts[0], at)
        target = clusters[at]
        if len(parts) == 1 and m.kind == "name":
            m.kind = "surname"
        target.mentions.append(m)
    return clusters


def cluster_others(mentions: list[RawMention]) -> list[Cluster]:
    by_key: dict[tuple[str, str], Cluster] = {}
    for m in mentions:
        group = "PLACE" if m.label in ("GPE", "LOC") else m.label
        key = (group, normalize(m.text))
        cluster = by_key.get(key)
        if cluster is None:
            cluster = by_key[key] = Cluster(m.label)
        cluster.mentions.append(m)
    return list(by_key.values())


def canonical_name(cluster: Cluster) -> str:
    """The longest full form, the most frequent among equals; the first if all are short."""
    texts = [m.text for m in cluster.mentions]
    counts = Counter(texts)
    best = max(texts, key=lambda t: (len(t.split()), counts[t], -texts.index(t)))
    return best


def norp_country(gaz: Gazetteer, text: str) -> str | None:
    """The ISO 3166-1 country a nationality word names ('Ukrainian' -> 'UA'), if any."""
    code = gaz.demonyms.get(normalize(text), "")
    if len(code) == 2:
        return code
    if len(code) > 3 and code[2] == "-":
        return code[:2]
    return None
