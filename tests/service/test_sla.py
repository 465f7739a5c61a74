"""The overdue sweep: open orders past their due day are marked once and a manager is told."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from sanbao.notify.models import OutboxMessage
from sanbao.service import sla
from sanbao.service.models import ServiceOrder, ServiceOrderEvent
from sanbao.service.sla import orders_overdue_sweep

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(make_user):
    """A manager at headquarters, for every brand."""
    return make_user("manager", email="li.manager@top.example.cn", language="en")


def _due(order, days: int) -> None:
    today = timezone.localdate()
    ServiceOrder.objects.filter(pk=order.pk).update(due_on=today + timedelta(days=days))


@pytest.fixture
def orders(register):
    """Overdue by 2 days, due today, due in 3 days, no due day, and overdue but cancelled."""
    overdue, today, later, undated, cancelled = (
        register(customer_phone=phone)
        for phone in ("13800138000", "13900139000", "13700137000", "13600136000", "13500135000")
    )
    _due(overdue, -2)
    _due(today, 0)
    _due(later, 3)
    ServiceOrder.objects.filter(pk=undated.pk).update(due_on=None)
    _due(cancelled, -5)
    ServiceOrder.objects.filter(pk=cancelled.pk).update(status="cancelled")
    return {
        "overdue": overdue, "today": today, "later": later, "undated": undated,
        "cancelled": cancelled,
    }  # fmt: skip


def _overdue_events():
    return ServiceOrderEvent.objects.filter(action="overdue")


def _overdue_messages():
    return OutboxMessage.objects.filter(topic__endswith=":overdue")


def test_it_marks_only_open_orders_past_their_due_day(orders, manager):
    assert orders_overdue_sweep() == 1
    marked = ServiceOrder.objects.filter(overdue_notified_at__isnull=False)
    assert list(marked) == [orders["overdue"]]
    event = _overdue_events().get()
    assert event.order == orders["overdue"] and event.by is None
    assert event.from_status == event.to_status == "registered"
    assert "(+2)" in event.note
    orders["overdue"].refresh_from_db()
    assert orders["overdue"].status == "registered"


def test_it_claims_each_order_once(orders, manager):
    assert orders_overdue_sweep() == 1
    assert orders_overdue_sweep() == 0
    assert _overdue_events().count() == 1 and _overdue_messages().count() == 1


def test_it_tells_the_manager_by_email_in_their_language(orders, manager):
    orders_overdue_sweep()
    message = _overdue_messages().get()
    number = orders["overdue"].number
    assert message.user == manager and message.topic == f"order:{number}:overdue"
    assert message.status == "pending" and message.language == "en"
    assert message.subject == f"Overdue: service card {number}"
    due = timezone.localdate() - timedelta(days=2)
    assert f"was due on {due}" in message.body and "TOP-PB10" in message.body


def test_it_tells_the_manager_of_the_outlet_before_headquarters(orders, manager, make_user, outlet):
    here = make_user("manager", username="gz-manager", outlet=outlet, email="gz@top.example.cn")
    orders_overdue_sweep()
    assert [m.user for m in _overdue_messages()] == [here]


def test_it_marks_the_order_even_without_a_manager_to_email(orders, make_user):
    make_user("manager")  # no email address
    assert orders_overdue_sweep() == 1
    assert _overdue_events().count() == 1 and not _overdue_messages().exists()
    assert orders_overdue_sweep() == 0


def test_it_ignores_closed_orders(register, manager):
    order = register()
    _due(order, -4)
    for status in ("returned", "closed", "cancelled"):
        ServiceOrder.objects.filter(pk=order.pk).update(status=status)
        assert orders_overdue_sweep() == 0
    assert not _overdue_events().exists() and not _overdue_messages().exists()


def test_it_counts_the_day_it_is_told(orders, manager):
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert orders_overdue_sweep(today=tomorrow) == 2  # due today is overdue tomorrow
    assert set(ServiceOrder.objects.filter(overdue_notified_at__isnull=False)) == {
        orders["overdue"], orders["today"],
    }  # fmt: skip


def test_it_notifies_once_when_two_sweeps_race(orders, manager, monkeypatch):
    """The second sweeper read the same candidates, then lost every claim to the first."""
    real = sla.timezone
    raced: list[int] = []
    racing = []

    def now():
        if not racing:  # the first claim of the slower sweeper: the other one runs first
            racing.append(True)
            raced.append(orders_overdue_sweep(today=real.localdate()))
        return real.now()

    monkeypatch.setattr(sla, "timezone", SimpleNamespace(now=now, localdate=real.localdate))
    assert orders_overdue_sweep(today=real.localdate()) == 0
    assert raced == [1]
    assert _overdue_events().count() == 1 and _overdue_messages().count() == 1


def test_it_runs_every_quarter_hour_as_a_periodic_task(orders, manager):
    from datetime import datetime

    from sanbao.service.tasks import orders_overdue_sweep_periodic

    task = orders_overdue_sweep_periodic.task_class()
    runs = [
        minute for minute in range(60) if task.validate_datetime(datetime(2026, 5, 1, 9, minute))
    ]
    assert runs == [0, 15, 30, 45]
    assert orders_overdue_sweep_periodic.call_local() == 1
    assert orders_overdue_sweep_periodic.call_local() == 0
