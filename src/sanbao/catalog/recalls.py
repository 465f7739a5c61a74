"""Running recall campaigns: saving the scope, counting, status, outreach, recovered units."""

from typing import Any

from django.db import transaction
from django.forms import ModelForm
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sanbao.accounts.models import ServiceOutlet, User
from sanbao.catalog.models import Recall, RecallRecovery, RecallRemedy, Unit, UnitStatus
from sanbao.catalog.recall_scopes import active_recalls_changed, recall_units
from sanbao.catalog.serials import serial_checked
from sanbao.config.errors import DomainError
from sanbao.customers.models import Customer
from sanbao.notify.models import OutboxMessage

# status → the statuses it may move to
TRANSITIONS: dict[str, set[str]] = {
    Recall.Status.DRAFT: {Recall.Status.ACTIVE},
    Recall.Status.ACTIVE: {Recall.Status.CLOSED},
    Recall.Status.CLOSED: set(),
}
OUTREACH_CHUNK = 2_000


@transaction.atomic
def recall_save(*, form: ModelForm[Any], by: User) -> Recall:
    """Saves a recall from its validated form and counts the units its scope covers."""
    recall: Recall = form.save(commit=False)
    if recall.pk is None:
        recall.created_by = by
    recall.save()
    form.save_m2m()
    recall_count(recall=recall)
    active_recalls_changed(brand_id=recall.brand_id)
    return recall


def recall_count(*, recall: Recall) -> Recall:
    recall.units_in_scope = recall_units(recall=recall).count()
    recall.counted_at = timezone.now()
    recall.save(update_fields=["units_in_scope", "counted_at"])
    return recall


@transaction.atomic
def recall_status_set(*, recall: Recall, status: str, by: User) -> Recall:
    recall = Recall.objects.select_for_update().get(pk=recall.pk)
    if status not in TRANSITIONS.get(recall.status, set()):
        raise DomainError(
            "transition_not_allowed",
            _("A recall that is %(current)s cannot become %(new)s.")
            % {"current": recall.get_status_display(), "new": _status_label(status)},
            status=409,
        )
    recall.status = status
    recall.save(update_fields=["status"])
    recall_count(recall=recall)
    active_recalls_changed(brand_id=recall.brand_id)
    return recall


def _status_label(status: str) -> str:
    return str(dict(Recall.Status.choices).get(status, status[:20]))


def recall_recovered_count(*, recall: Recall) -> int:
    return recall.recoveries.count()


@transaction.atomic
def recall_unit_recover(
    *, recall: Recall, serial: str, remedy_given: str, outlet: ServiceOutlet | None, by: User
) -> RecallRecovery:
    """Records that a unit in the recall came back and what its owner got for it."""
    if recall.status != Recall.Status.ACTIVE:
        raise DomainError(
            "recall_not_active", _("Only an active recall takes units back."), status=409
        )
    serial = serial_checked(serial)
    unit = recall_units(recall=recall).select_for_update().filter(serial=serial).first()
    if unit is None:
        raise DomainError(
            "not_in_recall",
            _("Unit %(serial)s is not in this recall.") % {"serial": serial},
            status=422,
            fields={"serial": _("This unit is not in the recall's scope.")},
        )
    allowed: set[str] = {RecallRemedy.REPLACE, RecallRemedy.REFUND}
    if recall.remedy != RecallRemedy.CHOICE:
        allowed = {recall.remedy}
    if remedy_given not in allowed:
        raise DomainError(
            "remedy_not_offered",
            _("This recall does not offer that remedy."),
            status=422,
            fields={"remedy_given": _("This recall does not offer that remedy.")},
        )
    if RecallRecovery.objects.filter(recall=recall, unit=unit).exists():
        raise DomainError(
            "already_recovered",
            _("Unit %(serial)s was already recovered.") % {"serial": serial},
            status=409,
        )
    recovery = RecallRecovery.objects.create(
        recall=recall,
        unit=unit,
        outlet=outlet,
        remedy_given=remedy_given,
        recovered_at=timezone.now(),
        recorded_by=by,
    )
    Unit.objects.filter(pk=unit.pk).update(status=UnitStatus.RECOVERED)
    return recovery


@transaction.atomic
def recall_outreach_send(*, recall: Recall, by: User) -> int:
    """Queues one message per registered owner who agreed to notifications; none twice."""
    if recall.status != Recall.Status.ACTIVE:
        raise DomainError(
            "recall_not_active", _("Activate the recall before telling owners."), status=409
        )
    owners = (
        Customer.objects.filter(
            notifications_consented_at__isnull=False,
            pk__in=recall_units(recall=recall).filter(owner__isnull=False).values("owner_id"),
        )
        .only("pk", "language")
        .order_by("pk")
    )
    topic = f"recall:{recall.pk}"
    already = OutboxMessage.objects.filter(topic=topic).count()
    chunk: list[OutboxMessage] = []
    for owner in owners.iterator(chunk_size=OUTREACH_CHUNK):
        chunk.append(_outreach_message(recall, owner, topic))
        if len(chunk) >= OUTREACH_CHUNK:
            OutboxMessage.objects.bulk_create(chunk, ignore_conflicts=True)
            chunk = []
    OutboxMessage.objects.bulk_create(chunk, ignore_conflicts=True)
    # ignore_conflicts hides which rows were new: count what the topic holds now.
    return OutboxMessage.objects.filter(topic=topic).count() - already


def _outreach_message(recall: Recall, owner: Customer, topic: str) -> OutboxMessage:
    with translation.override(owner.language):
        title = recall.title
        subject = _("Recall: %(title)s") % {"title": title}
        body = _(
            "%(brand)s is recalling %(title)s. Cause: %(cause)s Remedy: %(remedy)s. "
            "Stop using and charging the product and do not take it on a plane. "
            "Check your unit and find a service outlet: hotline %(hotline)s."
        ) % {
            "brand": recall.brand.name,
            "title": title,
            "cause": recall.cause,
            "remedy": recall.get_remedy_display(),
            "hotline": recall.brand.hotline or "—",
        }
    return OutboxMessage(
        customer=owner, topic=topic, language=owner.language, subject=subject[:200], body=body
    )
