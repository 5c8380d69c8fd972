"""The criminal justice pathway of England and Wales on top of the domain-free ``sim`` toolkit."""

__all__ = ["__version__"]
__version__ = "0.1.0"
