"""Derive ``src/reportedly/data/events/cameo_verbs.json``: the CAMEO verb dictionary baseline.

The project has no CAMEO verb dictionary, so the baseline of ``reportedly eval plover`` is
built from the one list of CAMEO words it may use: the code descriptions in PLOVER's
CAMEO2PLOVER-2021.txt (``042: CONSULT, visit,   # Make a visit``). Each description is parsed
by the project's spaCy pipeline as the predicate of a sentence ("They make a visit", so the
imperative is tagged a verb); every verb lemma (and, in a second table, every noun lemma) is
given the PLOVER category of the code it describes, and a lemma that describes codes of several
categories takes the most frequent one (ties: the category met first, in code order).

Run once by a developer: ``python tools/derive_cameo_verbs.py path/to/CAMEO2PLOVER-2021.txt``;
the evaluation reads the JSON.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/reportedly/data/events/cameo_verbs.json"
LINE = re.compile(r"^\s*(\d{2,4})\s*:\s*([A-Z]+)\s*,[^#]*#\s*(.+?)\s*$")


def read_codes(path: Path) -> list[tuple[str, str, str]]:
    """(code, PLOVER category, description) of every code line that has a description."""
    codes = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = LINE.match(line)
        if m:
            description = m[3].split("  ")[0].strip()  # drop trailing editor notes
            codes.append((m[1], m[2], description))
    return codes


def derive(codes: list[tuple[str, str, str]]) -> dict[str, dict[str, str]]:
    from reportedly.loading import load_pipeline

    nlp = load_pipeline()
    tables: dict[str, defaultdict[str, Counter[str]]] = {
        "verbs": defaultdict(Counter),
        "nouns": defaultdict(Counter),
    }
    first_seen: dict[str, int] = {}
    sentences = [f"They {d[0].lower()}{d[1:]}." for _, _, d in codes]
    for (_, category, _), doc in zip(codes, nlp.pipe(sentences), strict=True):
        first_seen.setdefault(category, len(first_seen))
        for token in doc[1:]:
            lemma = token.lemma_.lower()
            if token.is_stop or not lemma.replace("-", "").isalpha():
                continue
            if token.pos_ == "VERB":
                tables["verbs"][lemma][category] += 1
            elif token.pos_ == "NOUN":
                tables["nouns"][lemma][category] += 1
    return {
        name: {
            lemma: min(counts, key=lambda c: (-counts[c], first_seen[c]))
            for lemma, counts in sorted(table.items())
        }
        for name, table in tables.items()
    }


def main(mapping: str) -> None:
    codes = read_codes(Path(mapping))
    tables = derive(codes)
    data = {
        "about": (
            "The CAMEO verb-dictionary baseline of `reportedly eval plover`: lemma -> PLOVER "
            "category. Derived by tools/derive_cameo_verbs.py from the CAMEO code descriptions "
            "in PLOVER's CAMEO2PLOVER-2021.txt (openeventdata/PLOVER, CC BY-SA 4.0): the verbs "
            "and nouns of each description, parsed by the project's spaCy pipeline, each "
            "given the category of its code, the most frequent one where a lemma describes "
            f"several. {len(codes)} code descriptions."
        ),
        "verbs": tables["verbs"],
        "nouns": tables["nouns"],
    }
    OUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(tables['verbs'])} verbs, {len(tables['nouns'])} nouns -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
