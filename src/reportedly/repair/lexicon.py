"""An English word check built offline from the pinned spaCy pipeline: no word list to ship.

``is_word`` accepts WordNet lemmas (the lemmatizer's ``lemma_index`` tables), their regular
inflections (its ``lemma_rules``), its irregular forms (``lemma_exc``) and spaCy's stop words:
a strict, non-corpus dictionary for the parts of a split. ``is_known`` also accepts every
string the pipeline's vocabulary holds (forms seen in its training news), a loose check used
for the glued form, so that a rare real word is kept rather than split.
"""

from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language


class Lexicon:
    def __init__(self, nlp: Language) -> None:
        strings = nlp.vocab.strings
        tables = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        index = tables.get_table("lemma_index")
        rules = tables.get_table("lemma_rules")
        exc = tables.get_table("lemma_exc")
        self._index: list[tuple[frozenset[str], tuple[tuple[str, str], ...]]] = []
        for pos, lemmas in index.items():
            pos_rules = tuple((old, new) for old, new in rules.get(pos, []))
            self._index.append((frozenset(lemmas), pos_rules))
        forms = {form for table in exc.values() for form in table}
        self._words = frozenset(forms | set(STOP_WORDS))
        self._seen = frozenset(s.lower() for s in strings if s.isalpha())

    def is_word(self, word: str) -> bool:
        """A dictionary word or a regular form of one (lower-case input)."""
        if word in self._words:
            return True
        for lemmas, pos_rules in self._index:
            if word in lemmas:
                return True
            if len(word) <= 3:
                continue  # "nes" is no plural of the symbol "ne"
            for old, new in pos_rules:
                if old and word.endswith(old) and word[: -len(old)] + new in lemmas:
                    return True
        return False

    def is_known(self, word: str) -> bool:
        """``is_word`` or any form the pipeline's vocabulary has seen."""
        return word in self._seen or self.is_word(word)
