"""Events: who did what to whom, where and when, in PLOVER's categories, with modality.

``extract.find_events`` reads a parsed ``Doc`` and the records the earlier stages made
(entities, places, times, claims) and returns ``Event`` records; ``coding.plover_category``
gives the category a PLOVER coder would record. The trigger lexicon, the modality cues and the
context words are data files in ``data/events/``.
"""
