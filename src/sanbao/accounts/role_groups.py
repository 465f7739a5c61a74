"""Keeps each role's Django group and its permissions in step with `roles.ROLES`.

Called from data migrations (with the migration's historical `apps`), so every app that
adds permissions adds a migration that calls `role_groups_sync` again.
"""

from typing import Any

from django.contrib.auth.management import create_permissions

from sanbao.accounts.roles import ROLES


def role_groups_sync(apps: Any, schema_editor: Any = None) -> None:
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
    # Apps migrated later than the caller get their permissions at their own sync.
    migrated = {app_config.label for app_config in apps.get_app_configs()}
    for role in ROLES.values():
        group, _ = group_model.objects.get_or_create(name=role.code)
        if "*" in role.permissions:
            group.permissions.set(every_permission)
            continue
        wanted = {name for name in role.permissions if name.partition(".")[0] in migrated}
        missing = sorted(wanted - by_name.keys())
        if missing:
            raise LookupError(f"Role {role.code} names unknown permissions: {missing}")
        group.permissions.set([by_name[name] for name in wanted])
