"""Quantities: figures with their bounds, change, unit and counted concept.

``pieces`` cuts the spaCy tokens into number and unit pieces ("10km" is two), ``numbers``
reads written numbers ("300 thousand", "a million", "1.5bn", "dozens"), ``units`` looks units
up in ``data/quantities/units.json`` and ``extract`` puts it all together for the stage.
"""
