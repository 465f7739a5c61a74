"""Keeps each role's Django group and its permissions in step with `roles.ROLES`.

Called from data migrations (with the migration's historical `apps`), where permissions of
models not created yet are left for a later sync, and after every `migrate` with
`strict=True`, when every permission a role names must exist.
"""

from typing import Any

from django.contrib.auth.management import create_permissions

from sanbao.accounts.roles import ROLES


def role_groups_sync(apps: Any, schema_editor: Any = None, *, strict: bool = False) -> None:
    for app_config in apps.get_app_configs():
        # Migration states have no models_module; create_permissions skips such apps.
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        try:
            create_permissions(app_config, verbosity=0, apps=apps)
        finally:
            app_config.models_module = original
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    every_permission = list(permission_model.objects.all())
    by_name = {f"{p.content_type.app_label}.{p.codename}": p for p in every_permission}
    for role in ROLES.values():
        group, _ = group_model.objects.get_or_create(name=role.code)
        if "*" in role.permissions:
            group.permissions.set(every_permission)
            continue
        missing = sorted(role.permissions - by_name.keys())
        if missing and strict:
            raise LookupError(f"Role {role.code} names unknown permissions: {missing}")
        group.permissions.set([by_name[name] for name in role.permissions if name in by_name])
