"""Unpacking-damage declarations (seed 003 sections V and VI)."""
