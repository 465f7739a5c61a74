"""Survey link tokens: a random secret goes out in the link; only its SHA-256 is stored."""

import hashlib
import secrets

TOKEN_MAX_LENGTH = 64  # longer than any token we issue; anything longer is not one


def token_new() -> tuple[str, str]:
    """A fresh token and the digest to store for it."""
    token = secrets.token_urlsafe(24)
    return token, token_digest(token)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
