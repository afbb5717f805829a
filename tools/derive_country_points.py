"""Derive ``src/reportedly/data/country_points.tsv``: a map point and demonym per country.

Source: the ``countryinfo`` package's data files (MIT; points and demonyms from the
mledoze/countries project). Run once by a developer with the unpacked package directory:
``python tools/derive_country_points.py path/to/countryinfo/data``; the product reads the TSV.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/reportedly/data/country_points.tsv"


def main(folder: str) -> None:
    rows = []
    for path in sorted(Path(folder).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        iso = (data.get("ISO") or {}).get("alpha2")
        latlng = data.get("latlng") or []
        if not iso or len(latlng) != 2:
            continue
        demonym = (data.get("demonym") or "").strip()
        rows.append(f"{iso}\t{float(latlng[0]):.4f}\t{float(latlng[1]):.4f}\t{demonym}")
    OUT.write_text("# cc\tlat\tlon\tdemonym\n" + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} countries -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
