"""Hand-made data for the dashboards: service orders, return batches, declarations, quotes,
parts and survey answers written directly with the ORM at the local moments a test names,
so that every figure a test expects can be worked out by hand."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import count
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from sanbao.accounts.models import Dealer, User
from sanbao.catalog.models import DealerShipment, Part, ProductionBatch, ProductModel
from sanbao.claims.models import ClaimLine, ClaimStatus, DamageClaim
from sanbao.customers.models import Customer
from sanbao.feedback.models import Audience, Survey, SurveyInvitation, SurveyResponse
from sanbao.insights.scope import Scope
from sanbao.returns.models import ReturnBatch, ReturnUnit
from sanbao.service.models import PartUse, Quote, ServiceOrder
from tests.conftest import _credit_code

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The period most tests look at: the first quarter of 2026.
Q1 = (date(2026, 1, 1), date(2026, 3, 31))


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A wall-clock moment in Shanghai, the platform's time zone."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


# Default moments of the factories.
JAN_10, JAN_12, JAN_15 = at(2026, 1, 10), at(2026, 1, 12), at(2026, 1, 15)


def scope_of(*brands, start: date = Q1[0], end: date = Q1[1], **filters) -> Scope:
    return Scope(brand_ids=tuple(b.pk for b in brands), start=start, end=end, **filters)


@pytest.fixture
def clock(monkeypatch) -> Callable[..., datetime]:
    """Sets 'now' for everything that asks django.utils.timezone: given as Shanghai wall
    time, answered in UTC as Django's own now() does."""

    def set_to(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
        moment = at(year, month, day, hour, minute).astimezone(UTC)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_to


@pytest.fixture
def clerk(make_user) -> User:
    """Who registers the hand-made orders (any staff user does)."""
    return make_user("front_desk", username="clerk")


@pytest.fixture
def top_manager(make_user, brand) -> User:
    """A manager at the HQ (which serves both brands) limited to TOP."""
    user = make_user("manager", username="top-manager")
    user.brands.set([brand])
    return user


@pytest.fixture
def cable(brand) -> ProductModel:
    return ProductModel.objects.create(
        brand=brand, sku="TOP-C1", name_en="Cable", name_zh="数据线", category="cable"
    )


@pytest.fixture
def second_dealer(brand) -> Dealer:
    """A second TOP dealer, in Nanjing."""
    dealer = Dealer.objects.create(
        code="nj", name="南京电子商行", credit_code=_credit_code("91320102MA1XK2L3P"),
        contact_person="陈刚", phone="+8613857412345",
    )  # fmt: skip
    dealer.brands.set([brand])
    return dealer


@pytest.fixture
def romoss_dealer(other_brand) -> Dealer:
    """A dealer that sells ROMOSS only."""
    dealer = Dealer.objects.create(
        code="sh", name="上海数码", credit_code=_credit_code("91310000MA1FL0000"),
        contact_person="李雷", phone="+8613800000000",
    )  # fmt: skip
    dealer.brands.set([other_brand])
    return dealer


@pytest.fixture
def make_production_batch(bank) -> Callable[..., ProductionBatch]:
    def make(code: str, *, shipped: int = 0, model: ProductModel | None = None) -> ProductionBatch:
        return ProductionBatch.objects.create(
            model=model or bank, code=code, produced_from=date(2025, 6, 1),
            produced_to=date(2025, 6, 30), units_shipped=shipped,
        )  # fmt: skip

    return make


@pytest.fixture
def make_order(brand, outlet, hq, bank, clerk) -> Callable[..., ServiceOrder]:
    """A service order registered at `created`; TOP's at the Guangzhou outlet, another
    brand's (given by its model) at the HQ."""
    numbers = count(1)
    customer = Customer.objects.create(name="张伟", phone="+8613800138000")

    def make(
        *, created: datetime = JAN_10, closed: datetime | None = None,
        status: str | None = None, model: ProductModel | None = None, outlet_=None,
        fault: str = "no_charge", serious: bool = False, due_on: date | None = None,
        coverage: str = "in_warranty", exclusions: list[str] | None = None,
        batch: ProductionBatch | None = None,
    ) -> ServiceOrder:  # fmt: skip
        model = model or bank
        order = ServiceOrder.objects.create(
            number=f"{model.brand.card_prefix}{next(numbers):09d}", brand=model.brand,
            outlet=outlet_ or (outlet if model.brand_id == brand.pk else hq),
            intake="walk_in", customer=customer, model=model, production_batch=batch,
            fault_code=fault, status=status or ("closed" if closed else "registered"),
            coverage=coverage, serious=serious, due_on=due_on, closed_at=closed,
            exclusions=exclusions or [], created_by=clerk,
        )  # fmt: skip
        ServiceOrder.objects.filter(pk=order.pk).update(created_at=created)
        order.created_at = created
        return order

    return make


@pytest.fixture
def make_return_batch(brand, dealer, clerk) -> Callable[..., ReturnBatch]:
    numbers = count(1)

    def make(
        *, dealer_: Dealer | None = None, brand_=None, status: str = "received",
        received: datetime | None = JAN_15, boxes: int = 1,
        boxes_received: int | None = None, first_shipped: datetime | None = None,
        on_time: bool | None = None, due_on: date | None = None,
    ) -> ReturnBatch:  # fmt: skip
        owner = brand_ or brand
        return ReturnBatch.objects.create(
            number=f"{owner.card_prefix}R{next(numbers):09d}", brand=owner,
            dealer=dealer_ or dealer, status=status, contact_person="王丽",
            contact_phone="13957112345", boxes=boxes, received_at=received,
            boxes_received=boxes if boxes_received is None and received else boxes_received,
            first_shipped_at=first_shipped, shipped_on_time=on_time, due_on=due_on,
            created_by=clerk,
        )  # fmt: skip

    return make


@pytest.fixture
def make_unit(bank) -> Callable[..., ReturnUnit]:
    """A unit of a return batch; inspected when `inspected` is given."""

    def make(
        batch: ReturnBatch, *, model: ProductModel | None = None, declared: bool = True,
        state: str = "counted", received_model: ProductModel | None = None, result: str = "",
        fault: str = "", exclusions: list[str] | None = None,
        inspected: datetime | None = None, charge: str = "0",
        production_batch: ProductionBatch | None = None,
    ) -> ReturnUnit:  # fmt: skip
        model = model or bank
        return ReturnUnit.objects.create(
            batch=batch, line=batch.units.count() + 1, model=model, category=model.category,
            serial="TOP000222", fault_text="坏了", declared=declared, state=state,
            received_model=received_model, result=result, fault_code=fault,
            exclusions=exclusions or [], inspected_at=inspected, charge=Decimal(charge),
            production_batch=production_batch,
        )  # fmt: skip

    return make


@pytest.fixture
def make_claim(brand, dealer, bank, clerk) -> Callable[..., DamageClaim]:
    numbers = count(1)

    def make(
        *, submitted: datetime | None = JAN_10, status: str = ClaimStatus.SUBMITTED,
        late: bool = False, dealer_: Dealer | None = None, brand_=None,
        model: ProductModel | None = None,
    ) -> DamageClaim:  # fmt: skip
        owner = brand_ or brand
        signed_for = (submitted or at(2026, 1, 1)) - timedelta(hours=2)
        claim = DamageClaim.objects.create(
            number=f"{owner.card_prefix}D{next(numbers):09d}", brand=owner,
            dealer=dealer_ or dealer, status=status, delivery_note_number="DN-1",
            signed_for_at=signed_for, report_due_at=signed_for + timedelta(hours=24),
            description="外箱破损", late=late, submitted_at=submitted, created_by=clerk,
        )  # fmt: skip
        ClaimLine.objects.create(claim=claim, model=model or bank, quantity=2)
        return claim

    return make


@pytest.fixture
def make_quote(clerk) -> Callable[..., Quote]:
    def make(order: ServiceOrder, total: str, *, status: str = Quote.Status.APPROVED,
             decided: datetime | None = JAN_10) -> Quote:  # fmt: skip
        amount = Decimal(total)
        return Quote.objects.create(
            order=order, parts_total=amount, labour=Decimal(0), freight=Decimal(0),
            total=amount, status=status, created_by=clerk, decided_at=decided,
            decided_via="desk" if decided else "",
        )  # fmt: skip

    return make


@pytest.fixture
def make_part(brand) -> Callable[..., Part]:
    def make(code: str, name_en: str, name_zh: str, cost: str, *, brand_=None) -> Part:
        return Part.objects.create(
            brand=brand_ or brand, code=code, name_en=name_en, name_zh=name_zh,
            mass_production_cost=Decimal(cost),
        )  # fmt: skip

    return make


@pytest.fixture
def make_part_use(clerk) -> Callable[..., PartUse]:
    def make(order: ServiceOrder, part: Part, quantity: int, charged_each: str, *,
             when: datetime = JAN_12) -> PartUse:  # fmt: skip
        use = PartUse.objects.create(
            order=order, part=part, outlet=order.outlet, quantity=quantity,
            charged_each=Decimal(charged_each), by=clerk,
        )  # fmt: skip
        PartUse.objects.filter(pk=use.pk).update(at=when)
        return use

    return make


@pytest.fixture
def make_invitation(make_order, make_return_batch) -> Callable[..., SurveyInvitation]:
    """A survey link sent at `sent`, for a customer's order or (with `dealer_`) a dealer's
    batch; answered, with a response, when `answered` is given."""

    def make(
        *, sent: datetime, answered: datetime | None = None, csat: int = 5, nps: int = 10,
        first: bool | None = True, comment: str = "", model: ProductModel | None = None,
        dealer_: Dealer | None = None, outlet_=None,
    ) -> SurveyInvitation:  # fmt: skip
        if dealer_ is not None:
            batch = make_return_batch(dealer_=dealer_, status="closed")
            brand, order, audience = batch.brand, None, Audience.DEALER
            outlet, model = None, None
        else:
            order = make_order(model=model, outlet_=outlet_, closed=sent, created=sent)
            brand, batch, audience = order.brand, None, Audience.CUSTOMER
            outlet, model = order.outlet, order.model
        survey, _new = Survey.objects.get_or_create(
            brand=brand, audience=audience,
            defaults={"csat_en": "Satisfied?", "csat_zh": "满意吗？", "nps_en": "Recommend?",  # noqa: RUF001
                      "nps_zh": "推荐吗？", "first_visit_en": "First time?",  # noqa: RUF001
                      "first_visit_zh": "一次修好？", "comment_en": "Anything?",  # noqa: RUF001
                      "comment_zh": "还有吗？"},  # noqa: RUF001
        )  # fmt: skip
        invitation = SurveyInvitation.objects.create(
            survey=survey, brand=brand, outlet=outlet, dealer=dealer_, model=model, order=order,
            batch=batch, token_hash=uuid4().hex, language="zh-hans", sent_at=sent,
            expires_at=sent + timedelta(days=14), answered_at=answered,
        )  # fmt: skip
        if answered is not None:
            SurveyResponse.objects.create(
                invitation=invitation, brand=brand, outlet=outlet, dealer=dealer_, model=model,
                csat=csat, nps=nps, fixed_first_visit=first, comment=comment,
                answered_at=answered,
            )  # fmt: skip
        return invitation

    return make


@pytest.fixture
def both_brands(brand, other_brand, dealer, romoss_dealer, foreign_model, make_production_batch,
                make_order, make_quote, make_part, make_part_use, make_return_batch, make_unit,
                make_claim, make_invitation):  # fmt: skip
    """A little of everything in the first quarter of 2026 for TOP and for ROMOSS, whose
    marks (MARKS) must never reach someone who works for TOP only.

    TOP: 3 no_charge orders (1 serious, closed on time, excluded for physical damage; 1
    open; 1 closed with its survey) and 1 returned unit with no output, ¥120.50 quoted,
    ¥30 charged, 2 parts, 2 of 100 shipped units back, 1 declaration on time, CSAT 5.
    ROMOSS: 1 swollen battery (late, force majeure), 1 no_charge order with its survey,
    1 swollen returned unit, ¥999 quoted, ¥50 charged, 4 parts, 1 of 1,000 back, 1 late
    declaration, CSAT 1."""
    top_batch = make_production_batch("B1", shipped=1000)
    first = make_order(batch=top_batch, created=at(2026, 1, 10), closed=at(2026, 1, 12),
                       serious=True, due_on=date(2026, 1, 20),
                       exclusions=["physical_damage"])  # fmt: skip
    make_order(batch=top_batch, created=at(2026, 1, 11))
    make_quote(first, "120.50", decided=at(2026, 1, 12))
    make_part_use(first, make_part("PT-PORT", "USB-C port", "USB-C接口", "5.00"), 2, "8.00")
    DealerShipment.objects.create(brand=brand, dealer=dealer, month=date(2026, 1, 1), units=100)
    returned = make_return_batch(status="shipped", received=at(2026, 1, 15),
                                 first_shipped=at(2026, 1, 18), on_time=True)  # fmt: skip
    make_unit(returned, result="fault_confirmed", fault="no_output", inspected=at(2026, 1, 16),
              charge="30.00", production_batch=top_batch)  # fmt: skip
    make_unit(returned)
    make_claim(submitted=at(2026, 1, 10))
    make_invitation(sent=at(2026, 1, 12), answered=at(2026, 1, 13), csat=5, nps=10,
                    comment="Fast and friendly")  # fmt: skip

    rms_batch = make_production_batch("R1", shipped=500, model=foreign_model)
    swollen = make_order(model=foreign_model, batch=rms_batch, fault="swelling",
                         created=at(2026, 1, 10), closed=at(2026, 1, 12), serious=True,
                         due_on=date(2026, 1, 11), exclusions=["force_majeure"])  # fmt: skip
    make_quote(swollen, "999.00", decided=at(2026, 1, 12))
    rms_part = make_part("RMS-CELL", "Cell", "电芯", "9.00", brand_=other_brand)
    make_part_use(swollen, rms_part, 4, "9.00")
    DealerShipment.objects.create(brand=other_brand, dealer=romoss_dealer,
                                  month=date(2026, 1, 1), units=1000)  # fmt: skip
    rms_returned = make_return_batch(dealer_=romoss_dealer, brand_=other_brand, status="shipped",
                                     received=at(2026, 1, 15), first_shipped=at(2026, 1, 25),
                                     on_time=False)  # fmt: skip
    make_unit(rms_returned, model=foreign_model, result="fault_confirmed", fault="swelling",
              inspected=at(2026, 1, 16), charge="50.00", production_batch=rms_batch)  # fmt: skip
    make_claim(submitted=at(2026, 1, 10), dealer_=romoss_dealer, brand_=other_brand, late=True,
               model=foreign_model)  # fmt: skip
    make_invitation(sent=at(2026, 1, 12), answered=at(2026, 1, 13), csat=1, nps=0,
                    model=foreign_model, comment="差评RMS")  # fmt: skip


# What ROMOSS's data looks like on a page, an export or an API answer.
MARKS = ("ROMOSS", "罗马仕", "RMS-PB20", "Swollen battery", "Force majeure", "上海数码",
         "差评RMS", "RMS-CELL", "999.0")  # fmt: skip
PERIOD = {"start": "2026-01-01", "end": "2026-03-31"}
