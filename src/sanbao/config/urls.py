"""Top-level URLs: staff site, portals, API, admin and health probes."""

from django.contrib import admin
from django.urls import include, path, re_path

from sanbao.config.api import api
from sanbao.config.api_errors import api_not_found
from sanbao.config.health import healthz, readyz
from sanbao.config.rate_limit import rate_limited
from sanbao.portal import tracking as portal_tracking
from sanbao.portal import views as portal_views
from sanbao.web.views import admin_login

admin.site.site_header = "Sanbao"
admin.site.site_title = "Sanbao"

# Everything reachable without signing in is rate-limited per client (config/rate_limit.py),
# except the probes, which load balancers call from one address all day.
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<path>.*)$", api_not_found),
    # The admin signs in through Sanbao's own page, which has the brute-force lockout.
    path("admin/login/", rate_limited("admin-sign-in")(admin_login)),
    path("admin/", admin.site.urls),
    path("accounts/", include("sanbao.accounts.urls")),
    path("portal/", include("sanbao.portal.urls")),
    path("privacy/", include("sanbao.privacy.urls")),
    # Printed in the QR code on every box: keep it short and stable.
    path("w/<str:serial>", portal_views.warranty_serial, name="warranty_serial"),
    # Printed as a QR code on every service card.
    path("t/<str:number>", portal_tracking.track_short, name="track_short"),
    path("warranty/", include("sanbao.warranty.urls")),
    path("catalog/", include("sanbao.catalog.urls")),
    path("service/", include("sanbao.service.urls")),
    path("returns/", include("sanbao.returns.urls")),
    path("claims/", include("sanbao.claims.urls")),
    path("insights/", include("sanbao.insights.urls")),
    path("customers/", include("sanbao.customers.urls")),
    # /s/<token>/: the survey link sent when an order or a return batch closes.
    path("", include("sanbao.feedback.urls")),
    path("", include("sanbao.web.urls")),
]
