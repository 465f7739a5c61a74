"""Generic create and edit pages: permissions, validation, scope of choices."""

import pytest
from django.urls import reverse

from sanbao.catalog.models import Part, ProductionBatch, ProductModel
from sanbao.web.urls import OBJECT_PAGES

pytestmark = pytest.mark.django_db

EDITABLE = [page for page in OBJECT_PAGES if page.form_fields]


@pytest.fixture
def top_model(brand):
    return ProductModel.objects.create(
        brand=brand, sku="TOP-PB10", name_en="Bank", name_zh="移动电源",
        category="power_bank", capacity_mah=10000,
    )  # fmt: skip


@pytest.fixture
def foreign_model(other_brand):
    return ProductModel.objects.create(
        brand=other_brand, sku="RMS-PB10K", name_en="Bank", name_zh="移动电源",
        category="power_bank", capacity_mah=10000,
    )  # fmt: skip


@pytest.mark.parametrize("page", EDITABLE, ids=lambda page: page.slug)
def test_it_refuses_an_empty_form_and_writes_nothing(client_as, make_user, page):
    manager = make_user("manager")
    # Managers reword surveys; only an administrator adds one (one per brand and audience).
    client = client_as(manager if page.can_add(manager) else make_user("admin"))
    url = reverse(f"web:object_create:{page.slug}")
    assert client.get(url).status_code == 200
    before = page.model.objects.count()
    response = client.post(url, {})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert page.model.objects.count() == before


@pytest.mark.parametrize("page", EDITABLE, ids=lambda page: page.slug)
def test_it_keeps_roles_without_the_permission_out(client_as, make_user, page):
    client = client_as(make_user("front_desk"))
    assert client.get(reverse(f"web:object_create:{page.slug}")).status_code == 403


def test_it_creates_a_batch_and_shows_it(client_as, make_user, top_model):
    client = client_as(make_user("manager"))
    response = client.post(
        reverse("web:object_create:batches"),
        {"model": top_model.pk, "code": "B2025-07", "produced_from": "2025-07-01",
         "produced_to": "2025-07-31", "cell_supplier": "Cell Co."},
    )  # fmt: skip
    batch = ProductionBatch.objects.get()
    assert response["Location"] == reverse("web:object_detail:batches", args=[batch.pk])
    assert "B2025-07" in client.get(response["Location"]).content.decode()


def test_it_names_a_production_that_ends_before_it_starts(client_as, make_user, top_model):
    client = client_as(make_user("manager"))
    client.cookies["django_language"] = "zh-hans"
    response = client.post(
        reverse("web:object_create:batches"),
        {"model": top_model.pk, "code": "B1", "produced_from": "2025-07-31",
         "produced_to": "2025-07-01"},
    )  # fmt: skip
    assert "生产结束日期不能早于开始日期" in response.content.decode()
    assert not ProductionBatch.objects.exists()


def test_it_offers_only_the_users_brands(client_as, make_user, outlet, top_model, foreign_model):
    manager = make_user("manager", outlet=outlet)  # the Guangzhou outlet serves TOP only
    client = client_as(manager)
    response = client.post(
        reverse("web:object_create:batches"),
        {"model": foreign_model.pk, "code": "X", "produced_from": "2025-01-01",
         "produced_to": "2025-01-02"},
    )  # fmt: skip
    assert "model" in response.context["form"].errors
    assert not ProductionBatch.objects.exists()


def test_it_edits_a_part_and_refuses_a_negative_cost(client_as, make_user, brand):
    part = Part.objects.create(
        brand=brand, code="P-USB-C", name_en="USB-C port", name_zh="USB-C 接口",
        mass_production_cost="2.50",
    )  # fmt: skip
    client = client_as(make_user("manager"))
    url = reverse("web:object_edit:parts", args=[part.pk])
    form = {"brand": brand.pk, "code": "P-USB-C", "name_en": "USB-C port",
            "name_zh": "USB-C 接口", "mass_production_cost": "-1"}  # fmt: skip
    assert client.post(url, form).status_code == 200
    part.refresh_from_db()
    assert str(part.mass_production_cost) == "2.50"
    assert client.post(url, {**form, "mass_production_cost": "3.10"}).status_code == 302
    part.refresh_from_db()
    assert str(part.mass_production_cost) == "3.10"


def test_it_hides_the_edit_page_of_another_brands_record(client_as, make_user, outlet,
                                                         foreign_model):  # fmt: skip
    client = client_as(make_user("manager", outlet=outlet))
    url = reverse("web:object_edit:product-models", args=[foreign_model.pk])
    assert client.get(url).status_code == 404


def test_it_links_to_new_and_edit_only_for_those_who_may(client_as, make_user, top_model):
    detail = reverse("web:object_detail:product-models", args=[top_model.pk])
    edit = reverse("web:object_edit:product-models", args=[top_model.pk])
    new = reverse("web:object_create:product-models")
    manager = client_as(make_user("manager"))
    assert edit in manager.get(detail).content.decode()
    assert new in manager.get(reverse("web:object_list:product-models")).content.decode()
    desk = client_as(make_user("front_desk"))
    assert edit not in desk.get(detail).content.decode()
    assert new not in desk.get(reverse("web:object_list:product-models")).content.decode()


def test_it_keeps_every_linked_model_when_a_part_is_edited(client_as, make_user, brand,
                                                           top_model):  # fmt: skip
    second = ProductModel.objects.create(
        brand=brand, sku="TOP-C1", name_en="Cable", name_zh="数据线", category="cable"
    )
    part = Part.objects.create(
        brand=brand, code="P1", name_en="Port", name_zh="接口", mass_production_cost="1.00"
    )
    part.models_served.set([top_model, second])
    client = client_as(make_user("manager"))
    html = client.get(reverse("web:object_edit:parts", args=[part.pk])).content.decode()
    assert html.count(" selected>") >= 3  # the brand and both models
    assert 'multiple size="6"' in html
