"""Money and material: what repairs outside the warranty earned, and which parts they used."""

from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sanbao.insights.charts import Board, Cell, Chart, Figure, Table, bars
from sanbao.insights.faults import inspected_units
from sanbao.insights.periods import as_month, label, month_of, months
from sanbao.insights.scope import Scope
from sanbao.service.models import PartUse, Quote
from sanbao.warranty.labels import zh_active

TOP_PARTS = 15
ZERO = Decimal("0.00")


def _money(value: Decimal | None) -> Decimal:
    return (value or ZERO).quantize(Decimal("0.01"))


def _quotes(scope: Scope) -> Q:
    # Quotes have no brand of their own: the order's brand, outlet and model decide.
    where = Q(order__brand_id__in=scope.brand_ids)
    if scope.outlet_id:
        where &= Q(order__outlet_id=scope.outlet_id)
    if scope.model_id:
        where &= Q(order__model_id=scope.model_id)
    return where


def revenue_chart(scope: Scope) -> tuple[Chart, list[Figure]]:
    approved = (
        Quote.objects.filter(_quotes(scope), scope.during("decided_at"),
                             status=Quote.Status.APPROVED)
        .annotate(month=month_of("decided_at")).values("month")
        .annotate(total=Sum("total"), n=Count("*"))
    )  # fmt: skip
    repairs_by_month = {as_month(r["month"]): r for r in approved}
    charged = (
        inspected_units(scope).filter(charge__gt=0)
        .annotate(month=month_of("inspected_at")).values("month")
        .annotate(total=Sum("charge"), n=Count("*"))
    )  # fmt: skip
    units_by_month = {as_month(r["month"]): r for r in charged}
    rows: list[list[Cell]] = []
    total = ZERO
    for month in months(scope):
        repairs = repairs_by_month.get(month, {})
        units = units_by_month.get(month, {})
        paid, testing = _money(repairs.get("total")), _money(units.get("total"))
        total += paid + testing
        rows.append([label(month), repairs.get("n", 0), paid, units.get("n", 0), testing,
                     paid + testing])  # fmt: skip
    table = Table(
        [_("Month"), _("Paid repairs"), _("Paid repairs (CNY)"), _("Charged returned units"),
         _("Returned units (CNY)"), _("Total (CNY)")],
        rows,
    )  # fmt: skip
    option = bars([r[0] for r in rows], {_("Paid repairs (CNY)"): [r[2] for r in rows],
                                         _("Returned units (CNY)"): [r[4] for r in rows]},
                  stacked=True, unit="¥")  # fmt: skip
    answers = {
        r["status"]: r["n"]
        for r in Quote.objects.filter(_quotes(scope), scope.during("decided_at"))
        .values("status").annotate(n=Count("*"))
    }  # fmt: skip
    yes, no = answers.get(Quote.Status.APPROVED, 0), answers.get(Quote.Status.DECLINED, 0)
    share = round(100 * yes / (yes + no), 1) if yes + no else None
    figures = [
        Figure(_("Revenue outside the warranty"), f"¥{total:,.2f}"),
        Figure(_("Quotes approved"), "—" if share is None else f"{share} %",
               ngettext("%(n)s quote answered", "%(n)s quotes answered", yes + no)
               % {"n": yes + no}),
    ]  # fmt: skip
    chart = Chart("revenue", _("Revenue outside the warranty by month"), table, option,
                  note=_("Approved repair quotes by the day they were approved; testing and repair "
                         "charges of returned units by the day they were inspected."))  # fmt: skip
    return chart, figures


def parts_chart(scope: Scope) -> tuple[Chart, Figure]:
    where = _quotes(scope)
    used = (
        PartUse.objects.filter(where, scope.during("at"))
        .values("part__code", "part__name_en", "part__name_zh")
        .annotate(fitted=Sum("quantity"), orders=Count("order_id", distinct=True),
                  cost=Sum(F("quantity") * F("part__mass_production_cost")),
                  charged=Sum(F("quantity") * F("charged_each")))
        .order_by("-fitted", "part__code")
    )  # fmt: skip
    zh = zh_active()
    rows: list[list[Cell]] = [
        [f"{r['part__code']} {r['part__name_zh'] if zh else r['part__name_en']}", r["fitted"],
         r["orders"], _money(r["cost"]), _money(r["charged"])]
        for r in used[:TOP_PARTS]
    ]  # fmt: skip
    table = Table([_("Part"), _("Quantity"), _("Orders"), _("Cost (CNY)"), _("Charged (CNY)")],
                  rows)  # fmt: skip
    option = bars([r[0] for r in rows], {_("Quantity"): [r[1] for r in rows]}, rotate=True)
    total = sum(int(r[1] or 0) for r in rows)
    chart = Chart("parts", _("Parts consumed (most used first)"), table, option)
    return chart, Figure(_("Parts fitted"), str(total), _("the %(n)s most used parts") % {
        "n": len(rows)})  # fmt: skip


def money(scope: Scope) -> Board:
    revenue, figures = revenue_chart(scope)
    parts, fitted = parts_chart(scope)
    return Board(figures=[*figures, fitted], charts=[revenue, parts])
