"""Across articles: origins (wire copy), stories, and links between items of different reports."""
