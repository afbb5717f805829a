"""Stage `reportedly_times`: time expressions as TIMEX3 values anchored on the publication date.

Detection is spaCy's DATE/TIME entities plus regex patterns (``reportedly.times.detect``);
the tense of the governing verb decides the direction of relative expressions
(``reportedly.times.tense``); ``reportedly.times.normalise`` writes the TIMEX3 value. With no
publication date, relative expressions stay underspecified rather than anchored on today.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from reportedly import contract
from reportedly.contract import ASSIGNS
from reportedly.model import Span, TimeExpression
from reportedly.stages.budget import budgeted
from reportedly.times import normalise
from reportedly.times.detect import build_matcher, find
from reportedly.times.tense import direction

VERSION = "1.0.0"

_FORCED_TYPE = {"SET": "SET"}
#: How many tokens back a named quarter still colours "the quarter" or "a year earlier".
_QUARTER_REACH = 300
#: Reporting periods longer than a quarter: once named, "a year earlier" no longer means the
#: quarter named before them.
_LONGER_PERIODS = frozenset({"P6M", "P9M"})
#: A year, month or day on the calendar: what "that year" or "later that day" can refer to.
_CALENDAR = re.compile(r"\d{4}(?:-\d\d){0,2}")


class TimesStage:
    """Writes ``TimeExpression`` records into ``parts(doc)["times"]``."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = build_matcher(nlp.vocab)

    @budgeted
    def __call__(self, doc: Doc) -> Doc:
        anchor = contract.published(doc)
        text = doc.text  # a property that joins every token: read it once
        records: list[TimeExpression] = []
        quarter: tuple[str, int] | None = None  # the last quarter named, and where
        mentioned: str | None = None  # the last calendar date named ("1998-06")
        for span, label in find(doc, self.matcher, text):
            tense = direction(span)
            near = quarter is not None and span.start - quarter[1] <= _QUARTER_REACH
            timex = normalise(
                span.text,
                anchor,
                tense,
                quarter[0] if quarter and near else None,
                before=doc[span.start - 1].lower_ if span.start > 0 else "",
                after=doc[span.end].lower_ if span.end < len(doc) else "",
                mentioned=mentioned,
            )
            if timex.type == "DATE" and timex.value and _CALENDAR.fullmatch(timex.value):
                mentioned = timex.value
            if _names_quarter(span.text) and timex.value and timex.value[-1].isdigit():
                if tense != "future" or not _still_open(timex.value, anchor):
                    quarter = (timex.value, span.start)
            elif timex.value in _LONGER_PERIODS or (timex.value or "")[-3:] in ("-H1", "-H2"):
                quarter = None  # "for the nine months ... a year earlier": the year before
            kind = _FORCED_TYPE.get(label or "", timex.type)
            records.append(
                TimeExpression(
                    id=f"t{len(records) + 1}",
                    span=Span.of(text, span.start_char, span.end_char),
                    type=kind,  # type: ignore[arg-type]
                    value=timex.value,
                    granularity=timex.granularity,  # type: ignore[arg-type]
                    relative=timex.relative,
                    anchor=anchor if timex.relative and anchor is not None else None,
                    direction=tense if tense in ("past", "future", "present") else None,  # type: ignore[arg-type]
                )
            )
        contract.parts(doc)["times"] = records
        return doc


def _still_open(quarter: str, anchor: date | None) -> bool:
    """A quarter not yet over at publication: when it is only forecast ("expects a loss in
    the fourth quarter"), "during the quarter" later on is still the quarter reported."""
    year, q = quarter.split("-Q") if "-Q" in quarter else ("", "")
    if anchor is None or not (year.isdigit() and q.isdigit()):
        return False
    return (int(year), int(q)) >= (anchor.year, (anchor.month - 1) // 3 + 1)


def _names_quarter(text: str) -> bool:
    """A quarter named outright ("the third quarter"), not one read off the context."""
    lower = text.lower()
    return "quarter" in lower and not any(w in lower for w in ("ago", "earlier", "the quarter"))


@Language.factory(
    "reportedly_times",
    assigns=ASSIGNS,
    # token.pos too: set by the attribute ruler, which declares no assigns
    requires=["doc.ents", "token.dep", "token.lemma", "token.tag"],
)
def make_times_stage(nlp: Language, name: str) -> TimesStage:
    return TimesStage(nlp)
