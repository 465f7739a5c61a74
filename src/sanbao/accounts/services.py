"""Writes of the accounts app that are not tokens, lockouts or idempotency."""

from django.conf import settings
from django.utils.translation import gettext as _

from sanbao.accounts.models import User
from sanbao.config.errors import DomainError

LANGUAGE_CHOSEN_KEY = "language_chosen"
_LANGUAGES = {code for code, _label in settings.LANGUAGES}


def language_choose(*, user: User | None, language: str) -> str:
    """Validate a language choice and remember it on the user's profile when signed in."""
    if language not in _LANGUAGES:
        raise DomainError("language_unknown", _("That language is not available."))
    if user is not None and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return language


def user_language_on_login(*, user: User, chosen: str | None) -> str:
    """A language picked on the sign-in page becomes the user's; otherwise theirs applies."""
    if chosen in _LANGUAGES:
        return language_choose(user=user, language=chosen or "")
    return user.language
