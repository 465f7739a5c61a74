"""Gives the roles the permissions on service orders, customers and the access log."""

from django.db import migrations

from sanbao.accounts.role_groups import role_groups_sync


class Migration(migrations.Migration):
    dependencies = [
        ("service", "0001_initial"),
        ("privacy", "0001_initial"),
        ("catalog", "0005_role_groups"),
    ]

    operations = [migrations.RunPython(role_groups_sync, migrations.RunPython.noop)]
