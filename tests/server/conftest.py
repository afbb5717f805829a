from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from server_support import TOKEN, Served, build_corpus

from reportedly.pipeline import Analyzer
from reportedly.server import ServerConfig, create_app


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory, analyzer: Analyzer) -> Served:
    return build_corpus(tmp_path_factory.mktemp("served"), analyzer)


@pytest.fixture(scope="session")
def client(served: Served) -> Iterator[TestClient]:
    app = create_app(ServerConfig(db=served.db, token=TOKEN))
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def writable(served: Served, tmp_path: Path) -> Iterator[TestClient]:
    """A client over a copy of the corpus, for tests that write."""
    import shutil

    copy = tmp_path / "copy.db"
    shutil.copy(served.db, copy)
    with TestClient(create_app(ServerConfig(db=str(copy), token=TOKEN))) as test_client:
        yield test_client
