"""Forms of the declaration pages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import Brand, User
from sanbao.accounts.selectors import user_brands
from sanbao.claims.declaring import Declaration
from sanbao.claims.models import EvidenceKind, Remedy, ShipmentKind
from sanbao.notify.models import ContactLogEntry
from sanbao.web.widgets import DateTimeInput

YES_NO = [("", "—"), ("yes", _("Yes")), ("no", _("No"))]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class DeclarationForm(forms.Form):
    brand = forms.ModelChoiceField(Brand.objects.none(), label=_("Brand"))
    shipment_kind = forms.ChoiceField(label=_("The goods are"), choices=ShipmentKind.choices)
    delivery_note_number = forms.CharField(label=_("Delivery note number"), max_length=40)
    order_reference = forms.CharField(
        label=_("Order or shipment reference"), max_length=60, required=False
    )
    delivery_list = forms.CharField(
        label=_("Delivery list (goods back from repair)"), max_length=28, required=False
    )
    signed_for_at = forms.DateTimeField(label=_("Signed for at (签收)"), widget=DateTimeInput)
    lines = forms.CharField(
        label=_("Damaged models: “model quantity” per row"),
        widget=forms.Textarea(attrs={"rows": 2, "class": "font-monospace"}),
    )
    description = forms.CharField(
        label=_("What you found on unpacking"), widget=forms.Textarea(attrs={"rows": 3})
    )
    seams_total = forms.IntegerField(
        label=_("Seams with tamper-evident labels"), min_value=0, max_value=100, initial=0
    )
    seams_intact = forms.IntegerField(
        label=_("Of which labels intact"), min_value=0, max_value=100, initial=0
    )
    box_damaged = forms.BooleanField(label=_("Box appearance damaged"), required=False)
    opened_before_courier = forms.BooleanField(
        label=_("Opened in front of the courier"), required=False
    )
    courier_name = forms.CharField(label=_("Courier's name"), max_length=60, required=False)
    courier_work_number = forms.CharField(
        label=_("Courier's work number"), max_length=30, required=False
    )
    courier_phone = forms.CharField(label=_("Courier's phone"), max_length=20, required=False)
    courier_labels_intact = forms.ChoiceField(
        label=_("Courier noted: labels intact"), choices=YES_NO, required=False
    )
    courier_box_intact = forms.ChoiceField(
        label=_("Courier noted: box undamaged"), choices=YES_NO, required=False
    )
    actual_weight_kg = forms.DecimalField(
        label=_("Actual weight (kg)"), required=False, min_value=0, max_digits=7, decimal_places=2
    )
    shipped_weight_kg = forms.DecimalField(
        label=_("Weight shipped (kg)"), required=False, min_value=0, max_digits=7, decimal_places=2
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["brand"].queryset = user_brands(user=user)  # type: ignore[attr-defined]

    def clean_lines(self) -> list[tuple[str, int]]:
        found = []
        for row in self.cleaned_data["lines"].splitlines():
            cells = row.replace(",", " ").split()
            if not cells:
                continue
            if len(cells) != 2 or not cells[1].isdigit():
                raise forms.ValidationError(_("Write each as a model and a quantity: RMS-PB10K 3."))
            found.append((cells[0], int(cells[1])))
        return found

    def declaration(self) -> Declaration:
        data = dict(self.cleaned_data)
        data.pop("brand")
        data["courier_labels_intact"] = _yes_no(data["courier_labels_intact"])
        data["courier_box_intact"] = _yes_no(data["courier_box_intact"])
        return Declaration(**data)


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("What it is"), choices=EvidenceKind.choices)
    file = forms.FileField(label=_("File"))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("accept", _("Accept")), ("reject", _("Reject"))]
    )
    remedy = forms.ChoiceField(
        label=_("Remedy"), choices=[("", "—"), *Remedy.choices], required=False
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ContactForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=ContactLogEntry.Channel.choices)
    direction = forms.ChoiceField(label=_("Direction"), choices=ContactLogEntry.Direction.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ContactLogEntry.Outcome.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
