"""Customer pages: masked in lists and details; the full record only by a logged step."""

import pytest

from sanbao.privacy.models import AccessLogEntry
from tests.service.conftest import register, unit  # noqa: F401 - fixtures used below

pytestmark = pytest.mark.django_db


@pytest.fixture
def front_desk(make_user):
    return make_user("front_desk")


def test_it_lists_customers_masked(client_as, front_desk, register):  # noqa: F811
    order = register()
    html = client_as(front_desk).get("/browse/customers/").content.decode()
    assert "138****8000" in html and "张**" in html
    assert "13800138000" not in html and "张伟" not in html
    detail = client_as(front_desk).get(f"/browse/customers/{order.customer.pk}/").content.decode()
    assert order.number in detail and "13800138000" not in detail


def test_it_finds_a_customer_by_the_phone_they_give(client_as, front_desk, register):  # noqa: F811
    register()
    client = client_as(front_desk)
    assert "138****8000" in client.get("/browse/customers/?q=138 0013 8000").content.decode()
    assert "138****8000" not in client.get("/browse/customers/?q=张").content.decode()


def test_it_logs_who_saw_the_full_record(client_as, front_desk, register):  # noqa: F811
    customer = register().customer
    response = client_as(front_desk).post(f"/customers/{customer.pk}/full/")
    assert response.status_code == 200 and "张伟" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    entry = AccessLogEntry.objects.get()
    assert entry.user == front_desk and entry.customer == customer
    assert client_as(front_desk).get(f"/customers/{customer.pk}/full/").status_code == 405


def test_it_hides_customers_of_other_brands(client_as, make_user, other_brand, hq, register):  # noqa: F811
    customer = register().customer
    stranger = make_user("front_desk", username="elsewhere", outlet=hq)
    stranger.brands.set([other_brand])
    client = client_as(stranger)
    assert client.get(f"/browse/customers/{customer.pk}/").status_code == 404
    assert client.post(f"/customers/{customer.pk}/full/").status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_it_shows_the_access_log_to_auditors(client_as, make_user, front_desk, register):  # noqa: F811
    customer = register().customer
    client_as(front_desk).post(f"/customers/{customer.pk}/full/")
    auditor = make_user("auditor")
    html = client_as(auditor).get("/browse/access-log/").content.decode()
    assert "front_desk" in html and "张**" in html
