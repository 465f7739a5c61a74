"""Outgoing notifications: the outbox that delivery channels drain."""
