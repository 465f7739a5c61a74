"""The quality early warning: each production batch's failure rate on its model's p-chart,
and the batches to watch (above the upper control limit, or with a hazard fault).

A batch's defects are its confirmed faults in the period: service orders past diagnosis
that found a fault the user did not cause, and returned units whose inspection confirmed
one. Its size is the units shipped from it. Every count is a GROUP BY in the database.
"""

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _

from sanbao.accounts.models import User
from sanbao.catalog.models import ProductionBatch
from sanbao.insights.charts import Board, Cell, Chart, Figure, Table
from sanbao.insights.scope import Scope, ScopeForm
from sanbao.policy.codes import FAULTS, NO_FAULT
from sanbao.returns.models import InspectionResult, ReturnUnit
from sanbao.service.models import IntakePhoto, ServiceOrder, Status
from sanbao.warranty.labels import fault_label

HAZARD_FAULTS = frozenset(code for code, fault in FAULTS.items() if fault.hazard)
NOT_CONFIRMED = (Status.REGISTERED, Status.DIAGNOSING, Status.CANCELLED)
EXCLUDED = "excluded"  # coverage: the user's doing, not a production defect
SIGMAS = 3
ABOVE_UCL, HAZARD = "above_ucl", "hazard"
RED, BLUE, GREY = "#dc3545", "#0d6efd", "#6c757d"


class QualityScopeForm(ScopeForm):
    """The dashboards' filters without outlet and dealer: a batch's rate is measured
    against everything it shipped, so its faults count wherever they were reported."""

    def __init__(self, data: Any, *, user: User) -> None:
        super().__init__(data, user=user)
        del self.fields["outlet"], self.fields["dealer"]


def confirmed_orders() -> Q:
    """Service orders whose fault is confirmed and not the user's doing."""
    return (
        ~Q(status__in=NOT_CONFIRMED) & ~Q(fault_code=NO_FAULT) & ~Q(coverage=EXCLUDED)
    )  # fmt: skip


def confirmed_units() -> Q:
    """Returned units whose inspection confirmed a fault the user did not cause."""
    return Q(result=InspectionResult.FAULT_CONFIRMED) & ~Q(coverage=EXCLUDED)


@dataclass(frozen=True)
class BatchRate:
    batch: ProductionBatch  # with its model
    n: int  # units shipped
    confirmed: int
    hazard_faults: tuple[tuple[str, int], ...]  # (fault code, count), most first
    p: float | None  # confirmed / n
    p_bar: float | None  # the model's centre line
    ucl: float | None
    lcl: float | None
    reasons: tuple[str, ...]  # ABOVE_UCL, HAZARD

    @property
    def model(self) -> Any:
        return self.batch.model

    @property
    def hazards(self) -> int:
        return sum(count for _code, count in self.hazard_faults)

    @property
    def flagged(self) -> bool:
        return bool(self.reasons)

    @property
    def above_ucl(self) -> bool:
        return ABOVE_UCL in self.reasons

    @property
    def excess(self) -> float:
        """The rate as a multiple of the upper limit (ranks the watch list)."""
        if self.p is None or not self.ucl:
            return 0.0
        return self.p / self.ucl

    @property
    def why(self) -> str:
        words = []
        if ABOVE_UCL in self.reasons:
            words.append(_("Above the upper control limit"))
        if self.hazard_faults:
            found = ", ".join(f"{fault_label(code)} × {n}" for code, n in self.hazard_faults)  # noqa: RUF001
            words.append(_("Hazard faults: %(faults)s") % {"faults": found})
        return "; ".join(words)

    def per_mille(self, name: str) -> float | None:
        value = getattr(self, name)
        return None if value is None else round(1000 * value, 2)

    @property
    def p_per_mille(self) -> float | None:
        return self.per_mille("p")

    @property
    def ucl_per_mille(self) -> float | None:
        return self.per_mille("ucl")

    @property
    def p_bar_per_mille(self) -> float | None:
        return self.per_mille("p_bar")


def _batches(scope: Scope) -> QuerySet[ProductionBatch]:
    batches = ProductionBatch.objects.filter(model__brand_id__in=scope.brand_ids)
    if scope.model_id:
        batches = batches.filter(model_id=scope.model_id)
    return batches


def batch_faults(scope: Scope, batches: QuerySet[ProductionBatch]) -> dict[int, Counter[str]]:
    """Confirmed faults per batch and fault code: one GROUP BY over orders, one over units."""
    # IS NOT NULL spelled out lets the planner use partial indexes on batched rows.
    on_batches = Q(production_batch__isnull=False, production_batch_id__in=batches.values("pk"))
    orders = ServiceOrder.objects.filter(confirmed_orders(), scope.during("created_at"), on_batches)
    units = ReturnUnit.objects.filter(confirmed_units(), scope.during("inspected_at"), on_batches)
    found: dict[int, Counter[str]] = defaultdict(Counter)
    for rows in (orders, units):
        grouped = rows.values("production_batch_id", "fault_code").annotate(n=Count("*"))
        for row in grouped.order_by():
            found[row["production_batch_id"]][row["fault_code"]] += row["n"]
    return found


def _limits(p_bar: float | None, n: int) -> tuple[float | None, float | None]:
    if p_bar is None or n <= 0:
        return None, None
    sigma = math.sqrt(p_bar * (1 - p_bar) / n)
    return p_bar + SIGMAS * sigma, max(0.0, p_bar - SIGMAS * sigma)


def _rate(batch: ProductionBatch, faults: Counter[str], p_bar: float | None) -> BatchRate:
    n, confirmed = batch.units_shipped, sum(faults.values())
    p = confirmed / n if n else None
    ucl, lcl = _limits(p_bar, n)
    hazards = tuple(
        sorted(((c, k) for c, k in faults.items() if c in HAZARD_FAULTS), key=lambda f: -f[1])
    )
    reasons = []
    if p is not None and ucl is not None and p > ucl:
        reasons.append(ABOVE_UCL)
    if hazards:
        reasons.append(HAZARD)
    return BatchRate(batch, n, confirmed, hazards, p, p_bar, ucl, lcl, tuple(reasons))


def batch_failure_rates(scope: Scope) -> list[BatchRate]:
    """Every batch of the scope's models that shipped units or had a confirmed fault, by
    model and production order. The centre line p̄ of a model is Σ faults ÷ Σ shipped over
    its batches that shipped units; each batch's limits are p̄ ± 3·√(p̄(1-p̄)/n)."""
    batches = _batches(scope)
    faults = batch_faults(scope, batches)
    by_model: dict[int, list[ProductionBatch]] = defaultdict(list)
    ordered = batches.select_related("model").order_by("model__sku", "produced_from", "code")
    for batch in ordered:
        if batch.units_shipped or batch.pk in faults:
            by_model[batch.model_id].append(batch)
    rates = []
    for model_batches in by_model.values():
        shipped = [b for b in model_batches if b.units_shipped > 0]
        total_n = sum(b.units_shipped for b in shipped)
        total_d = sum(sum(faults[b.pk].values()) for b in shipped if b.pk in faults)
        p_bar = total_d / total_n if total_n else None
        rates += [_rate(b, faults.get(b.pk, Counter()), p_bar) for b in model_batches]
    return rates


def watch_list(scope: Scope, *, rates: list[BatchRate] | None = None) -> list[BatchRate]:
    """The flagged batches of every model in scope, worst first: hazards before rates."""
    found = batch_failure_rates(scope) if rates is None else rates
    flagged = [rate for rate in found if rate.flagged]
    return sorted(flagged, key=lambda r: (-r.hazards, -r.excess, -(r.p or 0), r.batch.code))


def chart_model(rates: Iterable[BatchRate]) -> int | None:
    """The model to draw when none is chosen: most flagged batches, else the first with data."""
    rates = list(rates)
    flagged = Counter(rate.batch.model_id for rate in rates if rate.flagged)
    if flagged:
        return flagged.most_common(1)[0][0]
    with_faults = [rate.batch.model_id for rate in rates if rate.confirmed]
    if with_faults:
        return with_faults[0]
    return rates[0].batch.model_id if rates else None


def p_chart_option(rows: list[list[Cell]], flagged: list[str]) -> dict[str, Any]:
    """A p-chart from the table rows: rates as points (flagged in red, hazards as
    triangles), the centre line, and the limits as steps (they narrow as n grows)."""
    points: list[Any] = []
    for row, reason in zip(rows, flagged, strict=True):
        if not reason:
            points.append(row[5])
            continue
        style = {"color": RED}
        points.append({"value": row[5], "itemStyle": style, "symbolSize": 11,
                       **({"symbol": "triangle"} if HAZARD in reason else {})})  # fmt: skip
    line = {"type": "line", "symbol": "none", "connectNulls": False}
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 56, "right": 24, "top": 40, "bottom": 72},
        "xAxis": {"type": "category", "data": [str(r[0]) for r in rows],
                  "axisLabel": {"rotate": 30}},
        "yAxis": {"type": "value", "name": "‰", "min": 0},
        "series": [
            {"name": _("Failure rate"), "type": "line", "data": points, "symbol": "circle",
             "showAllSymbol": True, "symbolSize": 8, "color": BLUE, "lineStyle": {"width": 1},
             "z": 3},
            {**line, "name": _("Centre line"), "data": [r[6] for r in rows], "color": GREY,
             "lineStyle": {"type": "dashed"}},
            {**line, "name": _("UCL"), "step": "middle", "data": [r[7] for r in rows],
             "color": RED, "lineStyle": {"type": "dashed"}},
            {**line, "name": _("LCL"), "step": "middle", "data": [r[8] for r in rows],
             "color": GREY, "lineStyle": {"type": "dotted"}},
        ],
    }  # fmt: skip


def p_chart(rates: list[BatchRate], model_id: int) -> Chart:
    drawn = [rate for rate in rates if rate.batch.model_id == model_id]
    rows: list[list[Cell]] = [
        [rate.batch.code, f"{rate.batch.produced_from:%Y-%m-%d}", rate.n, rate.confirmed,
         rate.hazards, rate.per_mille("p"), rate.per_mille("p_bar"), rate.per_mille("ucl"),
         rate.per_mille("lcl"), rate.why]
        for rate in drawn
    ]  # fmt: skip
    columns = [
        _("Batch"), _("Produced from"), _("Units shipped"), _("Confirmed faults"),
        _("Hazard faults"), _("Failure rate ‰"), _("Centre line ‰"), _("UCL ‰"), _("LCL ‰"),
        _("Flagged because"),
    ]  # fmt: skip
    model = drawn[0].model if drawn else None
    title = _("p-chart of %(model)s: confirmed faults per 1,000 units shipped") % {
        "model": model.sku if model else "—"
    }
    note = _(
        "Faults confirmed in service orders registered and returned units inspected in the "
        "period, per unit shipped from the batch. Control limits: the model's centre line "
        "± 3 standard deviations for the batch's size. Red: flagged; triangle: hazard fault."
    )
    flagged = ["+".join(rate.reasons) for rate in drawn]
    option = p_chart_option(rows, flagged)
    return Chart("p-chart", title, Table(columns, rows), option, note=note, height=380)


def quality_board(
    scope: Scope, model_id: int | None, *, rates: list[BatchRate] | None = None
) -> Board:
    """The figures of the whole scope and the p-chart of one model (none without data)."""
    rates = batch_failure_rates(scope) if rates is None else rates
    flagged = [rate for rate in rates if rate.flagged]
    hazards = sum(rate.hazards for rate in rates)
    figures = [
        Figure(_("Batches watched"), str(sum(1 for rate in rates if rate.n)),
               _("with units shipped")),
        Figure(_("Flagged batches"), str(len(flagged)),
               _("above the limit or with a hazard"), "bad" if flagged else "good"),
        Figure(_("Hazard faults"), str(hazards), _("swelling, burning, venting, leaking"),
               "bad" if hazards else ""),
    ]  # fmt: skip
    charts = []
    drawn = [rate for rate in rates if rate.batch.model_id == model_id]
    if drawn:
        p_bar = drawn[0].per_mille("p_bar")
        figures.append(Figure(
            _("Centre line of %(model)s") % {"model": drawn[0].model.sku},
            "—" if p_bar is None else f"{p_bar} ‰", _("confirmed faults per 1,000 shipped"),
        ))  # fmt: skip
        charts.append(p_chart(rates, drawn[0].batch.model_id))
    return Board(figures=figures, charts=charts)


EVIDENCE_ROWS = 100  # of each kind, hazards first, then the newest
EVIDENCE_PHOTOS = 24


@dataclass(frozen=True)
class FaultCount:
    code: str
    label: str
    orders: int
    units: int

    @property
    def total(self) -> int:
        return self.orders + self.units

    @property
    def hazard(self) -> bool:
        return self.code in HAZARD_FAULTS


@dataclass(frozen=True)
class EvidenceRow:
    """A confirmed fault as the evidence lists it: a service order or a returned unit."""

    reference: str
    url: str
    reported_at: Any  # datetime
    fault_code: str
    where: str  # the outlet or the dealer
    state: str
    serial: str

    @property
    def fault(self) -> str:
        return fault_label(self.fault_code)

    @property
    def hazard(self) -> bool:
        return self.fault_code in HAZARD_FAULTS


@dataclass(frozen=True)
class BatchEvidence:
    rate: BatchRate | None
    faults: list[FaultCount]
    orders: list[EvidenceRow]
    units: list[EvidenceRow]
    photos: Sequence[IntakePhoto]  # with their orders

    @property
    def orders_total(self) -> int:
        return sum(fault.orders for fault in self.faults)

    @property
    def units_total(self) -> int:
        return sum(fault.units for fault in self.faults)


def _hazards_first(field: str = "fault_code") -> Case:
    return Case(When(**{f"{field}__in": HAZARD_FAULTS}, then=Value(0)), default=Value(1),
                output_field=IntegerField())  # fmt: skip


def batch_evidence(batch: ProductionBatch, scope: Scope) -> BatchEvidence:
    """What a batch's rate rests on: its confirmed faults in the period, counted by code
    and listed (hazards first, at most EVIDENCE_ROWS of each kind), and the intake photos
    of the orders listed. The caller checks that the batch is in the user's brands."""
    model_scope = Scope(brand_ids=(batch.model.brand_id,), start=scope.start, end=scope.end,
                        model_id=batch.model_id)  # fmt: skip
    rate = next((r for r in batch_failure_rates(model_scope) if r.batch.pk == batch.pk), None)
    orders = ServiceOrder.objects.filter(
        confirmed_orders(), scope.during("created_at"), production_batch=batch
    )
    units = ReturnUnit.objects.filter(
        confirmed_units(), scope.during("inspected_at"), production_batch=batch
    )
    by_order = Counter({r["fault_code"]: r["n"] for r in orders.values("fault_code")
                        .annotate(n=Count("*")).order_by()})  # fmt: skip
    by_unit = Counter({r["fault_code"]: r["n"] for r in units.values("fault_code")
                       .annotate(n=Count("*")).order_by()})  # fmt: skip
    faults = [
        FaultCount(code, fault_label(code), by_order[code], by_unit[code])
        for code, _n in (by_order + by_unit).most_common()
    ]
    faults.sort(key=lambda f: (not f.hazard, -f.total))
    order_rows = [
        EvidenceRow(order.number, reverse("web:object_detail:service-orders", args=[order.pk]),
                    order.created_at, order.fault_code, order.outlet.name,
                    order.get_status_display(), order.serial)
        for order in orders.select_related("outlet")
        .annotate(first=_hazards_first()).order_by("first", "-created_at")[:EVIDENCE_ROWS]
    ]  # fmt: skip
    unit_rows = [
        EvidenceRow(f"{unit.batch.number} · {unit.line}",
                    reverse("returns:batch", args=[unit.batch.number]), unit.inspected_at,
                    unit.fault_code, unit.batch.dealer.name, unit.get_state_display(),
                    unit.serial)
        for unit in units.select_related("batch__dealer")
        .annotate(first=_hazards_first()).order_by("first", "-inspected_at")[:EVIDENCE_ROWS]
    ]  # fmt: skip
    shown = [row.reference for row in order_rows]
    photos = list(
        IntakePhoto.objects.filter(order__number__in=shown).select_related("order")
        .annotate(first=_hazards_first("order__fault_code"))
        .order_by("first", "-order__created_at", "pk")[:EVIDENCE_PHOTOS]
    )  # fmt: skip
    return BatchEvidence(rate, faults, order_rows, unit_rows, photos)
