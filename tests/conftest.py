"""Shared fixtures: one analyzer per test session, and the corpora in ../shared when present."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reportedly.pipeline import Analyzer

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def shared_dir() -> Path | None:
    """The shared corpora folder (REPORTEDLY_SHARED or ../shared), or None when absent."""
    candidate = Path(os.environ.get("REPORTEDLY_SHARED", ROOT.parent / "shared"))
    return candidate if (candidate / "corpora").is_dir() else None


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    if path is None:
        pytest.skip("../shared corpora not present")
    return path
