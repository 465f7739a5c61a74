"""What a dashboard looks at: the default period, the filter form's checks and choices, and
the local-time boundaries of a period."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import translation

from sanbao.insights.periods import as_month, months
from sanbao.insights.scope import Scope, ScopeForm, default_period
from sanbao.service.models import ServiceOrder
from tests.insights.conftest import SHANGHAI, at, scope_of

pytestmark = pytest.mark.django_db

BEFORE_START = "The period cannot end before it starts."
TOO_LONG = "Choose a period of at most three years."


@pytest.mark.parametrize(
    ("today", "start"),
    [
        (date(2026, 3, 15), date(2025, 4, 1)),
        (date(2025, 12, 31), date(2025, 1, 1)),
        (date(2026, 1, 31), date(2025, 2, 1)),  # January: eleven months back is last year
        (date(2025, 11, 1), date(2024, 12, 1)),  # November: back to December
        (date(2024, 2, 29), date(2023, 3, 1)),
    ],
)
def test_it_starts_the_default_period_eleven_months_back_on_the_first(today, start):
    assert default_period(today) == (start, today)


def test_an_empty_form_gives_the_default_period_and_all_my_brands(clock, users, brand, other_brand):
    clock(2026, 1, 20, 0, 30)  # Shanghai: still 19 January in UTC
    form = ScopeForm({}, user=users["manager"])
    assert form.is_valid(), form.errors
    scope = form.scope()
    assert (scope.start, scope.end) == (date(2025, 2, 1), date(2026, 1, 20))
    assert sorted(scope.brand_ids) == sorted([brand.pk, other_brand.pk])
    assert (scope.outlet_id, scope.dealer_id, scope.model_id) == (None, None, None)


def test_a_missing_end_is_today_and_a_missing_start_the_default_start(clock, users):
    clock(2026, 3, 10)
    only_start = ScopeForm({"start": "2026-02-01"}, user=users["manager"])
    assert only_start.is_valid()
    assert (only_start.scope().start, only_start.scope().end) == (
        date(2026, 2, 1), date(2026, 3, 10),
    )  # fmt: skip
    only_end = ScopeForm({"end": "2025-12-31"}, user=users["manager"])
    assert only_end.is_valid()
    assert (only_end.scope().start, only_end.scope().end) == (date(2025, 4, 1), date(2025, 12, 31))


def test_it_refuses_a_period_that_ends_before_it_starts(users):
    form = ScopeForm({"start": "2026-02-02", "end": "2026-02-01"}, user=users["manager"])
    assert not form.is_valid()
    assert form.errors == {"end": [BEFORE_START]}
    one_day = ScopeForm({"start": "2026-02-01", "end": "2026-02-01"}, user=users["manager"])
    assert one_day.is_valid()


def test_a_start_after_today_without_an_end_is_refused(clock, users):
    clock(2026, 3, 10)
    form = ScopeForm({"start": "2026-03-11"}, user=users["manager"])
    assert form.errors == {"end": [BEFORE_START]}


def test_it_refuses_a_period_over_three_years(users):
    start = date(2023, 1, 1)
    longest = start + timedelta(days=3 * 366)
    fits = ScopeForm({"start": start, "end": longest}, user=users["manager"])
    assert fits.is_valid(), fits.errors
    over = ScopeForm({"start": start, "end": longest + timedelta(days=1)}, user=users["manager"])
    assert over.errors == {"end": [TOO_LONG]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": "2026-02-02", "end": "2026-02-01"}, BEFORE_START),
        ({"start": "2020-01-01", "end": "2026-01-01"}, TOO_LONG),
    ],
)
def test_the_period_errors_are_in_the_active_language(users, data, message):
    with translation.override("zh-hans"):
        form = ScopeForm(data, user=users["manager"])
        assert form.errors == {"end": [translation.gettext(message)]}


def test_a_date_that_is_not_one_is_a_field_error(users):
    form = ScopeForm({"start": "2026-02-30"}, user=users["manager"])
    assert form.errors == {"start": ["Enter a valid date."]}


def test_a_user_limited_to_a_brand_can_choose_only_that_brand(top_manager, brand, other_brand):
    form = ScopeForm({}, user=top_manager)
    assert list(form.fields["brand"].queryset) == [brand]
    assert form.is_valid() and form.scope().brand_ids == (brand.pk,)
    foreign = ScopeForm({"brand": other_brand.pk}, user=top_manager)
    assert not foreign.is_valid()
    assert list(foreign.errors) == ["brand"]
    assert foreign.errors["brand"][0].startswith("Select a valid choice.")


def test_a_user_of_both_brands_may_narrow_to_either(users, other_brand):
    form = ScopeForm({"brand": other_brand.pk}, user=users["manager"])
    assert form.is_valid()
    assert form.scope().brand_ids == (other_brand.pk,)


def test_outlets_dealers_and_models_of_other_brands_are_not_choices(
    top_manager, hq, outlet, dealer, bank, foreign_model, romoss_dealer
):
    form = ScopeForm({}, user=top_manager)
    assert list(form.fields["outlet"].queryset) == [outlet, hq]  # by code: gz, sz-hq
    assert list(form.fields["dealer"].queryset) == [dealer]
    assert list(form.fields["model"].queryset) == [bank]
    for name, value in (("model", foreign_model.pk), ("dealer", romoss_dealer.pk)):
        refused = ScopeForm({name: value}, user=top_manager)
        assert list(refused.errors) == [name]


def test_the_scope_carries_the_filters_and_gives_them_back_as_a_query(
    users, brand, outlet, dealer, bank
):
    form = ScopeForm(
        {"brand": brand.pk, "outlet": outlet.pk, "dealer": dealer.pk, "model": bank.pk,
         "start": "2026-01-01", "end": "2026-03-31"},
        user=users["manager"],
    )  # fmt: skip
    assert form.is_valid(), form.errors
    scope = form.scope()
    assert scope == Scope(
        brand_ids=(brand.pk,), start=date(2026, 1, 1), end=date(2026, 3, 31),
        outlet_id=outlet.pk, dealer_id=dealer.pk, model_id=bank.pk,
    )  # fmt: skip
    assert scope.as_query() == {
        "start": "2026-01-01", "end": "2026-03-31", "outlet": str(outlet.pk),
        "dealer": str(dealer.pk), "model": str(bank.pk),
    }  # fmt: skip


def test_a_period_runs_from_local_midnight_to_local_midnight(brand):
    scope = scope_of(brand, start=date(2026, 1, 1), end=date(2026, 1, 31))
    assert scope.start_at == datetime(2026, 1, 1, tzinfo=SHANGHAI)
    assert scope.end_before == datetime(2026, 2, 1, tzinfo=SHANGHAI)


def test_an_order_at_2359_on_the_last_day_counts_and_one_at_midnight_does_not(make_order, brand):
    inside = [make_order(created=at(2026, 1, 1, 0, 0)), make_order(created=at(2026, 1, 31, 23, 59))]
    make_order(created=at(2025, 12, 31, 23, 59))
    make_order(created=at(2026, 2, 1, 0, 0))
    scope = scope_of(brand, start=date(2026, 1, 1), end=date(2026, 1, 31))
    found = ServiceOrder.objects.filter(scope.during("created_at"))
    assert sorted(found.values_list("pk", flat=True)) == sorted(o.pk for o in inside)


def test_months_lists_every_month_the_period_touches_across_the_new_year(brand):
    scope = scope_of(brand, start=date(2025, 11, 15), end=date(2026, 2, 3))
    assert months(scope) == [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1),
                             date(2026, 2, 1)]  # fmt: skip
    assert months(scope_of(brand, start=date(2026, 3, 31), end=date(2026, 3, 31))) == [
        date(2026, 3, 1)
    ]


def test_a_month_bucket_is_read_in_local_time():
    # 1 February 00:30 in Shanghai is still 31 January in UTC.
    assert as_month(at(2026, 2, 1, 0, 30).astimezone(UTC)) == date(2026, 2, 1)
    assert as_month("2026-02-01") == date(2026, 2, 1)
    assert as_month(date(2026, 2, 17)) == date(2026, 2, 1)
