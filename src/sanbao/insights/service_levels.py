"""Service levels: SLA compliance (serious repairs in 7 working days, the dealers' return
cycle in 3, damage declarations within their window), the backlog, and turnaround."""

from datetime import timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sanbao.claims.models import ClaimStatus, DamageClaim
from sanbao.insights.charts import Board, Cell, Chart, Figure, Table, bars, lines, percent
from sanbao.insights.periods import as_month, label, month_of, months
from sanbao.insights.scope import Scope
from sanbao.returns.models import BatchStatus, ReturnBatch
from sanbao.service.models import OPEN_STATUSES, ServiceOrder, Status

# Orders are counted as COUNT(*) or COUNT(created_at) (never null): with every other column
# in the covering indexes order_reported / order_closed_cover, PostgreSQL reads the index alone.
AGES = ((0, 2), (3, 7), (8, 14), (15, 30), (31, None))  # days since registration
TURNAROUND = ((0, 0), (1, 1), (2, 2), (3, 3), (4, 5), (6, 7), (8, 10), (11, 15), (16, 30),
              (31, None))  # fmt: skip


def _age_words(low: int, high: int | None) -> str:
    if high is None:
        return _("over %(days)s days") % {"days": low - 1}
    if low == high:
        return _("%(days)s d") % {"days": low}
    return _("%(low)s-%(high)s d") % {"low": low, "high": high}


def _monthly(rows: object, *, on_time: str = "on_time") -> dict[object, tuple[int, int]]:
    return {as_month(r["month"]): (r["total"], r[on_time]) for r in rows}  # type: ignore[attr-defined]


def sla_chart(scope: Scope) -> tuple[Chart, list[Figure]]:
    serious = (
        ServiceOrder.objects.filter(scope.outlet_side(), scope.during("closed_at"))
        .filter(serious=True, due_on__isnull=False, status__in=[Status.CLOSED, Status.RETURNED])
        .annotate(month=month_of("closed_at")).values("month")
        .annotate(total=Count("*"),
                  on_time=Count("created_at", filter=Q(closed_at__date__lte=F("due_on"))))
    )  # fmt: skip
    cycles = (
        ReturnBatch.objects.filter(scope.dealer_side(), scope.during("first_shipped_at"))
        .annotate(month=month_of("first_shipped_at")).values("month")
        .annotate(total=Count("*"), on_time=Count("pk", filter=Q(shipped_on_time=True)))
    )  # fmt: skip
    claims = DamageClaim.objects.filter(scope.dealer_side(), scope.during("submitted_at"))
    if scope.model_id:
        claims = claims.filter(lines__model_id=scope.model_id)
    declared = (
        claims.exclude(status=ClaimStatus.DRAFT)
        .annotate(month=month_of("submitted_at")).values("month")
        .annotate(total=Count("pk", distinct=True),
                  on_time=Count("pk", distinct=True, filter=Q(late=False)))
    )  # fmt: skip
    series = {
        "repairs": _monthly(serious), "cycles": _monthly(cycles), "claims": _monthly(declared)
    }  # fmt: skip
    rows: list[list[Cell]] = []
    shares: dict[str, list[Cell]] = {key: [] for key in series}
    for month in months(scope):
        row: list[Cell] = [label(month)]
        for key, by_month in series.items():
            total, on_time = by_month.get(month, (0, 0))
            shares[key].append(percent(on_time, total))
            row += [total, on_time, percent(on_time, total)]
        rows.append(row)
    names = {
        "repairs": _("Serious repairs in 7 working days"),
        "cycles": _("Return cycle in 3 working days"),
        "claims": _("Declarations within 24 hours"),
    }
    columns = [_("Month")]
    for key in series:
        columns += [f"{names[key]}: {_('total')}", f"{names[key]}: {_('on time')}",
                    f"{names[key]}: %"]  # fmt: skip
    chart = Chart(
        "sla", _("SLA compliance by month, percent on time"), Table(columns, rows),
        lines([r[0] for r in rows], {names[k]: v for k, v in shares.items()}, unit="%",
              y_min=0, y_max=100),
        note=_("Serious repairs count from registration to hand-back; return batches from "
               "receipt to the first shipment back; declarations from signing for the goods."),
    )  # fmt: skip
    figures = []
    for key, by_month in series.items():
        total = sum(t for t, _o in by_month.values())
        on_time = sum(o for _t, o in by_month.values())
        share = percent(on_time, total)
        tone = "" if share is None else "good" if share >= 90 else "bad"
        value = "—" if share is None else f"{share:.1f} %"
        hint = _("%(on_time)s of %(total)s on time") % {"on_time": on_time, "total": total}
        figures.append(Figure(names[key], value, hint, tone))
    return chart, figures


def backlog_chart(scope: Scope) -> tuple[Chart, Figure]:
    now = timezone.now()
    buckets = {}
    for low, high in AGES:
        where = Q(created_at__lte=now - timedelta(days=low))
        if high is not None:
            where &= Q(created_at__gt=now - timedelta(days=high + 1))
        buckets[_age_words(low, high)] = Count("created_at", filter=where)
    counts = {
        row["status"]: row
        for row in ServiceOrder.objects.filter(scope.outlet_side(), status__in=OPEN_STATUSES)
        .values("status").annotate(**{f"b{i}": c for i, c in enumerate(buckets.values())})
    }  # fmt: skip
    statuses = [s for s in Status if s.value in OPEN_STATUSES and s.value in counts]
    rows: list[list[Cell]] = []
    for status in statuses:
        found = [int(counts[status.value][f"b{i}"]) for i in range(len(buckets))]
        rows.append([str(status.label), *found, sum(found)])
    table = Table([_("Status"), *buckets.keys(), _("Open")], rows)
    series = {name: [r[i + 1] for r in rows] for i, name in enumerate(buckets)}
    chart = Chart(
        "backlog", _("Open service orders by state and age"), table,
        bars([r[0] for r in rows], series, stacked=True, rotate=True, unit=_("orders")),
        note=_("Now, whatever the period: age counts from registration."),
    )  # fmt: skip
    open_total = sum(int(r[-1] or 0) for r in rows)
    return chart, Figure(_("Open orders now"), str(open_total))


def open_batches_chart(scope: Scope) -> Chart:
    today = timezone.localdate()
    rows = []
    waiting = [
        BatchStatus.SUBMITTED, BatchStatus.IN_TRANSIT, BatchStatus.RECEIVED,
        BatchStatus.INSPECTING, BatchStatus.READY_TO_SHIP, BatchStatus.PART_SHIPPED,
    ]  # fmt: skip
    found = {
        row["status"]: row
        for row in ReturnBatch.objects.filter(scope.dealer_side(), status__in=waiting)
        .values("status")
        .annotate(total=Count("*"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    }  # fmt: skip
    for status in waiting:
        if status.value in found:
            row = found[status.value]
            rows.append([str(status.label), row["total"], row["overdue"]])
    table = Table([_("Status"), _("Batches"), _("Past their due day")], rows)
    return Chart(
        "open-batches", _("Open return batches"), table,
        bars([r[0] for r in rows], {_("Batches"): [r[1] for r in rows],
                                    _("Past their due day"): [r[2] for r in rows]}),
    )  # fmt: skip


def turnaround_chart(scope: Scope) -> tuple[Chart, Figure]:
    took = ExpressionWrapper(F("closed_at") - F("created_at"), output_field=DurationField())
    buckets = {}
    for low, high in TURNAROUND:
        where = Q(took__gte=timedelta(days=low))
        if high is not None:
            where &= Q(took__lt=timedelta(days=high + 1))
        buckets[_age_words(low, high)] = where
    counts = (
        ServiceOrder.objects.filter(scope.outlet_side(), scope.during("closed_at"))
        .filter(status__in=[Status.CLOSED, Status.RETURNED]).annotate(took=took)
        .values("serious")
        .annotate(average=Avg("took"),
                  **{f"b{i}": Count("created_at", filter=w)
                     for i, w in enumerate(buckets.values())})
    )  # fmt: skip
    by_kind = {row["serious"]: row for row in counts}
    kinds = {True: _("Serious faults"), False: _("Other faults")}
    rows = []
    for i, name in enumerate(buckets):
        rows.append([name, *(by_kind.get(k, {}).get(f"b{i}", 0) for k in kinds)])
    table = Table([_("Days from registration to closing"), *kinds.values()], rows)
    chart = Chart(
        "turnaround", _("Turnaround of closed orders"), table,
        bars([r[0] for r in rows], {kinds[k]: [r[j + 1] for r in rows] for j, k in
                                    enumerate(kinds)}, unit=_("orders")),
    )  # fmt: skip
    weighted = [(row["average"], sum(row[f"b{i}"] for i in range(len(buckets))))
                for row in counts if row["average"] is not None]  # fmt: skip
    total = sum(n for _a, n in weighted)
    average = sum((a.total_seconds() * n for a, n in weighted), 0.0) / total if total else None
    value = "—" if average is None else _("%(days).1f days") % {"days": average / 86400}
    return chart, Figure(
        _("Average turnaround"),
        value,
        ngettext("%(n)s closed order", "%(n)s closed orders", total) % {"n": total},
    )


def service_levels(scope: Scope) -> Board:
    sla, figures = sla_chart(scope)
    backlog, open_now = backlog_chart(scope)
    turnaround, average = turnaround_chart(scope)
    return Board(
        figures=[*figures, open_now, average],
        charts=[sla, backlog, open_batches_chart(scope), turnaround],
    )
