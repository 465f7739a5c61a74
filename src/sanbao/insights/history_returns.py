"""Generated dealer return batches: packing lists, receipts with their discrepancies,
inspected units, delivery lists, backorders, and the return cycle kept (or not).

Only brands whose policy takes dealer returns get batches, as in the real flow. Like the
orders, each batch is planned whole — its events and its units' inspections with their
times — and cut at the present.
"""

import json
import math
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.utils import translation

from sanbao.catalog.models import DealerShipment
from sanbao.insights import history_words as words
from sanbao.insights.history_feedback import Experience, Feedback, FeedbackRows
from sanbao.insights.history_return_units import (
    UNITS,
    ReturnedUnit,
    UnitPlanner,
    discrepancies_found,
    unit_row,
)
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
from sanbao.policy.calendar import add_months
from sanbao.returns.models import (
    BatchEvent,
    BatchStatus,
    DeliveryShipment,
    Outcome,
    ReturnBatch,
)
from sanbao.returns.receiving import discrepancy_words
from sanbao.returns.submission import ROWS_PER_PAGE

H = 3600.0
B = BatchStatus
BATCHES = Table(ReturnBatch, (
    "id", "number", "brand_id", "dealer_id", "status", "contact_person", "contact_phone",
    "boxes", "courier", "tracking_number", "home_delivery", "payment", "shipper_bears_costs",
    "note", "repair_list_pages", "created_by_id", "created_at", "submitted_at",
    "dispatched_at", "received_at", "boxes_received", "due_on", "discrepancies",
    "first_shipped_at", "shipped_on_time", "closed_at", "repair_data_until",
    "delivery_data_until",
))  # fmt: skip
BATCH_EVENTS = Table(BatchEvent, ("batch_id", "action", "from_status", "to_status", "note",
                                  "by_id", "at"))  # fmt: skip
DELIVERIES = Table(DeliveryShipment, ("id", "number", "batch_id", "brand_id", "dealer_id",
                                      "courier", "tracking_number", "shipped_at", "on_time",
                                      "by_id", "note"))  # fmt: skip
ON_TIME = 0.85
DISCREPANT = 0.10


@dataclass
class BatchPlan:
    brand: BrandSetting
    dealer: DealerSetting
    created: float
    size: int
    number: str = ""


def batch_plans(
    *, setting: Setting, units: int, weights: list[float], rng: random.Random
) -> list[BatchPlan]:
    """Batches of realistic sizes adding up to `units`, on days weighted like the orders,
    from dealers authorised at the time."""
    brands = [b for b in setting.brands if b.returns is not None and b.dealers]
    plans: list[BatchPlan] = []
    days, left = setting.days, units if brands else 0
    while left > 0:
        size = min(left, max(2, min(150, round(rng.lognormvariate(math.log(18), 0.7)))))
        brand = rng.choices(brands, [b.weight for b in brands])[0]
        day = rng.choices(days, weights)[0]
        dealers = [d for d in brand.dealers if d.starts <= day <= d.ends] or brand.dealers
        dealer = rng.choices(dealers, [d.weight for d in dealers])[0]
        created = min(day_start(day) + rng.uniform(9, 18) * H, setting.moment - 600)
        plans.append(BatchPlan(brand, dealer, created, size))
        left -= size
    plans.sort(key=lambda plan: plan.created)
    return plans


class ReturnHistory:
    def __init__(
        self, *, setting: Setting, plans: list[BatchPlan], feedback: Feedback,
        rng: random.Random, hazard_every: int,
    ) -> None:  # fmt: skip
        self.setting, self.plans, self.feedback, self.rng = setting, plans, feedback, rng
        self.hazard_every = hazard_every
        self.batch_ids = IdPool(ReturnBatch, block=2_000)
        self.delivery_ids = IdPool(DeliveryShipment, block=2_000)
        self.units = UnitPlanner(setting=setting, rng=rng, hazard_every=hazard_every)

    def chunks(self, *, size: int) -> Iterator[Chunk]:
        rows = _Rows()
        for plan in self.plans:
            self._batch(rows, plan)
            if len(rows.units) >= size:
                yield rows.chunk()
                rows = _Rows()
        if rows.batches:
            yield rows.chunk()

    def _batch(self, rows: "_Rows", plan: BatchPlan) -> None:
        rng, setting, brand, dealer = self.rng, self.setting, plan.brand, plan.dealer
        assert brand.returns is not None
        moment, warehouse = setting.moment, setting.staff["warehouse"]
        extra = int(plan.size > 2 and rng.random() < DISCREPANT / 2)
        declared = plan.size - extra
        missing: set[int] = set()
        if not extra and declared > 2 and rng.random() < DISCREPANT / 2:
            missing = set(rng.sample(range(1, declared + 1), rng.randint(1, 2)))
        boxes = max(1, math.ceil(declared / 25))
        short = boxes > 1 and rng.random() < 0.15
        day = local_day(plan.created)
        units = [self.units.plan(brand, day, line, line > declared, line in missing)
                 for line in range(1, plan.size + 1)]  # fmt: skip
        events: list[_Event] = [_Event(plan.created, "create", B.DRAFT, "", dealer.user)]
        received, due, fill = None, None, None
        shipments: list[_Shipment] = []
        if rng.random() < 0.02:
            cancel = plan.created + rng.uniform(2, 72) * H
            events.append(_Event(cancel, "cancel", B.CANCELLED, "经销商取消", dealer.user))
        elif not (plan.created > moment - 5 * DAY and rng.random() < 0.3):  # else a draft
            submitted = plan.created + rng.uniform(0.2, 6) * H
            dispatched = submitted + rng.uniform(2, 48) * H
            received = _working_hours(rng, dispatched + rng.uniform(1, 4) * DAY)
            cycle = brand.returns.cycle_working_days
            due = setting.calendar.add_working_days(local_day(received), cycle)
            receipt = _Event(received, "receive", B.RECEIVED, "", warehouse)
            events += [_Event(submitted, "submit", B.SUBMITTED, "", dealer.user),
                       _Event(dispatched, "dispatch", B.IN_TRANSIT, "", dealer.user),
                       receipt]  # fmt: skip
            shipments, fill = self._work(events, units, plan, received, due)
        found = discrepancies_found(units, boxes, short) if received is not None else []
        if found and received is not None:
            with translation.override("en"):
                receipt.note = "; ".join(discrepancy_words(item) for item in found)
            note = "Phone: reached. 已电话告知收货差异"
            events.append(_Event(received + rng.uniform(1, 5) * H, "contact", "", note, warehouse))
        batch_id = self.batch_ids.take()
        done = _timeline(rows, batch_id, events, moment)
        shipped = [s for s in shipments if s.at <= moment]
        for s in shipped:
            rows.deliveries.append((s.id, s.number, batch_id, brand.id, dealer.dealer.pk,
                                    s.courier, s.tracking, as_datetime(s.at), s.on_time,
                                    warehouse, ""))  # fmt: skip
        inspected = [u.inspected for u in units if u.inspected is not None]
        retention = brand.retention_months
        data_until = None
        if retention and inspected and max(inspected) <= moment:
            data_until = add_months(local_day(max(inspected)), retention)
        courier, arrived = rng.choice(words.COURIERS), "receive" in done
        rows.batches.append((
            batch_id, plan.number, brand.id, dealer.dealer.pk, done["status"],
            dealer.dealer.contact_person, dealer.dealer.phone, boxes, courier,
            _tracking(rng, courier), True, "monthly" if rng.random() < 0.3 else "sender", False,
            "", math.ceil(declared / ROWS_PER_PAGE), dealer.user, as_datetime(plan.created),
            as_datetime(done.get("submit")), as_datetime(done.get("dispatch")),
            as_datetime(done.get("receive")), boxes - short if arrived else None,
            due if arrived else None, json.dumps(found if arrived else [], ensure_ascii=False),
            as_datetime(shipped[0].at) if shipped else None,
            shipped[0].on_time if shipped else None, as_datetime(done.get("close")), data_until,
            add_months(local_day(shipped[-1].at), retention) if retention and shipped else None,
        ))  # fmt: skip
        tech = setting.staff["hq_technician"]
        for unit in units:
            rows.units.append(
                unit_row(batch_id, unit, received, [s.id for s in shipped], fill, moment, tech)
            )
        if done["status"] == B.CLOSED:
            late = not shipped[0].on_time if shipped else False
            mood = (-1.0 if late else 0.2) - (0.3 if found else 0.0)
            self.feedback.invite(
                rows.feedback, survey=brand.surveys["dealer"], closed_at=done["close"],
                language="zh-hans", experience=Experience(mood=mood, fixed_first_time=not late),
                subject={"dealer_id": dealer.dealer.pk, "batch_id": batch_id},
                follow_up_outlet=brand.hq.id if brand.hq else None,
            )  # fmt: skip

    def _work(
        self, events: list["_Event"], units: list[ReturnedUnit], plan: BatchPlan, received: float,
        due: date,
    ) -> tuple[list["_Shipment"], float | None]:  # fmt: skip
        """Inspections, delivery lists, backorders filled, closing: events and shipments."""
        rng, warehouse = self.rng, self.setting.staff["warehouse"]
        if rng.random() < ON_TIME:
            first = received + rng.uniform(4 * H, max(5 * H, day_start(due) + 18 * H - received))
        else:
            first = day_start(due) + rng.uniform(1, 6) * DAY + rng.uniform(10, 17) * H
        work = [u for u in units if not u.missing]
        for unit in work:
            unit.inspected = rng.uniform(received + 0.5 * H, first - 0.5 * H)
        work.sort(key=lambda u: u.inspected or 0)
        with translation.override("en"):
            for n, unit in enumerate(work):
                note = f"line {unit.line}: {Outcome(unit.outcome).label}"
                if unit.waits_for:
                    note += f" — waiting for {unit.waits_for}"
                status = B.READY_TO_SHIP if n == len(work) - 1 else B.INSPECTING
                events.append(_Event(unit.inspected or received, "inspect", status, note,
                                     self.setting.staff["hq_technician"]))  # fmt: skip
        waiting = [u for u in work if u.waits_for]
        shipments = [self._shipment(plan, 1, first, on_time=local_day(first) <= due)]
        ships = [(first, B.PART_SHIPPED if waiting else B.SHIPPED)]
        fill = None
        if waiting:
            fill = first + rng.uniform(5, 15) * DAY
            lines = ", ".join(str(u.line) for u in waiting)
            events.append(_Event(fill, "fill", "", f"Filled from stock: lines {lines}", warehouse))
            second = fill + rng.uniform(2, 24) * H
            shipments.append(self._shipment(plan, 2, second, on_time=False))
            ships.append((second, B.SHIPPED))
        for shipment, (at, status) in zip(shipments, ships, strict=True):
            note = f"Delivery list {shipment.number}, {shipment.courier} {shipment.tracking}"
            events.append(_Event(at, "ship", status, note, warehouse))
        closed = ships[-1][0] + rng.uniform(2, 8) * DAY
        events.append(_Event(closed, "close", B.CLOSED, "", plan.dealer.user))
        return shipments, fill

    def _shipment(self, plan: BatchPlan, n: int, at: float, *, on_time: bool) -> "_Shipment":
        courier = self.rng.choice(words.COURIERS)
        return _Shipment(self.delivery_ids.take(), f"{plan.number}-D{n}", at, on_time, courier,
                         _tracking(self.rng, courier))  # fmt: skip


@dataclass
class _Event:
    at: float
    action: str
    to: str  # empty: the status stays
    note: str
    by: int | None


@dataclass
class _Shipment:
    id: int
    number: str
    at: float
    on_time: bool
    courier: str
    tracking: str


@dataclass
class _Rows:
    batches: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    deliveries: list[tuple[Any, ...]] = field(default_factory=list)
    units: list[tuple[Any, ...]] = field(default_factory=list)
    feedback: FeedbackRows = field(default_factory=FeedbackRows)

    def chunk(self) -> Chunk:
        return [(BATCHES, self.batches), (BATCH_EVENTS, self.events),
                (DELIVERIES, self.deliveries), (UNITS, self.units),
                *self.feedback.tables()]  # fmt: skip


def _timeline(rows: _Rows, batch_id: int, events: list[_Event], moment: float) -> dict[str, Any]:
    """Writes the events that have happened; when each happened, and the status now."""
    events.sort(key=lambda event: event.at)
    status, done = "", {}
    for event in events:
        if event.at > moment:
            break
        target = event.to or status
        rows.events.append((batch_id, event.action, status, target, event.note, event.by,
                            as_datetime(event.at)))  # fmt: skip
        status = target
        done[event.action] = event.at
    return done | {"status": status}


def _tracking(rng: random.Random, courier: str) -> str:
    return f"{words.COURIER_CODES.get(courier, 'EX')}{rng.randrange(10**12):012d}"


def _working_hours(rng: random.Random, moment: float) -> float:
    """The receipt: between 9:00 and 17:00 on the day it arrives (or the next morning)."""
    midnight = moment - (moment + 8 * H) % DAY
    hour = (moment - midnight) / H
    if hour < 9:
        return midnight + rng.uniform(9, 11) * H
    if hour >= 17:
        return midnight + DAY + rng.uniform(9, 11) * H
    return moment


def dealer_shipments_add(*, setting: Setting, plans: list[BatchPlan], rng: random.Random) -> int:
    """Units shipped to each dealer month by month, so that 2-6 % of them come back (each
    dealer its own rate): added to the counts the serial imports keep."""
    returned: Counter[tuple[int, int, date]] = Counter()
    for plan in plans:
        month = local_day(plan.created).replace(day=1)
        returned[(plan.brand.id, plan.dealer.dealer.pk, month)] += plan.size
    months = sorted({setting.first_day.replace(day=1), *(key[2] for key in returned)})
    rows = []
    for brand in setting.brands:
        for dealer in brand.dealers:
            active = [m for m in months if dealer.starts <= m + timedelta(days=27)
                      and m <= dealer.ends]  # fmt: skip
            keys = [(brand.id, dealer.dealer.pk, month) for month in active]
            total = sum(returned[key] for key in keys)
            if not total:
                continue
            rate, average = rng.uniform(0.02, 0.06), total / len(keys)
            for key in keys:
                units = (returned[key] + average) / 2 / rate * rng.uniform(0.85, 1.15)
                rows.append((*key, round(units)))
    table = DealerShipment._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (brand_id, dealer_id, month, units) VALUES (%s, %s, %s, %s)"  # noqa: S608
            f" ON CONFLICT (brand_id, dealer_id, month) DO UPDATE SET units = {table}.units"
            " + excluded.units",
            rows,
        )
    return len(rows)
