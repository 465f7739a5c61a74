"""Who sees a declaration: a dealer its own, staff their brands' once submitted."""

import pytest

from sanbao.claims.models import DamageClaim
from sanbao.claims.workflow import claims_visible, may_decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims(make_claim, other_dealer_user, other_dealer, rms_models):
    """The dealer's draft, submitted and late declarations, and another dealer's one."""
    return {
        "draft": make_claim(),
        "submitted": make_claim(stage="submitted"),
        "late": make_claim(stage="submitted", hours_ago=25),
        "other": make_claim(stage="submitted", by=other_dealer_user),
    }


def numbers(user) -> set[str]:
    return set(claims_visible(user=user).values_list("number", flat=True))


def test_a_dealer_sees_only_its_own_drafts_included(claims, dealer_user, other_dealer_user):
    mine = {claims[key].number for key in ("draft", "submitted", "late")}

    assert numbers(dealer_user) == mine
    assert numbers(other_dealer_user) == {claims["other"].number}


def test_a_colleague_at_the_same_dealer_sees_them_too(claims, make_user, rms_dealer):
    colleague = make_user("dealer", username="dealer-2")

    assert claims["draft"].number in numbers(colleague)


@pytest.mark.parametrize("who", ["commercial", "after_sales"])
def test_staff_see_their_brands_submitted_declarations_not_drafts(who, request, claims):
    staff = request.getfixturevalue(who)

    expected = {claims[key].number for key in ("submitted", "late", "other")}
    assert numbers(staff) == expected
    assert claims["draft"].number not in numbers(staff)


def test_a_manager_sees_them(claims, make_user, hq):
    manager = make_user("manager", outlet=hq)

    assert claims["late"].number in numbers(manager)
    assert claims["draft"].number not in numbers(manager)


def test_top_only_staff_do_not_see_romoss_declarations(claims, top_commissioner):
    assert numbers(top_commissioner) == set()


def test_a_brand_limit_narrows_what_staff_see(claims, commercial, brand):
    commercial.brands.set([brand])  # TOP only, although the outlet serves both

    assert numbers(commercial) == set()


def test_staff_without_the_permission_see_nothing(claims, make_user, hq):
    for role in ("front_desk", "warehouse", "hq_technician"):
        assert numbers(make_user(role, username=f"{role}-hq", outlet=hq)) == set()


def test_only_the_desks_commissioner_may_decide(make_claim, commercial, after_sales, make_user):
    sales = make_claim(stage="submitted")
    repair = make_claim(stage="submitted", shipment_kind="repair_return")
    draft = make_claim()
    admin = make_user("admin")

    assert may_decide(claim=sales, user=commercial) and not may_decide(
        claim=sales, user=after_sales
    )
    assert may_decide(claim=repair, user=after_sales) and not may_decide(
        claim=repair, user=commercial
    )
    assert not may_decide(claim=draft, user=commercial)  # no desk yet
    assert may_decide(claim=sales, user=admin) and may_decide(claim=repair, user=admin)


def test_the_late_declaration_is_kept_for_staff(claims, commercial):
    late = DamageClaim.objects.get(number=claims["late"].number)

    assert (late.status, late.late) == ("rejected", True)
    assert claims_visible(user=commercial).filter(pk=late.pk, late=True).exists()
