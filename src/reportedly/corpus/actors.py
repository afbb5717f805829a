"""Corpus-level actors: the same person or organisation across documents is one actor.

A person's key is built from the romanisation-neutral keys of the project's name rules
(``entities.names.name_key``), so "Zelensky", "Zelenskyy" and "Zelenskiy" meet; the given
name is part of the key when the article gives one ("President Vladimir Putin" and a later
"Putin" are one entity within an article already, named by its full form). An article that
names someone by surname only joins the actor with that surname seen most often, if any.
Other entities are keyed by type and folded canonical name.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportedly.entities.names import fold, name_key
from reportedly.model import Entity

#: Entity types that are actors (who can claim, be claimed about, act); places are ``places``.
ACTOR_TYPES = frozenset({"PERSON", "ORG", "NORP", "GPE"})


@dataclass(frozen=True)
class ActorKey:
    key: str
    type: str
    name: str
    match_key: str
    #: A person named by surname alone: may join an existing actor with a given name.
    surname_only: bool = False


def _name_parts(name: str) -> list[str]:
    return [p for p in name.replace("’s", "").replace("'s", "").split() if p]


def actor_key(entity: Entity) -> ActorKey | None:
    """The corpus key of an entity, or None for entities that are not actors."""
    if entity.type not in ACTOR_TYPES:
        return None
    if entity.type == "PERSON":
        parts = _name_parts(entity.canonical)
        if not parts:
            return None
        surname = name_key(parts[-1])
        given = name_key(parts[0]) if len(parts) > 1 else ""
        return ActorKey(
            key=f"PERSON:{given}:{surname}",
            type="PERSON",
            name=entity.canonical,
            match_key=surname,
            surname_only=not given,
        )
    folded = " ".join(fold(entity.canonical).split())
    if not folded:
        return None
    return ActorKey(
        key=f"{entity.type}:{folded}", type=entity.type, name=entity.canonical, match_key=folded
    )


def match_keys(name: str) -> set[str]:
    """What a name typed by a user may match in ``actors.match_key``: as a surname, and as a
    whole folded name."""
    parts = _name_parts(name)
    keys = {" ".join(fold(name).split())}
    if parts:
        keys.add(name_key(parts[-1]))
    return {k for k in keys if k}
