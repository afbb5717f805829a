"""The corpus: many reports in one database (SQLite or PostgreSQL), queried and exported.

A layer above the records: it reads ``reportedly.model`` reports and never spaCy objects.
"""

from reportedly.corpus.store import ALREADY_STORED, Corpus, CorpusError

__all__ = ["ALREADY_STORED", "Corpus", "CorpusError"]
