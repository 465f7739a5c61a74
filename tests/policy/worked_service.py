"""Worked cases: the three-guarantee rules, regions, dealer returns, service deadlines."""

from datetime import datetime

from tests.policy.worked import (
    ANY,
    FIX,
    FREE,
    NONE,
    OLD,
    PAID,
    REJECT,
    SWAP,
    TESTING,
    TOP_PAID,
    case,
    days,
    facts,
)

LAW = [
    case(
        "top-two-failed-repairs-replace-or-refund",
        "top",
        facts("2026-06-01", prior_failed_repairs=2),
        "in_warranty",
        ANY,
        cites=("3G-REPAIRS", "TOP-4.1"),
        charges=FREE,
    ),
    case(
        "romoss-two-failed-repairs-replace-or-refund",
        "romoss",
        facts("2026-06-01", prior_failed_repairs=2),
        "in_warranty",
        ANY,
        cites=("3G-REPAIRS", "ROMOSS-II.3"),
        charges=FREE,
    ),
    case(
        "romoss-one-failed-repair-is-not-enough",
        "romoss",
        facts("2026-06-01", prior_failed_repairs=1),
        "in_warranty",
        SWAP,
        not_cited=("3G-REPAIRS",),
    ),
    case(
        "top-three-failed-repairs-after-warranty",
        "top",
        facts("2026-06-01", purchase=OLD, prior_failed_repairs=3),
        "out_of_warranty",
        PAID,
        not_cited=("3G-REPAIRS",),
        charges=TOP_PAID,
    ),
    # 10 Jan 2025 + 12 months = 10 Jan 2026 (Saturday) → 12 Jan; restarted: 10 Nov 2026.
    case(
        "romoss-warranty-restarts-from-replacement",
        "romoss",
        facts("2026-06-01", purchase="2025-01-10", replacement_date="2025-11-10"),
        "in_warranty",
        SWAP,
        cites=("3G-RESTART",),
        charges=FREE,
        deadlines=days(warranty_ends="2026-11-10"),
    ),
    case(
        "romoss-without-replacement-expired",
        "romoss",
        facts("2026-06-01", purchase="2025-01-10"),
        "out_of_warranty",
        PAID,
        not_cited=("3G-RESTART",),
    ),
    case(
        "top-warranty-restarts-from-replacement",
        "top",
        facts("2026-06-01", purchase=OLD, replacement_date="2025-01-06"),
        "in_warranty",
        FIX,
        cites=("3G-RESTART",),
        deadlines=days(warranty_ends="2027-01-06"),
    ),
    # 3 Mar 2025 + 12 months = 3 Mar 2026, + 20 days in repair = 23 Mar (a Monday).
    case(
        "romoss-days-in-repair-extend-the-warranty",
        "romoss",
        facts("2026-03-20", purchase="2025-03-03", days_in_repair=20),
        "in_warranty",
        SWAP,
        cites=("3G-REPAIR-TIME",),
        deadlines=days(warranty_ends="2026-03-23"),
    ),
    case(
        "romoss-no-days-in-repair-expired",
        "romoss",
        facts("2026-03-20", purchase="2025-03-03"),
        "out_of_warranty",
        PAID,
    ),
    *(
        case(
            f"romoss-region-{region}-not-applicable",
            "romoss",
            facts("2026-03-05", region=region),
            "not_applicable",
            REJECT,
            cites=("ROMOSS-I.1", "PRC-SCOPE"),
            not_cited=("3G-7",),
            charges=NONE,
        )
        for region in ("HK", "MO", "TW")
    ),
    case(
        "top-region-HK-not-applicable",
        "top",
        facts("2026-03-05", region="HK"),
        "not_applicable",
        REJECT,
        cites=("PRC-SCOPE",),
        charges=NONE,
    ),
]

SERVICE = [
    case(
        "romoss-dealer-no-fault-found-charged-testing",
        "romoss",
        facts(
            "2026-06-01",
            purchase="2026-01-05",
            fault="no_fault_found",
            context="dealer_return",
            received_on="2026-06-01",
        ),
        "in_warranty",
        REJECT,
        cites=("ROMOSS-IV.B2",),
        charges=TESTING,
        deadlines=days(return_cycle_due="2026-06-04"),
    ),
    case(
        "romoss-consumer-no-fault-found-not-charged",
        "romoss",
        facts("2026-06-01", purchase="2026-01-05", fault="no_fault_found"),
        "in_warranty",
        REJECT,
        not_cited=("ROMOSS-IV.B2",),
        charges=NONE,
    ),
    case(
        "top-dealer-no-fault-found-no-testing-rule",
        "top",
        facts(
            "2026-06-01",
            purchase="2026-01-05",
            fault="no_fault_found",
            context="dealer_return",
            received_on="2026-06-01",
        ),
        "in_warranty",
        REJECT,
        charges=NONE,
        no_deadlines=("return_cycle_due",),
    ),
    # ROMOSS-IV.5: 3 working days from receipt; make-up days count, holidays do not.
    case(
        "romoss-return-cycle-across-national-day-2026",
        "romoss",
        facts(
            "2026-09-30", purchase="2026-05-06", context="dealer_return", received_on="2026-09-30"
        ),
        "in_warranty",
        SWAP,
        charges=FREE,
        deadlines=days(return_cycle_due="2026-10-10"),
        estimated={"return_cycle_due": False},
    ),
    case(
        "romoss-return-cycle-across-national-day-2025",
        "romoss",
        facts(
            "2025-09-30", purchase="2025-06-03", context="dealer_return", received_on="2025-09-30"
        ),
        "in_warranty",
        SWAP,
        deadlines=days(return_cycle_due="2025-10-11"),
    ),
    case(
        "romoss-return-cycle-into-national-day-2025-make-up-sunday",
        "romoss",
        facts(
            "2025-09-26", purchase="2025-06-03", context="dealer_return", received_on="2025-09-26"
        ),
        "in_warranty",
        SWAP,
        deadlines=days(return_cycle_due="2025-09-30"),
    ),
    case(
        "romoss-return-cycle-across-spring-festival-2026",
        "romoss",
        facts(
            "2026-02-13", purchase="2025-12-01", context="dealer_return", received_on="2026-02-13"
        ),
        "in_warranty",
        SWAP,
        deadlines=days(return_cycle_due="2026-02-25"),
    ),
    case(
        "romoss-return-cycle-across-spring-festival-2025",
        "romoss",
        facts(
            "2025-01-24", purchase="2024-11-04", context="dealer_return", received_on="2025-01-24"
        ),
        "in_warranty",
        SWAP,
        deadlines=days(return_cycle_due="2025-02-05"),
    ),
    case(
        "romoss-return-cycle-in-unannounced-2031",
        "romoss",
        facts(
            "2031-03-03", purchase="2030-09-02", context="dealer_return", received_on="2031-03-03"
        ),
        "in_warranty",
        SWAP,
        deadlines=days(return_cycle_due="2031-03-06"),
        estimated={"return_cycle_due": True},
    ),
    case(
        "romoss-damage-report-24-hours-across-a-holiday",
        "romoss",
        facts(
            "2026-09-30",
            purchase="2026-05-06",
            context="dealer_return",
            signed_for_at=datetime(2026, 9, 30, 18, 30),
        ),
        "in_warranty",
        SWAP,
        deadlines={"damage_report_due": datetime(2026, 10, 1, 18, 30)},
        estimated={"damage_report_due": False},
    ),
    case(
        "top-has-no-damage-report-rule",
        "top",
        facts(
            "2026-09-30",
            purchase="2026-05-06",
            context="dealer_return",
            signed_for_at=datetime(2026, 9, 30, 18, 30),
        ),
        "in_warranty",
        FIX,
        no_deadlines=("damage_report_due",),
    ),
    # TOP-3.2: serious faults fixed within 7 working days of the claim.
    case(
        "top-serious-repair-across-spring-festival-2026",
        "top",
        facts("2026-02-12", purchase="2025-06-03"),
        "in_warranty",
        FIX,
        charges=FREE,
        deadlines=days(repair_due="2026-02-28"),
        estimated={"repair_due": False},
    ),
    case(
        "top-serious-repair-across-national-day-2025",
        "top",
        facts("2025-09-26", purchase="2025-03-03"),
        "in_warranty",
        FIX,
        deadlines=days(repair_due="2025-10-13"),
    ),
    case(
        "top-cosmetic-fault-has-no-repair-due",
        "top",
        facts("2026-06-01", fault="cosmetic"),
        "in_warranty",
        FIX,
        no_deadlines=("repair_due",),
    ),
    case(
        "top-serious-repair-in-unannounced-2031",
        "top",
        facts("2031-03-03", purchase="2030-01-07"),
        "in_warranty",
        FIX,
        deadlines=days(repair_due="2031-03-12", warranty_ends="2032-01-07"),
        estimated={"repair_due": True, "warranty_ends": True},
    ),
]
