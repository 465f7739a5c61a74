"""Worked cases: online sales, exclusions and evidence gaps, recalls and hazards."""

from sanbao.policy import RecallFact
from tests.policy.worked import (
    ANY,
    FIX,
    FREE,
    NO_REASON,
    NONE,
    OLD,
    PAID,
    REJECT,
    ROMOSS_PAID,
    SWAP,
    TOP_PAID,
    case,
    days,
    facts,
)

ONLINE = [
    # Bought online 2 March, received 4 March: CRPL-25 and 3G-7 run to 11 March.
    case(
        "romoss-online-no-reason-return-day-7-from-delivery",
        "romoss",
        facts(
            "2026-03-11", sales_channel="online", delivery_date="2026-03-04", fault="no_fault_found"
        ),
        "in_warranty",
        ("refund",),
        cites=("CRPL-25",),
        charges=NO_REASON,
        deadlines=days(no_reason_return_ends="2026-03-11"),
    ),
    case(
        "romoss-online-no-reason-return-over-day-8",
        "romoss",
        facts(
            "2026-03-12", sales_channel="online", delivery_date="2026-03-04", fault="no_fault_found"
        ),
        "in_warranty",
        REJECT,
        not_cited=("CRPL-25",),
        charges=NONE,
    ),
    case(
        "top-online-no-reason-return",
        "top",
        facts(
            "2026-03-06", sales_channel="online", delivery_date="2026-03-04", fault="no_fault_found"
        ),
        "in_warranty",
        ("refund",),
        cites=("CRPL-25",),
        charges=NO_REASON,
    ),
    case(
        "top-online-no-reason-return-needs-good-condition",
        "top",
        facts(
            "2026-03-06",
            sales_channel="online",
            delivery_date="2026-03-04",
            fault="no_fault_found",
            good_condition=False,
        ),
        "in_warranty",
        REJECT,
        not_cited=("CRPL-25",),
        charges=NONE,
    ),
    case(
        "top-offline-has-no-no-reason-return",
        "top",
        facts("2026-03-03", fault="no_fault_found"),
        "in_warranty",
        REJECT,
        not_cited=("CRPL-25",),
        charges=NONE,
    ),
    case(
        "romoss-online-no-reason-return-across-national-day",
        "romoss",
        facts(
            "2026-10-08",
            purchase="2026-09-21",
            sales_channel="online",
            delivery_date="2026-09-24",
            fault="no_fault_found",
        ),
        "in_warranty",
        ("refund",),
        charges=NO_REASON,
        deadlines=days(no_reason_return_ends="2026-10-08"),
    ),
    case(
        "top-online-defect-day-7-from-delivery-seller-pays",
        "top",
        facts("2026-03-11", sales_channel="online", delivery_date="2026-03-04"),
        "in_warranty",
        ANY,
        cites=("3G-7", "CRPL-24"),
        charges=FREE,
        deadlines=days(return_window_ends="2026-03-11"),
    ),
    case(
        "romoss-online-defect-refund-without-good-condition",
        "romoss",
        facts(
            "2026-03-11", sales_channel="online", delivery_date="2026-03-04", good_condition=False
        ),
        "in_warranty",
        ANY,
        cites=("3G-7",),
        charges=FREE,
    ),
    # 4 March + 10 = 14 March, a Saturday → 16 March; + 15 = 19 March.
    case(
        "top-online-day-8-from-delivery",
        "top",
        facts("2026-03-12", sales_channel="online", delivery_date="2026-03-04"),
        "in_warranty",
        SWAP,
        cites=("TOP-1.1", "3G-15"),
        not_cited=("3G-7",),
        deadlines=days(brand_replacement_ends="2026-03-16", replacement_window_ends="2026-03-19"),
    ),
    case(
        "romoss-offline-counts-from-purchase-not-delivery",
        "romoss",
        facts("2026-03-11", delivery_date="2026-03-04"),
        "in_warranty",
        SWAP,
        not_cited=("3G-7",),
    ),
]

_ROMOSS_GAPS = {
    "III.1-unauthorised-channel": ({"authorised_channel": False}, "ROMOSS-III.1"),
    "III.2-no-warranty-card": ({"has_warranty_card": False}, "ROMOSS-III.2"),
    "III.2-no-proof-of-purchase": ({"has_proof_of_purchase": False}, "ROMOSS-III.2"),
    "III.3-card-does-not-match": ({"card_matches_unit": False}, "ROMOSS-III.3"),
}
_ROMOSS_FOUND = {
    "III.4": "consumable_wear",
    "III.5": "electrical_surge",
    "III.6": "physical_damage",
    "III.7": "force_majeure",
    "III.8": "third_party_modification",
    "III.10": "misuse",
}
_TOP_FOUND = (
    "physical_damage",
    "misuse",
    "third_party_modification",
    "force_majeure",
    "electrical_surge",
)

EXCLUSIONS = [
    *(
        case(
            f"romoss-{name}",
            "romoss",
            facts("2026-06-01", **gap),
            "excluded",
            PAID,
            cites=(clause, "ROMOSS-II.1"),
            not_cited=("ROMOSS-II.3",),
            charges=ROMOSS_PAID,
        )
        for name, (gap, clause) in _ROMOSS_GAPS.items()
    ),
    *(
        case(
            f"romoss-{number}-{code}",
            "romoss",
            facts("2026-06-01", exclusions=frozenset({code})),
            "excluded",
            PAID,
            cites=(f"ROMOSS-{number}", "ROMOSS-II.1"),
            not_cited=("ROMOSS-II.3",),
            charges=ROMOSS_PAID,
        )
        for number, code in _ROMOSS_FOUND.items()
    ),
    *(
        case(
            f"top-1.3-{code}",
            "top",
            facts("2026-06-01", exclusions=frozenset({code})),
            "excluded",
            PAID,
            cites=("TOP-1.3", "TOP-4.2"),
            not_cited=("TOP-4.1",),
            charges=TOP_PAID,
            deadlines=days(repair_due="2026-06-10"),
        )
        for code in _TOP_FOUND
    ),
    case(
        "top-1.3-physical-damage-inside-10-days",
        "top",
        facts("2026-03-05", exclusions=frozenset({"physical_damage"})),
        "excluded",
        PAID,
        cites=("TOP-1.3",),
        not_cited=("3G-7", "TOP-1.1"),
        charges=TOP_PAID,
    ),
    # TOP-1.3 excludes human usage and force majeure, not natural wear: TOP still repairs.
    case(
        "top-consumable-wear-is-not-excluded",
        "top",
        facts("2026-06-01", exclusions=frozenset({"consumable_wear"})),
        "in_warranty",
        FIX,
        cites=("TOP-4.1",),
        charges=FREE,
    ),
    *(
        case(
            f"top-needs-no-evidence-{name}",
            "top",
            facts("2026-06-01", **gap),
            "in_warranty",
            FIX,
            cites=("TOP-4.1", "TOP-1.2"),
            charges=FREE,
        )
        for name, (gap, _clause) in _ROMOSS_GAPS.items()
    ),
    # The law asks only for proof of purchase: a missing card cannot take away 3G-7.
    case(
        "romoss-no-card-inside-7-days-keeps-the-legal-floor",
        "romoss",
        facts("2026-03-05", has_warranty_card=False),
        "in_warranty",
        ANY,
        cites=("3G-7", "ROMOSS-III.2"),
        not_cited=("ROMOSS-II.3",),
        charges=FREE,
    ),
    case(
        "romoss-no-proof-inside-7-days-excluded",
        "romoss",
        facts("2026-03-05", has_proof_of_purchase=False),
        "excluded",
        PAID,
        cites=("ROMOSS-III.2",),
        not_cited=("3G-7",),
        charges=ROMOSS_PAID,
    ),
    case(
        "romoss-unauthorised-inside-7-days-excluded",
        "romoss",
        facts("2026-03-05", authorised_channel=False),
        "excluded",
        PAID,
        cites=("ROMOSS-III.1",),
        not_cited=("3G-7",),
    ),
]

RECALLS_AND_HAZARDS = [
    case(
        "romoss-recall-after-warranty-expired",
        "romoss",
        facts("2026-06-01", purchase="2024-01-10", recall=RecallFact("RMS-2026-01", "refund")),
        "recall",
        ("refund",),
        cites=("RECALL",),
        not_cited=("ROMOSS-III.9",),
        charges=FREE,
    ),
    case(
        "romoss-recall-customer-chooses-replacement-or-refund",
        "romoss",
        facts(
            "2026-06-01",
            purchase="2024-01-10",
            recall=RecallFact("RMS-2026-05", "replace", alternative="refund"),
        ),
        "recall",
        ("refund", "replace"),
        cites=("RECALL",),
        charges=FREE,
    ),
    case(
        "top-recall-without-proof-of-purchase",
        "top",
        facts(
            "2026-06-01",
            purchase=OLD,
            has_proof_of_purchase=False,
            recall=RecallFact("TOP-2026-02", "replace"),
        ),
        "recall",
        ("replace",),
        cites=("RECALL",),
        charges=FREE,
    ),
    case(
        "romoss-recall-swollen-unit",
        "romoss",
        facts(
            "2026-06-01", purchase=OLD, fault="swelling", recall=RecallFact("RMS-2026-03", "repair")
        ),
        "recall",
        FIX,
        cites=("RECALL", "DG-BATTERY"),
        charges=FREE,
        hazards=("swelling",),
    ),
    # A recall adds a remedy; it cannot take away the consumer's 3G-7 choice.
    case(
        "romoss-recall-inside-7-days-keeps-the-legal-floor",
        "romoss",
        facts("2026-03-05", recall=RecallFact("RMS-2026-04", "repair")),
        "recall",
        ANY,
        cites=("RECALL", "3G-7"),
        charges=FREE,
    ),
    case(
        "romoss-swollen-power-bank-in-warranty",
        "romoss",
        facts("2026-06-01", fault="swelling"),
        "in_warranty",
        SWAP,
        cites=("DG-BATTERY",),
        charges=FREE,
        hazards=("swelling",),
    ),
    case(
        "top-burnt-power-bank",
        "top",
        facts("2026-06-01", fault="burnt"),
        "in_warranty",
        FIX,
        cites=("DG-BATTERY",),
        hazards=("burnt",),
        deadlines=days(repair_due="2026-06-10"),
    ),
    case(
        "romoss-venting-headphones",
        "romoss",
        facts("2026-06-01", category="headphones", fault="venting"),
        "in_warranty",
        SWAP,
        cites=("DG-BATTERY",),
        hazards=("venting",),
    ),
    case(
        "top-leaking-out-of-warranty",
        "top",
        facts("2026-06-01", purchase=OLD, fault="leaking"),
        "out_of_warranty",
        PAID,
        cites=("DG-BATTERY", "TOP-4.2"),
        hazards=("leaking",),
    ),
    case(
        "romoss-swollen-and-dropped",
        "romoss",
        facts("2026-06-01", fault="swelling", exclusions=frozenset({"physical_damage"})),
        "excluded",
        PAID,
        cites=("ROMOSS-III.6", "DG-BATTERY"),
        hazards=("swelling",),
    ),
    case(
        "top-overheating-is-no-hazard",
        "top",
        facts("2026-06-01", fault="overheating"),
        "in_warranty",
        FIX,
        not_cited=("DG-BATTERY",),
        hazards=(),
    ),
    case(
        "romoss-dead-port-is-no-hazard",
        "romoss",
        facts("2026-06-01", fault="port_damage"),
        "in_warranty",
        SWAP,
        not_cited=("DG-BATTERY",),
        hazards=(),
    ),
]
