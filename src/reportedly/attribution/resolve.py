"""Coreference by rules: who "he", "they", "Sullivan" or "the newspaper" is.

No coreference model runs offline here, so the rules use what the parse gives: PERSON names and
their longest form in the article, gender from titles (Mr., Ms.) and role words, number from
the pronoun, recency and subjecthood. Wrong guesses are possible; the written span is always
kept as it is.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from reportedly.attribution.lexicon import Lexicon
from reportedly.attribution.spans import doc_ents

_WINDOW = 4  # sentences looked back


@dataclass(frozen=True)
class Referent:
    name: str
    how: str  # "pronoun", "short_name", "nominal"
    span: tuple[int, int] | None = None  # characters of the antecedent, for entity links


class Resolver:
    """Per-document name table and the pronoun/short-name rules."""

    def __init__(self, doc: Doc, lex: Lexicon) -> None:
        self.doc = doc
        self.lex = lex
        self.persons = [e for e in doc_ents(doc) if e.label_ == "PERSON"]
        self.person_starts = [e.start for e in self.persons]
        self.sent_starts = [s.start for s in doc.sents]
        self.ent_at: dict[int, Span] = {}  # token index -> the entity it is part of
        for ent in doc_ents(doc):
            for i in range(ent.start, ent.end):
                self.ent_at.setdefault(i, ent)
        self.full: dict[str, str] = {}
        self.gender: dict[str, str] = {}
        male, female = lex.set("male_words"), lex.set("female_words")
        for ent in self.persons:
            words = [t.text for t in ent if not t.is_punct and t.lower_ not in male | female]
            if len(words) >= 2:
                self.full.setdefault(words[-1], " ".join(words))
        for ent in self.persons:
            before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
            inside = ent[0].lower_
            for word in (before, inside):
                if word in male:
                    self.gender.setdefault(self.full_name(ent), "male")
                elif word in female:
                    self.gender.setdefault(self.full_name(ent), "female")

    def full_name(self, ent: Span) -> str:
        male, female = self.lex.set("male_words"), self.lex.set("female_words")
        words = [t.text for t in ent if not t.is_punct and t.lower_ not in male | female]
        if not words:
            return ent.text
        if len(words) == 1:
            return self.full.get(words[0], words[0])
        return " ".join(words)

    def short_name(self, ent: Span) -> Referent | None:
        """'Sullivan' or 'Mr. Sullivan' after 'Jake Sullivan' appeared."""
        name = self.full_name(ent)
        if name != ent.text:
            return Referent(name, "short_name")
        return None

    def person_pronoun(
        self, token: Token, last_speaker: tuple[str, int] | None = None
    ) -> Referent | None:
        """'he'/'she': the last quoted speaker if one spoke in the previous two sentences and
        fits, else the nearest compatible person, subjects first, within a few sentences."""
        gender = {"he": "male", "him": "male", "she": "female", "her": "female"}.get(token.lower_)
        if last_speaker is not None:
            name, at = last_speaker
            back = self._sentences_between(at, token.sent.start)
            known = self.gender.get(name)
            if back <= 2 and not (gender and known and known != gender):
                if gender and known is None:
                    self.gender[name] = gender
                return Referent(name, "pronoun")
        here = token.sent.start
        best: tuple[float, Span] | None = None
        # Only persons from _WINDOW sentences back can be chosen: start the scan there.
        sentence = bisect_right(self.sent_starts, here) - 1
        earliest = self.sent_starts[max(0, sentence - _WINDOW)] if sentence >= 0 else 0
        for n in range(bisect_left(self.person_starts, earliest), len(self.persons)):
            ent = self.persons[n]
            if ent.end > token.i:
                break
            sents_back = self._sentences_between(ent.start, here)
            if sents_back > _WINDOW:
                continue
            known = self.gender.get(self.full_name(ent))
            if gender and known and known != gender:
                continue
            if ent.root.dep_ == "poss" or any(t.is_quote for t in self.doc[ent.end : token.i][:1]):
                pass
            subject = ent.root.dep_ in ("nsubj", "nsubjpass")
            score = sents_back * 10 + (0 if subject else 4) - ent.start / 10_000
            if sents_back == 0:
                score -= 1
            if best is None or score < best[0]:
                best = (score, ent)
        if best is None:
            return None
        ent = best[1]
        name = self.full_name(ent)
        if gender and name not in self.gender:
            self.gender[name] = gender
        return Referent(name, "pronoun", (ent.start_char, ent.end_char))

    def _sentences_between(self, start: int, end: int) -> int:
        """How many sentences begin after token ``start`` and at or before token ``end``."""
        return max(0, bisect_right(self.sent_starts, end) - bisect_right(self.sent_starts, start))

    def relative(self, token: Token) -> Referent | None:
        """'who' in 'Trump, who said ...': the noun the clause hangs on."""
        verb = token.head
        if verb.dep_ != "relcl":
            return None
        noun = verb.head
        ent = self.ent_at.get(noun.i)
        if ent is not None:
            return Referent(self.full_name(ent), "pronoun", (ent.start_char, ent.end_char))
        left = noun.left_edge.i
        return Referent(self.doc[left : noun.i + 1].text, "pronoun")
