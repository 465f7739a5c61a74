"""Forms of the accounts app: sign-in with lockout, API token naming."""

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.lockout import login_failure_record, login_locked_until, login_success_record


def _locked_error(until: Any) -> forms.ValidationError:
    local = timezone.localtime(until)
    return forms.ValidationError(
        _("Too many wrong passwords: this login is locked until %(time)s. Try again later."),
        code="locked",
        params={"time": formats.date_format(local, "H:i")},
    )


class LockoutAuthenticationForm(AuthenticationForm):
    """Django's sign-in form that counts wrong passwords per login and locks after the limit."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if username:
            until = login_locked_until(username=username)
            if until:
                raise _locked_error(until)
        try:
            cleaned = super().clean()
        except forms.ValidationError as error:
            if username and getattr(error, "code", None) == "invalid_login":
                lockout = login_failure_record(username=username)
                if lockout.locked_until:
                    raise _locked_error(lockout.locked_until) from None
            raise
        login_success_record(username=username)
        return cleaned


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=80,
        help_text=_("Say where it is used, e.g. “warehouse scanner”."),
    )
