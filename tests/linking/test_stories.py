"""Stories: articles about one happening meet, others stay apart, incrementally and cheaply."""

from __future__ import annotations

from datetime import date, timedelta

from reportedly.linking import stories as st
from reportedly.linking.event_words import family
from reportedly.linking.eventcoref import EventMention, EventSettings, cluster_events, same_lemma
from reportedly.linking.stories import StoryClusterer, StoryDoc, StorySettings, story_doc
from reportedly.model import Document, Entity, Mention, Place, Report, Span


def _doc(doc_id: str, words: str, actors: dict[str, float] | None = None, **kw: object) -> StoryDoc:
    terms: dict[str, float] = {}
    for w in words.split():
        terms[w] = terms.get(w, 0.0) + 1.0
    return StoryDoc(id=doc_id, terms=terms, actors=actors or {}, **kw)  # type: ignore[arg-type]


FLOOD = "flood river valley evacuate dam rain levee town"
MINE = "mine collapse miner rescue shaft trapped tunnel coal"


def test_same_event_joins_and_other_event_starts_a_story() -> None:
    clusterer = StoryClusterer()
    a = clusterer.add(_doc("a", FLOOD, {"PERSON:okafor": 3}))
    b = clusterer.add(_doc("b", FLOOD + " water", {"PERSON:okafor": 2}))
    c = clusterer.add(_doc("c", MINE, {"PERSON:lindqvist": 3}))
    assert a == b != c
    stories = clusterer.stories()
    assert [len(s.docs) for s in stories] == [2, 1]
    assert clusterer.add(_doc("a", MINE)) == a  # a document is filed once


def test_main_actor_missing_from_the_story_starts_another() -> None:
    """Like words, other protagonists: two firings of two coaches are two stories."""
    first = _doc("a", "coach fired team season loss", {"PERSON:brandt": 4})
    second = _doc("b", "coach fired team owner statement", {"PERSON:oyelaran": 4})
    lenient = StoryClusterer(StorySettings(main_actor_penalty=0.0, actor_weight=0.0))
    assert lenient.add(first) == lenient.add(second)
    strict = StoryClusterer()
    assert strict.add(first) != strict.add(second)


def test_dates_far_apart_are_not_candidates_and_undated_still_meet() -> None:
    day = date(2024, 3, 1)
    clusterer = StoryClusterer(StorySettings(window_days=10))
    a = clusterer.add(_doc("a", FLOOD, published=day))
    late = clusterer.add(_doc("b", FLOOD, published=day + timedelta(days=60)))
    undated = clusterer.add(_doc("c", FLOOD))
    assert late != a
    assert undated in (a, late)


def test_story_lists_dates_actors_and_the_earliest_title() -> None:
    day = date(2024, 3, 5)
    clusterer = StoryClusterer()
    late = _doc("late", FLOOD, {"PERSON:okafor": 2}, published=day, title="Later")
    late = StoryDoc(**{**late.__dict__, "labels": {"a:PERSON:okafor": "Ada Okafor"}})
    early = _doc(
        "early", FLOOD, {"PERSON:okafor": 1}, published=day - timedelta(days=2), title="First"
    )
    clusterer.add(late)
    clusterer.add(early)
    (story,) = clusterer.stories()
    assert story.docs == ("late", "early")
    assert story.first_published == day - timedelta(days=2) and story.last_published == day
    assert story.title == "First"
    assert story.actors[0] == "Ada Okafor"


def test_blocking_compares_a_document_with_few_stories() -> None:
    """A thousand unrelated documents: each is scored against at most the stories sharing a
    key with it, never against all earlier ones."""
    scored = 0
    original = StoryClusterer.score

    def counting(self: StoryClusterer, *args: object) -> float:
        nonlocal scored
        scored += 1
        return original(self, *args)  # type: ignore[arg-type]

    StoryClusterer.score = counting  # type: ignore[method-assign]
    try:
        clusterer = StoryClusterer(StorySettings(max_postings=5, key_terms=3))
        for n in range(1000):
            clusterer.add(_doc(f"d{n}", f"common unique{n} other{n} more{n}"))
    finally:
        StoryClusterer.score = original  # type: ignore[method-assign]
    assert scored <= 1000 * (3 + 0) * 5
    assert len(clusterer.stories()) > 900


def test_story_doc_round_trips_as_plain_data() -> None:
    doc = StoryDoc(
        id="x",
        published=date(2024, 1, 2),
        title="T",
        terms={"flood": 2.0},
        actors={"PERSON:okafor": 1.0},
        places={2643743: 2.0},
        dates=frozenset({"01-02"}),
        year=2024,
        labels={"a:PERSON:okafor": "Ada Okafor"},
    )
    assert StoryDoc.from_dict(doc.to_dict()) == doc


def test_story_doc_reads_a_report() -> None:
    text = "Ada Okafor said the river flooded Lagos on 2 March 2024.\nThe river rose again."
    okafor, lagos = text.index("Ada Okafor"), text.index("Lagos")
    report = Report(
        reportedly_version="test",
        document=Document(id="r1", text=text, title="River floods", published=date(2024, 3, 3)),
        entities=[
            Entity(
                id="e1",
                type="PERSON",
                canonical="Ada Okafor",
                mentions=[Mention(span=Span.of(text, okafor, okafor + 10))],
            )
        ],
        places=[
            Place(
                id="p1",
                name="Lagos",
                geonames_id=2332459,
                mentions=[Span.of(text, lagos, lagos + 5)],
            )
        ],
    )
    doc = story_doc(report)
    assert doc.id == "r1" and doc.published == date(2024, 3, 3)
    assert doc.places == {2332459: 1.0}
    assert any(key.startswith("PERSON:") for key in doc.actors)
    assert doc.terms["river"] >= 3  # twice in the text, once more from the title
    assert "said" not in doc.terms


def test_cluster_stories_orders_by_date() -> None:
    docs = [
        _doc("b", FLOOD, published=date(2024, 3, 2)),
        _doc("a", FLOOD, published=date(2024, 3, 1)),
        _doc("c", MINE),
    ]
    result = st.cluster_stories(docs)
    assert [s.docs for s in result] == [("a", "b"), ("c",)]


def _mention(mid: str, doc: str, lemma: str, sentence: int = 0, group: str = "g") -> EventMention:
    return EventMention(id=mid, doc=doc, group=group, sentence=sentence, lemma=lemma)


def test_lemma_families_meet_inflections_and_derivations() -> None:
    assert family("shooting") == family("shoot") == family("shot")
    assert family("checks") == family("check")
    assert family("dies") == family("die") == family("death")
    assert family("quake") == family("earthquake")
    assert family("fire") != family("shoot")  # a gun or a coach: left to the lemma


def test_event_clusters_stay_inside_their_group() -> None:
    mentions = [
        _mention("m1", "d1", "shooting"),
        _mention("m2", "d2", "shot", sentence=3),
        _mention("m3", "d3", "shoot", group="other"),
        _mention("m4", "d1", "arrest", sentence=1),
    ]
    found = cluster_events(mentions)
    assert found["m1"] == found["m2"] != found["m3"]
    assert found["m4"] != found["m1"]
    baseline = same_lemma(mentions)
    assert baseline["m1"] != baseline["m2"]  # the baseline needs the very same lemma


def test_merging_by_context_never_joins_one_sentence() -> None:
    words = frozenset({"river", "flood", "town"})
    a = EventMention(id="a", doc="d1", group="g", sentence=0, lemma="flood", context=words)
    b = EventMention(id="b", doc="d1", group="g", sentence=0, lemma="evacuate", context=words)
    c = EventMention(id="c", doc="d2", group="g", sentence=4, lemma="inundate", context=words)
    found = cluster_events([a, b, c], EventSettings(merge_threshold=0.5))
    assert found["a"] != found["b"]  # same sentence: two happenings
    assert found["c"] in (found["a"], found["b"])  # another document, same words: merged


def test_refine_re_files_a_document_filed_too_early() -> None:
    """Filed first, a bridging document started a story that a later, closer story should
    hold; refining moves it, and leaves an empty story behind nowhere."""
    clusterer = StoryClusterer(StorySettings(threshold=0.5, main_actor_penalty=0.0))
    clusterer.add(_doc("a", "alpha beta gamma delta"))
    clusterer.add(_doc("b", "epsilon zeta eta theta"))
    clusterer.add(_doc("c", "epsilon zeta eta theta alpha"))
    clusterer.add(_doc("d", "epsilon zeta eta theta iota"))
    before = clusterer.assignment()
    clusterer.refine(3)
    after = clusterer.assignment()
    assert after["b"] == after["c"] == after["d"]
    assert set(after) == set(before)
    assert sum(len(s.docs) for s in clusterer.stories()) == 4
    assert all(s.docs for s in clusterer.stories())
