"""The offline gazetteer: every place name (and its spellings) mapped to candidate places.

``load(min_population)`` gives the process's index (read from the on-disk cache, built and
cached when missing; see ``reportedly.gazetteer.cache`` for where and what invalidates it);
``build`` makes one from the sources (``reportedly.gazetteer.sources``) without the cache.
``reportedly gazetteer build`` builds and caches it ahead of time.
"""

from __future__ import annotations

from reportedly.gazetteer.cache import cache_dir, cache_path, fingerprint, info, load, save
from reportedly.gazetteer.index import Gazetteer, normalize
from reportedly.gazetteer.sources import DEFAULT_MIN_POPULATION, POPULATIONS, build

__all__ = [
    "DEFAULT_MIN_POPULATION",
    "POPULATIONS",
    "Gazetteer",
    "build",
    "cache_dir",
    "cache_path",
    "fingerprint",
    "info",
    "load",
    "normalize",
    "save",
]
