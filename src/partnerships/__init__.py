"""Migration Partnerships Monitor."""

__version__ = "0.1.0"
