"""`sanbao demo-data` loads both brands and a user per role, and can run again."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from sanbao.accounts.models import Brand, Dealer, ServiceOutlet, User
from sanbao.accounts.roles import ROLES
from sanbao.catalog.models import ProductModel, Recall, Unit, UnitClaim
from sanbao.service.models import ServiceOrder
from sanbao.web.demo_data import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_it_loads_once_and_again_without_duplicates(capsys):
    call_command("demo_data")
    kinds = (
        Brand,
        ServiceOutlet,
        Dealer,
        User,
        ProductModel,
        Unit,
        Recall,
        UnitClaim,
        ServiceOrder,
    )
    counts = [m.objects.count() for m in kinds]
    call_command("demo_data")
    assert [m.objects.count() for m in kinds] == counts
    assert counts[:3] == [2, 3, 3]
    # Two claims of the demo, one per order of a unit; 5 live orders + 2,500 of history.
    assert counts[5:] == [6_000, 1, 7, 2_505]
    assert ServiceOutlet.objects.filter(is_hq=True).count() == 1
    assert DEMO_PASSWORD in capsys.readouterr().out


def test_it_gives_every_role_a_login_that_works():
    call_command("demo_data")
    for code in ROLES:
        user = authenticate(username=code, password=DEMO_PASSWORD)
        assert user is not None and user.role.code == code


def test_it_loads_power_banks_of_several_capacities_for_each_brand():
    call_command("demo_data")
    for brand in Brand.objects.all():
        capacities = set(
            ProductModel.objects.filter(brand=brand, category="power_bank").values_list(
                "capacity_mah", flat=True
            )
        )
        assert len(capacities) >= 2
        assert ProductModel.objects.filter(brand=brand, category="adapter").exists()
        assert ProductModel.objects.filter(brand=brand, category="cable").exists()


def test_it_keeps_a_changed_password_on_reload():
    call_command("demo_data")
    user = User.objects.get(username="manager")
    user.set_password("a-new-secret-123")
    user.save()
    call_command("demo_data")
    assert authenticate(username="manager", password="a-new-secret-123")


def test_it_loads_a_recall_of_two_batches_with_its_units_counted():
    call_command("demo_data")
    recall = Recall.objects.get(code="RMS-2026-R01")
    assert recall.status == "active" and recall.batches.count() == 2
    assert recall.units_in_scope == Unit.objects.filter(batch__in=recall.batches.all()).count() > 0
    assert UnitClaim.objects.filter(duplicate_of__isnull=False).count() == 1


def test_it_purges_the_history_past_its_retention_and_still_counts_it():
    from datetime import timedelta

    from django.utils import timezone

    from sanbao.insights.faults import NO_FAULT, fault_counts
    from sanbao.insights.scope import Scope

    call_command("demo_data")
    romoss = Brand.objects.get(policy_id="romoss")
    old = ServiceOrder.objects.filter(
        brand=romoss, closed_at__lt=timezone.now() - timedelta(days=200)
    ).select_related("customer")
    assert old.exists()
    for order in old[:50]:
        assert order.personal_data_purged_at is not None and not order.signature
        if order.customer.erased_at is not None:
            customer = order.customer
            assert (customer.name, customer.phone, customer.address_detail) == ("", "", "")
    assert old.filter(customer__erased_at__isnull=False).exists()
    # still counted by the faults dashboard: the purge keeps every order's serial and fault
    day = timezone.localdate()
    scope = Scope(brand_ids=(romoss.pk,), start=day - timedelta(days=540), end=day)
    counted = sum(fault_counts(scope).orders.values())
    in_period = (
        ServiceOrder.objects.filter(brand=romoss, created_at__date__gte=scope.start)
        .exclude(status="cancelled")
        .exclude(fault_code=NO_FAULT)
    )
    assert in_period.filter(personal_data_purged_at__isnull=False).count() > 100
    assert counted == in_period.count()
    assert not old.filter(serial="").exists()
