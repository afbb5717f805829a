"""Person names: a romanisation-folded key per name part, and fuzzy equality on those keys.

Transliterations of one name differ in predictable ways (Zelensky/Zelenskyy/Zelenskiy,
Yanukovych/Yanukovich, Wladimir/Vladimir). ``name_key`` rewrites a name part with the ordered
rules of ``data/romanisation.tsv`` so such variants become one string; ``same_name`` then
allows one substituted letter on top (rapidfuzz) in long names, for spellings no rule covers
(Lukashenko/Lukashenka), but no inserted letter (Johnson is not Johnston).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from rapidfuzz.distance import Levenshtein

from reportedly import resources


@functools.cache
def _rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    rules = []
    for pattern, replacement in resources.load_tsv("romanisation.tsv", 2):
        rules.append((re.compile(pattern), replacement.replace("\\1", r"\1")))
    return tuple(rules)


@functools.cache
def role_words() -> dict[str, frozenset[str]]:
    """The word lists of ``data/role_words.json`` by kind (titles, modifiers, honorifics...)."""
    schema = dict.fromkeys(("titles", "modifiers", "honorifics", "org_words"), list)
    table = resources.load_json("role_words.json", schema)
    return {k: frozenset(w.casefold() for w in v) for k, v in table.items() if k != "_doc"}


def fold(text: str) -> str:
    """Lower case without accents or apostrophes."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().replace("'", "")


@functools.lru_cache(maxsize=4096)
def name_key(part: str) -> str:
    """One name part in romanisation-neutral form: 'Zelenskyy' -> 'zelenski'."""
    key = fold(part)
    for pattern, replacement in _rules():
        key = pattern.sub(replacement, key)
    return key


def same_name(a: str, b: str) -> bool:
    """Whether two name parts are one name in different romanisations."""
    return same_key(name_key(a), name_key(b))


def same_key(ka: str, kb: str) -> bool:
    """``same_name`` on two keys already made by ``name_key``: equal, or (6 letters or more)
    one letter substituted."""
    if ka == kb:
        return True
    if len(ka) != len(kb) or len(ka) < 6:
        return False
    return Levenshtein.distance(ka, kb, weights=(9, 9, 1)) <= 1


class NameIndex:
    """Items filed under name parts, found by ``same_name`` without comparing every pair.

    ``same_name`` holds for equal keys, or for keys of one length (6 or more) that differ in
    one letter; such keys share a form with that letter blanked out, so each key is filed
    under itself and under each of its blanked forms, and a lookup reads those lists only.
    """

    def __init__(self) -> None:
        self._by_form: dict[str, list[int]] = {}

    @staticmethod
    def _forms(key: str) -> list[str]:
        forms = ["=" + key]
        if len(key) >= 6:
            forms.extend(f"{key[:i]}\0{key[i + 1 :]}" for i in range(len(key)))
        return forms

    def add(self, name: str, item: int) -> None:
        for form in self._forms(name_key(name)):
            self._by_form.setdefault(form, []).append(item)

    def find(self, name: str) -> set[int]:
        """Every item filed under a name part that is ``same_name`` as ``name``."""
        found: set[int] = set()
        for form in self._forms(name_key(name)):
            found.update(self._by_form.get(form, ()))
        return found


def compatible_first(a: str, b: str) -> bool:
    """Given names that can denote one person: equal up to romanisation, or an initial."""
    fa, fb = fold(a).rstrip("."), fold(b).rstrip(".")
    if len(fa) == 1 or len(fb) == 1:
        return fa[:1] == fb[:1]
    return same_name(a, b)
