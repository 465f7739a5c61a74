"""Closing a follow-up with what was done: managers of its brand (and outlet) only, once,
with the outcome written down; and who sees which follow-ups."""

import pytest
from django.utils import timezone

from sanbao.accounts.models import ServiceOutlet
from sanbao.config.errors import DomainError
from sanbao.feedback.answers import survey_answer
from sanbao.feedback.follow_ups import follow_up_close
from sanbao.feedback.models import FollowUp
from sanbao.feedback.selectors import follow_ups_visible, responses_visible
from tests.feedback.conftest import survey_token

pytestmark = pytest.mark.django_db


def close(follow_up, by, outcome="Called 张伟; replaced the unit."):
    return follow_up_close(follow_up_id=follow_up.pk, outcome=outcome, by=by)


def refused(follow_up, by, code, status, outcome="Called back."):
    before = FollowUp.objects.values_list("status", "outcome", "closed_by", "closed_at").get()
    with pytest.raises(DomainError) as caught:
        close(follow_up, by, outcome)
    assert (caught.value.code, caught.value.status) == (code, status), caught.value.message
    after = FollowUp.objects.values_list("status", "outcome", "closed_by", "closed_at").get()
    assert after == before
    return caught.value


def test_it_closes_a_follow_up_with_what_was_done(follow_up, outlet_manager):
    before = timezone.now()
    closed = close(follow_up, outlet_manager, outcome="  Called 张伟; replaced the unit.  ")

    follow_up.refresh_from_db()
    assert closed == follow_up
    assert (follow_up.status, follow_up.outcome, follow_up.closed_by) == (
        "done", "Called 张伟; replaced the unit.", outlet_manager,
    )  # fmt: skip
    assert before <= follow_up.closed_at <= timezone.now()


def test_it_closes_a_follow_up_once(follow_up, outlet_manager, hq_manager):
    close(follow_up, outlet_manager)

    refused(follow_up, hq_manager, "follow_up_closed", 409)


@pytest.mark.parametrize("outcome", ["", "   \n"])
def test_it_wants_to_know_what_was_done(follow_up, outlet_manager, outcome):
    error = refused(follow_up, outlet_manager, "invalid_input", 422, outcome=outcome)
    assert "outcome" in error.fields


def test_it_lets_only_managers_close(follow_up, make_user):
    refused(follow_up, make_user("auditor"), "forbidden", 403)  # may look, not close
    refused(follow_up, make_user("front_desk", username="desk-2"), "forbidden", 403)


def test_it_hides_another_brands_follow_up(follow_up, romoss_manager):
    refused(follow_up, romoss_manager, "follow_up_not_found", 404)


def test_it_hides_another_outlets_follow_up_from_an_outlets_manager(follow_up, make_user, hq):
    sz = ServiceOutlet.objects.create(code="sz", name_en="Shenzhen", name_zh="深圳")
    sz.brands.set([follow_up.brand])
    elsewhere = make_user("manager", username="manager-sz", outlet=sz)

    refused(follow_up, elsewhere, "follow_up_not_found", 404)
    assert not follow_ups_visible(user=elsewhere).exists()
    assert not responses_visible(user=elsewhere).exists()


def test_it_shows_headquarters_every_outlet_of_its_brands(
    follow_up, hq_manager, outlet_manager, romoss_manager, make_user
):
    assert list(follow_ups_visible(user=hq_manager)) == [follow_up]
    assert list(follow_ups_visible(user=outlet_manager)) == [follow_up]
    assert list(follow_ups_visible(user=make_user("auditor"))) == [follow_up]
    assert not follow_ups_visible(user=romoss_manager).exists()
    assert not follow_ups_visible(user=make_user("front_desk", username="desk-2")).exists()
    assert responses_visible(user=hq_manager).count() == 1
    assert not responses_visible(user=romoss_manager).exists()


def test_it_lists_open_follow_ups_first(follow_up, outlet_manager, closed_order):

    close(follow_up, outlet_manager)
    later = closed_order(customer_phone="139 0013 9000")
    token = survey_token(f"order:{later.number}:survey")
    survey_answer(token=token, csat=2, nps=9, fixed_first_visit=None, comment="")
    newer = FollowUp.objects.get(status="open")
    FollowUp.objects.filter(pk=newer.pk).update(opened_at=follow_up.opened_at.replace(year=2020))

    assert list(follow_ups_visible(user=outlet_manager)) == [newer, follow_up]
