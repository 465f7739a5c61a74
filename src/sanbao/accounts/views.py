"""Sign-in, sign-out, password change, language choice and personal API tokens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanbao.accounts import selectors, services, tokens
from sanbao.accounts.forms import ApiTokenForm, LockoutAuthenticationForm
from sanbao.accounts.http import SignedInRequest
from sanbao.config.errors import DomainError
from sanbao.config.rate_limit import rate_limited


@method_decorator(
    rate_limited("sign-in", "LOGIN_RATE_LIMIT", "LOGIN_RATE_WINDOW_SECONDS"), name="dispatch"
)
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LockoutAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        chosen = self.request.session.get(services.LANGUAGE_CHOSEN_KEY)
        response = super().form_valid(form)
        language = services.user_language_on_login(user=form.get_user(), chosen=chosen)
        self.request.session.pop(services.LANGUAGE_CHOSEN_KEY, None)
        _set_language_cookie(response, language)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("web:home")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


@rate_limited("language")
@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch between English and Chinese; remembered in a cookie and on the user's profile."""
    target = request.POST.get("next") or request.headers.get("Referer") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    try:
        language = services.language_choose(
            user=request.user if request.user.is_authenticated else None,
            language=request.POST.get("language", ""),
        )
    except DomainError as error:
        messages.error(request, error.message)
        return response
    if not request.user.is_authenticated:
        request.session[services.LANGUAGE_CHOSEN_KEY] = language
    _set_language_cookie(response, language)
    return response


@login_required
def api_tokens(request: SignedInRequest) -> HttpResponse:
    """List my tokens; issue one (shown once) or revoke one."""
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    issued = None
    if request.method == "POST" and "revoke" in request.POST:
        try:
            token = tokens.api_token_revoke(user=request.user, token_id=int(request.POST["revoke"]))
            messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
        except (DomainError, ValueError):
            messages.error(request, _("No such API token."))
        return HttpResponseRedirect(reverse("accounts:api_tokens"))
    if request.method == "POST" and form.is_valid():
        try:
            _token, issued = tokens.api_token_issue(
                user=request.user, name=form.cleaned_data["name"]
            )
            form = ApiTokenForm()
        except DomainError as error:
            form.add_error("name", error.message)
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "issued": issued,
            "tokens": selectors.user_api_tokens(user=request.user),
        },
    )
