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


def write_polnear_article(root: Path, text: str, ann: str, split: str = "dev") -> Path:
    """A one-article PolNeAR folder (brat text + annotations) written by a test."""
    (root / split / "text").mkdir(parents=True)
    (root / split / "attributions").mkdir()
    (root / split / "text" / "a.txt").write_text(text, encoding="utf-8")
    (root / split / "attributions" / "a_aa11.ann").write_text(ann, encoding="utf-8")
    return root
