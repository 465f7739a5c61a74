"""Accounts models: organisations, users, API tokens, login lockouts, idempotency records."""

from sanbao.accounts.models.organisations import Brand, Dealer, ServiceOutlet
from sanbao.accounts.models.security import ApiToken, IdempotencyRecord, LoginLockout
from sanbao.accounts.models.users import User

__all__ = [
    "ApiToken",
    "Brand",
    "Dealer",
    "IdempotencyRecord",
    "LoginLockout",
    "ServiceOutlet",
    "User",
]
