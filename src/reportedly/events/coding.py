"""From what an event says happened to the category a PLOVER coder records.

An ``Event`` keeps the category its trigger names and a separate modality, so "Putin intends
to address the Federal Assembly" stays a future CONSULT. The PLOVER manual folds some of those
pairs into one category instead; ``plover_category`` applies its rules, so the evaluation and
exports for PLOVER users code as the manual does.
"""

from __future__ import annotations

from reportedly.model import Event

#: Manual 3.1: cooperative CONSULT, SUPPORT, COOPERATE and AID reported in future tense are
#: intentions, coded AGREE.
_FUTURE_COOPERATION = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})


def plover_category(event: Event) -> str:
    """The PLOVER manual's category for ``event`` (its sections 3.1 and 3.4 applied)."""
    if event.modality == "future":
        if event.type in _FUTURE_COOPERATION:
            return "AGREE"
        if event.type == "RETREAT":  # 3.4: an announced retreat is a CONCEDE
            return "CONCEDE"
    return event.type
