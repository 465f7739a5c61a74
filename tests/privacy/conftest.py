"""Privacy fixtures: the service tests' intake, and orders closed long enough ago."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sanbao.service.models import ServiceOrder
from tests.feedback.conftest import closed_order  # noqa: F401
from tests.service import conftest as service
from tests.service.conftest import sale_slip

front_desk, technician, unit, register = (
    service.front_desk, service.technician, service.unit, service.register,
)  # fmt: skip


@pytest.fixture
def old_order(closed_order):  # noqa: F811
    """A closed order with signature and proof of purchase, closed `days` ago."""

    def make(days: int = 800, **changes):
        order = closed_order(proof=sale_slip(), **changes)
        closed = timezone.now() - timedelta(days=days)
        ServiceOrder.objects.filter(pk=order.pk).update(closed_at=closed)
        order.customer.__class__.objects.filter(pk=order.customer_id).update(created_at=closed)
        order.refresh_from_db()
        return order

    return make
