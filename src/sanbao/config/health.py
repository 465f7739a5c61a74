"""Liveness and readiness probes for load balancers and orchestrators."""

import logging

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from huey.contrib.djhuey import HUEY

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and answering."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """The database and the job queue are reachable."""
    checks: dict[str, str] = {}
    queue_depth: int | None = None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:
        logger.exception("Readiness: database unreachable")
        checks["database"] = "unreachable"
    try:
        queue_depth = HUEY.pending_count()
        checks["queue"] = "ok"
    except Exception:
        logger.exception("Readiness: job queue unreachable")
        checks["queue"] = "unreachable"
    ready = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks, "queue_depth": queue_depth},
        status=200 if ready else 503,
    )
