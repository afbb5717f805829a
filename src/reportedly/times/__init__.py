"""Time expressions: detection on the spaCy parse, TIMEX3 normalisation, tense of the verb.

The stage (``reportedly.stages.times``) finds candidate spans (``detect``), asks the parse which
way the governing verb points (``tense``) and turns the words into a TIMEX3 value anchored on
the publication date (``normalise``). The normaliser is plain Python on strings so it can be
tested and reused without spaCy.
"""

from reportedly.times.normalise import Timex, normalise

__all__ = ["Timex", "normalise"]
