"""Closed vocabularies of the record, as plain ``Literal`` types: modules that only check or
list them (the ``eval`` commands at ``--help``, the PLOVER gold reader) need not build the
pydantic models of ``model``, which re-exports them."""

from __future__ import annotations

from typing import Literal

#: The 16 event categories of the current PLOVER manual (chapter 3).
EventCategory = Literal[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]
#: PLOVER's auxiliary modes (manual, section 2.3) plus the default: is the event said to have
#: happened, not to have happened, to be conditional, planned, or long past?
Modality = Literal["asserted", "negated", "hypothetical", "future", "historical"]
