"""Admins correct the working calendar; decisions use the correction at once."""

import pytest

from sanbao.warranty.models import WorkingCalendarOverride

pytestmark = pytest.mark.django_db

FACTS = {
    "policy": "top",
    "category": "power_bank",
    "claim_date": "2026-03-02",
    "fault_code": "no_charge",
    "purchase_date": "2026-02-25",
}


def _repair_due(client):
    decision = client.post("/api/v1/warranty/decisions", FACTS, content_type="application/json")
    return {d["kind"]: d["due_on"] for d in decision.json()["deadlines"]}["repair_due"]


def test_it_applies_an_override_saved_and_deleted_in_the_admin(client_as, make_user):
    client = client_as(make_user("admin"))
    assert _repair_due(client) == "2026-03-11"
    response = client.post(
        "/admin/warranty/workingcalendaroverride/add/",
        {"date": "2026-03-04", "note": "local holiday"},  # unchecked = rest day
    )
    assert response.status_code == 302
    assert _repair_due(client) == "2026-03-12"
    override = WorkingCalendarOverride.objects.get()
    client.post(f"/admin/warranty/workingcalendaroverride/{override.pk}/delete/", {"post": "yes"})
    assert _repair_due(client) == "2026-03-11"
