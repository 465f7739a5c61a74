"""The steps a generated service order goes through, with their times, cut at the present.

The paths follow the workflow's transition table: a minor fault repaired on the spot and
signed for; a bench repair, sometimes waiting for parts or failing once; a replacement or
refund where the decision offers one; a serious fault sent to headquarters; a quote
approved or declined outside the warranty; no fault found; a cancellation. Serious faults
with a repair deadline close on time about nine times in ten.
"""

import json
import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from sanbao.insights import history_words as words
from sanbao.insights.history_decisions import Template
from sanbao.insights.history_feedback import Experience
from sanbao.insights.history_setting import (
    DAY,
    BrandSetting,
    ModelSetting,
    OutletSetting,
    Setting,
    as_datetime,
    day_start,
    local_hour,
)
from sanbao.policy.codes import FAULTS, INSPECTION_EXCLUSIONS
from sanbao.service.models import Action, Shipment, Status

H = 3600.0
# Plain strings: a million orders compare and write them faster than the choices' members.
S = SimpleNamespace(**{status.name: status.value for status in Status})
A = SimpleNamespace(**{action.name: action.value for action in Action})
ON_TIME = 0.9
CANCELLED = 0.035
STALLED = 0.03
_CLOSING = {A.CLOSE, A.CANCEL, A.REFUND}


@dataclass(slots=True)
class OrderCase:
    scenario: str
    exclusions: tuple[str, ...]
    claimed: str  # the fault the customer reported
    fault: str  # the fault the technician found
    batch: int | None
    purchase: date | None
    intake: str
    channel: str
    card: bool


@dataclass(slots=True)
class Path:
    status: str = S.REGISTERED
    events: list[tuple[Any, ...]] = field(default_factory=list)
    quotes: list[tuple[Any, ...]] = field(default_factory=list)
    part_uses: list[tuple[Any, ...]] = field(default_factory=list)
    shipments: list[tuple[Any, ...]] = field(default_factory=list)
    findings: str = ""
    diagnosed: bool = False
    labour_minutes: int = 0
    failed_repairs: int = 0
    at_hq: bool = False
    closed_at: float | None = None
    overdue_at: float | None = None
    experience: Experience = field(default_factory=Experience)


@dataclass(slots=True)
class _Step:
    action: str
    to_status: str
    gap: float  # seconds after the step before
    note: str = ""


class _Planner:
    __slots__ = ("brand", "case", "created", "due", "first_time", "model", "mood", "outlet",
                 "quote", "rng", "setting", "template")  # fmt: skip

    def __init__(
        self, rng: random.Random, setting: Setting, brand: BrandSetting, outlet: OutletSetting,
        model: ModelSetting, case: OrderCase, template: Template, created: float,
        due: date | None,
    ) -> None:  # fmt: skip
        self.rng, self.setting, self.brand, self.outlet = rng, setting, brand, outlet
        self.model, self.case, self.template = model, case, template
        self.created, self.due = created, due
        self.quote: dict[str, Any] | None = None
        self.mood = 0.0
        self.first_time = True

    def u(self, low_hours: float, high_hours: float) -> float:
        return self.rng.uniform(low_hours, high_hours) * H

    def work(self) -> list[_Step]:
        """The steps up to the product being ready (or the order closed)."""
        rng, case, template = self.rng, self.case, self.template
        stall = 0.0
        if rng.random() < STALLED:  # parts on back order, a lost parcel: weeks, now and then months
            stall = (20 + min(400.0, rng.expovariate(1 / 60))) * DAY
        diagnose = _Step(A.DIAGNOSE, S.DIAGNOSING, self.u(0.3, 20), self.findings())
        if rng.random() < CANCELLED:
            steps = [diagnose] if rng.random() < 0.5 else []
            reason = rng.choice(words.CANCEL_REASONS)
            return [*steps, _Step(A.CANCEL, S.CANCELLED, self.u(2, 24 * 8) + stall, reason)]
        if case.fault == "no_fault_found":
            return [
                diagnose,
                _Step(A.RETURN_UNREPAIRED, S.READY, self.u(0.5, 24), "无故障, 原样退回"),
            ]
        if template.coverage not in ("in_warranty", "recall"):
            return self._paid(diagnose, stall)
        remedies = template.remedies
        if "refund" in remedies and rng.random() < 0.4:
            self.mood += 0.3
            amount = rng.choice((69, 99, 129, 159, 199))
            note = f"Refunded ¥{amount}.00; the product stays with the service centre."
            return [diagnose, _Step(A.REFUND, S.CLOSED, self.u(1, 48), note)]
        if "replace" in remedies and (template.hazard or rng.random() < 0.6):
            self.mood += 0.3
            note = "Replaced by a new unit; the old unit stays with the service centre."
            return [diagnose, _Step(A.REPLACE, S.READY, self.u(1, 48) + stall, note)]
        if not template.serious and case.intake == "walk_in" and rng.random() < 0.7:
            self.mood += 0.5
            return [_Step(A.REPAIR_ON_SPOT, S.READY, self.u(0.15, 1), rng.choice(words.REPAIRS))]
        hq = self.brand.hq
        if (
            hq is not None
            and not self.outlet.is_hq
            and (template.hazard or (template.serious and rng.random() < 0.08))
        ):
            self.mood -= 0.2
            self.first_time = False
            courier = rng.choice(words.COURIERS)
            note = f"{courier} {_tracking(rng, courier)}"
            transfer = _Step(A.TRANSFER_TO_HQ, S.TRANSFERRED_TO_HQ, self.u(1, 20), note)
            diagnose.gap = self.u(24, 72) + stall
            return [transfer, diagnose, *self._bench(0.0)]
        return [diagnose, *self._bench(stall)]

    def _bench(self, stall: float) -> list[_Step]:
        rng = self.rng
        steps = [_Step(A.START_REPAIR, S.REPAIRING, self.u(0.5, 30))]
        if rng.random() < 0.15 or stall:
            self.mood -= 0.3
            self.first_time = False
            waiting = rng.choice(words.WAITING_FOR)
            steps += [_Step(A.AWAIT_PARTS, S.AWAITING_PARTS, self.u(1, 6), waiting),
                      _Step(A.START_REPAIR, S.REPAIRING, self.u(48, 240) + stall)]  # fmt: skip
        if rng.random() < 0.03:
            self.first_time = False
            failed = "老化测试未通过, 重新检测"
            steps += [_Step(A.REPAIR_FAILED, S.DIAGNOSING, self.u(2, 30), failed),
                      _Step(A.START_REPAIR, S.REPAIRING, self.u(1, 24))]  # fmt: skip
        return [*steps, _Step(A.REPAIR, S.READY, self.u(1, 48), rng.choice(words.REPAIRS))]

    def _paid(self, diagnose: _Step, stall: float) -> list[_Step]:
        rng = self.rng
        self.mood -= 0.5 if self.template.coverage == "excluded" else 0.3
        if rng.random() < 0.15:
            note = rng.choice(words.UNREPAIRED)
            return [diagnose, _Step(A.RETURN_UNREPAIRED, S.READY, self.u(0.5, 24), note)]
        self.quote = self._priced()
        quote = _Step(A.QUOTE, S.QUOTED, self.u(0.5, 24), f"Quote ¥{self.quote['total']}")
        answer_gap = min(rng.expovariate(1 / (24 * H)), 10 * 24 * H) + 600
        if stall or rng.random() < 0.04:
            self.quote["answer"] = ""
            note = "客户未回复报价, 取消"
            wait = self.u(20 * 24, 40 * 24) if rng.random() < 0.7 else 10_000 * DAY  # or never
            return [diagnose, quote, _Step(A.CANCEL, S.CANCELLED, wait, note)]
        declined = rng.random() < min(0.7, 0.2 + float(self.quote["total"]) / 400)
        via_portal = rng.random() < 0.6
        self.quote["answer"] = "declined" if declined else "approved"
        self.quote["via"] = "portal" if via_portal else "desk"
        note = "By the customer on the portal" if via_portal else ""
        if declined:
            self.mood -= 0.6
            answer = _Step(A.DECLINE, S.DECLINED, answer_gap, note)
            give_back = _Step(
                A.RETURN_UNREPAIRED, S.READY, self.u(0.5, 24), "客户不接受报价, 原样退回"
            )
            return [diagnose, quote, answer, give_back]
        answer = _Step(A.APPROVE, S.APPROVED, answer_gap, note)
        start = _Step(A.START_REPAIR, S.REPAIRING, self.u(1, 24))
        repair = _Step(A.REPAIR, S.READY, self.u(1, 48), self.rng.choice(words.REPAIRS))
        return [diagnose, quote, answer, start, repair]

    def _priced(self) -> dict[str, Any]:
        rng, pays = self.rng, self.template.customer_pays
        lines, parts_total = [], Decimal("0.00")
        if self.model.parts:
            part = rng.choice(self.model.parts)
            basis = pays.get("parts", "free")
            price = Decimal(0)
            if basis == "standard_price":
                price = Decimal(part.standard_price or part.mass_production_cost)
            elif basis != "free":
                price = Decimal(part.mass_production_cost)
            price = price.quantize(Decimal("0.01"))
            lines.append({"code": part.code, "name_en": part.name_en, "name_zh": part.name_zh,
                          "quantity": 1, "unit_price": str(price), "part": part.pk})  # fmt: skip
            parts_total = price
        labour = Decimal(rng.choice((20, 30, 40, 60))) if "labour" in pays else Decimal(0)
        freight = Decimal(0)
        if "freight_out" in pays and self.case.intake == "mail_in":
            freight = Decimal(rng.choice((8, 10, 12, 15, 18)))
        total = (parts_total + labour + freight).quantize(Decimal("0.01"))
        cents = Decimal("0.01")
        return {"lines": lines, "parts_total": parts_total, "labour": labour.quantize(cents),
                "freight": freight.quantize(cents), "total": total}  # fmt: skip

    def findings(self) -> str:
        text = words.FINDINGS.get(self.case.fault, "")
        for code in self.case.exclusions:
            if code in INSPECTION_EXCLUSIONS and code in words.EXCLUSION_FINDINGS:
                text = f"{words.EXCLUSION_FINDINGS[code]}; {text}"
        return text

    def closing(self, parcel: bool) -> list[_Step]:
        """Hand-back: signed for at the desk, or sent by parcel and closed on arrival."""
        rng = self.rng
        if not parcel:
            pickup = self.u(0.1, 24) if rng.random() < 0.6 else self.u(24, 24 * 7)
            signed = "Signed by the customer on the service card."
            return [_Step(A.HAND_BACK, S.RETURNED, pickup), _Step(A.CLOSE, S.CLOSED, 30, signed)]
        courier = rng.choice(words.COURIERS)
        send = _Step(A.HAND_BACK, S.RETURNED, self.u(1, 24), f"{courier} {_tracking(rng, courier)}")
        return [send, _Step(A.CLOSE, S.CLOSED, self.u(24, 96))]


def _tracking(rng: random.Random, courier: str) -> str:
    return f"{words.COURIER_CODES.get(courier, 'EX')}{rng.randrange(10**12):012d}"


def _in_hours(rng: random.Random, moment: float, low: float, high: float) -> float:
    """The moment, moved into the working hours of its day where the bounds allow."""
    hour = local_hour(moment)
    if 9 <= hour < 20:
        return moment
    base = moment - hour * H
    moved = base + (rng.uniform(9, 10) if hour < 9 else rng.uniform(18, 19.9)) * H
    return moved if low < moved < high else moment


def path_plan(
    *, rng: random.Random, setting: Setting, brand: BrandSetting, outlet: OutletSetting,
    model: ModelSetting, case: OrderCase, template: Template, created: float, due: date | None,
) -> Path:  # fmt: skip
    planner = _Planner(rng, setting, brand, outlet, model, case, template, created, due)
    work = planner.work()
    at_hq = any(step.action == A.TRANSFER_TO_HQ for step in work)
    steps = work
    if work[-1].to_status == S.READY:
        steps = [*work, *planner.closing(parcel=case.intake == "mail_in" or at_hq)]
    times = _timed(rng, steps, len(work), created, due)
    return _cut(rng, planner, steps, times, at_hq)


def _timed(
    rng: random.Random, steps: list[_Step], work: int, created: float, due: date | None
) -> list[float]:
    """Each step's time; a serious fault with a deadline is finished on time (mostly)."""
    gaps = [step.gap for step in steps]
    if due is not None and steps[-1].action == A.CLOSE:
        target = _close_target(rng, created, due)
        closing = sum(gaps[work:])
        scaled = work if target - created > closing + H else len(gaps)
        natural = sum(gaps[:scaled]) or 1.0
        room = target - created - sum(gaps[scaled:])
        gaps = [gap * room / natural for gap in gaps[:scaled]] + gaps[scaled:]
    times, at = [], created
    for gap in gaps:
        at = max(at + 60, _in_hours(rng, at + gap, at, at + gap + 12 * H))
        times.append(at)
    return times


def _close_target(rng: random.Random, created: float, due: date) -> float:
    if rng.random() > ON_TIME:
        return day_start(due) + rng.uniform(1, 8) * DAY + rng.uniform(10, 19) * H
    midnight = created - (created + 8 * H) % DAY
    span = max(0.0, (day_start(due) - midnight) / DAY)
    target = midnight + round(rng.triangular(0, span, span * 0.3)) * DAY + rng.uniform(10, 19) * H
    return min(max(target, created + 2 * H), day_start(due) + 19.9 * H)


def _cut(
    rng: random.Random, planner: _Planner, steps: list[_Step], times: list[float], at_hq: bool
) -> Path:
    """The steps that have happened by now, and what they left behind."""
    setting = planner.setting
    moment = setting.moment
    outlet = planner.outlet
    tech = setting.staff["hq_technician"] if at_hq else outlet.technician
    desk = outlet.desk
    path = Path(findings=planner.findings())
    path.events.append(("register", "", S.REGISTERED, "", desk, as_datetime(planner.created)))
    status = S.REGISTERED
    closed = times[-1] if steps[-1].action in _CLOSING else None
    overdue = None
    if planner.due is not None:
        due_end = day_start(planner.due) + DAY
        if closed is None or closed > due_end:
            overdue = due_end + rng.uniform(60, 900)
    quoted_at = None
    for step, at in zip(steps, times, strict=True):
        if overdue is not None and overdue <= at and overdue <= moment and path.overdue_at is None:
            path.overdue_at = overdue
            note = f"{planner.due} (+1)"
            path.events.append(("overdue", status, status, note, None, as_datetime(overdue)))
        if at > moment:
            break
        by: int | None = desk if step.action in (A.HAND_BACK, A.CLOSE, A.CANCEL) else tech
        if step.action == A.TRANSFER_TO_HQ:
            by = outlet.technician
            courier, tracking = step.note.split(" ", 1)
            path.shipments.append(
                (Shipment.Leg.TO_HQ, courier, tracking, True, by, as_datetime(at))
            )
        if step.action in (A.APPROVE, A.DECLINE):
            by = None if step.note else desk
        if step.action == A.HAND_BACK and step.note:
            courier, tracking = step.note.split(" ", 1)
            path.shipments.append((Shipment.Leg.TO_CUSTOMER, courier, tracking, False, desk,
                                   as_datetime(at)))  # fmt: skip
        if step.action in (A.DIAGNOSE, A.REPAIR_ON_SPOT):
            path.diagnosed = True
        if step.action == A.QUOTE:
            quoted_at = at
        if step.action in (A.REPAIR, A.REPAIR_ON_SPOT):
            _repaired(rng, planner, path, step.action, at, tech, at_hq)
        if step.action == A.TRANSFER_TO_HQ:
            path.at_hq = True
        path.events.append((step.action, status, step.to_status, step.note, by, as_datetime(at)))
        status = step.to_status
        if step.action in _CLOSING:
            path.closed_at = at
    if overdue is not None and path.overdue_at is None and overdue <= moment:
        path.overdue_at = overdue
        path.events.append(("overdue", status, status, f"{planner.due} (+1)", None,
                            as_datetime(overdue)))  # fmt: skip
    path.status = status
    path.failed_repairs = sum(1 for event in path.events if event[0] == A.REPAIR_FAILED)
    if planner.quote is not None and quoted_at is not None:
        path.quotes.append(_quote_row(planner, path, quoted_at, tech, desk))
    _experience(planner, path, times[-1], overdue)
    return path


def _repaired(
    rng: random.Random, planner: _Planner, path: Path, action: str, at: float, tech: int,
    at_hq: bool,
) -> None:  # fmt: skip
    on_spot = action == A.REPAIR_ON_SPOT
    path.labour_minutes += rng.randint(10, 30) if on_spot else rng.randint(20, 120)
    parts = planner.model.parts
    if not parts or rng.random() > (0.6 if on_spot else 0.75):
        return
    where = planner.brand.hq.id if at_hq and planner.brand.hq else planner.outlet.id
    if planner.quote is not None and planner.quote["lines"]:
        line = planner.quote["lines"][0]
        path.part_uses.append((line["part"], where, 1, Decimal(line["unit_price"]), tech,
                               as_datetime(at)))  # fmt: skip
        return
    part = rng.choice(parts)
    path.part_uses.append((part.pk, where, 2 if rng.random() < 0.1 else 1, Decimal("0.00"), tech,
                           as_datetime(at)))  # fmt: skip


def _quote_row(
    planner: _Planner, path: Path, quoted_at: float, tech: int, desk: int
) -> tuple[Any, ...]:
    quote = planner.quote
    assert quote is not None
    answer = quote.get("answer", "")
    decided = next((e for e in path.events if e[0] in (A.APPROVE, A.DECLINE)), None)
    lines = [{k: v for k, v in line.items() if k != "part"} for line in quote["lines"]]
    status = answer if decided and answer else "pending"
    via = quote.get("via", "") if decided else ""
    return (
        _json(lines), quote["parts_total"], quote["labour"], quote["freight"], quote["total"],
        planner.template.charges_json, status, tech, as_datetime(quoted_at),
        decided[5] if decided else None, via,
    )  # fmt: skip


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _experience(planner: _Planner, path: Path, finished: float, overdue: float | None) -> None:
    days = (finished - planner.created) / DAY
    mood = planner.mood - (1.2 if overdue is not None else 0.0)
    mood -= 0.8 if days > 10 else 0.3 if days > 5 else 0.0
    if FAULTS[planner.case.fault].hazard:
        mood -= 0.4
    path.experience = Experience(mood=mood, fixed_first_time=planner.first_time)
