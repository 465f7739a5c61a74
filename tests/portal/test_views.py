"""The customer portal is public; the dealer portal is for dealer users only."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_lists_brands_hotlines_and_outlets_publicly(client, hq, outlet):
    html = client.get(reverse("portal:customer_home")).content.decode()
    assert "400-716-2528" in html
    assert "Shenzhen HQ" in html and "Guangzhou outlet" in html


def test_it_shows_the_dealer_its_own_record(client_as, make_user, dealer):
    html = client_as(make_user("dealer")).get(reverse("portal:dealer_home")).content.decode()
    assert dealer.credit_code in html
    assert "authorised" in html


@pytest.mark.parametrize("role", ["front_desk", "manager", "admin"])
def test_it_refuses_staff_in_the_dealer_portal(client_as, make_user, role):
    assert client_as(make_user(role)).get(reverse("portal:dealer_home")).status_code == 403


def test_it_flags_an_expired_authorisation(client_as, make_user, dealer):
    from datetime import date

    dealer.authorised_until = date(2020, 1, 1)
    dealer.save()
    html = client_as(make_user("dealer")).get(reverse("portal:dealer_home")).content.decode()
    assert "not authorised" in html


def test_it_frames_the_dealers_account_pages_in_the_portal(client_as, make_user):
    client = client_as(make_user("dealer"))
    for name in ("accounts:api_tokens", "accounts:password_change"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "portal/dealer_base.html" in [t.name for t in response.templates]
