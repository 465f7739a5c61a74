"""Personal data at rest: encrypted in the table, found by the phone's keyed hash, rotatable."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from sanbao.customers.models import Customer
from sanbao.customers.services import customer_find_or_register
from sanbao.privacy.crypto import PiiKeyMissing, phone_digest
from sanbao.privacy.keys import pii_keys_check, pii_rotate


def _stored(customer: Customer) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, phone, email, address_detail, city, phone_hash "
            "FROM customers_customer WHERE id = %s",
            [customer.pk],
        )
        row = cursor.fetchone()
    return dict(
        zip(["name", "phone", "email", "address_detail", "city", "phone_hash"], row, strict=True)
    )


@pytest.fixture
def zhang(db) -> Customer:
    return customer_find_or_register(
        name="张伟", phone="13800138000", email="zhang@example.com", city="广州市",
        address_detail="天河路 100 号",
    )  # fmt: skip


def test_it_stores_no_readable_personal_data(zhang):
    stored = _stored(zhang)
    for field in ("name", "phone", "email", "address_detail"):
        assert stored[field].startswith("f1:")
        assert "张伟" not in stored[field] and "138" not in stored[field]
    assert stored["city"] == "广州市"  # coarse place stays readable for the statistics
    again = Customer.objects.get(pk=zhang.pk)
    assert (again.name, again.phone, again.email) == ("张伟", "+8613800138000", "zhang@example.com")


def test_it_finds_the_customer_again_by_phone(zhang):
    assert _stored(zhang)["phone_hash"] == phone_digest("+8613800138000")
    same = customer_find_or_register(name="张伟", phone="+86 138-0013-8000")
    assert same.pk == zhang.pk
    assert Customer.objects.count() == 1


def test_it_encrypts_the_same_value_differently_each_time(zhang):
    other = customer_find_or_register(name="张伟", phone="13900139000")
    assert _stored(zhang)["name"] != _stored(other)["name"]


def test_it_rotates_to_a_new_key_and_still_reads_old_rows(db, settings):
    old = Fernet.generate_key().decode()
    new = Fernet.generate_key().decode()
    settings.PII_KEYS = [old]
    customer = customer_find_or_register(name="李娜", phone="13900139000")
    written_with_old = _stored(customer)["name"]
    settings.PII_KEYS = [new, old]
    assert Customer.objects.get(pk=customer.pk).name == "李娜"
    pii_rotate()
    assert _stored(customer)["name"] != written_with_old
    settings.PII_KEYS = [new]  # the old key retired: everything still reads
    assert Customer.objects.get(pk=customer.pk).name == "李娜"


def test_it_rebuilds_the_phone_index_when_the_hash_key_changes(zhang, settings):
    settings.PII_HASH_KEY = "a-new-hash-key-for-the-phone-index-0123456789"
    assert not Customer.objects.filter(phone_hash=phone_digest("+8613800138000")).exists()
    call_command("pii_rotate", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Customer.objects.get(phone_hash=phone_digest("+8613800138000")).pk == zhang.pk


def test_it_says_which_key_is_missing_when_it_cannot_decrypt(zhang, settings):
    settings.PII_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(PiiKeyMissing, match="PII_KEYS"):
        Customer.objects.get(pk=zhang.pk)


def test_the_deploy_check_wants_real_keys(settings):
    settings.PII_KEYS, settings.PII_HASH_KEY = [], ""
    assert {m.id for m in pii_keys_check(None)} == {"sanbao.E901", "sanbao.E902"}
    settings.PII_KEYS, settings.PII_HASH_KEY = [Fernet.generate_key().decode()], "k" * 40
    assert pii_keys_check(None) == []
