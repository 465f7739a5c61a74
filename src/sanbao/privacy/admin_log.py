"""Admin actions in the access log: every change made through Django's admin site."""

from typing import Any

from django.contrib.admin.models import LogEntry
from django.db.models.signals import post_save
from django.dispatch import receiver

from sanbao.privacy.models import Access, AccessLogEntry


@receiver(post_save, sender=LogEntry, dispatch_uid="privacy-admin-log")
def admin_action_logged(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    if not created:
        return
    verb = {1: "added", 2: "changed", 3: "deleted"}.get(instance.action_flag, "?")
    model = instance.content_type.model if instance.content_type else "?"
    AccessLogEntry.objects.create(
        user_id=instance.user_id, action=Access.ADMIN, where=f"admin/{model}",
        detail=f"{verb} {model} #{instance.object_id}"[:200],
    )  # fmt: skip
