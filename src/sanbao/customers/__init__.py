"""Customers and their contact data: the only place personal data lives."""
