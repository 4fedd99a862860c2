"""safe-map: map national customs law against the WCO SAFE Framework of Standards."""

__version__ = "0.1.0"
