"""What the unit and recall detail pages show beyond their fields."""

from typing import Any

from django.utils import timezone

from sanbao.accounts.http import SignedInRequest
from sanbao.catalog.forms import RecoveryForm
from sanbao.catalog.models import ChannelFlag, Recall, RecallRemedy, Unit
from sanbao.catalog.recall_scopes import recall_units, unit_recall
from sanbao.catalog.recalls import TRANSITIONS, recall_recovered_count
from sanbao.notify.models import OutboxMessage

UNITS_SHOWN = 20


def unit_detail_context(request: SignedInRequest, unit: Unit) -> dict[str, Any]:
    flag = unit.channel_flag()
    return {
        "channel_flag": ChannelFlag(flag).label if flag else None,
        "recall": unit_recall(unit=unit, day=timezone.localdate()),
        "claims": unit.claims.select_related("customer").order_by("claimed_at"),
    }


def recall_detail_context(request: SignedInRequest, recall: Recall) -> dict[str, Any]:
    recovered = recall_recovered_count(recall=recall)
    in_scope = recall.units_in_scope
    recovery_form = RecoveryForm()
    if recall.remedy != RecallRemedy.CHOICE:
        recovery_form.fields["remedy_given"].initial = recall.remedy
    return {
        "recovered": recovered,
        "percent": round(100 * recovered / in_scope, 1) if in_scope else 0,
        "units": recall_units(recall=recall).select_related("model", "batch")[:UNITS_SHOWN],
        "recoveries": recall.recoveries.select_related("unit", "outlet")[:UNITS_SHOWN],
        "outreach_count": OutboxMessage.objects.filter(topic=f"recall:{recall.pk}").count(),
        "next_statuses": [
            (status, Recall.Status(status).label)
            for status in sorted(TRANSITIONS.get(Recall.Status(recall.status), set()))
        ],
        "recovery_form": recovery_form,
        "can_manage": request.user.has_perm("catalog.change_recall"),
        "can_recover": request.user.has_perm("catalog.add_recallrecovery"),
    }
