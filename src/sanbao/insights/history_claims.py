"""Generated unpacking-damage declarations: mostly reported inside the window and decided,
some refused as late, the newest still under review.

Only brands whose policy has damage rules get them, as in the real flow.
"""

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings

from sanbao.claims.models import (
    ClaimEvent,
    ClaimLine,
    ClaimStatus,
    DamageClaim,
    Desk,
    Remedy,
    ShipmentKind,
)
from sanbao.insights import history_words as words
from sanbao.insights.history_setting import (
    DAY,
    BrandSetting,
    DealerSetting,
    Setting,
    as_datetime,
    day_start,
    local_day,
)
from sanbao.insights.history_tables import Chunk, IdPool, Table

H = 3600.0
LATE = 0.12
CLAIMS = Table(DamageClaim, (
    "id", "number", "brand_id", "dealer_id", "status", "shipment_kind", "delivery_note_number",
    "order_reference", "signed_for_at", "report_due_at", "description", "seams_total",
    "seams_intact", "box_damaged", "opened_before_courier", "courier_name",
    "courier_work_number", "courier_phone", "courier_labels_intact", "courier_box_intact",
    "actual_weight_kg", "shipped_weight_kg", "desk", "late", "remedy", "decision_reason",
    "decided_by_id", "decided_at", "submitted_at", "created_by_id", "created_at",
))  # fmt: skip
LINES = Table(ClaimLine, ("claim_id", "model_id", "quantity"))
EVENTS = Table(ClaimEvent, ("claim_id", "action", "from_status", "to_status", "note", "by_id",
                            "at"))  # fmt: skip
DESK_WORDS = {Desk.COMMERCIAL: "Commercial commissioner (marketing)",
              Desk.AFTER_SALES: "Customer-service commissioner (after-sales)"}  # fmt: skip


@dataclass(frozen=True)
class ClaimPlan:
    brand: BrandSetting
    dealer: DealerSetting
    signed: float  # the goods were signed for
    created: float  # the declaration was started (and, when late, submitted)
    late: bool

    @property
    def key(self) -> tuple[int, date]:
        return self.brand.id, local_day(self.created)


def claim_plans(
    *, setting: Setting, count: int, weights: list[float], rng: random.Random
) -> list[ClaimPlan]:
    """The declarations to make, oldest first: who, when signed for, when declared."""
    brands = [b for b in setting.brands if b.damage is not None and b.dealers]
    plans = []
    for _ in range(count if brands else 0):
        brand = rng.choice(brands)
        assert brand.damage is not None
        day = rng.choices(setting.days, weights)[0]
        dealers = [d for d in brand.dealers if d.starts <= day <= d.ends] or brand.dealers
        signed = min(day_start(day) + rng.uniform(9, 18) * H, setting.moment - 2 * H)
        late = rng.random() < LATE
        created = signed + (rng.uniform(25, 96) if late else rng.uniform(1, 20)) * H
        created = min(created, setting.moment - 60)
        late = created > signed + brand.damage.report_hours * H
        plans.append(ClaimPlan(brand, rng.choice(dealers), signed, created, late))
    plans.sort(key=lambda plan: plan.created)
    return plans


def claim_rows(
    *, setting: Setting, plans: list[ClaimPlan], numbers: dict[tuple[int, date], int],
    rng: random.Random,
) -> Chunk:  # fmt: skip
    ids = IdPool(DamageClaim, block=max(1, len(plans)))
    claims: list[tuple[Any, ...]] = []
    lines: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    taken: dict[tuple[int, date], int] = {}
    for plan in plans:
        brand, dealer, signed, created, late = (plan.brand, plan.dealer, plan.signed,
                                                plan.created, plan.late)  # fmt: skip
        assert brand.damage is not None
        due = signed + brand.damage.report_hours * H
        day = local_day(created)
        sequence = numbers[plan.key] + taken.get(plan.key, 0)
        taken[plan.key] = taken.get(plan.key, 0) + 1
        number = f"{brand.prefix}D{day:%y%m%d}{sequence:03d}"
        kind = ShipmentKind.SALES if rng.random() < 0.8 else ShipmentKind.REPAIR_RETURN
        desk = Desk(settings.DAMAGE_CLAIM_ROUTES.get(kind, Desk.COMMERCIAL))
        decider = setting.staff["commercial_commissioner" if desk == Desk.COMMERCIAL
                                else "service_commissioner"]  # fmt: skip
        claim_id = ids.take()
        timeline: list[tuple[str, str, str, str, int | None, float]] = [
            ("create", "", ClaimStatus.DRAFT, "", dealer.user, created)
        ]
        submitted = created + rng.uniform(0.05, 0.5) * H if not late else created
        status, remedy, reason, decided_at = ClaimStatus.DRAFT, "", "", None
        draft = not late and submitted > setting.moment
        if late:
            status = ClaimStatus.REJECTED
            note = f"Reported after the deadline ({brand.damage.report_hours} hours after signing)."
            timeline.append(("late", ClaimStatus.DRAFT, status, note, dealer.user, submitted))
        elif not draft:
            timeline += [
                ("submit", ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, "", dealer.user, submitted),
                ("route", ClaimStatus.SUBMITTED, ClaimStatus.UNDER_REVIEW, DESK_WORDS[desk], None,
                 submitted),
            ]  # fmt: skip
            status = ClaimStatus.UNDER_REVIEW
            decided = submitted + rng.uniform(0.3, 6) * DAY
            if decided <= setting.moment:
                accepted = rng.random() < 0.68
                status = ClaimStatus.ACCEPTED if accepted else ClaimStatus.REJECTED
                remedy = rng.choice(Remedy.values) if accepted else ""
                reason = "" if accepted else rng.choice(words.DAMAGE_REASONS)
                decided_at = decided
                action = "accept" if accepted else "reject"
                timeline.append((action, ClaimStatus.UNDER_REVIEW, status,
                                 remedy or reason, decider, decided))  # fmt: skip
        weight = Decimal(rng.randint(300, 2500)) / 100
        claims.append((
            claim_id, number, brand.id, dealer.dealer.pk, status, kind,
            f"SF{rng.randrange(10**12):012d}", f"SO-{day:%y%m}-{rng.randint(1, 9999):04d}",
            as_datetime(signed), as_datetime(due), rng.choice(words.DAMAGE_WORDS), 4,
            rng.randint(1, 4), rng.random() < 0.7, rng.random() < 0.6, "张师傅",
            f"SF{rng.randint(1000, 9999)}", dealer.dealer.phone, rng.random() < 0.5,
            rng.random() < 0.4, weight, (weight + Decimal(rng.randint(0, 150)) / 100),
            desk if status not in (ClaimStatus.DRAFT,) and not late else "", late, remedy,
            reason, decider if decided_at else None, as_datetime(decided_at),
            None if draft else as_datetime(submitted), dealer.user, as_datetime(created),
        ))  # fmt: skip
        models = rng.sample(brand.models, min(len(brand.models), rng.randint(1, 2)))
        lines += [(claim_id, model.id, rng.randint(1, 6)) for model in models]
        events += [(claim_id, a, f, t, n, by, as_datetime(at)) for a, f, t, n, by, at in timeline]
    return [(CLAIMS, claims), (LINES, lines), (EVENTS, events)]
