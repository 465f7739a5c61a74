"""People's words for the engine's codes, in English and Chinese."""

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sanbao.policy.codes import FAULTS

COVERAGE = {
    "in_warranty": _("In warranty"),
    "out_of_warranty": _("Out of warranty"),
    "excluded": _("Excluded"),
    "recall": _("Recall"),
    "not_applicable": _("Not applicable"),
}
REMEDIES = {
    "refund": _("Refund"),
    "replace": _("Replace"),
    "repair": _("Free repair"),
    "paid_repair": _("Paid repair"),
    "reject": _("Reject"),
}
CATEGORIES = {
    "power_bank": _("Power bank"),
    "adapter": _("Charger / adapter"),
    "cable": _("Data cable"),
    "headphones": _("Headphones"),
}
EXCLUSIONS = {
    "unauthorised_channel": _("Not sold through an authorised channel"),
    "missing_evidence": _("No valid proof of purchase or warranty card"),
    "card_mismatch": _("Warranty card does not match the unit"),
    "consumable_wear": _("Natural wear of consumable parts"),
    "electrical_surge": _("Lightning or electrical supply fault"),
    "physical_damage": _("Handling, crushing, drop, moisture, liquid or foreign matter"),
    "force_majeure": _("Force majeure: accident, disaster, war"),
    "third_party_modification": _("Modified, repaired or opened by a third party"),
    "warranty_expired": _("Warranty period has passed"),
    "misuse": _("Not used or kept as the instructions require"),
}
CHARGE_KINDS = {
    "freight_in": _("Freight to the service centre"),
    "freight_out": _("Freight back to the customer"),
    "parts": _("Parts"),
    "labour": _("Labour"),
    "testing": _("Testing"),
}
CHARGE_BASES = {
    "free": _("free of charge"),
    "customer": _("paid by the customer"),
    "discounted_rate": _("at the discounted delivery rate"),
    "standard_rate": _("at the standard rate"),
    "mass_production_cost": _("at mass-production cost"),
    "standard_price": _("at the standard parts price"),
    "actual_testing": _("according to the actual testing"),
}
PAYERS = {"brand": _("brand"), "customer": _("customer"), "shipper": _("shipper")}
DEADLINES = {
    "repair_due": _("Serious fault repaired by"),
    "return_cycle_due": _("Goods returned to the dealer by"),
    "damage_report_due": _("Unpacking damage reported by"),
    "warranty_ends": _("Warranty ends"),
    "no_reason_return_ends": _("No-reason return possible until"),
    "return_window_ends": _("Return for a defect possible until"),
    "replacement_window_ends": _("Statutory replacement possible until"),
    "brand_replacement_ends": _("Brand replacement possible until"),
}
TOPICS = {
    "scope": _("Scope"),
    "warranty": _("Warranty period"),
    "replacement": _("Return and replacement windows"),
    "return": _("Returns under consumer law"),
    "evidence": _("Proof required"),
    "remedies": _("Remedies"),
    "exclusions": _("Exclusions"),
    "charges": _("Charges"),
    "service": _("Service at the outlet"),
    "returns": _("Dealer returns to the factory"),
    "damage": _("Unpacking damage"),
    "retention": _("Data retention"),
    "recall": _("Recalls"),
    "safety": _("Battery safety"),
    "deadlines": _("Counting periods"),
    "feedback": _("Feedback"),
}
FACTS_ERRORS = {
    "unknown_category": _("Choose a product category."),
    "unknown_fault": _("This fault code is not known."),
    "fault_not_for_category": _("This fault does not occur in this product category."),
    "unknown_channel": _("Choose online or offline."),
    "unknown_context": _("Choose consumer claim or dealer return."),
    "unknown_exclusion": _("This exclusion code is not known."),
    "after_claim": _("This date cannot be after the claim date."),
    "before_purchase": _("This date cannot be before the purchase date."),
    "negative": _("This number cannot be negative."),
    "out_of_range": _("Give between 1 and 120 months."),
    "unknown_remedy": _("Choose refund, replace or repair."),
}


def zh_active() -> bool:
    return (get_language() or "").startswith("zh")


def fault_label(code: str) -> str:
    fault = FAULTS.get(code)
    if fault is None:
        return code
    return fault.zh if zh_active() else fault.en


def label(table: Mapping[str, Promise | str], code: str) -> str:
    return str(table.get(code, code))
