"""Training: code that fits the models the package ships. Runtime code never imports it.

Outputs go to a run folder (``runs/``) unless a path is given explicitly, so a training run
never overwrites a file shipped in the package by accident.
"""
