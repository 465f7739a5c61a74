"""Customers' name, phone, email and street address encrypted at rest; the phone found by
its keyed hash. Existing rows are encrypted in place, a thousand at a time."""

import django.core.validators
from django.db import migrations, models

import sanbao.accounts.phones
import sanbao.privacy.crypto

FIELDS = ("name", "phone", "email", "address_detail")


def encrypt_existing(apps, schema_editor):
    from sanbao.privacy.crypto import PREFIX, phone_digest, pii_encrypt

    connection = schema_editor.connection
    table = connection.ops.quote_name("customers_customer")
    columns = ", ".join(connection.ops.quote_name(f) for f in FIELDS)
    sets = ", ".join(f"{connection.ops.quote_name(f)} = %s" for f in (*FIELDS, "phone_hash"))
    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, {columns} FROM {table} WHERE id > %s ORDER BY id LIMIT 1000",  # noqa: S608
                [last],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            updates = []
            for pk, *values in rows:
                plain = [value or "" for value in values]
                if plain[1].startswith(PREFIX):
                    continue
                encrypted = [pii_encrypt(value) for value in plain]
                updates.append([*encrypted, phone_digest(plain[1]) if plain[1] else None, pk])
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", updates)  # noqa: S608
        last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0002_address_email_consent"),
    ]

    atomic = True

    operations = [
        migrations.AddField(
            model_name="customer",
            name="erased_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="personal data erased"),
        ),
        migrations.AddField(
            model_name="customer",
            name="phone_hash",
            field=models.CharField(
                blank=True, editable=False, max_length=64, null=True, verbose_name="phone index"
            ),
        ),
        migrations.AlterField(
            model_name="customer",
            name="address_detail",
            field=sanbao.privacy.crypto.EncryptedCharField(
                blank=True, max_length=200, verbose_name="street address"
            ),
        ),
        migrations.AlterField(
            model_name="customer",
            name="email",
            field=sanbao.privacy.crypto.EncryptedCharField(
                blank=True,
                max_length=254,
                validators=[django.core.validators.EmailValidator()],
                verbose_name="email",
            ),
        ),
        migrations.AlterField(
            model_name="customer",
            name="name",
            field=sanbao.privacy.crypto.EncryptedCharField(
                blank=True, max_length=100, verbose_name="name"
            ),
        ),
        migrations.AlterField(
            model_name="customer",
            name="phone",
            field=sanbao.privacy.crypto.EncryptedCharField(
                blank=True,
                max_length=20,
                validators=[sanbao.accounts.phones.validate_cn_phone],
                verbose_name="phone",
            ),
        ),
        migrations.RunPython(encrypt_existing, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="customer",
            name="phone_hash",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=64,
                null=True,
                unique=True,
                verbose_name="phone index",
            ),
        ),
    ]
