"""The return batch's transition table, who may take each action, and who sees which batch."""

import pytest

from sanbao.returns.models import BatchAction, BatchEvent, BatchStatus, ReturnBatch
from sanbao.returns.receiving import Receipt, batch_receive, unit_count
from sanbao.returns.shipping import batch_close
from sanbao.returns.submission import batch_dispatch, batch_submit
from sanbao.returns.workflow import (
    TRANSITIONS,
    actions_allowed,
    batch_for_change,
    batch_transition,
    batches_visible,
)
from tests.returns.conftest import refused

pytestmark = pytest.mark.django_db

EVERY_STATUS = list(BatchStatus.values)
CASES = [(action, status) for action in TRANSITIONS for status in EVERY_STATUS]


def at(batch, status):
    ReturnBatch.objects.filter(pk=batch.pk).update(status=status)
    batch.refresh_from_db()
    return batch


# --- the table -----------------------------------------------------------------------


def test_every_action_but_creation_has_a_row():
    assert set(TRANSITIONS) == set(BatchAction.values) - {BatchAction.CREATE}


def test_the_table_follows_the_design():
    table = {action: (set(t.sources), t.target) for action, t in TRANSITIONS.items()}
    after_receipt = {"received", "inspecting", "ready_to_ship", "part_shipped", "shipped"}

    assert table == {
        "submit": ({"draft"}, "submitted"),
        "dispatch": ({"submitted"}, "in_transit"),
        "receive": ({"submitted", "in_transit"}, "received"),
        "contact": (after_receipt, None),
        "inspect": ({"received", "inspecting"}, None),
        "fill": ({"inspecting", "ready_to_ship", "part_shipped"}, None),
        "ship": ({"ready_to_ship", "part_shipped"}, None),
        "close": ({"shipped"}, "closed"),
        "cancel": ({"draft", "submitted"}, "cancelled"),
    }
    assert {a for a, t in TRANSITIONS.items() if t.dealer} == {
        "submit", "dispatch", "close", "cancel",
    }  # fmt: skip
    assert not any("closed" in t.sources or "cancelled" in t.sources for t in TRANSITIONS.values())


@pytest.mark.parametrize(("action", "status"), CASES)
def test_it_moves_only_along_the_table(make_batch, warehouse, action, status):
    """The warehouse role holds every permission the table asks for."""
    batch = at(make_batch(units=1), status)
    transition = TRANSITIONS[action]

    if status not in transition.sources:
        with refused("illegal_transition", 409) as caught:
            batch_transition(batch=batch, action=action, by=warehouse)
        assert str(BatchStatus(status).label) in caught.value.message
        assert ReturnBatch.objects.get(pk=batch.pk).status == status
        return
    event = batch_transition(batch=batch, action=action, by=warehouse, note="  ok  ")
    expected = transition.target or status
    assert ReturnBatch.objects.get(pk=batch.pk).status == expected
    assert (event.action, event.from_status, event.to_status, event.note, event.by) == (
        action, status, expected, "ok", warehouse,
    )  # fmt: skip


def test_it_writes_the_changes_with_the_move(make_batch, warehouse):
    batch = make_batch(units=1)

    batch_transition(
        batch=batch, action="submit", by=warehouse, note="x" * 3000,
        changes={"repair_list_pages": 7, "boxes": 1},
    )  # fmt: skip

    stored = ReturnBatch.objects.get(pk=batch.pk)
    assert (stored.status, stored.repair_list_pages) == ("submitted", 7)
    assert len(BatchEvent.objects.filter(batch=batch).last().note) == 2000


def test_it_lets_the_service_choose_the_target(make_batch, warehouse):
    batch = at(make_batch(units=1), "received")

    event = batch_transition(batch=batch, action="inspect", by=warehouse, target="inspecting")

    assert (event.from_status, event.to_status) == ("received", "inspecting")


# --- who may act ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("receive", "in_transit"),
        ("contact", "received"),
        ("inspect", "received"),
        ("fill", "inspecting"),
        ("ship", "ready_to_ship"),
    ],
)
def test_a_dealer_leaves_the_factorys_work_to_the_factory(make_batch, dealer_user, action, status):
    batch = at(make_batch(units=1), status)

    with refused("forbidden", 403):
        batch_transition(batch=batch, action=action, by=dealer_user)


@pytest.mark.parametrize(
    ("action", "status"),
    [("submit", "draft"), ("dispatch", "submitted"), ("cancel", "submitted"),
     ("close", "shipped")],
)  # fmt: skip
def test_a_dealer_takes_its_own_steps(make_batch, dealer_user, action, status):
    batch = at(make_batch(units=1), status)

    event = batch_transition(batch=batch, action=action, by=dealer_user)

    assert event.to_status == TRANSITIONS[action].target


def test_a_dealer_takes_no_step_on_another_dealers_batch(make_batch, other_dealer_user):
    batch = make_batch(units=1)

    with refused("forbidden", 403):
        batch_transition(batch=batch, action="submit", by=other_dealer_user)


@pytest.mark.parametrize(
    ("action", "status"),
    [("submit", "draft"), ("receive", "in_transit"), ("ship", "ready_to_ship"),
     ("close", "shipped"), ("cancel", "draft")],
)  # fmt: skip
def test_the_inspector_only_inspects(make_batch, inspector, action, status):
    batch = at(make_batch(units=1), status)

    with refused("forbidden", 403):
        batch_transition(batch=batch, action=action, by=inspector)


@pytest.mark.parametrize(
    ("who", "status", "actions"),
    [
        ("dealer_user", "draft", ["submit", "cancel"]),
        ("dealer_user", "submitted", ["dispatch", "cancel"]),
        ("dealer_user", "in_transit", []),
        ("dealer_user", "received", []),
        ("dealer_user", "shipped", ["close"]),
        ("other_dealer_user", "draft", []),
        ("warehouse", "submitted", ["dispatch", "receive", "cancel"]),
        ("warehouse", "received", ["contact", "inspect"]),
        ("warehouse", "part_shipped", ["contact", "fill", "ship"]),
        ("warehouse", "closed", []),
        ("inspector", "received", ["inspect"]),
        ("inspector", "ready_to_ship", []),
    ],
)
def test_it_lists_the_actions_a_user_may_take_now(request, make_batch, who, status, actions):
    batch = at(make_batch(units=1), status)

    assert actions_allowed(batch=batch, user=request.getfixturevalue(who)) == actions


# --- who sees which batch --------------------------------------------------------------


def test_a_dealer_sees_its_own_batches_only(make_batch, dealer_user, other_dealer_user):
    mine = make_batch(units=1)

    assert list(batches_visible(user=dealer_user)) == [mine]
    assert list(batches_visible(user=other_dealer_user)) == []


def test_staff_see_their_brands_batches(make_batch, make_user, warehouse, inspector, top_warehouse):
    batch = make_batch(units=1)
    desk = make_user("front_desk", outlet=warehouse.outlet)

    assert list(batches_visible(user=warehouse)) == [batch]
    assert list(batches_visible(user=inspector)) == [batch]
    assert list(batches_visible(user=top_warehouse)) == []
    assert list(batches_visible(user=desk)) == []  # the HQ's, but without the view permission


def test_a_brand_limit_narrows_what_staff_see(make_batch, make_user, brand):
    batch = make_batch(units=1)
    limited = make_user("warehouse", username="limited")
    limited.brands.set([brand])

    assert list(batches_visible(user=limited)) == []
    with refused("batch_not_found", 404):
        batch_for_change(number=batch.number, by=limited)


def test_it_finds_a_batch_by_its_number_as_typed(make_batch, dealer_user):
    batch = make_batch(units=1)

    assert batch_for_change(number=f"  {batch.number.lower()} ", by=dealer_user) == batch


@pytest.mark.parametrize("who", ["other_dealer_user", "top_warehouse"])
def test_it_answers_404_outside_the_users_view(request, make_batch, who):
    batch = make_batch(units=1)

    with refused("batch_not_found", 404) as caught:
        batch_for_change(number=batch.number, by=request.getfixturevalue(who))

    assert batch.number in caught.value.message


def test_it_answers_404_for_an_unknown_number(make_batch, warehouse):
    make_batch(units=1)

    with refused("batch_not_found", 404):
        batch_for_change(number="RMSR000000999", by=warehouse)


# --- the same rules through the services ----------------------------------------------


def test_another_dealer_cannot_act_on_a_batch(make_batch, other_dealer_user):
    draft = make_batch(units=1)
    submitted = make_batch(units=1, stage="submitted")

    with refused("batch_not_found", 404):
        batch_submit(number=draft.number, by=other_dealer_user)
    with refused("batch_not_found", 404):
        batch_dispatch(number=submitted.number, tracking_number="SF1", by=other_dealer_user)


def test_top_staff_cannot_act_on_a_romoss_batch(make_batch, top_warehouse):
    batch = make_batch(units=1, stage="in_transit")

    with refused("batch_not_found", 404):
        unit_count(number=batch.number, code="1", by=top_warehouse)
    with refused("batch_not_found", 404):
        batch_receive(number=batch.number, receipt=Receipt(1, [1]), by=top_warehouse)


def test_a_dealer_cannot_do_the_warehouses_work(make_batch, dealer_user):
    batch = make_batch(units=1, stage="in_transit")

    with refused("forbidden", 403):
        unit_count(number=batch.number, code="1", by=dealer_user)
    with refused("forbidden", 403):
        batch_receive(number=batch.number, receipt=Receipt(1, [1]), by=dealer_user)


def test_the_services_refuse_steps_out_of_order(make_batch, dealer_user, warehouse):
    draft = make_batch(units=1)
    received = make_batch(units=1, stage="received")

    with refused("illegal_transition", 409):
        batch_dispatch(number=draft.number, tracking_number="SF1", by=dealer_user)
    with refused("illegal_transition", 409):
        batch_close(number=received.number, by=dealer_user)
    with refused("illegal_transition", 409):
        batch_submit(number=received.number, by=warehouse)
