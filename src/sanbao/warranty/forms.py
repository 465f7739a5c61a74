"""The policy simulator's form: the facts of a claim as a person enters them."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanbao.policy.codes import FAULTS
from sanbao.warranty import labels, selectors


def _fault_choices() -> list[tuple[str, str]]:
    return [(code, labels.fault_label(code)) for code in FAULTS]


def _policy_choices() -> list[tuple[str, str]]:
    zh = labels.zh_active()
    return [(p.id, p.name_zh if zh else p.name_en) for p in selectors.brand_policies()]


class DateInput(forms.DateInput):
    input_type = "date"


class SimulatorForm(forms.Form):
    policy = forms.ChoiceField(label=_("Brand policy"), choices=_policy_choices)
    category = forms.ChoiceField(
        label=_("Product category"), choices=[(k, v) for k, v in labels.CATEGORIES.items()]
    )
    fault_code = forms.ChoiceField(label=_("Main malfunction"), choices=_fault_choices)
    sales_channel = forms.ChoiceField(
        label=_("Sales channel"), choices=[("offline", _("In a shop")), ("online", _("Online"))]
    )
    purchase_date = forms.DateField(label=_("Purchase date"), required=False, widget=DateInput)
    delivery_date = forms.DateField(
        label=_("Received on (online)"), required=False, widget=DateInput
    )
    claim_date = forms.DateField(label=_("Claim date"), widget=DateInput)
    region = forms.ChoiceField(
        label=_("Region of sale"),
        choices=[
            ("CN", _("Mainland China")),
            ("HK", _("Hong Kong")),
            ("MO", _("Macau")),
            ("TW", _("Taiwan")),
        ],
    )
    has_proof_of_purchase = forms.BooleanField(label=_("Proof of purchase"), required=False)
    has_warranty_card = forms.BooleanField(label=_("Warranty card"), required=False)
    card_matches_unit = forms.BooleanField(label=_("Card matches the unit"), required=False)
    authorised_channel = forms.BooleanField(label=_("Sold by an authorised dealer"), required=False)
    good_condition = forms.BooleanField(label=_("Returned in good condition"), required=False)
    exclusions = forms.MultipleChoiceField(
        label=_("Found on inspection"),
        required=False,
        choices=[(k, v) for k, v in labels.EXCLUSIONS.items() if k not in (
            "unauthorised_channel", "missing_evidence", "card_mismatch", "warranty_expired")],
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    prior_failed_repairs = forms.IntegerField(
        label=_("Failed repairs so far"), min_value=0, max_value=20, initial=0
    )
    days_in_repair = forms.IntegerField(
        label=_("Days already spent in repair"), min_value=0, max_value=3650, initial=0
    )
    replacement_date = forms.DateField(
        label=_("Replaced on (warranty restarts)"), required=False, widget=DateInput
    )
    model_warranty_months = forms.IntegerField(
        label=_("Model's own warranty (months)"), required=False, min_value=1, max_value=120
    )
    recall_remedy = forms.ChoiceField(
        label=_("Unit in an active recall"),
        required=False,
        choices=[("", _("No")), ("refund", _("Yes: refund")), ("replace", _("Yes: replace")),
                 ("repair", _("Yes: repair"))],
    )  # fmt: skip

    @classmethod
    def initial_values(cls) -> dict[str, Any]:
        today = timezone.localdate()
        return {
            "policy": "top",
            "category": "power_bank",
            "fault_code": "no_output",
            "sales_channel": "offline",
            "purchase_date": today.replace(day=1),
            "claim_date": today,
            "region": "CN",
            "has_proof_of_purchase": True,
            "has_warranty_card": True,
            "card_matches_unit": True,
            "authorised_channel": True,
            "good_condition": True,
            "prior_failed_repairs": 0,
            "days_in_repair": 0,
        }

    def facts(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        remedy = values.pop("recall_remedy", "")
        values["recall"] = {"campaign": "simulated", "remedy": remedy} if remedy else None
        values.pop("policy", None)
        return values
