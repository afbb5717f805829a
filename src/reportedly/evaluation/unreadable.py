"""What an ``eval`` command could not read: one line on stderr per item, a count at the end.

An evaluation file from somewhere else may hold an item the reader does not understand; the
run must go on, say which item it left out and why, and say how many it left out, so that a
figure is never silently computed on less than the user thinks.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TextIO


@dataclass
class Unreadable:
    """Items left out of a run, each with where it is and why."""

    items: list[str] = field(default_factory=list)
    err: TextIO | None = None

    def note(self, where: str, why: str) -> None:
        message = f"{where}: {why}"
        self.items.append(message)
        print(f"warning: left out {message}", file=self.err or sys.stderr, flush=True)

    def __len__(self) -> int:
        return len(self.items)

    def summary(self) -> str | None:
        """The closing line, or None when everything was read."""
        if not self.items:
            return None
        n = len(self.items)
        items = "1 item" if n == 1 else f"{n} items"
        return f"{items} could not be read and left out (see the warnings above)"
