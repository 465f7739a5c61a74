"""Gives the roles the permissions on units, serial imports, claims and recalls."""

from django.db import migrations

from sanbao.accounts.role_groups import role_groups_sync


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_units_imports_recalls"),
        ("notify", "0001_initial"),
    ]

    operations = [migrations.RunPython(role_groups_sync, migrations.RunPython.noop)]
