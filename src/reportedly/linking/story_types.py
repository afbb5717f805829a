"""The plain records of story clustering: a document's features, a story, the settings.

Kept apart from the clusterer so a store can build and keep ``StoryDoc`` rows (``to_dict`` /
``from_dict``) without the clustering code, and so the settings can be handed around as data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class StoryDoc:
    """The features of one report that story clustering reads, computed once.

    ``terms`` are counts of stemmed content words (title words count twice); ``actors`` count
    the mentions of each corpus actor key (``PERSON:<surname key>`` for people, so a surname
    alone meets the full name); ``places`` count the mentions of each GeoNames id;
    ``events`` event types (when the report has events); ``dates`` explicit calendar days
    named in the text (``MM-DD``);
    ``labels`` readable names of actor keys (``a:<key>`` -> name) for story summaries.
    """

    id: str
    published: date | None = None
    title: str | None = None
    terms: dict[str, float] = field(default_factory=dict)
    actors: dict[str, float] = field(default_factory=dict)
    places: dict[int, float] = field(default_factory=dict)
    events: frozenset[str] = frozenset()
    dates: frozenset[str] = frozenset()
    #: The latest calendar year the text names outright: a hint of when it was written.
    year: int | None = None
    labels: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (sorted sets), for a store."""
        return {
            "id": self.id,
            "published": self.published.isoformat() if self.published else None,
            "title": self.title,
            "terms": dict(sorted(self.terms.items())),
            "actors": dict(sorted(self.actors.items())),
            "places": {str(k): v for k, v in sorted(self.places.items())},
            "events": sorted(self.events),
            "dates": sorted(self.dates),
            "year": self.year,
            "labels": dict(sorted(self.labels.items())),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoryDoc:
        published = data.get("published")
        return cls(
            id=data["id"],
            published=date.fromisoformat(published) if published else None,
            title=data.get("title"),
            terms={str(k): float(v) for k, v in data.get("terms", {}).items()},
            actors={str(k): float(v) for k, v in data.get("actors", {}).items()},
            places={int(k): float(v) for k, v in data.get("places", {}).items()},
            events=frozenset(data.get("events", ())),
            dates=frozenset(data.get("dates", ())),
            year=data.get("year"),
            labels=dict(data.get("labels", {})),
        )


@dataclass(frozen=True)
class Story:
    """One story: its documents in the order they joined, dates, main actors and places."""

    id: str
    docs: tuple[str, ...]
    first_published: date | None
    last_published: date | None
    actors: tuple[str, ...]
    places: tuple[int, ...]
    title: str


@dataclass(frozen=True)
class StorySettings:
    """How stories are formed. Weights and threshold chosen on ECB+ train (``docs/ecb.md``).

    A document joins the best-scoring candidate story when its score reaches ``threshold``;
    the score is ``text_weight`` x tf-idf cosine with the story centroid, plus the weighted
    tf-idf cosines of the actors' and places' mention counts with the story's, plus the
    idf-weighted share of the document's events the story has, plus
    ``date_weight`` when both name calendar days (minus it when none is shared), minus
    ``day_penalty`` scaled by the days between the document and the story's date range.
    """

    threshold: float = 0.35
    text_weight: float = 1.0
    actor_weight: float = 1.0
    place_weight: float = 0.3
    event_weight: float = 0.1
    date_weight: float = 0.0
    #: Added when the document's latest named year is one of the story's, taken off when not.
    year_weight: float = 0.1
    #: Taken off when the document's main actor (most mentions, at least ``main_mentions``)
    #: is nowhere in the story: the same question with other protagonists is another story.
    main_actor_penalty: float = 0.4
    main_mentions: int = 3
    day_penalty: float = 0.2
    #: Stories more than this many days from a dated document are not candidates.
    window_days: int = 30
    #: Blocking: the document's highest-weighted terms used as index keys.
    key_terms: int = 10
    #: Blocking: only the stories most recently updated under a key are candidates.
    max_postings: int = 50
    #: Idf as if at least this many documents had been seen (steadies the first ones).
    min_docs_for_idf: int = 20
    #: Passes of ``StoryClusterer.refine`` that ``cluster_stories`` and the ECB+ eval run
    #: (each re-files every document once; stops early when nothing moves).
    refine_rounds: int = 3
    #: How many actors, places and title terms a ``Story`` lists.
    top_keys: int = 5
