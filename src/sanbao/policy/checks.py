"""Facts the engine refuses: each error names the field and a stable code to translate."""

from datetime import date

from sanbao.policy.codes import CATEGORIES, EXCLUSIONS, FAULTS, REMEDY_ORDER, fault_applies
from sanbao.policy.facts import Facts


class FactsError(ValueError):
    """One bad fact: `field` is the Facts attribute, `code` a stable key for the message."""

    def __init__(self, field: str, code: str, detail: str = "") -> None:
        super().__init__(f"{field}: {code}{' (' + detail + ')' if detail else ''}")
        self.field = field
        self.code = code
        self.detail = detail


def _not_after(field: str, day: date | None, limit: date, code: str) -> None:
    if day is not None and day > limit:
        raise FactsError(field, code)


def facts_check(facts: Facts) -> None:
    if facts.category not in CATEGORIES:
        raise FactsError("category", "unknown_category", str(facts.category))
    if facts.fault_code not in FAULTS:
        raise FactsError("fault_code", "unknown_fault", facts.fault_code)
    if not fault_applies(facts.fault_code, facts.category):
        raise FactsError("fault_code", "fault_not_for_category", facts.fault_code)
    if facts.sales_channel not in ("online", "offline"):
        raise FactsError("sales_channel", "unknown_channel", str(facts.sales_channel))
    if facts.context not in ("consumer", "dealer_return"):
        raise FactsError("context", "unknown_context", str(facts.context))
    unknown = sorted(facts.exclusions - EXCLUSIONS)
    if unknown:
        raise FactsError("exclusions", "unknown_exclusion", ", ".join(unknown))
    _not_after("purchase_date", facts.purchase_date, facts.claim_date, "after_claim")
    _not_after("delivery_date", facts.delivery_date, facts.claim_date, "after_claim")
    _not_after("replacement_date", facts.replacement_date, facts.claim_date, "after_claim")
    _not_after("received_on", facts.received_on, facts.claim_date, "after_claim")
    if facts.purchase_date is not None:
        for field in ("delivery_date", "replacement_date"):
            day = getattr(facts, field)
            if day is not None and day < facts.purchase_date:
                raise FactsError(field, "before_purchase")
    if facts.prior_failed_repairs < 0:
        raise FactsError("prior_failed_repairs", "negative")
    if facts.days_in_repair < 0:
        raise FactsError("days_in_repair", "negative")
    months = facts.model_warranty_months
    if months is not None and not 1 <= months <= 120:
        raise FactsError("model_warranty_months", "out_of_range")
    if facts.recall is not None:
        for remedy in (facts.recall.remedy, facts.recall.alternative):
            if remedy is not None and remedy not in REMEDY_ORDER[:3]:
                raise FactsError("recall", "unknown_remedy", str(remedy))
