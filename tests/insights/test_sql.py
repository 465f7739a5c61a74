"""json_list_counts: the codes inside JSON lists counted by the database (json_each on
SQLite, jsonb_array_elements_text on PostgreSQL), for whatever rows a queryset selects."""

from collections import Counter

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from sanbao.insights.sql import json_list_counts
from sanbao.returns.models import ReturnUnit
from sanbao.service.models import ServiceOrder
from tests.insights.conftest import at, scope_of

pytestmark = pytest.mark.django_db


def test_it_counts_each_code_of_every_list_in_one_query(make_order):
    make_order(exclusions=["physical_damage", "third_party_modification"])
    make_order(exclusions=["physical_damage"])
    make_order(exclusions=["physical_damage", "physical_damage"])  # twice in one list
    make_order(exclusions=[])
    make_order()
    with CaptureQueriesContext(connection) as queries:
        counts = json_list_counts(ServiceOrder.objects.all(), "exclusions")
    assert counts == Counter({"physical_damage": 4, "third_party_modification": 1})
    assert len(queries) == 1


def test_it_counts_only_the_rows_the_queryset_selects(make_order, brand, foreign_model):
    make_order(exclusions=["electrical_surge"], created=at(2026, 1, 31, 23, 59))
    make_order(exclusions=["electrical_surge"], created=at(2026, 2, 1, 0, 0))
    make_order(exclusions=["electrical_surge"], status="cancelled")
    make_order(exclusions=["force_majeure"], model=foreign_model)
    scope = scope_of(brand)
    rows = (
        ServiceOrder.objects.filter(scope.outlet_side(), scope.during("created_at"))
        .exclude(status="cancelled")
        .filter(~Q(exclusions=[]))
    )
    assert json_list_counts(rows, "exclusions") == Counter({"electrical_surge": 2})


def test_it_counts_through_a_join(make_return_batch, make_unit, romoss_dealer, other_brand,
                                  foreign_model, brand):  # fmt: skip
    make_unit(make_return_batch(), exclusions=["missing_evidence", "card_mismatch"])
    make_unit(make_return_batch(dealer_=romoss_dealer, brand_=other_brand),
              model=foreign_model, exclusions=["card_mismatch"])  # fmt: skip
    units = ReturnUnit.objects.filter(batch__brand_id__in=[brand.pk])
    assert json_list_counts(units, "exclusions") == Counter(
        {"missing_evidence": 1, "card_mismatch": 1}
    )


def test_an_empty_table_gives_no_counts(db):
    assert json_list_counts(ServiceOrder.objects.all(), "exclusions") == Counter()


@pytest.mark.parametrize("empty", ["none", "no_brands"])
def test_a_queryset_that_matches_nothing_gives_no_counts(make_order, empty):
    make_order(exclusions=["physical_damage"])
    rows = (
        ServiceOrder.objects.none()
        if empty == "none"
        else ServiceOrder.objects.filter(brand_id__in=())
    )
    assert json_list_counts(rows, "exclusions") == Counter()
