"""Printed documents: Django templates laid out as PDF (service cards, packing lists, labels)."""
