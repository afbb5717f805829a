"""From a ``Report`` to the plain features story clustering compares (``StoryDoc``).

Reads records only (layer 4): content words from ``linking.text``, actor keys from
``corpus.actors``, GeoNames ids of resolved places, event types, explicit calendar days.
"""

from __future__ import annotations

import re
from collections import Counter

from reportedly.corpus.actors import actor_key
from reportedly.events.coding import plover_category
from reportedly.linking.items import participant_keys
from reportedly.linking.story_types import StoryDoc
from reportedly.linking.text import content_words
from reportedly.model import Report

_YEAR = re.compile(r"^\d{4}$")
_DAY = re.compile(r"^(?:\d{4}|XXXX)-(\d{2})-(\d{2})$")


def story_doc(report: Report, *, title_weight: int = 2) -> StoryDoc:
    """The story features of one report (the document id is the report's)."""
    document = report.document
    terms: Counter[str] = Counter(content_words(document.text))
    if document.title:
        for word in content_words(document.title):
            terms[word] += title_weight - 1 if word in terms else title_weight
    actors: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for entity in report.entities:
        key = actor_key(entity)
        if key is None:
            continue
        name = f"{key.type}:{key.match_key}" if key.type == "PERSON" else key.key
        actors[name] += max(1, len(entity.mentions))
        labels.setdefault(f"a:{name}", entity.canonical)
    places: Counter[int] = Counter()
    for place in report.places:
        if place.geonames_id is not None:
            places[place.geonames_id] += max(1, len(place.mentions))
    # An event is a story key by its category and a named actor ("ASSAULT:russia"): the
    # category alone is shared by most war reporting and would pull stories together.
    events = {
        f"{plover_category(event)}:{key}"
        for event in report.events
        for key in participant_keys(event.actors)
    }
    dates = set()
    years = [
        int(t.value)
        for t in report.times
        if t.type == "DATE" and not t.relative and t.value and _YEAR.match(t.value)
    ]
    for time in report.times:
        match = _DAY.match(time.value or "") if time.type == "DATE" else None
        if match:
            dates.add(f"{match.group(1)}-{match.group(2)}")
    return StoryDoc(
        id=document.id,
        published=document.published,
        title=document.title,
        terms={t: float(c) for t, c in terms.items()},
        actors={a: float(c) for a, c in actors.items()},
        places={p: float(c) for p, c in places.items()},
        events=frozenset(events),
        dates=frozenset(dates),
        year=max(years) if years else None,
        labels=labels,
    )
