"""A cheap "is this English?" check, good enough to keep other languages out of an English model.

No offline language identifier ships with the pinned stack (langdetect and lingua are not
dependencies, and fastText needs model weights), so this uses two signals that cost one regex
pass: the share of Latin letters, and the share of spaCy's English stop words among words. News
prose in English runs at 35-55% stop words (20% at the lowest, in BBC sport result lists);
German and Polish paragraphs measured 2% and 8% (their few shared forms: "a", "in", "do", "so"),
hence the 12% line. Short texts (a headline) are only checked by
script, since stop-word shares of a dozen words are noise.
"""

from __future__ import annotations

import functools
import re

_WORD = re.compile(r"[^\W\d_]+")
MIN_WORDS = 30
MIN_STOP_SHARE = 0.12
MIN_LATIN_SHARE = 0.5


@functools.cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def non_english_reason(text: str, sample_chars: int = 20_000) -> str | None:
    """Why ``text`` does not look like English, or None when it does (or cannot be told)."""
    words = _WORD.findall(text[:sample_chars])
    if not words:
        return None
    letters = sum(len(w) for w in words)
    latin = sum(1 for w in words for c in w if c < "\u0250")
    if latin / letters < MIN_LATIN_SHARE:
        return f"not English: only {latin / letters:.0%} of letters are Latin script"
    if len(words) < MIN_WORDS:
        return None
    stops = _stop_words()
    share = sum(1 for w in words if w.lower() in stops) / len(words)
    if share < MIN_STOP_SHARE:
        return (
            f"not English: {share:.0%} of {len(words)} words are English stop words "
            f"(English prose has over {MIN_STOP_SHARE:.0%})"
        )
    return None
