"""Forms of the feedback app: the public answer form, a survey's wording, closing a follow-up."""

from typing import Any

from django import forms
from django.forms import ModelForm
from django.utils.translation import gettext_lazy as _

from sanbao.feedback.answers import COMMENT_MAX_LENGTH, CSAT_SCORES, NPS_SCORES
from sanbao.feedback.follow_ups import OUTCOME_MAX_LENGTH
from sanbao.feedback.models import Survey


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class SurveyAnswerForm(forms.Form):
    """The answers as the page posts them; the page lays the choices out as big buttons."""

    csat = forms.TypedChoiceField(
        choices=[(score, str(score)) for score in CSAT_SCORES], coerce=int,
        error_messages={"required": _("Choose a satisfaction score from 1 to 5.")},
    )  # fmt: skip
    nps = forms.TypedChoiceField(
        choices=[(score, str(score)) for score in NPS_SCORES], coerce=int,
        error_messages={"required": _("Choose a recommendation score from 0 to 10.")},
    )  # fmt: skip
    fixed_first_visit = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))], coerce=_yes_no, required=False,
        empty_value=None,
    )  # fmt: skip
    comment = forms.CharField(required=False, max_length=COMMENT_MAX_LENGTH)


SURVEY_FIELDS = [
    "is_active", "intro_en", "intro_zh", "csat_en", "csat_zh", "nps_en", "nps_zh",
    "first_visit_en", "first_visit_zh", "comment_en", "comment_zh", "link_valid_days",
    "low_csat", "low_nps",
]  # fmt: skip


class SurveyForm(ModelForm[Survey]):
    """A survey's wording and thresholds; its brand and audience stay as they are."""

    class Meta:
        model = Survey
        fields = SURVEY_FIELDS


class SurveyCreateForm(ModelForm[Survey]):
    """A new survey also says whose it is and who gets it (one per brand and audience)."""

    class Meta:
        model = Survey
        fields = ["brand", "audience", *SURVEY_FIELDS]


def survey_form(data: Any = None, instance: Survey | None = None) -> ModelForm[Survey]:
    """The generic edit page's form: brand and audience are chosen once, at creation."""
    if instance is None or instance.pk is None:
        return SurveyCreateForm(data)
    return SurveyForm(data, instance=instance)


class FollowUpCloseForm(forms.Form):
    outcome = forms.CharField(
        label=_("What was done"), max_length=OUTCOME_MAX_LENGTH, widget=forms.Textarea,
        help_text=_("Whom you called, what you found and what you agreed."),
    )  # fmt: skip
