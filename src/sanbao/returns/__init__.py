"""Dealers' batch returns to the factory (seed 003 section IV)."""
