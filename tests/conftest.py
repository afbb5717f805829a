"""Shared fixtures: one analyzer per test session, a gazetteer cache of the session's own, and
the corpora in ../shared when present.

Markers (registered in pyproject.toml, ``--strict-markers``): ``corpus`` for a test that reads
../shared (given to every test that asks for the ``shared`` fixture, here), ``slow`` for one
that takes more than about 5 s. ``pytest -m "not slow and not corpus"`` is the fast subset.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportedly import gazetteer
from reportedly.pipeline import Analyzer

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def shared_dir() -> Path | None:
    """The shared corpora folder (REPORTEDLY_SHARED or ../shared), or None when absent."""
    candidate = Path(os.environ.get("REPORTEDLY_SHARED", ROOT.parent / "shared"))
    return candidate if (candidate / "corpora").is_dir() else None


@pytest.fixture(scope="session", autouse=True)
def gazetteer_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """``REPORTEDLY_CACHE`` set to a folder of this session's: the suite never reads or writes
    the user's cache. The first load of each index size builds it there (about 6 s for the
    default, 20 s for cities >= 500), once per session; later loads, in this process or in the
    CLI's and workers' subprocesses, which inherit the variable, read it from there."""
    folder = tmp_path_factory.mktemp("reportedly-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REPORTEDLY_CACHE", str(folder))
        gazetteer.load.cache_clear()
        yield folder
    gazetteer.load.cache_clear()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "shared" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.corpus)


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    if path is None:
        pytest.skip("../shared corpora not present")
    return path
