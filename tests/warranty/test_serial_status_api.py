"""GET /api/v1/warranty/{serial}: public warranty, channel and recall status, nothing personal."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from sanbao.catalog.models import ProductionBatch, ProductModel, Recall, Unit
from sanbao.customers.models import Customer

pytestmark = pytest.mark.django_db

URL = "/api/v1/warranty/{}"
OWNER_NAME = "张三丰"
OWNER_PHONE = "+8613812345678"


@pytest.fixture(autouse=True)
def _generous_limit(settings):
    settings.PUBLIC_CHECK_LIMIT = 1000


@pytest.fixture
def romoss_bank(other_brand):
    return ProductModel.objects.create(
        brand=other_brand, sku="RMS-PB20", name_en="Sense 20", name_zh="罗马仕20",
        category="power_bank", capacity_mah=20000,
    )  # fmt: skip


@pytest.fixture
def owner(db):
    return Customer.objects.create(name=OWNER_NAME, phone=OWNER_PHONE)


@pytest.fixture
def sold(bank, dealer, owner):
    """Made, shipped to the Hangzhou dealer and sold to a registered owner."""
    batch = ProductionBatch.objects.create(
        model=bank, code="B2403", produced_from=date(2024, 3, 1), produced_to=date(2024, 3, 1)
    )
    return Unit.objects.create(
        brand=bank.brand, serial="TOP0001", model=bank, batch=batch,
        produced_on=date(2024, 3, 1),  # + 24 months = Sunday 2026-03-01
        dealer=dealer, shipped_on=date(2024, 3, 7),  # + 24 months = Saturday 2026-03-07
        sold_on=date(2024, 5, 1),  # + 24 months = Labour Day 2026-05-01 (off until 5 May)
        owner=owner, status="sold",
    )  # fmt: skip


@pytest.fixture
def romoss_unit(romoss_bank):
    """Made but never shipped to a dealer."""
    return Unit.objects.create(
        brand=romoss_bank.brand, serial="RMS0001", model=romoss_bank,
        produced_on=date(2025, 3, 7),  # + 12 months = Saturday 2026-03-07
    )  # fmt: skip


def _recall(brand, by, models, **fields):
    recall = Recall.objects.create(
        brand=brand, code="rc-2026-01", title_en="Bank 10 overheating",
        title_zh="移动电源过热召回", cause="Cells may overheat.", remedy="choice",
        regulator_reference="SAMR-2026-001",
        starts_on=timezone.localdate() - timedelta(days=3), status="active", created_by=by,
        **fields,
    )  # fmt: skip
    recall.product_models.set(models)
    return recall


def _text(response) -> str:
    return json.dumps(response.json(), ensure_ascii=False)


def test_it_answers_without_signing_in(client, sold):
    response = client.get(URL.format("TOP0001"))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["serial"] == "TOP0001"
    assert body["brand"] == {"code": "top", "name": "TOP"}
    model = dict(body["model"])
    assert float(model.pop("energy_wh")) == 37.0
    assert model == {
        "sku": "TOP-PB10", "name": "Bank 10", "category": "power_bank",
        "category_label": "Power bank", "capacity_mah": 10000,
    }  # fmt: skip
    assert body["batch"] == "B2403"
    assert body["produced_on"] == "2024-03-01"
    assert body["shipped_on"] == "2024-03-07"
    assert body["sold_on"] == "2024-05-01"
    assert body["recall"] is None
    assert body["hazard_advice"] == []


def test_it_ends_the_warranty_on_a_working_day_for_every_basis(client, sold):
    warranty = client.get(URL.format("TOP0001")).json()["warranty"]
    assert warranty["policy"] == "top"
    assert warranty["months"] == 24
    assert warranty["clause_id"] == "TOP-1.2"
    ends = {end["basis"]: (end["start"], end["ends_on"]) for end in warranty["ends"]}
    assert [end["basis"] for end in warranty["ends"]] == ["sold_on", "shipped_on", "produced_on"]
    assert ends == {
        "sold_on": ("2024-05-01", "2026-05-06"),
        "shipped_on": ("2024-03-07", "2026-03-09"),
        "produced_on": ("2024-03-01", "2026-03-02"),
    }
    assert not any(end["in_warranty"] for end in warranty["ends"])
    assert warranty["ends"][0]["basis_label"] == "from the date of sale"


def test_it_says_in_warranty_until_the_end(client, bank):
    Unit.objects.create(
        brand=bank.brand, serial="TOP0002", model=bank, produced_on=date(2026, 3, 7)
    )
    (end,) = client.get(URL.format("TOP0002")).json()["warranty"]["ends"]
    assert end["ends_on"] == "2028-03-07"
    assert end["in_warranty"] is (timezone.localdate() <= date(2028, 3, 7))


def test_it_uses_a_longer_model_warranty(client, bank):
    bank.warranty_months = 36
    bank.save()
    Unit.objects.create(
        brand=bank.brand, serial="TOP0003", model=bank, produced_on=date(2025, 3, 3)
    )
    warranty = client.get(URL.format("TOP0003")).json()["warranty"]
    assert warranty["months"] == 36
    assert warranty["ends"][0]["ends_on"] == "2028-03-03"


def test_it_counts_romoss_months_and_flags_a_unit_never_shipped(client, romoss_unit):
    body = client.get(URL.format("RMS0001")).json()
    assert body["warranty"]["policy"] == "romoss"
    assert body["warranty"]["months"] == 12
    assert [(e["basis"], e["ends_on"]) for e in body["warranty"]["ends"]] == [
        ("produced_on", "2026-03-09")
    ]
    assert body["legal_channel"] is False
    assert body["channel"]["flag"] == "never_shipped"
    assert body["channel"]["label"] == "Never shipped to a dealer"
    assert body["channel"]["clause_id"] == "ROMOSS-III.1"
    assert "legal channels" in body["channel"]["clause_text"]


def test_it_flags_a_unit_shipped_after_the_dealers_authorisation_ended(
    client, romoss_bank, dealer, other_brand
):
    dealer.brands.add(other_brand)
    dealer.authorised_until = date(2024, 12, 31)
    dealer.save()
    Unit.objects.create(
        brand=other_brand, serial="RMS0002", model=romoss_bank, produced_on=date(2024, 12, 1),
        dealer=dealer, shipped_on=date(2025, 1, 2),
    )  # fmt: skip
    body = client.get(URL.format("RMS0002")).json()
    assert body["legal_channel"] is False
    assert body["channel"]["flag"] == "authorisation_ended"
    assert body["channel"]["clause_id"] == "ROMOSS-III.1"


def test_it_flags_a_unit_shipped_before_the_dealer_was_authorised(client, sold, dealer):
    dealer.authorised_from = date(2025, 1, 1)
    dealer.save()
    body = client.get(URL.format("TOP0001")).json()
    assert body["legal_channel"] is False
    assert body["channel"]["flag"] == "not_yet_authorised"
    assert body["channel"]["label"] == "Shipped before the dealer was authorised"


def test_it_has_no_channel_flag_for_an_authorised_dealer(client, sold, dealer):
    dealer.authorised_from = date(2024, 1, 1)
    dealer.save()
    body = client.get(URL.format("TOP0001")).json()
    assert body["legal_channel"] is True
    assert body["channel"] is None


def test_it_flags_the_channel_without_a_clause_when_the_policy_has_none(client, bank):
    Unit.objects.create(
        brand=bank.brand, serial="TOP0004", model=bank, produced_on=date(2025, 3, 3)
    )
    body = client.get(URL.format("TOP0004")).json()
    assert body["legal_channel"] is False
    assert body["channel"]["flag"] == "never_shipped"
    assert body["channel"]["clause_id"] is None


def test_it_returns_nothing_personal(client, sold, dealer):
    text = _text(client.get(URL.format("TOP0001")))
    for secret in (OWNER_NAME, OWNER_PHONE, OWNER_PHONE[3:], dealer.name, dealer.contact_person,
                   dealer.phone, dealer.credit_code):  # fmt: skip
        assert secret not in text
    body = json.loads(text)
    assert not {"owner", "dealer", "customer", "claims"} & set(body)


def test_it_warns_of_an_active_recall(client, sold, bank, make_user):
    _recall(bank.brand, make_user("manager"), [bank])
    body = client.get(URL.format("TOP0001")).json()
    recall = body["recall"]
    assert recall["campaign"] == "rc-2026-01"
    assert recall["title"] == "Bank 10 overheating"
    assert recall["cause"] == "Cells may overheat."
    assert recall["remedy"] == "choice"
    assert recall["remedy_label"] == "Replacement or refund, as the customer chooses"
    assert recall["regulator_reference"] == "SAMR-2026-001"
    assert recall["ends_on"] is None
    advice = body["hazard_advice"]
    assert advice[0] == "Stop using and charging this product now."
    assert "plane" in advice[1]  # a power bank
    assert advice[-1] == "Hotline: 400-716-2528"
    assert OWNER_NAME not in _text(client.get(URL.format("TOP0001")))


def test_it_gives_no_flight_advice_for_a_cable(client, brand, make_user):
    cable = ProductModel.objects.create(
        brand=brand, sku="TOP-CB1", name_en="Cable", name_zh="数据线", category="cable"
    )
    Unit.objects.create(brand=brand, serial="TOPC0001", model=cable, produced_on=date(2025, 3, 3))
    _recall(brand, make_user("manager"), [cable])
    advice = client.get(URL.format("TOPC0001")).json()["hazard_advice"]
    assert len(advice) == 3
    assert not any("plane" in line for line in advice)


def test_it_leaves_out_a_recall_that_does_not_cover_the_unit(client, sold, bank, make_user):
    _recall(bank.brand, make_user("manager"), [bank], serial_ranges=[["TOP0100", "TOP0200"]])
    body = client.get(URL.format("TOP0001")).json()
    assert body["recall"] is None
    assert body["hazard_advice"] == []


def test_it_leaves_out_a_recall_not_yet_running(client, sold, bank, make_user):
    recall = _recall(bank.brand, make_user("manager"), [bank])
    Recall.objects.filter(pk=recall.pk).update(starts_on=timezone.localdate() + timedelta(days=1))
    assert client.get(URL.format("TOP0001")).json()["recall"] is None


def test_it_gives_the_recall_title_in_chinese(client, sold, bank, make_user):
    _recall(bank.brand, make_user("manager"), [bank])
    response = client.get(URL.format("TOP0001"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = response.json()
    assert body["recall"]["title"] == "移动电源过热召回"
    assert body["model"]["name"] == "移动电源10"


def test_it_gives_the_energy_with_the_fields_two_decimals(client, sold):
    assert ProductModel.objects.get(sku="TOP-PB10").energy_wh.as_tuple().exponent == -2
    assert client.get(URL.format("TOP0001")).json()["model"]["energy_wh"] == "37.00"


def test_it_tidies_a_typed_serial(client, sold):
    response = client.get(URL.format("top-0001"))
    assert response.status_code == 200
    assert response.json()["serial"] == "TOP0001"


def test_it_answers_404_for_an_unknown_serial(client, sold):
    response = client.get(URL.format("TOP9999"))
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "unknown_serial"
    assert "TOP9999" in error["message"]


@pytest.mark.parametrize("serial", ["ab", "!!!!!!!", "A" * 40, "TOP_0001"])
def test_it_answers_422_for_a_malformed_serial(client, serial):
    response = client.get(URL.format(serial))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "malformed_serial"
    assert "serial" in error["fields"]


def test_it_refuses_a_serial_longer_than_the_path_allows(client):
    response = client.get(URL.format("A" * 65))
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"


@pytest.fixture
def shared(bank, romoss_bank):
    for model in (bank, romoss_bank):
        Unit.objects.create(
            brand=model.brand, serial="SHARED01", model=model, produced_on=date(2025, 3, 3)
        )


def test_it_asks_which_brand_when_brands_share_a_serial(client, shared):
    response = client.get(URL.format("SHARED01"))
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "ambiguous_serial"
    assert "romoss, top" in error["message"]
    assert "brand" in error["fields"]


@pytest.mark.parametrize(("brand_param", "policy"), [("romoss", "romoss"), ("TOP", "top")])
def test_it_resolves_a_shared_serial_by_brand(client, shared, brand_param, policy):
    response = client.get(URL.format("SHARED01"), {"brand": brand_param})
    assert response.status_code == 200
    assert response.json()["warranty"]["policy"] == policy


def test_it_answers_404_for_a_brand_without_the_serial(client, sold, other_brand):
    response = client.get(URL.format("TOP0001"), {"brand": "romoss"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_serial"


def test_it_limits_lookups_per_client(client, sold, settings):
    settings.PUBLIC_CHECK_LIMIT = 3
    settings.PUBLIC_CHECK_WINDOW_SECONDS = 3600
    statuses = [
        client.get(URL.format(serial)).status_code for serial in ("TOP0001", "TOP9999", "ab")
    ]
    assert statuses == [200, 404, 422]  # every lookup counts, found or not
    response = client.get(URL.format("TOP0001"))
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 3601
    assert response["Retry-After"] in response.json()["error"]["message"]
    other = client.get(URL.format("TOP0001"), REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200
