"""The closed vocabularies the engine speaks: categories, faults, exclusions, remedies."""

from dataclasses import dataclass
from typing import Final, Literal

Category = Literal["power_bank", "adapter", "cable", "headphones"]
CATEGORIES: Final = ("power_bank", "adapter", "cable", "headphones")

Remedy = Literal["refund", "replace", "repair", "paid_repair", "reject"]
# Most generous first: the order in which allowed remedies are listed.
REMEDY_ORDER: Final = ("refund", "replace", "repair", "paid_repair", "reject")

Coverage = Literal["in_warranty", "out_of_warranty", "excluded", "recall", "not_applicable"]

EXCLUSIONS: Final = frozenset(
    {
        "unauthorised_channel",
        "missing_evidence",
        "card_mismatch",
        "consumable_wear",
        "electrical_surge",
        "physical_damage",
        "force_majeure",
        "third_party_modification",
        "warranty_expired",
        "misuse",
    }
)
# Found by the front desk from papers and records, not by inspecting the product.
EVIDENCE_EXCLUSIONS: Final = frozenset(
    {"unauthorised_channel", "missing_evidence", "card_mismatch", "warranty_expired"}
)
INSPECTION_EXCLUSIONS: Final = EXCLUSIONS - EVIDENCE_EXCLUSIONS


@dataclass(frozen=True, slots=True)
class Fault:
    code: str
    en: str
    zh: str
    serious: bool
    hazard: bool
    battery_only: bool = False


_BATTERY: Final = frozenset({"power_bank", "headphones"})

# Power-bank faults after GB/T 35590 (portable power supplies for mobile phones and similar).
FAULTS: Final = {
    fault.code: fault
    for fault in (
        Fault("no_charge", "Does not charge", "无法充电", serious=True, hazard=False),
        Fault("no_output", "No output", "无输出", serious=True, hazard=False),
        Fault(
            "low_capacity",
            "Capacity well below rated",
            "容量明显低于额定值",
            serious=True,
            hazard=False,
            battery_only=True,
        ),
        Fault("port_damage", "Damaged port or connector", "接口损坏", serious=False, hazard=False),
        Fault("indicator_fault", "Indicator fault", "指示灯故障", serious=False, hazard=False),
        Fault("overheating", "Overheating", "过热", serious=True, hazard=False),
        Fault("swelling", "Swollen battery", "电池鼓包", True, True, battery_only=True),
        Fault("burnt", "Burnt or smoking", "烧毁或冒烟", serious=True, hazard=True),
        Fault("venting", "Venting gas", "电池排气", serious=True, hazard=True, battery_only=True),
        Fault("leaking", "Leaking electrolyte", "电解液泄漏", True, True, battery_only=True),
        Fault(
            "protection_failure",
            "Protection circuit failure",
            "保护功能失效",
            serious=True,
            hazard=False,
        ),
        Fault("intermittent", "Works intermittently", "时好时坏", serious=True, hazard=False),
        Fault("cosmetic", "Cosmetic defect", "外观缺陷", serious=False, hazard=False),
        Fault("no_fault_found", "No fault found", "检测无故障", serious=False, hazard=False),
    )
}
NO_FAULT: Final = "no_fault_found"


def is_battery_hazard(code: str, category: str) -> bool:
    """A hazard fault in a product with a lithium battery: dangerous goods (DG-BATTERY)."""
    fault = FAULTS.get(code)
    return fault is not None and fault.hazard and category in _BATTERY


def fault_applies(code: str, category: str) -> bool:
    fault = FAULTS.get(code)
    return fault is not None and (not fault.battery_only or category in _BATTERY)
