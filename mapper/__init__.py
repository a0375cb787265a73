"""mapper: turn news articles into a map of what happened where and when."""

__version__ = "0.1.0"
