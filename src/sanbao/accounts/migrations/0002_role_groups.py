"""Creates the role groups of DESIGN §1 with their permissions."""

from django.db import migrations

from sanbao.accounts.role_groups import role_groups_sync


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("catalog", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(role_groups_sync, migrations.RunPython.noop)]
