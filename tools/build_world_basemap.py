"""Write the web UI's offline world basemap (``server/static/world.svg``) from Natural Earth's
1:110m Admin 0 countries (public domain, https://www.naturalearthdata.com/), as shipped in
geopandas 0.14's ``datasets/naturalearth_lowres`` shapefile.

Equirectangular: x = longitude + 180, y = 90 - latitude, in a 360 x 180 view box, so the map
page puts a place at (lon + 180, 90 - lat) over it. Run once; the SVG is committed.

    pip download --no-deps geopandas==0.14.4 pyshp && unzip the wheel, then
    python tools/build_world_basemap.py path/to/naturalearth_lowres.shp
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import shapefile  # pyshp: needed here only, never at run time

OUT = Path(__file__).resolve().parents[1] / "src/reportedly/server/static/world.svg"


def main(path: str) -> None:
    reader = shapefile.Reader(path)
    paths = []
    for shape in reader.shapes():
        parts = [*shape.parts, len(shape.points)]
        pieces = []
        for start, end in itertools.pairwise(parts):
            ring = shape.points[start:end]
            coords = [f"{lon + 180:.1f} {90 - lat:.1f}" for lon, lat in ring]
            deduped = [c for i, c in enumerate(coords) if i == 0 or c != coords[i - 1]]
            if len(deduped) >= 3:
                pieces.append("M" + "L".join(deduped) + "Z")
        if pieces:
            paths.append("".join(pieces))
    body = "".join(f'<path d="{d}"/>' for d in paths)
    OUT.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 180">'
        "<!-- Natural Earth 1:110m Admin 0 countries, public domain (naturalearthdata.com) -->"
        f'<g fill="#e4e7eb" stroke="#9aa3ad" stroke-width="0.15">{body}</g></svg>\n',
        encoding="utf-8",
    )
    print(f"{OUT}: {len(paths)} countries, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
