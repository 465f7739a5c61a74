"""Dashboard pages and their exports. Each page is one filter form and one Board."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from sanbao.accounts.http import SignedInRequest
from sanbao.insights.charts import Board
from sanbao.insights.dashboards import DASHBOARDS, Dashboard
from sanbao.insights.exports import CONTENT_TYPES, chart_download
from sanbao.insights.scope import Scope, ScopeForm


def _dashboard(request: SignedInRequest, slug: str) -> Dashboard:
    dashboard = DASHBOARDS.get(slug)
    if dashboard is None:
        raise Http404
    if not request.user.has_perm(dashboard.permission):
        raise PermissionDenied
    return dashboard


def dashboards_for(request: SignedInRequest) -> list[Dashboard]:
    return [d for d in DASHBOARDS.values() if request.user.has_perm(d.permission)]


@login_required
@require_GET
def dashboard_index(request: SignedInRequest) -> HttpResponse:
    allowed = dashboards_for(request)
    if not allowed:
        raise PermissionDenied
    return redirect("insights:dashboard", allowed[0].slug)


@login_required
@require_GET
def dashboard_page(request: SignedInRequest, slug: str) -> HttpResponse:
    dashboard = _dashboard(request, slug)
    form = ScopeForm(request.GET or None, user=request.user)
    scope: Scope | None = None
    if form.is_bound and not form.is_valid():
        board = Board()
    else:
        if not form.is_bound:
            form = ScopeForm({}, user=request.user)
            form.is_valid()
        scope = form.scope()
        board = dashboard.build(scope)
    context = {
        "dashboard": dashboard, "dashboards": dashboards_for(request), "form": form,
        "scope": scope, "board": board, "query": request.GET.urlencode(),
        "generated_at": timezone.now(),
    }  # fmt: skip
    return render(request, "insights/dashboard.html", context)


@login_required
@require_GET
def chart_export(request: SignedInRequest, slug: str, chart: str, file_format: str) -> HttpResponse:
    dashboard = _dashboard(request, slug)
    if file_format not in CONTENT_TYPES:
        raise Http404
    form = ScopeForm(request.GET, user=request.user)
    if not form.is_valid():
        return HttpResponse(
            "; ".join(f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items()),
            status=400, content_type="text/plain; charset=utf-8",
        )  # fmt: skip
    scope = form.scope()
    found = dashboard.build(scope).chart(chart)
    if found is None:
        raise Http404
    name = f"{slug}-{chart}-{scope.start:%Y%m%d}-{scope.end:%Y%m%d}"
    return chart_download(found, file_format=file_format, name=name)
