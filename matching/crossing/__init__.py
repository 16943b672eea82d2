"""Crossing from Vietnamese query texts to English evidence: a glossary written for this project
(`*.tsv` beside this module, one field per file) and the matcher that glosses a text (`gloss`,
`crossed`). Imports nothing of the project."""

from matching.crossing.gloss import crossed, gloss

__all__ = ["crossed", "gloss"]
