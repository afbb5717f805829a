"""`reportedly eval geo`: toponym resolution and end-to-end geoparsing on LGL-style XML.

Reads the XML of LGL and TR-News (``<toponym>`` with ``<gaztag geonameid>``, lat/lon) and of
GeoVirus (``<location>`` with lat/lon only). Two modes:

* resolution: the gold toponym spans are given; we score the place chosen for each:
  exact GeoNames-id accuracy and accuracy within 161 km (100 miles; a correct id counts as 0 km).
* end-to-end: the full pipeline (entities + places stages) reads the text; toponym detection
  P/R/F1 (a found span matches a gold span it overlaps; exact-boundary figures too), and the
  same accuracies over the matched pairs.
"""

from __future__ import annotations

import json
import statistics
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer

from reportedly.evaluation.metrics import percent, scores
from reportedly.evaluation.unreadable import Unreadable

KM_161 = 161.0
#: Published figures printed beside ours: Mordecai3 (Halterman 2023), accuracy within 161 km.
ANCHORS = {"lgl.xml": ("Mordecai3", 82.7), "TR-News.xml": ("Mordecai3", 87.3)}
#: The figures the CI gate holds the engine to (``.ci/checks/geo_gate.py``), when run from a
#: checkout.
COMMITTED = Path("benchmarks") / "geo.json"


@dataclass
class Gold:
    start: int
    end: int
    text: str
    geonameid: int | None
    lat: float | None
    lon: float | None


@dataclass
class Article:
    text: str
    outlet: str | None
    toponyms: list[Gold] = field(default_factory=list)


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def read_corpus(path: Path, unreadable: Unreadable | None = None) -> list[Article]:
    """Articles with gold toponyms; toponyms without coordinates are kept for detection only.

    An article with a toponym that cannot be read is left out whole (scoring the rest of it
    would count the unread toponym's place as a false find) and noted in ``unreadable``.
    Raises ``ValueError`` when the file itself is not XML.
    """
    unreadable = unreadable if unreadable is not None else Unreadable()
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise ValueError(f"{path}: not well-formed XML ({exc})") from None
    articles = []
    for n, node in enumerate(root.iter("article")):
        try:
            articles.append(_read_article(node))
        except ValueError as exc:
            unreadable.note(f"{path.name} article {n}", str(exc))
    return articles


def _read_article(node: ET.Element) -> Article:
    text = node.findtext("text") or ""
    outlet = (node.findtext("domain") or node.findtext("source") or "").strip() or None
    article = Article(text=text, outlet=outlet)
    for m, top in enumerate([*node.iter("toponym"), *node.iter("location")]):
        try:
            start, end = int(top.findtext("start") or 0), int(top.findtext("end") or 0)
            gaz = top.find("gaztag")
            if gaz is not None:
                gid = int(gaz.get("geonameid") or 0) or None
                lat, lon = _float(gaz.findtext("lat")), _float(gaz.findtext("lon"))
            else:
                gid, lat, lon = None, _float(top.findtext("lat")), _float(top.findtext("lon"))
        except ValueError as exc:
            raise ValueError(f"toponym {m}: {exc}") from None
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"toponym {m}: offsets {start}-{end} outside a text of {len(text)}")
        name = (top.findtext("phrase") or top.findtext("name") or "").strip()
        start, end = _align(text, name, start, end)
        article.toponyms.append(Gold(start, end, text[start:end], gid, lat, lon))
    return article


def _align(text: str, name: str, start: int, end: int) -> tuple[int, int]:
    """Offsets as given, or moved to the nearest place the gold name really is: GeoVirus
    counts from 1 and some TR-News offsets drift by a character or more."""
    if not name or text[start:end] == name:
        return start, end
    best = None
    lo = max(0, start - 60)
    at = text.find(name, lo, end + 60)
    while at != -1:
        if best is None or abs(at - start) < abs(best - start):
            best = at
        at = text.find(name, at + 1, end + 60)
    return (best, best + len(name)) if best is not None else (start, end)


@dataclass
class Tally:
    """Resolution accuracy over (gold, predicted) pairs."""

    n: int = 0
    n_with_id: int = 0
    exact: int = 0
    within: int = 0
    errors_km: list[float] = field(default_factory=list)

    def add(self, gold: Gold, gid: int | None, lat: float | None, lon: float | None) -> None:
        from reportedly.places.resolver import distance_km

        if gold.lat is None or gold.lon is None:
            return
        self.n += 1
        same = gold.geonameid is not None and gid == gold.geonameid
        if gold.geonameid is not None:
            self.n_with_id += 1
            self.exact += same
        if same:
            km = 0.0
        elif lat is not None and lon is not None:
            km = distance_km(gold.lat, gold.lon, lat, lon)
        else:
            km = 20039.0  # half the circumference: nothing found, or no coordinates
        self.errors_km.append(km)
        self.within += km <= KM_161

    def figures(self) -> dict[str, Any]:
        return {
            "toponyms": self.n,
            "accuracy_exact_id": _pct(self.exact, self.n_with_id) if self.n_with_id else None,
            "accuracy_161km": _pct(self.within, self.n),
            "median_error_km": round(statistics.median(self.errors_km), 1)
            if self.errors_km
            else None,
        }


def _pct(a: int, b: int) -> float:
    return percent(a, b, 2)


def evaluate_resolution(articles: list[Article], min_population: int = 500) -> dict[str, Any]:
    from reportedly import gazetteer
    from reportedly.places.resolver import Toponym, outlet_country, resolve

    gaz = gazetteer.load(min_population)
    tally = Tally()
    started = time.perf_counter()
    for article in articles:
        golds = [g for g in article.toponyms if g.text.strip()]
        results = resolve(gaz, [Toponym(g.text) for g in golds], outlet_country(article.outlet))
        for gold, res in zip(golds, results, strict=True):
            if res.slot is None:
                tally.add(gold, None, None, None)
            else:
                s = res.slot
                tally.add(gold, gaz.gid[s] or None, gaz.lat[s], gaz.lon[s])
    figures = tally.figures()
    figures["seconds"] = round(time.perf_counter() - started, 2)
    return figures


def evaluate_end_to_end(articles: list[Article], min_population: int = 500) -> dict[str, Any]:
    from reportedly import gazetteer
    from reportedly.pipeline import Analyzer, Settings

    gaz = gazetteer.load(min_population)
    analyzer = Analyzer(
        Settings(stages=("reportedly_entities", "reportedly_places"), min_population=min_population)
    )
    docs = [analyzer.prepare(a.text, outlet=a.outlet, raw=True, strict=False) for a in articles]
    tally = Tally()
    found = gold_n = overlap_tp = exact_tp = 0
    started = time.perf_counter()
    for article, report in zip(articles, analyzer.analyze_documents(docs), strict=True):
        predicted = _predicted_spans(report, gaz)
        found += len(predicted)
        golds = article.toponyms
        gold_n += len(golds)
        used: set[int] = set()
        for gold in golds:
            for k, (start, end, gid, lat, lon) in enumerate(predicted):
                if k in used or end <= gold.start or start >= gold.end:
                    continue
                used.add(k)
                overlap_tp += 1
                exact_tp += start == gold.start and end == gold.end
                tally.add(gold, gid, lat, lon)
                break
    figures: dict[str, Any] = {"gold_toponyms": gold_n, "found": found}
    figures.update(_prf("overlap", overlap_tp, found, gold_n))
    figures.update(_prf("exact", exact_tp, found, gold_n))
    resolved = tally.figures()
    figures["matched_with_coordinates"] = resolved.pop("toponyms")
    figures.update(resolved)
    figures["seconds"] = round(time.perf_counter() - started, 2)
    return figures


def _predicted_spans(report: Any, gaz: Any) -> list[tuple[int, int, int | None, Any, Any]]:
    """Place mentions, plus nationality words linked to a country (gold counts 'Turkish')."""
    spans = []
    for place in report.places:
        for m in place.mentions:
            spans.append((m.start, m.end, place.geonames_id, place.latitude, place.longitude))
    covered = {(s[0], s[1]) for s in spans}
    for entity in report.entities:
        if entity.type != "NORP" or not entity.country_code:
            continue
        slot = gaz.by_iso.get(entity.country_code)
        if slot is None:
            continue
        for m in entity.mentions:
            if (m.span.start, m.span.end) not in covered:
                spans.append(
                    (m.span.start, m.span.end, gaz.gid[slot] or None, gaz.lat[slot], gaz.lon[slot])
                )
    return sorted(spans, key=lambda s: (s[0], s[1]))


def _prf(prefix: str, tp: int, found: int, gold: int) -> dict[str, float]:
    p, r, f = scores(tp, found, gold)
    return {
        f"{prefix}_precision": round(100 * p, 2),
        f"{prefix}_recall": round(100 * r, 2),
        f"{prefix}_f1": round(100 * f, 2),
    }


def command(
    data: Annotated[Path, typer.Option(help="Geo corpus XML (LGL, TR-News or GeoVirus format).")],
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
    mode: Annotated[str, typer.Option(help="resolution, end-to-end, or both")] = "both",
    min_population: Annotated[
        int, typer.Option(help="Smallest city in the gazetteer: 500, 1000, 5000 or 15000.")
    ] = 500,
    baseline: Annotated[
        Path | None,
        typer.Option(
            help="Earlier figures to print beside these (the JSON the CI gate writes; "
            "default: benchmarks/geo.json when run from a checkout)."
        ),
    ] = None,
) -> None:
    """Score toponym resolution (gold spans given) and end-to-end geoparsing on one corpus,
    beside earlier figures and a published anchor."""
    if mode not in ("resolution", "end-to-end", "both"):
        raise typer.BadParameter("mode must be resolution, end-to-end or both")
    if fmt not in ("table", "json"):
        raise typer.BadParameter("format must be table or json")
    if min_population not in (500, 1000, 5000, 15000):
        raise typer.BadParameter("min-population must be 500, 1000, 5000 or 15000")
    if not data.is_file():
        raise typer.BadParameter(f"no such file: {data}")
    unreadable = Unreadable()
    try:
        articles = read_corpus(data, unreadable)
    except (OSError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=1) from None
    result: dict[str, Any] = {
        "corpus": data.name,
        "articles": len(articles),
        "unreadable": len(unreadable),
    }
    result["min_population"] = min_population
    if mode in ("resolution", "both"):
        result["resolution"] = evaluate_resolution(articles, min_population)
    if mode in ("end-to-end", "both"):
        result["end_to_end"] = evaluate_end_to_end(articles, min_population)
    if fmt == "json":
        typer.echo(json.dumps(result, indent=2))
    else:
        _print_table(result, _earlier(baseline, result))
    summary = unreadable.summary()
    if summary:
        typer.echo(summary, err=True)


def _earlier(path: Path | None, result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The committed figures for this corpus and gazetteer, by mode ({} when there are none)."""
    source = path if path is not None else COMMITTED
    if not source.is_file():
        if path is not None:
            raise typer.BadParameter(f"no such file: {path}", param_hint="--baseline")
        return {}
    try:
        committed = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise typer.BadParameter(f"{source}: not readable JSON ({exc})") from None
    key = f"{result['corpus']} {{}} min_population={result['min_population']}"
    return {
        mode: committed.get(key.format(name), {})
        for mode, name in (("resolution", "resolution"), ("end_to_end", "end-to-end"))
    }


def _print_table(result: dict[str, Any], earlier: dict[str, dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    def shown(value: Any) -> str:
        return "n/a" if value is None else str(value)

    table = Table(title=f"geo: {result['corpus']} ({result['articles']} articles)")
    table.add_column("mode")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_column("committed", justify="right")
    table.add_column("published", justify="right")
    anchor = ANCHORS.get(result["corpus"])
    for mode in ("resolution", "end_to_end"):
        for key, value in result.get(mode, {}).items():
            before = earlier.get(mode, {})
            published = f"{anchor[1]} ({anchor[0]})" if anchor and key == "accuracy_161km" else ""
            table.add_row(
                mode, key, shown(value), shown(before[key]) if key in before else "", published
            )
    Console().print(table)
