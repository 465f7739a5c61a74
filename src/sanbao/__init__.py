"""Sanbao (三包): after-sales service for makers of power banks, chargers, adapters and cables."""

__version__ = "0.1.0"
