"""Small SVG pictures drawn on the server (no script, no inline style): a story's timeline,
its places on the world basemap, an actor's claims per month by outlet. Every label is
escaped; positions are attributes, which the Content-Security-Policy allows."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from html import escape
from typing import Any

from reportedly.model import Report

#: Outlet colours, in order of first appearance (readable on white, told apart in grey).
PALETTE = ("#1f5fa8", "#c0392b", "#2e7d32", "#8e24aa", "#c77800", "#00838f", "#5d4037", "#546e7a")


def timeline(reports: Iterable[Report]) -> str:
    """A dot per article on a date axis, coloured by outlet."""
    dated = sorted(
        (r.document.published, r.document.outlet or r.document.origin or r.document.id)
        for r in reports
        if r.document.published
    )
    if not dated:
        return "<p class='dim'>No article in this story has a publication date.</p>"
    first, last = dated[0][0], dated[-1][0]
    span = max((last - first).days, 1)
    colours = _colours(name for _, name in dated)
    width, left, right = 640, 20, 620
    stacked: Counter[dt.date] = Counter()
    dots = []
    for day, name in dated:
        x = left + (right - left) * (day - first).days / span
        y = 40 - 9 * stacked[day]
        stacked[day] += 1
        dots.append(
            f"<circle cx='{x:.1f}' cy='{y}' r='4' fill='{colours[name]}'>"
            f"<title>{escape(day.isoformat())}: {escape(name)}</title></circle>"
        )
    height = 62 + 9 * max(0, max(stacked.values()) - 4)
    return (
        f"<svg class='chart' role='img' viewBox='0 {-(height - 62)} {width} {height}' "
        f"aria-label='Timeline: {len(dated)} articles from {first} to {last}'>"
        f"<line x1='{left}' y1='48' x2='{right}' y2='48' stroke='#888'/>"
        + "".join(dots)
        + f"<text x='{left}' y='60' font-size='10'>{first}</text>"
        f"<text x='{right}' y='60' font-size='10' text-anchor='end'>{last}</text></svg>"
        + _legend(colours)
    )


def place_map(reports: Iterable[Report]) -> str:
    """The story's resolved places on the world basemap, sized by mentions."""
    mentions: Counter[tuple[str, float, float]] = Counter()
    for report in reports:
        for place in report.places:
            if place.latitude is not None and place.longitude is not None:
                mentions[(place.name, place.latitude, place.longitude)] += max(
                    1, len(place.mentions)
                )
    if not mentions:
        return "<p class='dim'>No place in this story was put on the map.</p>"
    dots = "".join(
        f"<circle cx='{lon + 180:.2f}' cy='{90 - lat:.2f}' r='{min(6.0, 1.2 + n**0.5):.1f}' "
        f"fill='#c0392b' fill-opacity='0.7' stroke='#fff' stroke-width='0.3'>"
        f"<title>{escape(name)}: {n} mentions</title></circle>"
        for (name, lat, lon), n in mentions.most_common()
    )
    return (
        "<svg class='map' role='img' viewBox='0 0 360 180' "
        f"aria-label='Map of {len(mentions)} places'>"
        "<image href='/static/world.svg' x='0' y='0' width='360' height='180'/>"
        f"{dots}</svg>"
    )


def claims_over_time(claims: list[dict[str, Any]]) -> str:
    """Claims per month, a stacked bar per month, coloured by outlet."""
    months: dict[str, Counter[str]] = {}
    for claim in claims:
        published = claim.get("published")
        if published is None:
            continue
        key = published.strftime("%Y-%m")
        months.setdefault(key, Counter())[claim.get("outlet") or "(no outlet)"] += 1
    if not months:
        return "<p class='dim'>No dated claims.</p>"
    ordered = sorted(months)
    colours = _colours(o for m in ordered for o in months[m])
    tallest = max(sum(c.values()) for c in months.values())
    bar, gap, height = 22, 6, 120
    bars = []
    for n, month in enumerate(ordered):
        x, y = 30 + n * (bar + gap), float(height)
        for outlet, count in sorted(months[month].items()):
            h = (height - 10) * count / tallest
            y -= h
            bars.append(
                f"<rect x='{x}' y='{y:.1f}' width='{bar}' height='{h:.1f}' "
                f"fill='{colours[outlet]}'><title>{escape(month)}, {escape(outlet)}: "
                f"{count} claims</title></rect>"
            )
        bars.append(
            f"<text x='{x + bar / 2}' y='{height + 12}' font-size='9' "
            f"text-anchor='middle'>{escape(month[2:])}</text>"
        )
    width = 40 + len(ordered) * (bar + gap)
    return (
        f"<svg class='chart' role='img' viewBox='0 0 {width} {height + 16}' "
        f"aria-label='Claims per month by outlet, {len(claims)} claims'>"
        f"<text x='0' y='10' font-size='9'>{tallest}</text>"
        + "".join(bars)
        + "</svg>"
        + _legend(colours)
    )


def _colours(names: Iterable[str]) -> dict[str, str]:
    colours: dict[str, str] = {}
    for name in names:
        if name not in colours:
            colours[name] = PALETTE[len(colours) % len(PALETTE)]
    return colours


def _legend(colours: dict[str, str]) -> str:
    items = "".join(
        f"<li><svg class='swatch' viewBox='0 0 10 10' aria-hidden='true'>"
        f"<rect width='10' height='10' fill='{colour}'/></svg>{escape(name)}</li>"
        for name, colour in colours.items()
    )
    return f"<ul class='chart-legend'>{items}</ul>"
