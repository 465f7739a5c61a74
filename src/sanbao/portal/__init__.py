"""Self-service portals: the public customer portal and the dealers' portal."""
