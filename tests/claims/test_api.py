"""The damage-claim API and pages: a dealer declares in time and is decided; late is refused
with the deadline shown and recorded; evidence is served only to who may see it."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from sanbao.accounts.tokens import api_token_issue
from sanbao.catalog.models import ProductModel
from sanbao.claims.models import DamageClaim
from sanbao.notify.models import OutboxMessage

pytestmark = pytest.mark.django_db

URL = "/api/v1/damage-claims"


@pytest.fixture
def romoss_dealer_user(make_user, dealer, other_brand):
    dealer.brands.add(other_brand)
    ProductModel.objects.create(
        brand=other_brand, sku="RMS-PB10K", name_en="Bank", name_zh="移动电源",
        category="power_bank", capacity_mah=10000, energy_wh="37.00",
    )  # fmt: skip
    return make_user("dealer")


def _bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=user, name='t')[1]}"}


def _body(hours_ago: float, **changes):
    body = {
        "brand": "romoss", "delivery_note_number": "SF123", "description": "外箱压扁, 3 台外壳破裂",
        "signed_for_at": (timezone.now() - timedelta(hours=hours_ago)).isoformat(),
        "lines": [{"model": "RMS-PB10K", "quantity": 3}], "seams_total": 4, "seams_intact": 2,
        "box_damaged": True, "courier_name": "张师傅", "courier_work_number": "SF0931",
        "courier_phone": "13800138000", "courier_labels_intact": False,
        "courier_box_intact": False, "actual_weight_kg": "8.20", "shipped_weight_kg": "9.00",
    }  # fmt: skip
    return body | changes


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), "red").save(buffer, format="JPEG")
    buffer.seek(0)
    buffer.name = "damage.jpg"
    return buffer


def _attach_all(client, number, api):
    for kind in ("photo", "application_form", "delivery_note"):
        upload = _jpeg()
        if kind == "application_form":
            upload = io.BytesIO(b"%PDF-1.4\n%fake but starts like a PDF\n")
            upload.name = "form.pdf"
        response = client.post(f"{URL}/{number}/evidence", {"kind": kind, "file": upload}, **api)
        assert response.status_code == 200, response.content


def test_a_declaration_in_time_is_reviewed_and_decided(client, make_user, hq, romoss_dealer_user):
    api = _bearer(romoss_dealer_user)
    created = client.post(URL, _body(3), content_type="application/json", **api)
    assert created.status_code == 201, created.content
    number = created.json()["number"]
    _attach_all(client, number, api)
    submitted = client.post(f"{URL}/{number}/submit", **api)
    assert submitted.status_code == 200, submitted.content
    assert (submitted.json()["status"], submitted.json()["desk"]) == ("under_review", "commercial")

    commissioner = make_user("commercial_commissioner", username="cc", outlet=hq)
    decision = {"accept": True, "remedy": "reship"}
    decided = client.post(f"{URL}/{number}/decision", decision, content_type="application/json",
                          **_bearer(commissioner))  # fmt: skip
    assert decided.status_code == 200, decided.content
    assert client.get(f"{URL}/{number}", **api).json()["remedy"] == "reship"
    assert OutboxMessage.objects.filter(topic=f"damage-claim:{number}:decision").exists()


def test_the_other_desk_cannot_decide(client, make_user, hq, romoss_dealer_user):
    api = _bearer(romoss_dealer_user)
    number = client.post(URL, _body(3), content_type="application/json", **api).json()["number"]
    _attach_all(client, number, api)
    client.post(f"{URL}/{number}/submit", **api)
    other = make_user("service_commissioner", username="sc", outlet=hq)
    response = client.post(f"{URL}/{number}/decision", {"accept": False, "reason": "no"},
                           content_type="application/json", **_bearer(other))  # fmt: skip
    assert response.status_code == 403
    assert DamageClaim.objects.get().status == "under_review"


def test_a_declaration_at_25_hours_is_refused_with_the_deadline_and_kept(
    client, make_user, hq, romoss_dealer_user
):
    api = _bearer(romoss_dealer_user)
    number = client.post(URL, _body(25), content_type="application/json", **api).json()["number"]
    response = client.post(f"{URL}/{number}/submit", **api)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "late" and "report_due_at" in error["fields"]
    claim = DamageClaim.objects.get()
    assert (claim.status, claim.late) == ("rejected", True)
    staff = make_user("commercial_commissioner", username="cc", outlet=hq)
    late = client.get(URL, {"late": True}, **_bearer(staff)).json()
    assert [item["number"] for item in late["items"]] == [number]


def test_a_script_named_jpg_is_refused_and_nothing_stored(client, romoss_dealer_user):
    api = _bearer(romoss_dealer_user)
    number = client.post(URL, _body(1), content_type="application/json", **api).json()["number"]
    script = io.BytesIO(b"#!/bin/sh\nrm -rf /\n")
    script.name = "../../evil.jpg"
    response = client.post(f"{URL}/{number}/evidence", {"kind": "photo", "file": script}, **api)
    assert response.status_code == 422
    assert not DamageClaim.objects.get().evidence.exists()


def test_evidence_is_served_only_to_who_may_see_the_claim(
    client_as, make_user, hq, romoss_dealer_user, client
):
    api = _bearer(romoss_dealer_user)
    number = client.post(URL, _body(3), content_type="application/json", **api).json()["number"]
    _attach_all(client, number, api)
    photo = DamageClaim.objects.get().evidence.get(kind="photo")
    own = client_as(romoss_dealer_user).get(f"/claims/{number}/files/{photo.pk}/thumb/")
    assert own.status_code == 200 and own["Content-Type"] == "image/jpeg"
    cc = make_user("commercial_commissioner", username="cc", outlet=hq)
    assert client_as(cc).get(f"/claims/{number}/files/{photo.pk}/").status_code == 404  # a draft
    client.post(f"{URL}/{number}/submit", **api)
    assert client_as(cc).get(f"/claims/{number}/files/{photo.pk}/").status_code == 200
    assert client_as(make_user("front_desk")).get(f"/claims/{number}/").status_code == 403


def test_the_dealer_pages_declare_attach_and_submit(client_as, romoss_dealer_user, other_brand):
    page = client_as(romoss_dealer_user)
    signed = timezone.localtime() - timedelta(hours=3)
    form = {"brand": other_brand.pk, "shipment_kind": "sales", "delivery_note_number": "SF9",
            "signed_for_at": signed.strftime("%Y-%m-%dT%H:%M"), "lines": "RMS-PB10K 2",
            "description": "压坏", "seams_total": 4, "seams_intact": 4,
            "courier_name": "李", "courier_work_number": "1", "courier_phone": "13800138000",
            "courier_labels_intact": "yes", "courier_box_intact": "no",
            "actual_weight_kg": "3"}  # fmt: skip
    created = page.post("/claims/new/", form)
    assert created.status_code == 302, created.content.decode()[:2000]
    claim = DamageClaim.objects.get()
    shown = page.get(created.url).content.decode()
    assert "data-countdown" in shown
    refused = page.post(f"/claims/{claim.number}/submit/")
    assert refused.status_code == 422 and 'data-testid="submit-error"' in refused.content.decode()
    for kind in ("photo", "application_form", "delivery_note"):
        page.post(f"/claims/{claim.number}/evidence/", {"kind": kind, "file": _jpeg()})
    done = page.post(f"/claims/{claim.number}/submit/")
    assert done.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "under_review"
