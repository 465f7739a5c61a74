"""URLs of sign-in, password change, language and API tokens."""

from django.contrib.auth import views as auth_views
from django.urls import path

from sanbao.accounts import views
from sanbao.config.rate_limit import rate_limited

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", rate_limited("sign-out")(auth_views.LogoutView.as_view()), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("language/", views.language_set, name="language"),
    path("tokens/", views.api_tokens, name="api_tokens"),
]
