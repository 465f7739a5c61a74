"""Gives the roles the warranty engine's permissions."""

from django.db import migrations

from sanbao.accounts.role_groups import role_groups_sync


class Migration(migrations.Migration):
    dependencies = [
        ("warranty", "0001_initial"),
        ("accounts", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(role_groups_sync, migrations.RunPython.noop)]
