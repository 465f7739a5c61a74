"""Key rotation: every encrypted value rewritten under the newest key, every phone index
rebuilt with the current hash key, a thousand rows per transaction (resumable)."""

from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.db import connection, models, transaction

from sanbao.privacy.crypto import EncryptedCharField, phone_digest, pii_encrypt

BATCH = 1_000


def encrypted_fields() -> Iterator[tuple[type[models.Model], list[str]]]:
    for model in apps.get_models():
        fields = model._meta.concrete_fields
        names = [f.attname for f in fields if isinstance(f, EncryptedCharField)]
        if names:
            yield model, names


def pii_rotate() -> dict[str, int]:
    """Rows rewritten per model label."""
    done: dict[str, int] = {}
    for model, names in encrypted_fields():
        table = model._meta.db_table
        has_index = any(f.name == "phone_hash" for f in model._meta.concrete_fields)
        last, count = 0, 0
        while True:
            with transaction.atomic():
                rows = list(
                    model._base_manager.filter(pk__gt=last)
                    .order_by("pk")
                    .values_list("pk", *names)[:BATCH]
                )
                if not rows:
                    break
                _rewrite(model, table, names, rows, has_index=has_index)
            last, count = rows[-1][0], count + len(rows)
        done[model._meta.label] = count
    return done


def _rewrite(
    model: type[models.Model],
    table: str,
    names: list[str],
    rows: list[tuple[Any, ...]],
    *,
    has_index: bool,
) -> None:
    quote = connection.ops.quote_name
    columns = [*names, "phone_hash"] if has_index else names
    sets = ", ".join(f"{quote(name)} = %s" for name in columns)
    updates: list[list[Any]] = []
    for pk, *plain in rows:
        # The ORM decrypted with whichever key wrote it; encrypt again with the newest.
        values: list[str | None] = [pii_encrypt(value or "") for value in plain]
        if has_index:
            phone = plain[names.index("phone")]
            values.append(phone_digest(phone) if phone else None)
        updates.append([*values, pk])
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {quote(table)} SET {sets} WHERE id = %s", updates)  # noqa: S608


@register("security", deploy=True)
def pii_keys_check(app_configs: object, **kwargs: object) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    if not settings.PII_KEYS:
        problems.append(
            Error(
                "PII_KEYS is not set: personal data is encrypted with a key derived from "
                "SECRET_KEY.",
                hint="Generate one with `sanbao pii-new-key` and set PII_KEYS.",
                id="sanbao.E901",
            )
        )
    if not settings.PII_HASH_KEY:
        problems.append(
            Error(
                "PII_HASH_KEY is not set: the phone index uses a key derived from SECRET_KEY.",
                hint="Set PII_HASH_KEY to a long random string and keep it.",
                id="sanbao.E902",
            )
        )
    return problems
