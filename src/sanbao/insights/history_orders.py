"""Generated service orders with their customers, timelines, quotes, parts and parcels.

Each order is planned whole — every step from registration to closing, with its time —
and then cut at the present: whatever would happen later has not happened yet, which
leaves a backlog in every state with realistic ages. See history_order_paths for the
steps an order goes through.
"""

import random
from collections import deque
from collections.abc import Iterator
from datetime import date
from typing import Any

from sanbao.customers.models import Customer
from sanbao.insights import history_words as words
from sanbao.insights.history_feedback import Feedback, FeedbackRows
from sanbao.insights.history_order_paths import OrderCase, path_plan
from sanbao.insights.history_setting import (
    BrandSetting,
    ModelSetting,
    OutletSetting,
    Setting,
    Weighted,
    as_datetime,
    day_start,
    local_day,
    purchase_pick,
)
from sanbao.insights.history_tables import Chunk, IdPool, Table
from sanbao.policy.codes import EVIDENCE_EXCLUSIONS, FAULTS
from sanbao.privacy.crypto import phone_digest
from sanbao.service.models import (
    PartUse,
    Quote,
    ServiceOrder,
    ServiceOrderEvent,
    Shipment,
    Status,
)

CUSTOMERS = Table(Customer, (
    "id", "province", "city", "district", "address_detail", "name", "phone", "phone_hash",
    "language", "email", "notifications_consented_at", "notifications_consent_source",
    "created_at",
))  # fmt: skip
ORDERS = Table(ServiceOrder, (
    "id", "number", "brand_id", "outlet_id", "intake", "customer_id", "model_id", "serial",
    "production_batch_id", "purchase_date", "sales_channel", "proof_of_purchase",
    "warranty_card_number", "fault_code", "fault_description", "accessories_received",
    "condition_notes", "status", "decision", "coverage", "serious", "due_on", "findings",
    "exclusions", "failed_repairs", "labour_minutes", "at_hq", "signature",
    "signed_content_hash", "closed_at", "overdue_notified_at", "created_by_id", "created_at",
))  # fmt: skip
EVENTS = Table(ServiceOrderEvent, ("order_id", "action", "from_status", "to_status", "note",
                                   "by_id", "at"))  # fmt: skip
QUOTES = Table(Quote, ("order_id", "lines", "parts_total", "labour", "freight", "total",
                       "charges", "status", "created_by_id", "created_at", "decided_at",
                       "decided_via"))  # fmt: skip
PART_USES = Table(PartUse, ("order_id", "part_id", "outlet_id", "quantity", "charged_each",
                            "by_id", "at"))  # fmt: skip
SHIPMENTS = Table(Shipment, ("order_id", "leg", "courier", "tracking_number",
                             "sale_slip_included", "by_id", "shipped_at"))  # fmt: skip
PHONE_PREFIXES = (130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 150, 151, 152, 153, 155,
                  156, 157, 158, 159, 166, 176, 177, 180, 181, 182, 183, 184, 185, 186, 187,
                  188, 189, 198, 199)  # fmt: skip
REPEAT_CUSTOMERS = 0.08
SCENARIOS = (("early7", 2), ("early15", 3), ("in", 65), ("out", 15), ("excluded", 15))


def customer_phone(customer_id: int, salt: int = 0) -> str:
    """A valid mobile number that no other generated customer has, made from the id: the
    prefix by remainder, then eight digits that grow with the id (by 100 to 200 a step,
    looking random), so that the unique index takes them at 34 places instead of all over.
    Unique up to 32 million customers; `salt` moves a number someone already has."""
    n = customer_id + salt * 32_000_000
    prefix = PHONE_PREFIXES[n % len(PHONE_PREFIXES)]
    k = n // len(PHONE_PREFIXES) + 50_000
    return f"+86{prefix}{(k * 101 + k * 48_271 % 101) % 100_000_000:08d}"


class OrderHistory:
    def __init__(
        self, *, setting: Setting, counts: dict[tuple[int, date], int],
        numbers: dict[tuple[int, date], int], feedback: Feedback, rng: random.Random,
        hazard_every: int,
    ) -> None:  # fmt: skip
        self.setting = setting
        self.counts = counts
        self.numbers = numbers
        self.feedback = feedback
        self.rng = rng
        self.hazard_every = hazard_every
        self.order_ids = IdPool(ServiceOrder)
        self.customer_ids = IdPool(Customer)
        self.recent: dict[int, deque[tuple[int, str, bool]]] = {}
        self.bad_seen: dict[int, int] = {}
        self.scenarios = Weighted([s for s, _ in SCENARIOS], [float(w) for _, w in SCENARIOS])

    def chunks(self, *, size: int) -> Iterator[Chunk]:
        rows = _Rows()
        for day in self.setting.days:
            for brand in self.setting.brands:
                count = self.counts.get((brand.id, day), 0)
                if count:
                    self._day(rows, brand, day, count)
            if rows.order_count >= size:
                yield self._checked(rows).chunk()
                rows = _Rows()
                self.recent.clear()  # chunks commit in any order: no customer of another
        if rows.order_count:
            yield self._checked(rows).chunk()

    def _checked(self, rows: "_Rows") -> "_Rows":
        """Gives another number to a generated customer whose phone someone already has,
        and gives each its phone's index (the table writer encrypts the personal data)."""
        digests = [phone_digest(row[6]) for row in rows.customers]
        taken: set[str | None] = set()
        for start in range(0, len(digests), 500):
            taken.update(
                Customer.objects.filter(phone_hash__in=digests[start : start + 500])
                .values_list("phone_hash", flat=True)
            )  # fmt: skip
        for n, row in enumerate(rows.customers):
            salt, phone = 0, row[6]
            while phone_digest(phone) in taken:
                salt += 1
                phone = customer_phone(row[0], salt)
            rows.customers[n] = (*row[:6], phone, phone_digest(phone), *row[8:])
        return rows

    def _day(self, rows: "_Rows", brand: BrandSetting, day: date, count: int) -> None:
        rng = self.rng
        opens = day_start(day) + 9 * 3600
        closes = min(day_start(day) + 19.5 * 3600, self.setting.moment - 60)
        times = sorted(rng.uniform(opens, closes) for _ in range(count))
        first = self.numbers[(brand.id, day)]
        for n, created in enumerate(times):
            outlet = brand.outlet_choice.pick(rng)
            model = brand.model_choice.pick(rng)
            number = f"{brand.prefix}{day:%y%m%d}{first + n:04d}"
            self._order(rows, brand, outlet, model, number, created)

    def _order(
        self, rows: "_Rows", brand: BrandSetting, outlet: OutletSetting, model: ModelSetting,
        number: str, created: float,
    ) -> None:  # fmt: skip
        rng, setting = self.rng, self.setting
        day = local_day(created)
        case = self._case(brand, outlet, model, day)
        template = setting.templates.order(model.id, case.fault, case.scenario, case.exclusions)
        due = None
        if template.repair_days:
            due = setting.calendar.add_working_days(day, template.repair_days)
        path = path_plan(rng=rng, setting=setting, brand=brand, outlet=outlet, model=model,
                         case=case, template=template, created=created, due=due)  # fmt: skip
        order_id = self.order_ids.take()
        customer_id, language, consent = self._customer(rows, outlet, created)
        rows.events += [(order_id, *event) for event in path.events]
        rows.quotes += [(order_id, *quote) for quote in path.quotes]
        rows.part_uses += [(order_id, *use) for use in path.part_uses]
        rows.shipments += [(order_id, *shipment) for shipment in path.shipments]
        diagnosed = path.diagnosed
        fault, found = case.fault, case.exclusions
        if not diagnosed:  # what the desk knew at intake
            fault, found = case.claimed, tuple(e for e in found if e in EVIDENCE_EXCLUSIONS)
            template = setting.templates.order(model.id, fault, case.scenario, found)
            due = None
            if template.repair_days:
                due = setting.calendar.add_working_days(day, template.repair_days)
        serial = f"{model.serial_prefix}{rng.randrange(10**9):09d}"
        rows.orders.append((
            order_id, number, brand.id, outlet.id, case.intake, customer_id,
            model.id, serial, case.batch, case.purchase, case.channel, "",
            f"W{serial[-6:]}" if case.card else "", fault,
            rng.choice(words.FAULT_WORDS.get(case.claimed, ("",))),
            model.accessories_json if rng.random() < 0.8 else "[]",
            "外壳轻微划痕" if rng.random() < 0.1 else "", path.status,
            template.decision_json(purchase=case.purchase, due=due), template.coverage,
            template.serious, due, path.findings if diagnosed else "",
            _json_list(found), path.failed_repairs, path.labour_minutes, path.at_hq, "", "",
            as_datetime(path.closed_at), as_datetime(path.overdue_at), outlet.desk,
            as_datetime(created),
        ))  # fmt: skip
        if path.status == Status.CLOSED and consent and path.closed_at is not None:
            self.feedback.invite(
                rows.feedback, survey=brand.surveys["customer"], closed_at=path.closed_at,
                language=language, experience=path.experience,
                subject={"outlet_id": outlet.id, "model_id": model.id,
                         "customer_id": customer_id, "order_id": order_id},
                follow_up_outlet=outlet.id,
            )  # fmt: skip

    def _case(
        self, brand: BrandSetting, outlet: OutletSetting, model: ModelSetting, day: date
    ) -> OrderCase:
        rng = self.rng
        scenario = self.scenarios.pick(rng)
        exclusions: tuple[str, ...] = ()
        if scenario == "excluded" and brand.exclusions:
            exclusions = (brand.exclusions.pick(rng),)
        elif scenario == "excluded":
            scenario = "in"
        batch, purchase = purchase_pick(rng, model, scenario, day, model.warranty_days)
        claimed = model.faults.pick(rng)
        fault = claimed
        if batch is not None and batch == brand.bad_batch:
            seen = self.bad_seen.get(batch, 0)
            self.bad_seen[batch] = seen + 1
            if seen % self.hazard_every == 0 and model.category == "power_bank":
                fault = claimed = "swelling" if rng.random() < 0.7 else "burnt"
                scenario, exclusions = "in", ()
            elif rng.random() < 0.5:
                fault = claimed = rng.choice(("low_capacity", "overheating", "no_charge"))
        if not FAULTS[fault].hazard and rng.random() < 0.07:
            fault = "no_fault_found"
        mail_in = rng.random() < (0.6 if outlet.is_hq else 0.15)
        return OrderCase(
            scenario=scenario, exclusions=exclusions, claimed=claimed, fault=fault,
            batch=batch, purchase=purchase, intake="mail_in" if mail_in else "walk_in",
            channel="online" if rng.random() < 0.45 else "offline",
            card=rng.random() < 0.6 and "missing_evidence" not in exclusions,
        )  # fmt: skip

    def _customer(
        self, rows: "_Rows", outlet: OutletSetting, created: float
    ) -> tuple[int, str, bool]:
        rng = self.rng
        recent = self.recent.setdefault(outlet.id, deque(maxlen=3_000))
        if recent and rng.random() < REPEAT_CUSTOMERS:
            return recent[rng.randrange(len(recent))]
        customer_id = self.customer_ids.take()
        english = rng.random() < 0.05
        name = rng.choice(words.ENGLISH_NAMES) if english else (
            rng.choice(words.SURNAMES) + rng.choice(words.GIVEN))  # fmt: skip
        language = "en" if english else "zh-hans"
        consent = rng.random() < 0.8
        place = words.PLACES.get(outlet.city) or words.PLACES["深圳市"]
        province, city, districts = place
        street = f"{rng.choice(words.STREETS)} {rng.randint(1, 999)} 号"
        rows.customers.append((
            customer_id, province, city, rng.choice(districts), street, name,
            customer_phone(customer_id), None, language,
            f"user{customer_id}@example.com" if rng.random() < 0.15 else "",
            as_datetime(created) if consent else None,
            f"Intake at {outlet.code}" if consent else "", as_datetime(created),
        ))  # fmt: skip
        found = (customer_id, language, consent)
        recent.append(found)
        return found


def _json_list(codes: tuple[str, ...]) -> str:
    return "[" + ", ".join(f'"{code}"' for code in codes) + "]"


class _Rows:
    def __init__(self) -> None:
        self.customers: list[tuple[Any, ...]] = []
        self.orders: list[tuple[Any, ...]] = []
        self.events: list[tuple[Any, ...]] = []
        self.quotes: list[tuple[Any, ...]] = []
        self.part_uses: list[tuple[Any, ...]] = []
        self.shipments: list[tuple[Any, ...]] = []
        self.feedback = FeedbackRows()

    @property
    def order_count(self) -> int:
        return len(self.orders)

    def chunk(self) -> Chunk:
        return [
            (CUSTOMERS, self.customers), (ORDERS, self.orders), (EVENTS, self.events),
            (QUOTES, self.quotes), (PART_USES, self.part_uses), (SHIPMENTS, self.shipments),
            *self.feedback.tables(),
        ]  # fmt: skip
