"""The gazetteer as a second toponym detector, for place names the small model missed.

spaCy's small model folds places into other names ('the Jefferson County Sheriff's Office',
'the Kharkiv regional administration'), tags them ORG or PERSON ('in Edmonton', 'Weems'), or
leaves them untagged ('a Winona man', 'KYIV, Ukraine (AP) —'). A gazetteer match alone is no
place ('Police', 'Bank', 'Smith College' are all towns somewhere), so each match needs one of
the contexts below. Each was kept because it made the match a gold toponym in at least about
70% of cases on the dev corpora (LGL and TR-News; figures in ``docs/places.md``):

- a dateline: a line that starts with the name in capitals and a dash or comma;
- ``Name, State`` ('Danbury, Conn.', 'Tabriz, Iran');
- a head word right after the name at the start of another name or alone ('the Kharkiv
  regional administration', 'a Winona man'; ``data/toponym_context.json``),
  for towns of 5,000 or more, countries and divisions;
- a country or division at the start of another name ('the Texas Alcoholic Beverage
  Commission');
- a one-name ORG, PERSON or FAC after a place preposition ('in Edmonton', 'from Weems');
- the same name read as a place elsewhere in the document (one sense per discourse).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from spacy.attrs import IS_PUNCT, IS_STOP, IS_TITLE, IS_UPPER, LENGTH, LIKE_NUM, LOWER, ORTH, SPACY
from spacy.tokens import Doc

from reportedly import resources
from reportedly.entities.names import role_words
from reportedly.gazetteer import Gazetteer, normalize
from reportedly.places.resolver import not_places, place_words

MAX_TOKENS = 4
HEAD_MIN_POPULATION = 5_000
STRONG_FEATURES = frozenset({"country", "subdivision"})
DASHES = frozenset({"-", "--", "—", "–"})
PLACES = frozenset({"GPE", "LOC"})
#: Lower-case words a place name may hold between capitalised ones.
JOINING_WORDS = ("of", "and", "de", "del", "da", "do", "la", "le", "upon", "on", "-", "al", "el")

#: (start, end, label) token ranges of the names found so far.
Named = tuple[int, int, str]


@functools.cache
def context_words() -> dict[str, frozenset[str]]:
    """The word lists of ``data/toponym_context.json``, case-folded."""
    schema = dict.fromkeys(("heads", "prepositions", "state_abbreviations"), list)
    table = resources.load_json("toponym_context.json", schema)
    return {k: frozenset(w.casefold() for w in v) for k, v in table.items() if k != "_doc"}


def _candidates(doc: Doc, gaz: Gazetteer, taken: set[int]) -> Iterable[tuple[int, int]]:
    """Longest gazetteer names of up to four words that start and end with a capitalised
    word (lower-case joining words allowed inside: 'Bosnia and Herzegovina'), outside places
    already found. Read from the token arrays: Token objects for every word cost more than
    the rest of the stage."""
    n = len(doc)
    title, upper, punct, number, stop, length, lower, orth, space = doc.to_array(
        [IS_TITLE, IS_UPPER, IS_PUNCT, LIKE_NUM, IS_STOP, LENGTH, LOWER, ORTH, SPACY]
    ).T.tolist()
    strings = doc.vocab.strings
    joins = {strings.add(w) for w in JOINING_WORDS}
    possessives = {strings.add(w) for w in ("'s", "’s")}
    capital = [
        bool((title[k] or (upper[k] and length[k] > 1)) and not punct[k] and not number[k])
        for k in range(n)
    ]
    words = [strings[o] for o in orth]

    def text(start: int, end: int) -> str:
        return "".join(
            words[k] + (" " if space[k] and k < end - 1 else "") for k in range(start, end)
        )

    i = 0
    while i < n:
        if not capital[i] or i in taken or (stop[i] and not upper[i]):
            i += 1
            continue
        ends = []
        for j in range(i + 1, min(n, i + MAX_TOKENS) + 1):
            k = j - 1
            if k in taken:
                break
            if capital[k] and lower[k] not in possessives:
                ends.append(j)
            elif lower[k] not in joins:
                break
        best = next(
            (j for j in reversed(ends) if gaz.lookup(text(i, j))),
            None,
        )
        if best is None:
            i += 1
        else:
            yield i, best
            i = best


def _noise(doc: Doc, gaz: Gazetteer, start: int, end: int, person_words: set[str]) -> bool:
    """Matches no context can save: a word of a person's full name, a title or type word on
    its own, a nationality, a short acronym, a name of no place ('the West')."""
    span = doc[start:end]
    text = span.text
    key = normalize(text)
    if key in not_places() or key in gaz.demonyms:
        return True
    if any(normalize(w) in person_words for w in text.split()):
        return True
    words = role_words()
    heads = context_words()["heads"]
    if all(
        t.lower_ in heads or t.lower_ in words["titles"] or normalize(t.text) in place_words()
        for t in span
    ):
        return True
    return end - start == 1 and span[0].is_upper and len(text) <= 3


def _at_line_start(doc: Doc, i: int) -> bool:
    return i == 0 or doc[i - 1].is_space or "\n" in doc[i - 1].text_with_ws


def _strong(gaz: Gazetteer, slots: Iterable[int]) -> bool:
    return any(gaz.feature[s] in STRONG_FEATURES for s in slots)


def _state_follows(doc: Doc, gaz: Gazetteer, end: int) -> bool:
    """'Name, Conn.' or 'Name, Iran': a comma, then a state abbreviation or a country or
    division name."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return False
    nxt = doc[end + 1]
    if nxt.lower_ in context_words()["state_abbreviations"]:
        return True
    return any(
        _strong(gaz, gaz.lookup(doc[end + 1 : stop].text))
        for stop in (end + 2, end + 3)
        if stop <= len(doc)
    )


class Found(NamedTuple):
    """A toponym the model missed: its token range, whether it is a whole name found under
    another label (to be relabelled) rather than a new mention (untagged, or inside another
    name), and the rule that found it."""

    start: int
    end: int
    whole: bool
    rule: str


def missed_toponyms(
    doc: Doc, gaz: Gazetteer, named: list[Named], person_words: set[str]
) -> list[Found]:
    """Place names the model missed, in text order."""
    words = context_words()
    owner: dict[int, Named] = {}
    place_keys: set[str] = set()
    taken: set[int] = set()
    tagged: Counter[str] = Counter()
    as_person: Counter[str] = Counter()
    for start, end, kind in named:
        for i in range(start, end):
            owner[i] = (start, end, kind)
        key = normalize(doc[start:end].text)
        tagged[key] += 1
        as_person[key] += kind == "PERSON"
        if kind in PLACES:
            taken.update(range(start, end))
            place_keys.add(normalize(doc[start:end].text))
    found: list[Found] = []
    waiting: list[tuple[int, int, bool]] = []  # a place if the name is one elsewhere
    for start, end in _candidates(doc, gaz, taken):
        if _noise(doc, gaz, start, end, person_words):
            continue
        own = owner.get(start)
        label = own[2] if own else None
        lead = own is not None and own[0] == start
        whole = lead and own is not None and own[1] == end
        nxt = doc[end] if end < len(doc) else None
        prev = doc[start - 1] if start > 0 else None
        key = normalize(doc[start:end].text)
        slots = gaz.lookup(doc[start:end].text)
        strong = _strong(gaz, slots)
        # A name the model reads as a person at least half the other times it tags it needs
        # more than a preposition or the name's other uses ('Bell', 'Welch' are towns too).
        others = tagged[key] - whole
        personal = not strong and (as_person[key] - (whole and label == "PERSON")) * 2 >= others > 0
        populous = strong or any(gaz.population[s] >= HEAD_MIN_POPULATION for s in slots)
        headed = nxt is not None and nxt.lower_ in words["heads"]
        free = own is None and all(t.pos_ == "PROPN" for t in doc[start:end])
        after_preposition = prev is not None and prev.lower_ in words["prepositions"]
        rule = None
        if (
            _at_line_start(doc, start)
            and doc[start:end].text.isupper()
            and nxt is not None
            and (nxt.text in DASHES or nxt.text == ",")
        ):
            rule = "dateline"
        elif _state_follows(doc, gaz, end):
            rule = "comma_state"
        elif headed and populous and (lead or free):
            rule = "head_word"
        elif strong and lead:
            rule = "country_or_division_leads"
        elif personal:
            pass
        elif whole and after_preposition and label in ("ORG", "PERSON", "FAC"):
            rule = "after_preposition"
        if rule is not None:
            found.append(Found(start, end, whole, rule))
            place_keys.add(normalize(doc[start:end].text))
        elif (lead or own is None) and not personal:
            waiting.append((start, end, whole))
    found.extend(
        Found(start, end, whole, "discourse")
        for start, end, whole in waiting
        if normalize(doc[start:end].text) in place_keys
    )
    return sorted(found)
