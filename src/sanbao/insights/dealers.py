"""Dealers: how much of what each dealer sold comes back, and what their batches looked
like on arrival (missing, extra, wrong-model units, boxes short)."""

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sanbao.accounts.models import Dealer
from sanbao.catalog.models import DealerShipment
from sanbao.insights.charts import Board, Cell, Chart, Figure, Table, bars, percent
from sanbao.insights.scope import Scope
from sanbao.returns.models import ReturnBatch, ReturnUnit, UnitState


def _received(scope: Scope) -> Q:
    return scope.dealer_side() & scope.during("received_at")


def return_rates_chart(scope: Scope) -> tuple[Chart, Figure]:
    units = ReturnUnit.objects.filter(
        scope.dealer_side(brand="batch__brand_id", dealer="batch__dealer_id"),
        scope.during("batch__received_at"),
        declared=True,
    )
    shipped = DealerShipment.objects.filter(
        scope.dealer_side(), month__gte=scope.start.replace(day=1), month__lte=scope.end
    )
    if scope.model_id:
        units = units.filter(model_id=scope.model_id)
    returned = {r["batch__dealer_id"]: r["n"] for r in
                units.values("batch__dealer_id").annotate(n=Count("*"))}  # fmt: skip
    sold = {r["dealer_id"]: r["n"] for r in shipped.values("dealer_id").annotate(n=Sum("units"))}
    dealers = Dealer.objects.filter(pk__in=set(returned) | set(sold)).in_bulk()
    rows: list[list[Cell]] = []
    for dealer_id, dealer in sorted(dealers.items(), key=lambda d: -returned.get(d[0], 0)):
        back, out = returned.get(dealer_id, 0), sold.get(dealer_id, 0)
        rows.append([dealer.name, out, back, percent(back, out)])
    table = Table([_("Dealer"), _("Units shipped to the dealer"), _("Units returned"),
                   _("Return rate %")], rows)  # fmt: skip
    option = bars([r[0] for r in rows], {_("Return rate %"): [r[3] for r in rows]},
                  rotate=True, unit="%")  # fmt: skip
    note = _("Units on the packing lists of batches received in the period, against units "
             "shipped to the dealer in the period (from the serial registry). The model "
             "filter narrows the returns only.")  # fmt: skip
    chart = Chart("return-rates", _("Dealer return rates"), table, option, note=note)
    total_back = sum(returned.values())
    total_out = sum(sold.values())
    rate = percent(total_back, total_out)
    figure = Figure(
        _("Return rate"),
        "—" if rate is None else f"{rate} %",
        _("%(back)s of %(out)s units") % {"back": total_back, "out": total_out},
    )
    return chart, figure


def discrepancies_chart(scope: Scope) -> tuple[Chart, Figure]:
    batches = (
        ReturnBatch.objects.filter(_received(scope)).values("dealer_id")
        .annotate(
            batches=Count("pk", distinct=True),
            declared=Count("units", filter=Q(units__declared=True)),
            missing=Count("units", filter=Q(units__state=UnitState.MISSING)),
            extra=Count("units", filter=Q(units__declared=False)),
            wrong_model=Count("units", filter=Q(units__received_model__isnull=False)),
            short_boxes=Count("pk", distinct=True, filter=Q(boxes_received__lt=F("boxes"))),
        )
    )  # fmt: skip
    found = {r["dealer_id"]: r for r in batches}
    dealers = Dealer.objects.filter(pk__in=found).in_bulk()
    kinds = {
        "missing": _("Missing"), "extra": _("Extra"), "wrong_model": _("Wrong model"),
        "short_boxes": _("Batches with boxes short"),
    }  # fmt: skip
    rows: list[list[Cell]] = []
    for dealer_id, row in sorted(found.items(), key=lambda r: -r[1]["batches"]):
        with_issue = row["missing"] + row["extra"] + row["wrong_model"]
        rows.append([dealers[dealer_id].name, row["batches"], row["declared"],
                     *(row[k] for k in kinds), percent(with_issue, row["declared"])])  # fmt: skip
    table = Table([_("Dealer"), _("Batches received"), _("Units declared"), *kinds.values(),
                   _("Units in discrepancy %")], rows)  # fmt: skip
    series = {name: [r[3 + i] for r in rows] for i, name in enumerate(kinds.values())}
    option = bars([r[0] for r in rows], series, stacked=True, rotate=True)
    chart = Chart("discrepancies", _("Discrepancies found at receipt"), table, option)
    in_batches = sum(int(r[1] or 0) for r in rows)
    with_any = sum(1 for r in rows if any(r[3:7]))
    hint = ngettext(
        "%(n)s dealer with discrepancies", "%(n)s dealers with discrepancies", with_any
    ) % {"n": with_any}
    figure = Figure(_("Batches received"), str(in_batches), hint)
    return chart, figure


def dealers(scope: Scope) -> Board:
    rates, rate = return_rates_chart(scope)
    discrepancies, received = discrepancies_chart(scope)
    return Board(figures=[rate, received], charts=[rates, discrepancies])
