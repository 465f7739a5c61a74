"""Accounts app configuration."""

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _role_groups_refresh(sender: AppConfig, **kwargs: Any) -> None:
    """After every migrate, the admin role also gets the permissions of newer apps."""
    from django.apps import apps as global_apps

    from sanbao.accounts.role_groups import role_groups_sync

    if kwargs.get("using", "default") == "default":
        role_groups_sync(kwargs.get("apps") or global_apps, strict=True)


class AccountsConfig(AppConfig):
    name = "sanbao.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        post_migrate.connect(_role_groups_refresh, sender=self, dispatch_uid="role_groups_refresh")
