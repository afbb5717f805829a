"""``reportedly serve``: the HTTP API (``/api/v1``) and the web UI over one corpus.

A layer above the records, like the corpus and linking it serves: it reads ``Report`` rows
through ``reportedly.corpus`` and ``reportedly.linking``, and loads the pipeline (once per
process, on the first ``POST /analyze`` or ``POST /documents``) only to analyse new text.
Importing it imports FastAPI; nothing else in the package does.
"""

from reportedly.server.app import create_app
from reportedly.server.config import ServerConfig

__all__ = ["ServerConfig", "create_app"]
