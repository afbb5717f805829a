"""Accurate mode: a trained attribution tagger (source, cue and content spans).

Training needs torch (``train`` extra); inference needs only onnxruntime and tokenizers
(``accurate`` extra). Modules without a heavy import (``labels``, ``windows``, ``link``) are
safe to import anywhere.
"""
