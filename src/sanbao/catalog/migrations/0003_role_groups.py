"""Gives the roles the permissions on batches and parts."""

from django.db import migrations

from sanbao.accounts.role_groups import role_groups_sync


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_batches_parts_ccc"),
        ("accounts", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(role_groups_sync, migrations.RunPython.noop)]
