"""customer_find_or_register: one customer per phone, kept up to date, consent recorded once."""

import pytest

from sanbao.config.errors import DomainError
from sanbao.customers.models import Customer
from sanbao.customers.services import customer_find_or_register

pytestmark = pytest.mark.django_db


def test_it_finds_the_same_customer_however_the_phone_is_written():
    first = customer_find_or_register(name="张伟", phone="13800138000")
    again = customer_find_or_register(name="张伟", phone="+86 138-0013-8000", city="广州市")
    assert first.pk == again.pk and again.city == "广州市"
    assert Customer.objects.get().phone == "+8613800138000"


def test_it_records_consent_once_with_where_it_was_given():
    customer = customer_find_or_register(
        name="李娜", phone="13900139000", notifications_agreed=True, consent_source="gz"
    )
    agreed_at = customer.notifications_consented_at
    again = customer_find_or_register(
        name="李娜", phone="13900139000", notifications_agreed=True, consent_source="sz"
    )
    assert again.notifications_consented_at == agreed_at
    assert again.notifications_consent_source == "gz"


def test_it_refuses_a_bad_email_and_changes_nothing():
    customer_find_or_register(name="王芳", phone="13700137000")
    with pytest.raises(DomainError) as error:
        customer_find_or_register(name="王芳", phone="13700137000", email="not-an-email")
    assert "email" in error.value.fields
    assert Customer.objects.get().email == ""


def test_it_registers_no_one_when_a_new_customers_email_is_bad():
    with pytest.raises(DomainError):
        customer_find_or_register(name="赵六", phone="13600136000", email="nope")
    assert not Customer.objects.exists()
