"""Personal API tokens: issued once in clear, stored as a digest, revocable."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanbao.accounts.models import ApiToken, User
from sanbao.config.errors import DomainError

TOKEN_PREFIX = "sb_"  # noqa: S105 - a marker, not a secret


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_issue(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; the returned clear text is never stored and cannot be shown again."""
    name = name.strip()
    if not name:
        raise DomainError("token_name_required", _("Give the token a name."), fields={"name": ""})
    if len(name) > 80:
        raise DomainError("token_name_too_long", _("A token name has at most 80 characters."))
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, digest=_digest(secret))
    return token, f"{TOKEN_PREFIX}{prefix}_{secret}"


def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(user=user, pk=token_id).first()
        if token is None:
            raise DomainError("token_not_found", _("No such API token."), status=404)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def api_token_user(*, raw: str) -> User | None:
    """The active user a presented token belongs to, or None; marks the token as used."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    prefix, _sep, secret = raw.removeprefix(TOKEN_PREFIX).partition("_")
    if not prefix or not secret:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__outlet", "user__dealer")
        .filter(prefix=prefix)
        .first()
    )
    if token is None or not token.is_active or not token.user.is_active:
        return None
    if not secrets.compare_digest(token.digest, _digest(secret)):
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
