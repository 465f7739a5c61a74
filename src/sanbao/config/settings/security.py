"""Debug mode, secret key, hosts, cookies, security headers and login lockout."""

from django.core.exceptions import ImproperlyConfigured

from sanbao.config.env import env_bool, env_int, env_list, env_str

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
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 3600, minimum=300)
X_FRAME_OPTIONS = "DENY"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

# Login lockout: this many wrong passwords for one login lock it for the cool-off.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60, minimum=1)

# Public warranty check (API and portal): this many lookups per client per window.
PUBLIC_CHECK_LIMIT = env_int("PUBLIC_CHECK_LIMIT", 30, minimum=1)
PUBLIC_CHECK_WINDOW_SECONDS = env_int("PUBLIC_CHECK_WINDOW_SECONDS", 60, minimum=1)
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
