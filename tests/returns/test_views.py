"""The return-batch pages: who sees what, forms that refuse bad input and change nothing."""

import io

import pytest

from sanbao.accounts.models import Dealer
from sanbao.returns.models import BatchEvent, ReturnBatch, ReturnUnit

pytestmark = pytest.mark.django_db


def _act(client, batch, action, data):
    return client.post(f"/returns/{batch.number}/act/{action}/", data)


@pytest.fixture
def rival_user(make_user, other_brand):
    rival = Dealer.objects.create(code="sh", name="上海", credit_code="91310000MA1FL1MMXG",
                                  contact_person="李", phone="+8613800138000")  # fmt: skip
    rival.brands.set([other_brand])
    return make_user("dealer", username="rival", dealer=rival)


def test_a_dealer_creates_a_batch_on_the_new_page(client_as, dealer_user, other_brand):
    page = client_as(dealer_user)
    form = {"brand": other_brand.pk, "contact_person": "王丽", "contact_phone": "13957112345",
            "boxes": 1, "courier": "顺丰", "payment": "sender", "home_delivery": "on"}  # fmt: skip
    response = page.post("/returns/new/", form)
    batch = ReturnBatch.objects.get()
    assert response.status_code == 302 and response.url == f"/returns/{batch.number}/"
    assert batch.dealer == dealer_user.dealer and batch.status == "draft"
    shown = page.get(response.url)
    assert shown.status_code == 200
    assert 'data-testid="action-rows_paste"' in shown.content.decode()


def test_a_bad_phone_on_the_new_page_is_refused_and_stores_nothing(
    client_as, dealer_user, other_brand
):
    form = {"brand": other_brand.pk, "contact_person": "王丽", "contact_phone": "12",
            "boxes": 1, "payment": "sender"}  # fmt: skip
    response = client_as(dealer_user).post("/returns/new/", form)
    assert response.status_code == 422
    assert not ReturnBatch.objects.exists()


def test_another_dealer_cannot_open_the_batch_or_its_documents(client_as, make_batch, rival_user):
    batch = make_batch(units=2, stage="submitted")
    page = client_as(rival_user)
    for path in ("", "u/1/", "packing-list.pdf", "labels.pdf"):
        assert page.get(f"/returns/{batch.number}/{path}").status_code == 404, path
    assert _act(page, batch, "cancel", {"reason": "x"}).status_code == 404
    assert batch.number not in page.get("/returns/").content.decode()
    assert ReturnBatch.objects.get().status == "submitted"


def test_a_front_desk_without_returns_permission_is_refused(client_as, make_user, make_batch):
    batch = make_batch(units=1)
    assert client_as(make_user("front_desk")).get(f"/returns/{batch.number}/").status_code == 403


def test_an_import_with_a_bad_row_lists_the_rows_and_adds_nothing(
    client_as, dealer_user, make_batch
):
    batch = make_batch(units=2)
    upload = io.BytesIO("型号,故障描述\nRMS-PB10K,不充电\nRMS-XX,坏了\n".encode())
    upload.name = "list.csv"
    response = _act(client_as(dealer_user), batch, "rows_import", {"file": upload})
    assert response.status_code == 422
    body = response.content.decode()
    assert 'data-testid="row-errors"' in body and "RMS-XX" in body
    assert ReturnUnit.objects.filter(batch=batch).count() == 2


def test_pasted_rows_are_added(client_as, dealer_user, make_batch):
    batch = make_batch(units=1)
    text = "RMS-PB10K\t\t不充电\t数据线\nRMS-AC20\t\t无输出\t"
    response = _act(client_as(dealer_user), batch, "rows_paste", {"text": text})
    assert response.status_code == 302
    assert list(batch.units.values_list("line", "model__sku", "accessories")) == [
        (1, "RMS-PB10K", ["data_cable"]), (2, "RMS-PB10K", ["data_cable"]), (3, "RMS-AC20", []),
    ]  # fmt: skip


def test_cash_on_delivery_is_refused_on_the_page(client_as, dealer_user, make_batch):
    batch = make_batch(units=1, payment="cod")
    events = BatchEvent.objects.count()
    response = _act(client_as(dealer_user), batch, "submit", {})
    assert response.status_code == 422
    assert "Cash-on-delivery parcels are refused" in response.content.decode()
    assert ReturnBatch.objects.get().status == "draft" and BatchEvent.objects.count() == events


def test_the_warehouse_counts_by_the_label_url_and_receives(client_as, warehouse, make_batch):
    batch = make_batch(units=2, stage="in_transit")
    page = client_as(warehouse)
    scanned = f"https://sanbao.example/returns/{batch.number}/u/2/"
    assert _act(page, batch, "count", {"code": scanned}).status_code == 302
    response = _act(page, batch, "receive", {"boxes_received": 1, "wrong_models": "",
                                             "extras": "RMS-AC20, , 多出来的"})  # fmt: skip
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == "received"
    assert [d["kind"] for d in batch.discrepancies] == ["missing", "extra"]
    shown = page.get(f"/returns/{batch.number}/").content.decode()
    assert 'data-testid="discrepancies"' in shown


def test_a_dealer_has_no_count_form_and_cannot_post_one(client_as, dealer_user, make_batch):
    batch = make_batch(units=1, stage="in_transit")
    page = client_as(dealer_user)
    assert (
        'data-testid="action-count"' not in page.get(f"/returns/{batch.number}/").content.decode()
    )
    assert _act(page, batch, "count", {"code": "1"}).status_code == 422
    assert ReturnUnit.objects.get().state == "declared"


def test_the_unit_page_inspects_and_refuses_an_outcome_the_decision_does_not_allow(
    client_as, inspector, make_batch
):
    batch = make_batch(units=1, stage="received")
    page = client_as(inspector)
    url = f"/returns/{batch.number}/u/1/"
    refused = page.post(url, {"tested": "on", "result": "no_fault_found", "outcome": "replace"})
    assert refused.status_code == 422
    assert 'data-testid="inspection-error"' in refused.content.decode()
    assert ReturnUnit.objects.get().state == "counted"
    done = page.post(url, {"tested": "on", "result": "no_fault_found", "outcome": "charge",
                           "charge": "15.00"})  # fmt: skip
    assert done.status_code == 302
    unit = ReturnUnit.objects.get()
    assert (unit.state, unit.outcome, str(unit.charge)) == ("ready", "charge", "15.00")


def test_the_list_filters_by_status(client_as, warehouse, make_batch):
    draft, sent = make_batch(units=1), make_batch(units=1, stage="submitted")
    body = client_as(warehouse).get("/returns/", {"status": "submitted"}).content.decode()
    assert sent.number in body and draft.number not in body
