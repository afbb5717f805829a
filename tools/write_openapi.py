"""Write the API's OpenAPI document to ``docs/openapi.json`` (a test holds it equal to what
``reportedly serve`` serves at /api/v1/openapi.json)."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from reportedly.corpus import Corpus
from reportedly.server import ServerConfig, create_app

OUT = Path(__file__).resolve().parents[1] / "docs" / "openapi.json"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "empty.db")
        Corpus(db).close()
        document = create_app(ServerConfig(db=db)).openapi()
    OUT.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(document['paths'])} paths", file=sys.stderr)


if __name__ == "__main__":
    main()
