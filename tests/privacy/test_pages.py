"""The retention page with its dry run and purge log, the access log search, admin actions."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType

from sanbao.customers.models import Customer
from sanbao.privacy.models import Access, AccessLogEntry, PurgeRun
from sanbao.privacy.purge import purge_run
from sanbao.privacy.services import customer_access_record


@pytest.fixture
def users(make_user):
    """Those not made by the intake fixtures (front desk and technician)."""
    return {role: make_user(role) for role in ("auditor", "admin", "manager")}


def test_the_auditor_sees_schedules_dry_run_and_log(client_as, users, old_order):
    old_order(days=800)
    purge_run()
    old_order(days=900, customer_phone="13900139000")
    page = client_as(users["auditor"]).get("/privacy/retention/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "ROMOSS-IV.8" in html and "PIPL-19" in html
    assert 'data-testid="schedule-top-service_order"' in html
    assert "purge-start" not in html  # starting a purge is the administrator's
    assert PurgeRun.objects.count() == 1


def test_front_desk_may_not_see_the_retention_page(client_as, front_desk):
    assert client_as(front_desk).get("/privacy/retention/").status_code == 403


def test_the_administrator_starts_a_purge(
    client_as, users, old_order, django_capture_on_commit_callbacks
):
    old_order(days=800)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(users["admin"]).post("/privacy/retention/purge/")
    assert response.status_code == 302
    run = PurgeRun.objects.get()
    assert run.started_by == users["admin"] and run.total == 2


def test_the_access_log_is_searched_by_customer_phone(client_as, users, old_order):
    order = old_order(days=10)
    other = old_order(days=10, customer_phone="13900139000")
    customer_access_record(customer=order.customer, user=users["manager"], where="/page-alpha")
    customer_access_record(customer=other.customer, user=users["manager"], where="/page-beta")
    auditor = client_as(users["auditor"])
    html = auditor.get("/browse/access-log/", {"q": "138 0013 8000"}).content.decode()
    assert "/page-alpha" in html and "/page-beta" not in html
    by_login = auditor.get("/browse/access-log/", {"q": "manager"}).content.decode()
    assert "/page-alpha" in by_login and "/page-beta" in by_login


def test_admin_actions_are_in_the_access_log(users, db):
    customer = Customer.objects.create(name="王芳", phone="+8613700137000")
    LogEntry.objects.log_actions(
        user_id=users["admin"].pk, queryset=Customer.objects.filter(pk=customer.pk),
        action_flag=ADDITION,
    )  # fmt: skip
    entry = AccessLogEntry.objects.get(action=Access.ADMIN)
    assert entry.user == users["admin"] and entry.detail == f"added customer #{customer.pk}"
    assert ContentType.objects.get_for_model(Customer).model in entry.where
