"""From what an event says happened to the category a PLOVER coder records.

An ``Event`` keeps the category its trigger names and a separate modality, so "Putin intends
to address the Federal Assembly" stays a future CONSULT. The PLOVER manual folds some of those
pairs into one category instead; ``plover_category`` applies its rules, so the evaluation and
exports for PLOVER users code as the manual does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportedly.model import Event

#: Manual 3.1: cooperative CONSULT, SUPPORT, COOPERATE and AID reported in future tense are
#: intentions, coded AGREE (a conditional offer, "would meet if ...", likewise).
_COOPERATION = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})
#: Manual 2.3: "THREATEN could be ASSAULT + hypothetical"; the coder returns the one category.
#: The same holds for the other material conflict announced for later ("will boycott the
#: elections unless ...", "plans to impose restrictions").
_MATERIAL_CONFLICT = frozenset({"PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})


#: The THREATEN mode (manual table 3.6) of a material conflict announced for later: what the
#: threat is of. Keys are "CATEGORY/mode" first, then "CATEGORY".
_THREAT_MODES = {
    "COERCE/arrest": "arrest",
    "COERCE/deport": "expel",
    "SANCTION/expel": "expel",
    "COERCE/seize": "territory",
    "SANCTION": "relations",
    "COERCE": "restrict",
    "PROTEST": "restrict",
    "ASSAULT": "violence",
    "MOBILIZE": "violence",
}


def plover_coding(event: Event) -> tuple[str, str | None]:
    """The PLOVER category and mode a coder records for ``event``: the mode of a threat is
    what it threatens; a category the manual folds in leaves no mode of its own."""
    category = plover_category(event)
    if category == event.type:
        return category, event.mode
    if category == "THREATEN":
        key = f"{event.type}/{event.mode}"
        return category, _THREAT_MODES.get(key, _THREAT_MODES.get(event.type))
    return category, None


def plover_category(event: Event) -> str:
    """The PLOVER manual's category for ``event`` (its sections 2.3, 3.1 and 3.4 applied;
    an agreement or concession said not to happen is a REJECT)."""
    pending = event.modality in ("future", "hypothetical")
    if pending and event.type in _COOPERATION:
        return "AGREE"
    if event.modality == "future" and event.type == "RETREAT":
        return "CONCEDE"  # 3.4: an announced retreat is a CONCEDE
    if pending and event.type in _MATERIAL_CONFLICT:
        return "THREATEN"
    if event.modality == "negated" and event.type in ("AGREE", "CONCEDE"):
        return "REJECT"
    return event.type
