"""Forms of the maintenance register: one small form per workflow action."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sanbao.catalog.models import Part, PartStock
from sanbao.policy.codes import FAULTS
from sanbao.service.events import OrderEvent
from sanbao.service.models import Action, ServiceOrder
from sanbao.service.parts import PartLine, working_outlet
from sanbao.warranty import labels

A = Action
# The fields each action asks for, in the order shown; "parts" is a quantity per part.
ACTION_FIELDS: dict[str, tuple[str, ...]] = {
    A.DIAGNOSE: ("findings", "fault_code", "exclusions"),
    A.REPAIR_ON_SPOT: ("note", "parts", "labour_minutes"),
    A.QUOTE: ("parts", "labour", "freight"),
    A.APPROVE: ("note",),
    A.DECLINE: ("note",),
    A.START_REPAIR: ("note",),
    A.AWAIT_PARTS: ("note",),
    A.TRANSFER_TO_HQ: ("courier", "tracking_number", "sale_slip_included", "note"),
    A.REPAIR: ("note", "parts", "labour_minutes"),
    A.REPAIR_FAILED: ("note",),
    A.REPLACE: ("serial", "note"),
    A.REFUND: ("amount", "note"),
    A.RETURN_UNREPAIRED: ("note",),
    A.HAND_BACK: ("signature", "courier", "tracking_number", "note"),
    A.CLOSE: ("note",),
    A.CANCEL: ("note",),
}
NOTE_LABELS: dict[str, Any] = {
    A.REPAIR_ON_SPOT: _("Repair done"),
    A.REPAIR: _("Repair done"),
    A.AWAIT_PARTS: _("Parts waited for"),
    A.REPAIR_FAILED: _("Why the repair failed"),
    A.RETURN_UNREPAIRED: _("Why it goes back unrepaired"),
    A.CANCEL: _("Reason for cancelling"),
}
REQUIRED_NOTES = set(NOTE_LABELS)


def _money(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=Decimal(0), max_value=Decimal(100000), decimal_places=2,
        initial=Decimal(0), required=False,
    )  # fmt: skip


def _field(name: str, action: str) -> forms.Field:
    if name == "note":
        return forms.CharField(
            label=NOTE_LABELS.get(action, _("Remark")), max_length=2000, widget=forms.Textarea,
            required=action in REQUIRED_NOTES,
        )  # fmt: skip
    if name == "findings":
        return forms.CharField(label=_("Findings"), max_length=4000, widget=forms.Textarea)
    if name == "fault_code":
        choices = [("", _("Unchanged"))] + [(code, labels.fault_label(code)) for code in FAULTS]
        return forms.ChoiceField(label=_("Confirmed malfunction"), choices=choices, required=False)
    if name == "exclusions":
        return forms.MultipleChoiceField(
            label=_("Exclusions found"), required=False, widget=forms.CheckboxSelectMultiple,
            choices=[(code, text) for code, text in labels.EXCLUSIONS.items()],
        )  # fmt: skip
    if name == "labour_minutes":
        return forms.IntegerField(
            label=_("Labour (minutes)"), min_value=0, max_value=10000, initial=0, required=False
        )
    if name == "labour":
        return _money(_("Labour charge (CNY)"))
    if name == "freight":
        return _money(_("Delivery charge (CNY)"))
    if name == "amount":
        return _money(_("Refunded amount (CNY)"))
    if name == "courier":
        return forms.CharField(label=_("Courier"), max_length=60, required=action != A.HAND_BACK)
    if name == "tracking_number":
        return forms.CharField(
            label=_("Tracking number"), max_length=40, required=action != A.HAND_BACK
        )
    if name == "sale_slip_included":
        return forms.BooleanField(label=_("Sale slip sent with the product"), required=False)
    if name == "serial":
        return forms.CharField(label=_("Serial of the new unit"), max_length=64)
    if name == "signature":
        return forms.CharField(required=False, max_length=700_000, widget=forms.HiddenInput)
    raise KeyError(name)


class OrderEventForm(forms.Form):
    """The fields of one action; parts appear as a quantity box per part that fits."""

    def __init__(self, *args: Any, order: ServiceOrder, action: str, **kwargs: Any) -> None:
        kwargs["prefix"] = action
        super().__init__(*args, **kwargs)
        self.action = action
        self.parts: list[tuple[Part, int]] = []
        for name in ACTION_FIELDS[action]:
            if name == "parts":
                self._add_part_fields(order)
            else:
                self.fields[name] = _field(name, action)

    def _add_part_fields(self, order: ServiceOrder) -> None:
        stock = dict(
            PartStock.objects.filter(outlet=working_outlet(order)).values_list("part", "on_hand")
        )
        for part in Part.objects.filter(brand=order.brand, models_served=order.model):
            self.parts.append((part, stock.get(part.pk, 0)))
            self.fields[f"part_{part.pk}"] = forms.IntegerField(
                label=f"{part} ({_('on hand')}: {stock.get(part.pk, 0)})",
                min_value=0, max_value=20, initial=0, required=False,
            )  # fmt: skip

    def part_fields(self) -> list[forms.BoundField]:
        return [self[f"part_{part.pk}"] for part, _on_hand in self.parts]

    def plain_fields(self) -> list[forms.BoundField]:
        return [field for field in self if not field.name.startswith("part_")]

    def event(self) -> OrderEvent:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("part_")}
        data = {k: v for k, v in data.items() if v is not None}
        lines = [
            PartLine(part.code, quantity)
            for part, _on_hand in self.parts
            if (quantity := self.cleaned_data.get(f"part_{part.pk}") or 0) > 0
        ]
        return OrderEvent(action=self.action, parts=lines, **data)
