"""Site clutter lines (``ADVERTISEMENT``, ``JOIN US ON TELEGRAM!`` ...): removed whole, recorded.

The patterns live in ``data/clutter.json``; a line is clutter only when its stripped text fully
matches one, so a sentence that merely mentions a newsletter is never touched.
"""

from __future__ import annotations

import functools
import re

from reportedly import resources


@functools.cache
def _patterns() -> tuple[re.Pattern[str], int]:
    data = resources.load_json("clutter.json", {"patterns": list, "max_line_chars": int})
    combined = "|".join(f"(?:{p})" for p in data["patterns"])
    return re.compile(combined, re.IGNORECASE), int(data["max_line_chars"])


def is_clutter(line: str) -> bool:
    """Whether one line (without its line break) is site clutter."""
    stripped = line.strip()
    pattern, max_chars = _patterns()
    return 0 < len(stripped) <= max_chars and pattern.fullmatch(stripped) is not None
