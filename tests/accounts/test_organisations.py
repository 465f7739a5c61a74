"""Organisation records validate what a mistyped form would get wrong."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from sanbao.accounts.models import Dealer, ServiceOutlet
from sanbao.accounts.phones import phone_mask, phone_normalise

pytestmark = pytest.mark.django_db


def test_it_rejects_a_bad_credit_code(dealer):
    last = dealer.credit_code[-1]
    dealer.credit_code = dealer.credit_code[:-1] + ("1" if last != "1" else "2")
    with pytest.raises(ValidationError) as error:
        dealer.full_clean()
    assert "credit_code" in error.value.message_dict


def test_it_accepts_a_valid_credit_code_with_spaces(dealer):
    dealer.credit_code = f" {dealer.credit_code[:9]} {dealer.credit_code[9:]} "
    dealer.full_clean()
    assert " " not in dealer.credit_code


def test_it_refuses_an_authorisation_that_ends_before_it_starts(dealer):
    from datetime import date

    dealer.authorised_from, dealer.authorised_until = date(2025, 1, 1), date(2024, 1, 1)
    with pytest.raises(ValidationError):
        dealer.full_clean()


def test_it_allows_only_one_headquarters(hq):
    with pytest.raises(IntegrityError):
        ServiceOutlet.objects.create(
            code="second-hq", name_en="B", name_zh="B", is_hq=True, phone="+862087654321"
        )


def test_it_normalises_and_masks_phones():
    assert phone_normalise("138 0013 8000") == "+8613800138000"
    assert phone_mask("+8613800138000") == "138****8000"
    with pytest.raises(ValidationError):
        phone_normalise("12345")


def test_it_normalises_a_dealer_phone_on_clean(dealer):
    dealer.phone = "139-5711-2345"
    dealer.full_clean()
    assert dealer.phone == "+8613957112345"
    assert Dealer.objects.count() == 1


def test_it_writes_chinese_names_family_name_first(make_user):
    assert make_user("front_desk", first_name="丽", last_name="王").get_full_name() == "王丽"
    assert make_user("manager", first_name="Mei", last_name="Lin").get_full_name() == "Mei Lin"
