"""Turns submitted facts (API or form) into engine Facts, with translated field errors."""

from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sanbao.config.errors import DomainError
from sanbao.policy import Facts, RecallFact
from sanbao.policy.checks import FactsError, facts_check
from sanbao.warranty.labels import FACTS_ERRORS, label

_FIELDS = (
    "category", "claim_date", "fault_code", "purchase_date", "delivery_date", "sales_channel",
    "region", "model", "model_warranty_months", "has_warranty_card", "has_proof_of_purchase",
    "card_matches_unit", "authorised_channel", "good_condition", "prior_failed_repairs",
    "replacement_date", "days_in_repair", "context", "received_on",
)  # fmt: skip


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None or timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment)  # a wall-clock time given in the local zone


def facts_build(values: dict[str, Any]) -> Facts:
    """Facts from cleaned values (keys as Facts); DomainError 422 naming a bad field."""
    fields = {name: values[name] for name in _FIELDS if values.get(name) is not None}
    fields["exclusions"] = frozenset(values.get("exclusions") or ())
    fields["signed_for_at"] = _aware(values.get("signed_for_at"))
    if values.get("region"):
        fields["region"] = str(values["region"]).upper()
    recall = values.get("recall")
    if recall:
        fields["recall"] = RecallFact(
            campaign=recall["campaign"],
            remedy=recall["remedy"],
            alternative=recall.get("alternative"),
        )
    if not fields.get("category"):
        raise _invalid("category", _("Give the product category, or a registered serial."))
    if not isinstance(fields.get("claim_date"), date):
        raise _invalid("claim_date", _("Give the claim date."))
    facts = Facts(**fields)
    try:
        facts_check(facts)
    except FactsError as error:
        raise _invalid(error.field, label(FACTS_ERRORS, error.code)) from None
    return facts


def _invalid(field: str, message: str) -> DomainError:
    return DomainError(
        "invalid_facts",
        _("Some facts are not valid."),
        status=422,
        fields={field: message},
    )
