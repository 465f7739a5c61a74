"""Debug mode, secret key, hosts, cookies, security headers and login lockout."""

from django.core.exceptions import ImproperlyConfigured

from sanbao.config.env import env_bool, env_int, env_list, env_str
from sanbao.config.settings.base import SILENCED_SYSTEM_CHECKS as _BASE_SILENCED

DEBUG = env_bool("DEBUG", True)

_secret = env_str("SECRET_KEY")
if _secret is None:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    _secret = "django-insecure-sanbao-development-only-never-use-in-production"  # noqa: S105
elif len(_secret) < 32:
    raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long.")
SECRET_KEY = _secret

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Behind a TLS-terminating proxy: the proxy sets X-Forwarded-Proto.
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

_https = not DEBUG and env_bool("HTTPS", True)
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = _https and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if _https else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# Preloading binds the whole domain and its subdomains to HTTPS in every browser, for
# months after it is withdrawn: the domain's owner decides, not a default. Without it
# `check --deploy` warns (security.W021); that warning is silenced, the choice is made.
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0 and env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [*_BASE_SILENCED, *([] if SECURE_HSTS_PRELOAD else ["security.W021"])]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 3600, minimum=300)
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy of every HTML page (config/security_headers.py). Scripts come only
# from our static files: no inline <script>, no eval (sanbao.js says so; the charts' data is
# JSON in <script type="application/json">, which is not run). Inline event handlers are
# allowed only by hash ('unsafe-hashes'), and tests/config/test_security_headers.py fails on
# any other:
# - the one way to ask before a form is sent, the same text in every language:
#   <form … onsubmit="return confirm(this.dataset.confirm)" data-confirm="{% translate … %}">
# - the returns page's older `onsubmit="return confirm('Cancel this batch?')"`, in English
#   and in Chinese (drop these two once it uses the form above).
# Styles allow inline: templates set widths and heights in style attributes, and htmx adds
# its indicator style. Set CONTENT_SECURITY_POLICY to replace the whole policy, and
# CONTENT_SECURITY_POLICY_REPORT_ONLY=1 to try one out without enforcing it.
_CSP_INLINE_HANDLERS = (
    "'sha256-dTmt1GaQA59s60BR0D/T1RIVNW1gkyjh5JCZ7pLDVEs='",  # confirm(this.dataset.confirm)
    "'sha256-xpfl3UTOPDyedIG2HC1Sv6HtkPOY63q3OCMHtKxH5Gc='",  # Cancel this batch? (en)
    "'sha256-NlhVAo00eIsEr3AUaWttQTyvZqUpR2Jx/zyYifZQszw='",  # Cancel this batch? (zh-hans)
)
CONTENT_SECURITY_POLICY = env_str("CONTENT_SECURITY_POLICY") or "; ".join(
    [
        "default-src 'self'",
        f"script-src 'self' 'unsafe-hashes' {' '.join(_CSP_INLINE_HANDLERS)}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
CONTENT_SECURITY_POLICY_REPORT_ONLY = env_bool("CONTENT_SECURITY_POLICY_REPORT_ONLY", False)
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

# Login lockout: this many wrong passwords for one login lock it for the cool-off.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60, minimum=1)

# Rate limits of everything reachable without signing in, per client address and endpoint
# (config/rate_limit.py; docs/operations.md lists which endpoint uses which pair).
# Lookups that answer from the registry or open a link: the warranty check (API and /w/),
# survey links (API and pages), the tracking form.
PUBLIC_CHECK_LIMIT = env_int("PUBLIC_CHECK_LIMIT", 30, minimum=1)
PUBLIC_CHECK_WINDOW_SECONDS = env_int("PUBLIC_CHECK_WINDOW_SECONDS", 60, minimum=1)
# Light public pages: the customer portal, forms, short links, language, sign-out, API docs.
PUBLIC_PAGE_LIMIT = env_int("PUBLIC_PAGE_LIMIT", 120, minimum=1)
PUBLIC_PAGE_WINDOW_SECONDS = env_int("PUBLIC_PAGE_WINDOW_SECONDS", 60, minimum=1)
# PDFs rendered for the public (the service card on the tracking page): costly to draw.
PUBLIC_PDF_LIMIT = env_int("PUBLIC_PDF_LIMIT", 10, minimum=1)
PUBLIC_PDF_WINDOW_SECONDS = env_int("PUBLIC_PDF_WINDOW_SECONDS", 60, minimum=1)
# The sign-in page, on top of the lockout per login name: requests per address.
LOGIN_RATE_LIMIT = env_int("LOGIN_RATE_LIMIT", 60, minimum=1)
LOGIN_RATE_WINDOW_SECONDS = env_int("LOGIN_RATE_WINDOW_SECONDS", 60, minimum=1)
# API calls without a valid token or session (401): after this many, 429 until the window
# ends, without looking the token up.
API_AUTH_FAILURE_LIMIT = env_int("API_AUTH_FAILURE_LIMIT", 60, minimum=1)
API_AUTH_FAILURE_WINDOW_SECONDS = env_int("API_AUTH_FAILURE_WINDOW_SECONDS", 60, minimum=1)
# Behind a reverse proxy: the header the proxy puts the client's address in (X-Real-IP).
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "") or ""

# Where customers reach this site: QR codes on service cards and links in messages.
PUBLIC_URL = (env_str("PUBLIC_URL", "http://localhost:8000") or "").rstrip("/")

# Customers track an order by card number + last 4 phone digits: lock the card after this
# many wrong guesses in a row, for this long.
TRACKING_FAILURE_LIMIT = env_int("TRACKING_FAILURE_LIMIT", 5, minimum=1)
TRACKING_LOCKOUT_SECONDS = env_int("TRACKING_LOCKOUT_SECONDS", 15 * 60, minimum=1)

# Which commissioner reviews an unpacking-damage declaration, by what the goods were:
# "commercial" (marketing) or "after_sales" (customer service).
DAMAGE_CLAIM_ROUTES = {
    "sales": env_str("DAMAGE_CLAIM_ROUTE_SALES", "commercial") or "commercial",
    "repair_return": env_str("DAMAGE_CLAIM_ROUTE_REPAIR_RETURN", "after_sales") or "after_sales",
}
