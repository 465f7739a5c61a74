"""The front desk's intake form: customer, unit, purchase, malfunction, what came with it."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import ServiceOutlet, User
from sanbao.accounts.selectors import user_brands
from sanbao.catalog.models import Accessory, ProductModel
from sanbao.policy.codes import FAULTS
from sanbao.service.intake import IntakeDetails
from sanbao.service.models import Intake
from sanbao.warranty import labels
from sanbao.web.widgets import DateInput


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class IntakeForm(forms.Form):
    outlet = forms.ModelChoiceField(queryset=ServiceOutlet.objects.none(), label=_("Outlet"))
    intake = forms.ChoiceField(choices=Intake.choices, label=_("Received"), initial=Intake.WALK_IN)
    customer_name = forms.CharField(label=_("Customer's name"), max_length=100)
    customer_phone = forms.CharField(label=_("Mobile phone"), max_length=20)
    customer_language = forms.ChoiceField(
        label=_("Customer's language"), choices=[("zh-hans", "简体中文"), ("en", "English")]
    )
    customer_email = forms.EmailField(label=_("Email"), required=False)
    province = forms.CharField(label=_("Province"), max_length=40, required=False)
    city = forms.CharField(label=_("City"), max_length=40, required=False)
    district = forms.CharField(label=_("District"), max_length=40, required=False)
    address_detail = forms.CharField(label=_("Street address"), max_length=200, required=False)
    notifications_agreed = forms.BooleanField(
        label=_("The customer agrees to be told about the repair by SMS or email"), required=False
    )
    serial = forms.CharField(label=_("Serial number"), max_length=64, required=False)
    model_sku = forms.ChoiceField(
        label=_("Product model (if the serial is unknown)"), required=False
    )
    purchase_date = forms.DateField(label=_("Purchase date"), required=False, widget=DateInput)
    sales_channel = forms.ChoiceField(
        label=_("Bought"), choices=[("offline", _("Shop")), ("online", _("Online"))]
    )
    warranty_card_number = forms.CharField(
        label=_("Warranty card number"), max_length=40, required=False
    )
    proof_of_purchase = forms.FileField(
        label=_("Sale slip or invoice (photo or PDF)"), required=False
    )
    fault_code = forms.ChoiceField(label=_("Main malfunction"))
    fault_description = forms.CharField(
        label=_("Malfunction as the customer tells it"), max_length=2000, required=False,
        widget=forms.Textarea,
    )  # fmt: skip
    accessories_received = forms.MultipleChoiceField(
        label=_("Accessories received"), choices=Accessory.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    condition_notes = forms.CharField(
        label=_("Condition on receipt"), max_length=2000, required=False, widget=forms.Textarea
    )
    photos = MultipleFileField(label=_("Photos of the condition (up to 6)"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        brands = user_brands(user=user)
        outlets = ServiceOutlet.objects.filter(brands__in=brands, is_active=True).distinct()
        self.fields["outlet"].queryset = outlets  # type: ignore[attr-defined]
        self.fields["outlet"].initial = user.outlet_id
        models = ProductModel.objects.filter(brand__in=brands, is_active=True).order_by("sku")
        self.fields["model_sku"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (model.sku, f"{model.sku} · {model.name}") for model in models
        ]
        self.fields["fault_code"].choices = [  # type: ignore[attr-defined]
            (code, labels.fault_label(code)) for code in FAULTS
        ]

    def details(self) -> IntakeDetails:
        data = self.cleaned_data
        return IntakeDetails(
            customer_name=data["customer_name"],
            customer_phone=data["customer_phone"],
            customer_language=data["customer_language"],
            customer_email=data["customer_email"],
            customer_address={
                name: data[name] for name in ("province", "city", "district", "address_detail")
            },
            notifications_agreed=data["notifications_agreed"],
            fault_code=data["fault_code"],
            intake=data["intake"],
            serial=data["serial"],
            model_sku=data["model_sku"],
            purchase_date=data["purchase_date"],
            sales_channel=data["sales_channel"],
            warranty_card_number=data["warranty_card_number"],
            fault_description=data["fault_description"],
            accessories_received=data["accessories_received"],
            condition_notes=data["condition_notes"],
        )
