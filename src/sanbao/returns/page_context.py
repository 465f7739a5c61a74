"""What the batch and unit pages show: the batch's state in words, and who may do what next."""

from collections import Counter
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import User
from sanbao.catalog.models import Accessory
from sanbao.notify.models import ContactLogEntry
from sanbao.returns import forms as batch_forms
from sanbao.returns.models import BatchStatus, ReturnBatch, ReturnUnit, UnitState
from sanbao.returns.presenters import batch_overdue, batch_units, unit_flags
from sanbao.returns.receiving import COUNTING, discrepancy_words
from sanbao.returns.workflow import WAREHOUSE, actions_allowed, may_take
from sanbao.warranty.selectors import working_calendar


def due_in_working_days(batch: ReturnBatch) -> int | None:
    """Working days left to the return cycle's due date (negative: overdue by)."""
    if batch.due_on is None or batch.status not in (
        BatchStatus.RECEIVED, BatchStatus.INSPECTING, BatchStatus.READY_TO_SHIP,
    ):  # fmt: skip
        return None
    today, calendar = timezone.localdate(), working_calendar()
    if batch.due_on >= today:
        return calendar.working_days_between(today, batch.due_on)
    return -max(1, calendar.working_days_between(batch.due_on, today))


def _forms(batch: ReturnBatch, user: User) -> dict[str, Any]:
    """One empty form per action this user may take now."""
    allowed = set(actions_allowed(batch=batch, user=user))
    found: dict[str, Any] = {}
    if batch.status == BatchStatus.DRAFT and "submit" in allowed:
        found["rows_add"] = batch_forms.RowForm(batch=batch)
        found["rows_paste"] = batch_forms.PasteForm()
        found["rows_import"] = batch_forms.ImportForm()
        found["submit"] = None
    if "dispatch" in allowed:
        found["dispatch"] = batch_forms.DispatchForm()
    if batch.status in COUNTING and user.has_perm(WAREHOUSE) and not user.dealer_id:
        found["count"] = batch_forms.CountForm()
        found["receive"] = batch_forms.ReceiptForm(initial={"boxes_received": batch.boxes})
    if not batch.units.filter(state=UnitState.BACKORDERED).exists():
        allowed.discard("fill")
    for action, form in (("contact", batch_forms.ContactForm()), ("fill", None),
                         ("ship", batch_forms.ShipForm()), ("close", batch_forms.ReasonForm()),
                         ("cancel", batch_forms.ReasonForm())):  # fmt: skip
        if action in allowed:
            found[action] = form
    return found


TITLES = {
    "rows_add": (_("Add a unit"), _("Add")),
    "rows_paste": (_("Paste rows"), _("Add the rows")),
    "rows_import": (_("Import a repair list"), _("Import")),
    "submit": (_("Submit the packing list"), _("Submit")),
    "dispatch": (_("Hand to the courier"), _("Save the tracking number")),
    "count": (_("Count units in"), _("Count")),
    "receive": (_("Close the count"), _("Record the receipt")),
    "contact": (_("Log the call or fax to the return unit"), _("Log it")),
    "fill": (_("Stock has arrived"), _("Fill backorders")),
    "ship": (_("Ship back with a delivery list"), _("Ship")),
    "close": (_("Close the batch"), _("Close")),
    "cancel": (_("Cancel the batch"), _("Cancel the batch")),
}


def batch_page_context(batch: ReturnBatch, user: User) -> dict[str, Any]:
    units = batch_units(batch)
    states = Counter(unit.state for unit in units)
    declared = [unit for unit in units if unit.declared]
    due_in = due_in_working_days(batch)
    by_category = Counter((unit.get_category_display(), unit.model.sku) for unit in declared)
    return {
        "batch": batch,
        "units": [(unit, unit_flags(unit)) for unit in units],
        "states": {UnitState(state).label: count for state, count in states.items()},
        "counted": sum(1 for u in declared if u.counted_at),
        "declared_count": len(declared),
        "by_category": sorted(by_category.items()),
        "no_cable": [u.line for u in declared if "no_data_cable" in unit_flags(u)],
        "discrepancies": [discrepancy_words(item) for item in batch.discrepancies],
        "due_in": due_in,
        "overdue_by": -due_in if due_in is not None and due_in < 0 else 0,
        "overdue": batch_overdue(batch),
        "action_forms": {
            action: (form, *TITLES[action]) for action, form in _forms(batch, user).items()
        },
        "may_inspect": may_take(batch=batch, action="inspect", user=user)
        and batch.status in (BatchStatus.RECEIVED, BatchStatus.INSPECTING),
        "shipments": list(batch.shipments.all()),
        "contacts": ContactLogEntry.objects.filter(
            topic=f"return-batch:{batch.number}"
        ).select_related("by"),
        "timeline": batch.events.select_related("by"),
        "printable": batch.status != BatchStatus.DRAFT,
    }


def unit_page_context(batch: ReturnBatch, unit: ReturnUnit, user: User) -> dict[str, Any]:
    counting = batch.status in COUNTING and user.has_perm(WAREHOUSE) and not user.dealer_id
    return {
        "batch": batch,
        "unit": unit,
        "flags": unit_flags(unit),
        "accessories": [Accessory(code).label for code in unit.accessories],
        "can_count": counting and unit.state == UnitState.DECLARED,
        "can_inspect": may_take(batch=batch, action="inspect", user=user)
        and batch.status in (BatchStatus.RECEIVED, BatchStatus.INSPECTING)
        and unit.state == UnitState.COUNTED,
        "count_form": batch_forms.CountForm(initial={"code": str(unit.line)}),
    }
