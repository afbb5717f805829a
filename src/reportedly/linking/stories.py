"""Stories: articles about the same real-world event or question, grouped incrementally.

Each report becomes a ``StoryDoc`` (plain, storable features: content-word counts, actor keys,
place ids, event keys, explicit dates, published day). ``StoryClusterer.add`` scores a new
document against the stories it shares a key with (single-pass leader clustering, as in TDT
story detection) and joins the best one above ``StorySettings.threshold`` or starts a new one.

Cost: no all-pairs comparison. Candidates come from an inverted index from keys (actors,
places, the document's top weighted terms) to the stories most recently updated under each
key, at most ``max_postings`` per key, and within ``window_days`` of the document when both
dates are known; a document is compared with at most ``keys x max_postings`` stories, so a
corpus of n articles costs O(n) comparisons (plus the dictionary work).

Weights are inverse document frequencies kept as running counts over the documents added so
far (no background corpus ships with the package, and a stream of news changes what is rare);
early documents see flatter weights, which ``min_docs_for_idf`` smooths. Thresholds were
chosen on the ECB+ train split and checked on dev (``docs/ecb.md``).
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Any

from reportedly.linking.story_features import story_doc
from reportedly.linking.story_types import Story, StoryDoc, StorySettings

__all__ = ["Story", "StoryClusterer", "StoryDoc", "StorySettings", "cluster_stories", "story_doc"]


@dataclass
class _Story:
    """A story being built: summed features of its documents."""

    id: str
    docs: list[str] = field(default_factory=list)
    terms: Counter[str] = field(default_factory=Counter)
    actors: Counter[str] = field(default_factory=Counter)
    places: Counter[int] = field(default_factory=Counter)
    events: Counter[str] = field(default_factory=Counter)
    dates: Counter[str] = field(default_factory=Counter)
    years: Counter[int] = field(default_factory=Counter)
    labels: dict[str, str] = field(default_factory=dict)
    first: date | None = None
    last: date | None = None
    title: str | None = None
    title_day: date | None = None
    norm: float = 0.0
    norm_at: int = -1  # the document count when ``norm`` was computed

    def add(self, doc: StoryDoc) -> None:
        self.docs.append(doc.id)
        self.terms.update(doc.terms)
        self.actors.update(doc.actors)
        self.places.update(doc.places)
        self.events.update(doc.events)
        self.dates.update(doc.dates)
        if doc.year is not None:
            self.years[doc.year] += 1
        for key, label in doc.labels.items():
            self.labels.setdefault(key, label)
        if doc.published is not None:
            self.first = min(self.first or doc.published, doc.published)
            self.last = max(self.last or doc.published, doc.published)
        earlier = doc.published is not None and (
            self.title_day is None or doc.published < self.title_day
        )
        if doc.title and (self.title is None or earlier):
            self.title, self.title_day = doc.title, doc.published
        self.norm_at = -1

    def remove(self, doc: StoryDoc, members: Iterable[StoryDoc]) -> None:
        """Take one document out; ``members`` are the documents left (for dates and title)."""
        self.docs.remove(doc.id)
        self.terms.subtract(doc.terms)
        self.actors.subtract(doc.actors)
        self.places.subtract(doc.places)
        self.events.subtract(doc.events)
        self.dates.subtract(doc.dates)
        if doc.year is not None:
            self.years[doc.year] -= 1
        for counter in (self.terms, self.actors, self.places, self.events, self.dates, self.years):
            for key in [k for k, v in counter.items() if v <= 0]:
                del counter[key]
        self.first = self.last = self.title = self.title_day = None
        kept = list(members)
        for member in kept:
            if member.published is not None:
                self.first = min(self.first or member.published, member.published)
                self.last = max(self.last or member.published, member.published)
        for member in kept:
            earlier = member.published is not None and (
                self.title_day is None or member.published < self.title_day
            )
            if member.title and (self.title is None or earlier):
                self.title, self.title_day = member.title, member.published
        self.norm_at = -1


class StoryClusterer:
    """Incremental story clustering: ``add`` one document at a time, read ``stories()``."""

    def __init__(self, settings: StorySettings | None = None, prefix: str = "s") -> None:
        self.settings = settings or StorySettings()
        self._prefix = prefix
        self._stories: dict[str, _Story] = {}
        self._assigned: dict[str, str] = {}
        self._docs: dict[str, StoryDoc] = {}
        self._df: Counter[str] = Counter()  # keys: "t:" terms, "a:" actors, "p:" places ...
        self._count = 0
        self._index: dict[str, OrderedDict[str, None]] = {}

    # -- weights -------------------------------------------------------------------------

    def _idf(self, key: str) -> float:
        n = max(self._count, self.settings.min_docs_for_idf)
        return math.log((n + 1) / (self._df.get(key, 0) + 1)) + 1.0

    def _doc_vector(self, doc: StoryDoc) -> dict[str, float]:
        return {t: _tf(c) * self._idf("t:" + t) for t, c in doc.terms.items()}

    def _cosine(self, mine: Mapping[Any, float], theirs: Counter[Any], prefix: str) -> float:
        """Tf-idf cosine of a document's counts with a story's summed counts (for actors and
        places: few keys, so the story side is computed in full)."""
        if not mine or not theirs:
            return 0.0
        a = {k: _tf(c) * self._idf(f"{prefix}{k}") for k, c in mine.items()}
        b = {k: _tf(c) * self._idf(f"{prefix}{k}") for k, c in theirs.items()}
        dot = sum(v * b[k] for k, v in a.items() if k in b)
        na = math.sqrt(sum(v * v for v in a.values()))
        nb = math.sqrt(sum(v * v for v in b.values()))
        return dot / (na * nb) if na and nb else 0.0

    def _story_norm(self, story: _Story) -> float:
        """The norm of the story's term centroid, refreshed when the story changed or the
        weights have moved (ten per cent more documents since): a story's vocabulary can be
        large, so it is not recomputed for every candidate."""
        stale = story.norm_at < 0 or self._count > 1.1 * story.norm_at + 10
        if stale:
            story.norm = math.sqrt(
                sum((_tf(c) * self._idf("t:" + t)) ** 2 for t, c in story.terms.items())
            )
            story.norm_at = self._count
        return story.norm

    # -- scoring -------------------------------------------------------------------------

    def _keys(self, doc: StoryDoc, vector: Mapping[str, float]) -> list[str]:
        s = self.settings
        keys = [f"a:{a}" for a in doc.actors] + [f"p:{p}" for p in doc.places]
        keys += [f"e:{e}" for e in doc.events]
        top = heapq.nlargest(s.key_terms, vector.items(), key=lambda kv: (kv[1], kv[0]))
        keys += [f"t:{t}" for t, _ in top]
        return keys

    def _candidates(self, doc: StoryDoc, keys: Iterable[str]) -> list[_Story]:
        s = self.settings
        found: dict[str, _Story] = {}
        for key in keys:
            posting = self._index.get(key)
            if not posting:
                continue
            for story_id in islice(reversed(posting), s.max_postings):
                if story_id not in found and story_id in self._stories:
                    story = self._stories[story_id]
                    if _within(doc.published, story, s.window_days):
                        found[story_id] = story
        return list(found.values())

    def score(self, doc: StoryDoc, story: _Story, vector: Mapping[str, float]) -> float:
        """How well a document fits a story: weighted text cosine, actor, place, event and
        date overlaps (each 0..1), less a penalty that grows with the days between them."""
        s = self.settings
        norm = math.sqrt(sum(v * v for v in vector.values()))
        story_norm = self._story_norm(story)
        dot = sum(
            v * _tf(story.terms[t]) * self._idf("t:" + t)
            for t, v in vector.items()
            if t in story.terms
        )
        text = dot / (norm * story_norm) if norm and story_norm else 0.0
        score = s.text_weight * text
        score += s.actor_weight * self._cosine(doc.actors, story.actors, "a:")
        score += s.place_weight * self._cosine(doc.places, story.places, "p:")
        score += s.event_weight * self._share(doc.events, story.events, "e:")
        if doc.dates and story.dates:
            shared = sum(1 for d in doc.dates if d in story.dates)
            score += s.date_weight * (1.0 if shared else -1.0)
        if doc.year is not None and story.years:
            score += s.year_weight * (1.0 if doc.year in story.years else -1.0)
        if s.main_actor_penalty and doc.actors:
            main, count = max(doc.actors.items(), key=lambda kv: (kv[1], kv[0]))
            if count >= s.main_mentions and main not in story.actors:
                score -= s.main_actor_penalty
        if doc.published is not None and story.first is not None and story.last is not None:
            days = _days_apart(doc.published, story.first, story.last)
            score -= s.day_penalty * min(days, s.window_days) / max(s.window_days, 1)
        return score

    def _share(self, mine: Iterable[Any], theirs: Counter[Any], prefix: str) -> float:
        """The weight of my keys the story has, over the weight of all my keys."""
        total = shared = 0.0
        for key in mine:
            w = self._idf(prefix + str(key))
            total += w
            if key in theirs:
                shared += w
        return shared / total if total else 0.0

    # -- the API -------------------------------------------------------------------------

    def add(self, doc: StoryDoc) -> str:
        """File one document: the id of the story it joined or started."""
        if doc.id in self._assigned:
            return self._assigned[doc.id]
        self._count += 1
        for key in _df_keys(doc):
            self._df[key] += 1
        vector = self._doc_vector(doc)
        keys = self._keys(doc, vector)
        best: _Story | None = None
        best_score = self.settings.threshold
        for story in self._candidates(doc, keys):
            value = self.score(doc, story, vector)
            if value >= best_score:
                best, best_score = story, value
        if best is None:
            best = _Story(id=self._new_id())
            self._stories[best.id] = best
        best.add(doc)
        self._assigned[doc.id] = best.id
        self._docs[doc.id] = doc
        for key in keys:
            posting = self._index.setdefault(key, OrderedDict())
            posting[best.id] = None
            posting.move_to_end(best.id)
        return best.id

    def restore(self, doc: StoryDoc, story_id: str) -> None:
        """Replay a stored assignment (a corpus's earlier runs): ``doc`` joins ``story_id``,
        made if new, without scoring; weights and index move as ``add`` would move them."""
        if doc.id in self._assigned:
            return
        self._count += 1
        for key in _df_keys(doc):
            self._df[key] += 1
        story = self._stories.setdefault(story_id, _Story(id=story_id))
        story.add(doc)
        self._assigned[doc.id] = story_id
        self._docs[doc.id] = doc
        for key in self._keys(doc, self._doc_vector(doc)):
            posting = self._index.setdefault(key, OrderedDict())
            posting[story_id] = None
            posting.move_to_end(story_id)

    def refine(self, rounds: int = 1) -> int:
        """Re-file every document against the stories as they now stand (its own story
        without it), as k-means does: the first documents were filed against few stories and
        flat weights. Same candidates and threshold as ``add``; returns how many moved."""
        moved = 0
        for _ in range(rounds):
            changed = 0
            for doc_id in list(self._assigned):
                doc = self._docs[doc_id]
                home = self._stories[self._assigned[doc_id]]
                home.remove(doc, (self._docs[d] for d in home.docs if d != doc_id))
                vector = self._doc_vector(doc)
                keys = self._keys(doc, vector)
                best: _Story | None = home if home.docs else None
                best_score = self.score(doc, home, vector) if home.docs else -math.inf
                best_score = max(best_score, self.settings.threshold)
                for story in self._candidates(doc, keys):
                    if story is home or not story.docs:
                        continue
                    value = self.score(doc, story, vector)
                    if value > best_score:
                        best, best_score = story, value
                if best is None:
                    best = home  # alone again, in the story it had
                best.add(doc)
                if best is not home:
                    changed += 1
                    self._assigned[doc_id] = best.id
                    if not home.docs:
                        del self._stories[home.id]
                    for key in keys:
                        posting = self._index.setdefault(key, OrderedDict())
                        posting[best.id] = None
                        posting.move_to_end(best.id)
            moved += changed
            if not changed:
                break
        return moved

    def _new_id(self) -> str:
        """The next free story id (a restored corpus may have gaps)."""
        number = len(self._stories) + 1
        while f"{self._prefix}{number}" in self._stories:
            number += 1
        return f"{self._prefix}{number}"

    def assignment(self) -> dict[str, str]:
        """Document id -> story id, for every document added."""
        return dict(self._assigned)

    def stories(self) -> list[Story]:
        """The stories so far, largest first (then by first date, then id)."""
        out = [self._public(s) for s in self._stories.values()]
        return sorted(out, key=lambda s: (-len(s.docs), s.first_published or date.max, s.id))

    def _public(self, story: _Story) -> Story:
        top = self.settings.top_keys
        actors = tuple(story.labels.get(f"a:{a}", a) for a, _ in story.actors.most_common(top))
        places = tuple(p for p, _ in story.places.most_common(top))
        if story.title:
            title = story.title
        else:
            weighted = sorted(
                story.terms, key=lambda t: (-_tf(story.terms[t]) * self._idf("t:" + t), t)
            )
            title = " ".join(weighted[:top])
        return Story(
            id=story.id,
            docs=tuple(story.docs),
            first_published=story.first,
            last_published=story.last,
            actors=actors,
            places=places,
            title=title,
        )


def cluster_stories(docs: Iterable[StoryDoc], settings: StorySettings | None = None) -> list[Story]:
    """Stories of a handful of documents, added in date order (undated last, stable), then
    refined."""
    ordered = sorted(docs, key=lambda d: (d.published is None, d.published or date.min))
    clusterer = StoryClusterer(settings)
    for doc in ordered:
        clusterer.add(doc)
    clusterer.refine(clusterer.settings.refine_rounds)
    return clusterer.stories()


def _tf(count: float) -> float:
    return 1.0 + math.log(count) if count > 0 else 0.0


def _df_keys(doc: StoryDoc) -> Iterable[str]:
    yield from (f"t:{t}" for t in doc.terms)
    yield from (f"a:{a}" for a in doc.actors)
    yield from (f"p:{p}" for p in doc.places)
    yield from (f"e:{e}" for e in doc.events)


def _days_apart(day: date, first: date, last: date) -> int:
    if day < first:
        return (first - day).days
    if day > last:
        return (day - last).days
    return 0


def _within(day: date | None, story: _Story, window: int) -> bool:
    """Unknown dates never rule a story out; known ones must lie within the window."""
    if day is None or story.first is None or story.last is None:
        return True
    return _days_apart(day, story.first, story.last) <= window
