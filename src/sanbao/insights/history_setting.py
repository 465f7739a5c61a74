"""What generated history is made of: the brands' outlets, dealers, models, parts, staff and
production batches as they are in the database, the days, and the numbers to use.

Times are counted in seconds since the epoch and turned into local days by adding eight
hours: Asia/Shanghai has kept UTC+8 without daylight saving since 1991.
"""

import bisect
import itertools
import json
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Generic, TypeVar

from django.db import connection, transaction
from django.db.models import Q

from sanbao.accounts.models import Brand, Dealer, ServiceOutlet, User
from sanbao.catalog.models import Part, ProductModel
from sanbao.config.sequence_model import DailySequence
from sanbao.feedback.demo import surveys_seed
from sanbao.feedback.models import Audience, Survey
from sanbao.insights.history_decisions import DecisionTemplates
from sanbao.policy.calendar import WorkingCalendar
from sanbao.policy.codes import FAULTS, fault_applies
from sanbao.policy.rules import Damage, Returns
from sanbao.warranty.selectors import policy_get

UTC_OFFSET = 8 * 3600
DAY = 86400
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()

# How often each fault is reported, by category: a few faults make most of the work.
FAULT_MIX = {
    "power_bank": {"no_charge": 24, "no_output": 18, "low_capacity": 15, "port_damage": 12,
                   "intermittent": 8, "indicator_fault": 6, "overheating": 5,
                   "protection_failure": 3, "cosmetic": 3},
    "adapter": {"no_output": 30, "intermittent": 16, "port_damage": 15, "overheating": 12,
                "no_charge": 8, "cosmetic": 7, "protection_failure": 5},
    "cable": {"intermittent": 36, "no_charge": 26, "port_damage": 26, "cosmetic": 8},
    "headphones": {"no_charge": 25, "low_capacity": 20, "intermittent": 25, "port_damage": 12,
                   "cosmetic": 8, "indicator_fault": 6},
}  # fmt: skip
CATEGORY_WEIGHT = {"power_bank": 3.0, "adapter": 1.4, "cable": 1.2, "headphones": 1.0}
EXCLUSION_MIX = {"physical_damage": 35, "misuse": 20, "electrical_surge": 9,
                 "missing_evidence": 9, "consumable_wear": 8, "third_party_modification": 7,
                 "unauthorised_channel": 6, "card_mismatch": 3, "force_majeure": 2}  # fmt: skip
CELL_SUPPLIERS = (
    "EVE Energy 亿纬锂能",
    "Tianjin Lishen 力神",
    "Shenzhen BAK 比克",
    "Ampace 新能安",
)
BAD_SUPPLIER = "Dongguan Xinyuan Cell 新源电芯"
HISTORY_LINE = "-L"  # production batches of generated history: <sku>-<yymm>-L<line>
SHELF_DAYS = 400  # the longest a unit waits between leaving the factory and being sold


def day_start(day: date) -> float:
    """The epoch second at which the local day begins."""
    return float((day.toordinal() - EPOCH_ORDINAL) * DAY - UTC_OFFSET)


def local_day(moment: float) -> date:
    return date.fromordinal(int((moment + UTC_OFFSET) // DAY) + EPOCH_ORDINAL)


def local_hour(moment: float) -> float:
    return ((moment + UTC_OFFSET) % DAY) / 3600


def as_datetime(moment: float | None) -> datetime | None:
    return None if moment is None else datetime.fromtimestamp(moment, UTC)


T = TypeVar("T")


class Weighted(Generic[T]):
    """A weighted choice made many times: the running totals are kept."""

    def __init__(self, items: list[T], weights: list[float]) -> None:
        self.items = items
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1] if self.cumulative else 0.0

    def __bool__(self) -> bool:
        return bool(self.items)

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.total)]


@dataclass
class Pool:
    """Weighted choices among production batches, ordered by the day they were ready."""

    ids: list[int] = field(default_factory=list)
    ready: list[int] = field(default_factory=list)  # ordinal of the day shipping began
    cumulative: list[float] = field(default_factory=list)

    def add(self, batch_id: int, ready: date, weight: float) -> None:
        self.ids.append(batch_id)
        self.ready.append(ready.toordinal())
        self.cumulative.append((self.cumulative[-1] if self.cumulative else 0.0) + weight)

    def pick(self, rng: random.Random, earliest: date, latest: date) -> int | None:
        """A batch ready between the two days, in proportion to its weight."""
        lo = bisect.bisect_left(self.ready, earliest.toordinal())
        hi = bisect.bisect_right(self.ready, latest.toordinal())
        if hi <= lo:
            return None
        base = self.cumulative[lo - 1] if lo else 0.0
        point = base + rng.random() * (self.cumulative[hi - 1] - base)
        return self.ids[min(bisect.bisect_left(self.cumulative, point, lo, hi), hi - 1)]


@dataclass
class ModelSetting:
    model: ProductModel
    weight: float
    faults: Weighted[str]
    parts: list[Part]
    batches: Pool = field(default_factory=Pool)
    warranty_days: int = 365

    def __post_init__(self) -> None:  # plain values for the loops that make a million rows
        self.id: int = self.model.pk
        self.sku: str = self.model.sku
        self.category: str = self.model.category
        self.serial_prefix = "".join(ch for ch in self.sku.upper() if ch.isalnum())[:14]
        self.accessories: list[str] = list(self.model.required_accessories or [])
        self.accessories_json = json.dumps(self.accessories)


@dataclass
class OutletSetting:
    outlet: ServiceOutlet
    weight: float
    desk: int
    technician: int

    def __post_init__(self) -> None:
        self.id: int = self.outlet.pk
        self.code: str = self.outlet.code
        self.city: str = self.outlet.city
        self.is_hq: bool = self.outlet.is_hq


@dataclass
class DealerSetting:
    dealer: Dealer
    weight: float
    starts: date
    ends: date
    user: int


@dataclass
class BrandSetting:
    brand: Brand
    models: list[ModelSetting]
    outlets: list[OutletSetting]
    hq: OutletSetting | None
    dealers: list[DealerSetting]
    returns: Returns | None
    damage: Damage | None
    retention_months: int | None
    exclusions: Weighted[str]
    surveys: dict[str, Survey]
    weight: float = 1.0
    bad_batch: int | None = None

    def __post_init__(self) -> None:
        self.outlet_choice = Weighted(self.outlets, [o.weight for o in self.outlets])
        self.model_choice = Weighted(self.models, [m.weight for m in self.models])
        self.id: int = self.brand.pk
        self.code: str = self.brand.code
        self.prefix: str = self.brand.card_prefix


@dataclass
class Setting:
    brands: list[BrandSetting]
    today: date
    moment: float  # now, or the end of `today`
    first_day: date
    calendar: WorkingCalendar
    templates: DecisionTemplates
    staff: dict[str, int]  # role → a user who has it (or the closest there is)
    seed: int

    @property
    def days(self) -> list[date]:
        count = (self.today - self.first_day).days + 1
        return [self.first_day + timedelta(days=n) for n in range(count)]


def staff_by_role() -> dict[str, int]:
    """One user per role; where a role has nobody, the closest one there is."""
    anyone = User.objects.filter(is_active=True, dealer__isnull=True).order_by("pk").first()
    if anyone is None:
        raise LookupError("Generated history needs staff users: load the demo data first.")
    found = {}
    for user_id, role in (
        User.objects.filter(is_active=True, dealer__isnull=True, groups__name__isnull=False)
        .order_by("-pk")
        .values_list("pk", "groups__name")
    ):
        found[role] = user_id
    fallbacks = {"technician": ("hq_technician", "manager"), "hq_technician": ("technician",),
                 "front_desk": ("manager",), "warehouse": ("manager",),
                 "commercial_commissioner": ("manager",),
                 "service_commissioner": ("commercial_commissioner", "manager")}  # fmt: skip
    staff = {}
    for role in ("manager", *fallbacks):
        options = (role, *fallbacks.get(role, ()))
        staff[role] = next((found[o] for o in options if o in found), anyone.pk)
    return staff


def _outlet_user(outlet: ServiceOutlet, roles: tuple[str, ...], fallback: int) -> int:
    user = (
        User.objects.filter(outlet=outlet, is_active=True, groups__name__in=roles)
        .order_by("pk")
        .first()
    )
    return user.pk if user else fallback


def _mix(weights: dict[str, int]) -> Weighted[str]:
    codes = list(weights)
    return Weighted(codes, [float(weights[c]) for c in codes])


def _model_faults(model: ProductModel, rng: random.Random) -> Weighted[str]:
    # Each model leans its own way, so the Pareto differs from model to model.
    mix = FAULT_MIX.get(model.category, FAULT_MIX["adapter"])
    codes = [c for c in mix if fault_applies(c, model.category) and not FAULTS[c].hazard]
    return Weighted(codes, [mix[c] * rng.uniform(0.6, 1.5) for c in codes])


def _exclusions(brand: Brand, model: ProductModel, templates: DecisionTemplates) -> list[str]:
    """The exclusions that make this brand's policy exclude the claim."""
    return [
        code
        for code in EXCLUSION_MIX
        if templates.order(model.pk, "port_damage", "excluded", (code,)).coverage == "excluded"
    ]


def brand_settings(
    *, brands: list[Brand], templates: DecisionTemplates, staff: dict[str, int], today: date,
    rng: random.Random,
) -> list[BrandSetting]:  # fmt: skip
    settings = []
    for brand in brands:
        models = list(ProductModel.objects.filter(brand=brand, is_active=True).order_by("sku"))
        if not models:
            continue
        outlets = []
        for outlet in ServiceOutlet.objects.filter(brands=brand, is_active=True).order_by("code"):
            desk = _outlet_user(outlet, ("front_desk",), staff["front_desk"])
            tech = _outlet_user(outlet, ("technician", "hq_technician"), staff["technician"])
            outlets.append(OutletSetting(outlet, 0.5 if outlet.is_hq else 1.0, desk, tech))
        if not outlets:
            continue
        policy = policy_get(policy_id=brand.policy_id)
        dealers = []
        for dealer in Dealer.objects.filter(brands=brand).order_by("code"):
            ends = dealer.authorised_until or today
            if not dealer.is_active and dealer.authorised_until is None:
                continue
            user = User.objects.filter(dealer=dealer, is_active=True).order_by("pk").first()
            dealers.append(DealerSetting(
                dealer, rng.uniform(0.6, 1.6), dealer.authorised_from or date(2000, 1, 1),
                min(ends, today), user.pk if user else staff["warehouse"],
            ))  # fmt: skip
        parts = list(Part.objects.filter(brand=brand).prefetch_related("models_served"))
        model_settings = [
            ModelSetting(
                model,
                CATEGORY_WEIGHT.get(model.category, 1.0) * rng.uniform(0.7, 1.3),
                _model_faults(model, rng),
                [p for p in parts if model in p.models_served.all()],
                warranty_days=templates.order(model.pk, "no_output", "in").warranty_days or 365,
            )
            for model in models
        ]
        excluded = _exclusions(brand, models[0], templates)
        hq = next((o for o in outlets if o.is_hq), None)
        surveys = _surveys(brand)
        settings.append(BrandSetting(
            brand=brand, models=model_settings, outlets=outlets, hq=hq, dealers=dealers,
            returns=policy.returns, damage=policy.damage,
            retention_months=policy.retention.months if policy.retention else None,
            exclusions=_mix({c: EXCLUSION_MIX[c] for c in excluded}), surveys=surveys,
            weight=len(outlets) ** 0.5 * sum(m.weight for m in model_settings),
        ))  # fmt: skip
    return settings


def _surveys(brand: Brand) -> dict[str, Survey]:
    """The brand's surveys (the demo's wording where none exists): generated invitations
    hang on them."""
    found = {survey.audience: survey for survey in Survey.objects.filter(brand=brand)}
    if len(found) < len(Audience.values):
        surveys_seed()
        found = {survey.audience: survey for survey in Survey.objects.filter(brand=brand)}
    return found


def numbers_reserve(
    *, model: type[DailySequence], counts: dict[tuple[int, date], int]
) -> dict[tuple[int, date], int]:
    """The first number of a block of `count` per brand and day, reserved by upserts.

    Generated records take their numbers from the same per-brand, per-day sequence as the
    real ones (config.sequences), a block per day. A real registration on one of those
    days (today's included) continues after the block, whichever comes first, so numbers
    never collide and keep their usual form.
    """
    table = model._meta.db_table
    wanted = sorted((key, count) for key, count in counts.items() if count > 0)
    first = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(wanted), 300):
            part = wanted[start : start + 300]
            cursor.execute(
                f"INSERT INTO {table} (brand_id, day, last) VALUES "  # noqa: S608
                + ", ".join(["(%s, %s, %s)"] * len(part))
                + f" ON CONFLICT (brand_id, day) DO UPDATE SET last = {table}.last"
                " + excluded.last RETURNING brand_id, day, last",
                [value for (brand_id, day), count in part for value in (brand_id, day, count)],
            )
            last = {
                (brand_id, day if isinstance(day, date) else date.fromisoformat(day)): int(n)
                for brand_id, day, n in cursor.fetchall()
            }
            for key, count in part:
                first[key] = last[key] - count + 1
    return first


def purchase_pick(
    rng: random.Random, model: ModelSetting, scenario: str, day: date, warranty: int
) -> tuple[int | None, date | None]:
    """The production batch (if the serial is known) and a purchase date fitting the case."""
    ordinal = day.toordinal()
    if scenario in ("early7", "early15"):
        age = rng.randint(1, 7) if scenario == "early7" else rng.randint(8, 15)
    elif scenario == "out":
        age = warranty + rng.randint(5, 400)
    else:
        age = rng.randint(16, max(17, warranty - 5))
    earliest, latest = ordinal - age - SHELF_DAYS, ordinal - age
    purchase = date.fromordinal(ordinal - age)
    if rng.random() < 0.15:
        return None, purchase
    return model.batches.pick(rng, date.fromordinal(earliest), date.fromordinal(latest)), purchase


def history_batches_filter() -> Q:
    return Q(code__contains=HISTORY_LINE, code__regex=r"-L[0-9]+$")
