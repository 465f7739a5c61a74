"""The return-batch API: a dealer's batch end to end, and refusals that change nothing."""

import io

import pytest

from sanbao.accounts.tokens import api_token_issue
from sanbao.returns.models import BatchEvent, ReturnBatch, ReturnUnit

pytestmark = pytest.mark.django_db

URL = "/api/v1/return-batches"


def _body(**changes):
    body = {
        "brand": "romoss",
        "contact_person": "王丽",
        "contact_phone": "13957112345",
        "boxes": 1,
        "courier": "顺丰速运",
        "tracking_number": "SF100200300",
        "units": [
            {"model": "RMS-PB10K", "fault": "不充电", "accessories": ["data_cable"]},
            {"model": "RMS-PB10K", "serial": "RMS0099887766", "fault": "鼓包"},
            {"model": "RMS-AC20", "fault": "无输出"},
        ],
    }
    return {**body, **changes}


def _bearer(user):
    _token, secret = api_token_issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_dealer_batch_goes_from_packing_list_to_delivery_list(
    client, dealer_user, warehouse, inspector, rms_models, factory_stock
):
    dealer, floor, bench = _bearer(dealer_user), _bearer(warehouse), _bearer(inspector)
    created = client.post(URL, _body(), content_type="application/json", **dealer)
    assert created.status_code == 201, created.content
    batch = created.json()
    number = batch["number"]
    assert batch["status"] == "submitted"
    assert batch["repair_list_pages"] == 2  # power banks and adapters start their own page
    assert batch["units_list"][1]["flags"] == ["no_data_cable"]
    assert batch["contact_phone"] == "139****2345"

    sent = client.post(f"{URL}/{number}/dispatch", {"tracking_number": "SF1"},
                       content_type="application/json", **dealer)  # fmt: skip
    assert sent.json()["status"] == "in_transit"
    counted = client.post(f"{URL}/{number}/count", {"code": f"http://t/returns/{number}/u/1/"},
                          content_type="application/json", **floor)  # fmt: skip
    assert counted.json()["units_list"][0]["state"] == "counted"
    receipt = {"boxes_received": 1, "counted_lines": [2], "wrong_models": {},
               "extras": [{"model": "RMS-CB1M", "fault": "断线"}]}  # fmt: skip
    received = client.post(
        f"{URL}/{number}/receipt", receipt, content_type="application/json", **floor
    )
    assert received.status_code == 200, received.content
    body = received.json()
    assert body["status"] == "received" and body["due_on"]
    assert [d["kind"] for d in body["discrepancy_list"]] == ["missing", "extra"]

    # the dealer sees the discrepancy on its own batch
    mine = client.get(f"{URL}/{number}", **dealer).json()
    assert mine["discrepancies"] == 2

    inspect = {"tested": True, "result": "fault_confirmed", "fault_code": "port_damage",
               "outcome": "repair", "parts": [{"code": "RMS-P-USBC", "quantity": 1}]}  # fmt: skip
    done = client.post(f"{URL}/{number}/units/1/inspection", inspect,
                       content_type="application/json", **bench)  # fmt: skip
    assert done.status_code == 200, done.content
    swollen = {
        "tested": False,
        "result": "fault_confirmed",
        "fault_code": "swelling",
        "outcome": "scrap",
    }
    assert client.post(f"{URL}/{number}/units/2/inspection", swollen,
                       content_type="application/json", **bench).status_code == 200  # fmt: skip
    nff = {"tested": True, "result": "no_fault_found", "outcome": "return_as_is"}
    last = client.post(
        f"{URL}/{number}/units/4/inspection", nff, content_type="application/json", **bench
    )
    assert last.json()["status"] == "ready_to_ship"

    parcel = {"courier": "顺丰", "tracking_number": "SF9"}
    shipped = client.post(
        f"{URL}/{number}/shipments", parcel, content_type="application/json", **floor
    )
    assert shipped.status_code == 201, shipped.content
    assert shipped.json() == {"number": f"{number}-D1", "units": 2, "on_time": True}
    assert client.get(f"{URL}/{number}", **dealer).json()["status"] == "shipped"


def test_cod_is_refused_and_nothing_is_stored(client, dealer_user, rms_models):
    response = client.post(URL, _body(payment="cod"), content_type="application/json",
                           **_bearer(dealer_user))  # fmt: skip
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "cod_refused"
    assert not ReturnBatch.objects.exists() and not BatchEvent.objects.exists()


@pytest.mark.parametrize(
    ("changes", "code"),
    [({"boxes": 0}, "invalid_input"), ({"units": []}, "invalid_input")],
)
def test_zero_boxes_or_units_are_refused(client, dealer_user, rms_models, changes, code):
    response = client.post(URL, _body(**changes), content_type="application/json",
                           **_bearer(dealer_user))  # fmt: skip
    assert response.status_code == 422, response.content
    assert response.json()["error"]["code"] == code
    assert not ReturnBatch.objects.exists()


def test_an_import_with_a_bad_row_adds_nothing(client, dealer_user, rms_models):
    api = _bearer(dealer_user)
    draft = client.post(URL, _body(units=[], submit=False), content_type="application/json", **api)
    number = draft.json()["number"]
    upload = io.BytesIO("型号,序列号,故障描述\nRMS-PB10K,,不充电\nNOPE,,坏了\n".encode())
    upload.name = "list.csv"
    response = client.post(f"{URL}/{number}/units/import", {"file": upload}, **api)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_rows"
    assert error["fields"]["rows"] == [
        {"row": 3, "column": "model", "message": "ROMOSS has no model NOPE."}
    ]
    assert not ReturnUnit.objects.exists()


def test_a_receipt_for_another_brands_batch_is_not_found(
    client, make_user, dealer_user, rms_models, outlet
):
    number = client.post(
        URL, _body(), content_type="application/json", **_bearer(dealer_user)
    ).json()["number"]
    top_only = make_user("warehouse", username="top_floor", outlet=outlet)  # outlet serves TOP only
    response = client.post(f"{URL}/{number}/receipt", {"boxes_received": 1},
                           content_type="application/json", **_bearer(top_only))  # fmt: skip
    assert response.status_code == 404
    assert ReturnBatch.objects.get().status == "submitted"


def test_another_dealer_cannot_see_the_batch(
    client, make_user, dealer_user, rms_models, other_brand
):
    from sanbao.accounts.models import Dealer

    number = client.post(
        URL, _body(), content_type="application/json", **_bearer(dealer_user)
    ).json()["number"]
    rival = Dealer.objects.create(code="sh", name="上海", credit_code="91310000MA1FL1MMXG",
                                  contact_person="李", phone="13800138000")  # fmt: skip
    rival.brands.set([other_brand])
    other = make_user("dealer", username="rival", dealer=rival)
    assert client.get(f"{URL}/{number}", **_bearer(other)).status_code == 404
    assert client.get(URL, **_bearer(other)).json()["count"] == 0


def test_a_multipart_body_without_a_boundary_is_a_400_not_a_500(client, dealer_user, rms_models):
    api = _bearer(dealer_user)
    draft = client.post(URL, _body(units=[], submit=False), content_type="application/json", **api)
    number = draft.json()["number"]
    response = client.post(
        f"{URL}/{number}/units/import", b"--x\r\n", content_type="multipart/form-data", **api
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
