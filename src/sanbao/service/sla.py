"""The service-level sweeper: orders past their due day are marked once and the outlet's
manager is told.

Each order is claimed with a conditional UPDATE (`overdue_notified_at IS NULL`), so two
workers sweeping at the same moment never notify twice; the event and the message are
written in the claim's transaction.
"""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sanbao.accounts.models import Brand, ServiceOutlet, User
from sanbao.notify.services import message_to_staff
from sanbao.service.models import OPEN_STATUSES, Action, ServiceOrder, ServiceOrderEvent

BATCH = 500


def outlet_managers(*, outlet: ServiceOutlet, brand: Brand) -> list[User]:
    """The managers of the outlet; the brand's managers at headquarters otherwise."""
    managers = User.objects.filter(groups__name="manager", is_active=True).distinct()
    here = list(managers.filter(outlet=outlet))
    return here or list(
        managers.filter(outlet__is_hq=True).filter(Q(brands=brand) | Q(brands=None))
    )


def orders_overdue_sweep(*, today: date | None = None) -> int:
    """Marks the open orders whose due day has passed; returns how many this run claimed."""
    today = today or timezone.localdate()
    candidates = ServiceOrder.objects.filter(
        status__in=OPEN_STATUSES, due_on__lt=today, overdue_notified_at__isnull=True
    ).values_list("pk", flat=True)[:BATCH]
    claimed = 0
    for pk in list(candidates):
        with transaction.atomic():
            now = timezone.now()
            won = ServiceOrder.objects.filter(pk=pk, overdue_notified_at__isnull=True).update(
                overdue_notified_at=now
            )
            if not won:
                continue
            order = ServiceOrder.objects.select_related("outlet", "brand", "model").get(pk=pk)
            _overdue_record(order, today)
            claimed += 1
    return claimed


def _overdue_record(order: ServiceOrder, today: date) -> None:
    days = (today - order.due_on).days if order.due_on else 0
    ServiceOrderEvent.objects.create(
        order=order,
        action=Action.OVERDUE,
        from_status=order.status,
        to_status=order.status,
        note=f"{order.due_on} (+{days})",
    )
    for manager in outlet_managers(outlet=order.outlet, brand=order.brand):
        with translation.override(manager.language or "zh-hans"):
            subject = _("Overdue: service card %(number)s") % {"number": order.number}
            body = _(
                "Service card %(number)s (%(model)s, %(status)s) at %(outlet)s was due on "
                "%(due)s and is not finished."
            ) % {
                "number": order.number,
                "model": order.model.sku,
                "status": order.get_status_display(),
                "outlet": order.outlet.code,
                "due": order.due_on,
            }
        message_to_staff(
            user=manager, topic=f"order:{order.number}:overdue", subject=subject, body=body
        )
