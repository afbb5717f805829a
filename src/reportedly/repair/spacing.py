"""A missing space after a sentence end (``stop.He said``), inserted only where it is sure.

A candidate is ``.``, ``!`` or ``?`` (optionally followed by a closing ``”``, ``’`` or ``)``)
right after a letter, digit, ``%`` or closing bracket, and right before a capitalised word or
an opening curly quote. The word before the stop decides:

- an abbreviation or anything with a dot already (``U.S.``, ``e.g.``, ``gazeta.pl.``),
  a single letter (an initial: ``J.Smith``), or URL/handle characters (``/ @ # _ :``): no;
- ``Mr.Smith``, ``St.Petersburg``: yes; the space is missing there too, and the tokenizer
  reads ``Mr. Smith`` right but ``Mr.Smith`` as one token;
- the word after is a web domain ending (``Onet.Pl``) or has a dot inside (``Halo.Bungie.Org``): no.

Decimals (``3.5``) and ellipses (``wait...Then``) never match.
"""

from __future__ import annotations

import re

from reportedly.repair.edits import Edit

_CANDIDATE = re.compile(r"(?<=[A-Za-z0-9%)\]])[.!?][”’)]?(?=[A-Z][a-z]|[AI]\s|[“‘][A-Z])")
_URLISH = re.compile(r"[/@#_:\\.]|www", re.IGNORECASE)
_OPENERS = "\"'“‘([{"
_DOMAINS = frozenset({"com", "org", "net", "gov", "edu", "info", "io", "pl", "ua", "ru", "uk"})
_NEXT_WORD = re.compile(r"[“‘]?([A-Za-z]+)")
_DOTTED = re.compile(r"[A-Za-z]+\.[A-Za-z]")


def sentence_space_edits(line: str, offset: int) -> list[Edit]:
    """Insert a space after each sure sentence end glued to the next sentence."""
    edits: list[Edit] = []
    for match in _CANDIDATE.finditer(line):
        stop = match.start()
        word_start = max(line.rfind(" ", 0, stop), line.rfind("\t", 0, stop)) + 1
        word = line[word_start:stop].lstrip(_OPENERS)
        if (len(word) < 2 and not word.isdigit()) or _URLISH.search(word):
            continue
        after = _NEXT_WORD.match(line, match.end())
        if after and after.group(1).lower() in _DOMAINS:
            continue
        if _DOTTED.match(line, match.end()):
            continue  # "Halo.Bungie.Org": the next word has a dot inside, a host name
        edits.append(Edit(offset + match.end(), offset + match.end(), " ", "sentence_space"))
    return edits
