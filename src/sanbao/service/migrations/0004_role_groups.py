"""Lets front desks and technicians hand orders back."""

from django.db import migrations

from sanbao.accounts.role_groups import role_groups_sync


class Migration(migrations.Migration):
    dependencies = [("service", "0003_workflow")]

    operations = [migrations.RunPython(role_groups_sync, migrations.RunPython.noop)]
