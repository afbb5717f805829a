"""A time budget per document, enforced inside the stages.

``set_budget(doc, seconds)`` gives a ``Doc`` its budget; each stage's ``__call__`` is wrapped
in ``budgeted``, which counts the time the stages spend on that document and interrupts the
stage that runs past what is left with ``DocumentTimeout``. spaCy's error handler then fails
that one document ("took longer than N s") and the batch goes on with the next. The budget is
plain data in ``doc.user_data`` (two floats), so a ``Doc`` stays serialisable.

The interruption is ``SIGALRM``, so it works in the main thread of a process (the command
line, each ``--jobs`` worker); elsewhere (a web server's threads) the stages run unbudgeted.
Code in C (the parser) is interrupted only when it returns to Python; the parse is linear,
and the ``--jobs`` parent replaces a worker that stops answering altogether.
"""

from __future__ import annotations

import functools
import signal
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from spacy.tokens import Doc

BUDGET_KEY = "reportedly.budget"

Stage = TypeVar("Stage")


class DocumentTimeout(Exception):
    """A document used up its time budget."""

    def __init__(self, limit: float) -> None:
        super().__init__(f"took longer than {limit:g} s")
        self.limit = limit


def set_budget(doc: Doc, seconds: float | None) -> None:
    """Give ``doc`` ``seconds`` of stage time in all (None or 0: no limit)."""
    if seconds:
        doc.user_data[BUDGET_KEY] = [float(seconds), 0.0]
    else:
        doc.user_data.pop(BUDGET_KEY, None)


def _can_interrupt() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def budgeted(call: Callable[[Stage, Doc], Doc]) -> Callable[[Stage, Doc], Doc]:
    """Wrap a stage's ``__call__`` so that it keeps to the document's budget."""

    @functools.wraps(call)
    def run(self: Stage, doc: Doc) -> Doc:
        budget = doc.user_data.get(BUDGET_KEY)
        if not budget or not _can_interrupt():
            return call(self, doc)
        limit, spent = float(budget[0]), float(budget[1])
        if spent >= limit:
            raise DocumentTimeout(limit)

        def on_alarm(signum: int, frame: Any) -> None:
            raise DocumentTimeout(limit)

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, limit - spent)
        started = time.perf_counter()
        try:
            return call(self, doc)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            budget[1] = spent + time.perf_counter() - started

    return run
