"""Why a document is not analysed: raised where the problem is found, reported once per document.

``DocumentSkipped`` means the input is not something to analyse (empty, binary, too big, not
English); ``DocumentFailed`` means it should have been analysable but is broken (a malformed
JSON line, an unreadable file). The batch turns either into one ``DocumentError`` and goes on.
"""

from __future__ import annotations

from typing import Literal

from reportedly.model import DocumentError


class DocumentProblem(ValueError):
    """Base: one input cannot be analysed, for ``reason``."""

    status: Literal["skipped", "failed"] = "failed"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def error(self, origin: str) -> DocumentError:
        return DocumentError(origin=origin, status=self.status, reason=self.reason)


class DocumentSkipped(DocumentProblem):
    status: Literal["skipped", "failed"] = "skipped"


class DocumentFailed(DocumentProblem):
    status: Literal["skipped", "failed"] = "failed"
