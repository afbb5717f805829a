"""Evaluation on standard corpora: ``reportedly eval polnear|timeml|quantities|geo``."""
