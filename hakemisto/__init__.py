"""Hakemisto: a static directory of NGOs working with children and families, and their networks."""

__version__ = "0.1.0"
