"""Renderers: the terminal report, JSON/JSONL and the self-contained HTML view."""
