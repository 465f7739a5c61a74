"""Idempotency-Key for API writes: same key and body replay the first reply; no second write."""

import hashlib
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from sanbao.accounts.models import IdempotencyRecord
from sanbao.accounts.tokens import api_token_user
from sanbao.config.errors import error_body

HEADER = "Idempotency-Key"
KEEP_FOR = timedelta(hours=24)


def _scope(request: HttpRequest) -> str:
    authorization = request.headers.get("Authorization", "")
    if authorization.lower().startswith("bearer "):
        user = api_token_user(raw=authorization[7:].strip())
        return f"user:{user.pk}" if user else "anonymous"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return "anonymous"


def _conflict(code: str, message: str) -> JsonResponse:
    return JsonResponse(error_body(code, message), status=409)


class IdempotencyMiddleware:
    """Wraps every POST under /api/ that carries an Idempotency-Key header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None or not request.path.startswith("/api/"):
            return self.get_response(request)
        key = key.strip()
        if not key or len(key) > 255 or not key.isprintable():
            return JsonResponse(
                error_body(
                    "idempotency_key_invalid",
                    _("The Idempotency-Key header must be 1 to 255 printable characters."),
                ),
                status=400,
            )
        scope = _scope(request)
        digest = hashlib.sha256(request.path.encode() + b"\n" + request.body).hexdigest()
        # One transaction: the key's record, the request's writes and the stored reply commit
        # together or not at all. A process killed midway leaves no trace, so the key can be
        # sent again; a second request with the key waits for the first to end (the unique
        # key on PostgreSQL, the write lock on SQLite), then gets its reply.
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = IdempotencyRecord.objects.create(
                        scope=scope, key=key, path=request.path[:500], request_digest=digest,
                        status_code=0, body=b"", content_type="",
                    )  # fmt: skip
            except IntegrityError:
                record = None
            if record is not None:
                response = self.get_response(request)
                if response.streaming or not 200 <= response.status_code < 400:
                    record.delete()  # failures may be retried with the same key
                    return response
                record.status_code = response.status_code
                record.body = response.content
                record.content_type = response.get("Content-Type", "application/json")
                record.save(update_fields=["status_code", "body", "content_type"])
                return response
        return self._replay(scope=scope, key=key, digest=digest)

    def _replay(self, *, scope: str, key: str, digest: str) -> HttpResponse:
        record = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
        if record is None:  # removed between our insert and this read: the first try failed
            return _conflict(
                "idempotency_request_failed",
                _("The first request with this Idempotency-Key failed; send it again."),
            )
        if record.request_digest != digest:
            return _conflict(
                "idempotency_key_reused",
                _("This Idempotency-Key was already used with a different request."),
            )
        if record.status_code == 0:
            return _conflict(
                "idempotency_request_in_progress",
                _("A request with this Idempotency-Key is still being processed."),
            )
        response = HttpResponse(
            bytes(record.body), status=record.status_code, content_type=record.content_type
        )
        response["Idempotent-Replayed"] = "true"
        return response


def idempotency_records_purge(*, older_than: timedelta = KEEP_FOR) -> int:
    """Forget replies older than the keeping period; returns how many were removed."""
    cutoff = timezone.now() - older_than
    removed, _counts = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return removed
