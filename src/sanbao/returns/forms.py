"""Forms of the return-batch pages: one per action, each turning into a service's input."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import Brand, Dealer, User
from sanbao.accounts.selectors import user_brands
from sanbao.catalog.models import Accessory, ProductModel
from sanbao.notify.models import ContactLogEntry
from sanbao.policy.codes import EXCLUSIONS, FAULTS
from sanbao.returns.building import BatchHeader
from sanbao.returns.inspection import Inspection
from sanbao.returns.models import InspectionResult, Outcome, Payment, ReturnBatch
from sanbao.returns.receiving import ExtraUnit, Receipt
from sanbao.service.parts import PartLine
from sanbao.warranty import labels


class HeaderForm(forms.Form):
    brand = forms.ModelChoiceField(Brand.objects.none(), label=_("Brand"))
    dealer = forms.ModelChoiceField(Dealer.objects.none(), label=_("Dealer"), required=False)
    contact_person = forms.CharField(label=_("Contact person"), max_length=60)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20)
    boxes = forms.IntegerField(label=_("Packages (boxes)"), min_value=0, max_value=10_000)
    courier = forms.CharField(label=_("Courier"), max_length=60, required=False)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=40, required=False)
    home_delivery = forms.BooleanField(label=_("Home delivery"), required=False, initial=True)
    payment = forms.ChoiceField(label=_("Payment"), choices=Payment.choices)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        brands = user_brands(user=user)
        self.fields["brand"].queryset = brands  # type: ignore[attr-defined]
        if user.dealer_id:
            del self.fields["dealer"]
        else:
            dealers = Dealer.objects.filter(brands__in=brands, is_active=True).distinct()
            self.fields["dealer"].queryset = dealers  # type: ignore[attr-defined]
            self.fields["dealer"].required = True

    def header(self) -> BatchHeader:
        data = self.cleaned_data
        return BatchHeader(**{name: data[name] for name in BatchHeader.__dataclass_fields__})


class RowForm(forms.Form):
    model = forms.ModelChoiceField(
        ProductModel.objects.none(), label=_("Model"), to_field_name="sku"
    )
    serial = forms.CharField(label=_("Serial number"), max_length=40, required=False)
    fault = forms.CharField(label=_("Fault (label text)"), max_length=200)
    accessories = forms.MultipleChoiceField(
        label=_("Accessories included"), choices=Accessory.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    purchase_date = forms.DateField(label=_("Purchase date"), required=False)

    def __init__(self, *args: Any, batch: ReturnBatch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["model"].queryset = ProductModel.objects.filter(  # type: ignore[attr-defined]
            brand=batch.brand
        )

    def rows(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        row = {name: data[name] for name in ("serial", "fault", "purchase_date")}
        return [row | {"model": data["model"].sku, "accessories": ",".join(data["accessories"])}]


class PasteForm(forms.Form):
    text = forms.CharField(
        label=_("Rows copied from a spreadsheet"),
        widget=forms.Textarea(attrs={"rows": 5, "class": "font-monospace"}),
        help_text=_("Columns: model, serial, fault, accessories — or a heading line naming them."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Repair list (.csv or .xlsx)"))


class DispatchForm(forms.Form):
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=40)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class CountForm(forms.Form):
    code = forms.CharField(
        label=_("Scan a label, or type a line or serial number"), max_length=200,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )  # fmt: skip


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ReceiptForm(forms.Form):
    boxes_received = forms.IntegerField(label=_("Boxes received"), min_value=0, max_value=10_000)
    wrong_models = forms.CharField(
        label=_("Wrong models: “line model” per row"), required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "font-monospace"}),
    )  # fmt: skip
    extras = forms.CharField(
        label=_("Extra units: “model, serial, fault” per row"), required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "font-monospace"}),
    )  # fmt: skip
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def clean_wrong_models(self) -> dict[int, str]:
        found: dict[int, str] = {}
        for line in _lines(self.cleaned_data["wrong_models"]):
            parts = line.replace(",", " ").split()
            if len(parts) != 2 or not parts[0].isdigit():
                raise forms.ValidationError(
                    _("Write each as a line number and a model: 7 RMS-AC20.")
                )
            found[int(parts[0])] = parts[1]
        return found

    def clean_extras(self) -> list[ExtraUnit]:
        extras = []
        for line in _lines(self.cleaned_data["extras"]):
            cells = [cell.strip() for cell in line.split(",")]
            extras.append(ExtraUnit(cells[0], *cells[1:3]))
        return extras

    def receipt(self) -> Receipt:
        data = self.cleaned_data
        return Receipt(boxes_received=data["boxes_received"], wrong_models=data["wrong_models"],
                       extras=data["extras"], note=data["note"])  # fmt: skip


class ContactForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=ContactLogEntry.Channel.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ContactLogEntry.Outcome.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class ShipForm(forms.Form):
    courier = forms.CharField(label=_("Courier"), max_length=60)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=40)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


def _fault_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [
        (code, labels.fault_label(code)) for code in FAULTS if code != "no_fault_found"
    ]


def _exclusion_choices() -> list[tuple[str, str]]:
    return [(code, labels.label(labels.EXCLUSIONS, code)) for code in sorted(EXCLUSIONS)]


class InspectionForm(forms.Form):
    tested = forms.BooleanField(label=_("Tested"), required=False, initial=True)
    result = forms.ChoiceField(label=_("Result"), choices=InspectionResult.choices)
    fault_code = forms.ChoiceField(
        label=_("Fault confirmed"), required=False, choices=_fault_choices
    )
    exclusions = forms.MultipleChoiceField(
        label=_("Exclusions found"), required=False, choices=_exclusion_choices,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    accessories_present = forms.MultipleChoiceField(
        label=_("Accessories present"), required=False, choices=Accessory.choices,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    parts = forms.CharField(
        label=_("Parts: “code quantity” per row"), required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "font-monospace"}),
    )  # fmt: skip
    charge = forms.DecimalField(label=_("Charge (yuan)"), required=False, min_value=Decimal(0),
                                max_value=Decimal(99999), decimal_places=2)  # fmt: skip
    replacement_serial = forms.CharField(
        label=_("Replacement serial (empty: first in stock)"), required=False, max_length=40
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_parts(self) -> list[PartLine]:
        found = []
        for line in _lines(self.cleaned_data["parts"]):
            cells = line.replace("x", " ").replace("×", " ").split()  # noqa: RUF001
            if len(cells) > 2 or (len(cells) == 2 and not cells[1].isdigit()):
                raise forms.ValidationError(
                    _("Write each as a part code and a quantity: RMS-P-USBC 1.")
                )
            found.append(PartLine(cells[0], int(cells[1]) if len(cells) == 2 else 1))
        return found

    def inspection(self) -> Inspection:
        data = self.cleaned_data
        return Inspection(
            tested=data["tested"], result=data["result"], outcome=data["outcome"],
            fault_code=data["fault_code"], exclusions=data["exclusions"],
            accessories_present=data["accessories_present"], parts=data["parts"],
            charge=data["charge"] or Decimal(0), replacement_serial=data["replacement_serial"],
            note=data["note"],
        )  # fmt: skip
