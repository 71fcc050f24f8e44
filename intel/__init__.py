"""Child-protection intelligence product generator: the core (records, store, intake, patterns, faces)."""

__version__ = "0.1.0"
