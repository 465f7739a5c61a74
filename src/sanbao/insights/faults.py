"""Faults: what breaks (Pareto), on which models and production batches, and the
exclusion reasons that put repairs outside the warranty."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sanbao.catalog.models import ProductionBatch, ProductModel
from sanbao.insights.charts import Board, Cell, Chart, Figure, Table, bars, pareto
from sanbao.insights.scope import Scope
from sanbao.insights.sql import json_list_counts
from sanbao.policy.codes import NO_FAULT
from sanbao.returns.models import InspectionResult, ReturnUnit
from sanbao.service.models import ServiceOrder, Status
from sanbao.warranty.labels import EXCLUSIONS, fault_label, label

TOP_MODELS = 10
TOP_FAULTS = 6
TOP_BATCHES = 15


def reported_orders(scope: Scope) -> QuerySet[ServiceOrder]:
    """Orders registered in the period, cancelled ones left out."""
    return ServiceOrder.objects.filter(scope.outlet_side(), scope.during("created_at")).exclude(
        status=Status.CANCELLED
    )


def inspected_units(scope: Scope) -> QuerySet[ReturnUnit]:
    """Returned units inspected in the period."""
    units = ReturnUnit.objects.filter(
        scope.dealer_side(brand="batch__brand_id", dealer="batch__dealer_id"),
        scope.during("inspected_at"),
    )
    return units.filter(model_id=scope.model_id) if scope.model_id else units


@dataclass(frozen=True)
class FaultCounts:
    """Faults by (model, production batch, fault code): one grouped query per source, so
    the Pareto, the models and the batches come from one read of each table."""

    orders: Counter[tuple[int, int | None, str]]
    units: Counter[tuple[int, int | None, str]]

    def by(self, source: str, key: int) -> Counter[Any]:
        found: Counter[Any] = Counter()
        for group, n in getattr(self, source).items():
            found[group[key]] += n
        return found


def fault_counts(scope: Scope) -> FaultCounts:
    fields = ("model_id", "production_batch_id", "fault_code")
    orders = reported_orders(scope).exclude(fault_code=NO_FAULT).values(*fields)
    units = inspected_units(scope).filter(result=InspectionResult.FAULT_CONFIRMED).values(*fields)
    return FaultCounts(
        Counter({tuple(r[f] for f in fields): r["n"] for r in orders.annotate(n=Count("*"))}),
        Counter({tuple(r[f] for f in fields): r["n"] for r in units.annotate(n=Count("*"))}),
    )


def pareto_chart(counts: FaultCounts) -> tuple[Chart, Counter[str]]:
    orders, units = counts.by("orders", 2), counts.by("units", 2)
    total = orders + units
    ranked = total.most_common()
    rows: list[list[Cell]] = []
    running = 0
    whole = sum(total.values()) or 1
    for code, count in ranked:
        running += count
        rows.append([fault_label(code), orders[code], units[code], count,
                     round(100 * running / whole, 1)])  # fmt: skip
    table = Table([_("Fault"), _("Service orders"), _("Returned units"), _("Total"),
                   _("Cumulative %")], rows)  # fmt: skip
    option = pareto([r[0] for r in rows], [int(r[3] or 0) for r in rows],
                    count_name=_("Faults"), share_name=_("Cumulative %"))  # fmt: skip
    note = _("Service orders registered and returned units inspected in the period; "
             "'no fault found' is left out.")  # fmt: skip
    return Chart("fault-pareto", _("Fault Pareto"), table, option, note=note), total


def by_model_chart(counts: FaultCounts, faults: Counter[str]) -> Chart:
    by_model: dict[int, Counter[str]] = defaultdict(Counter)
    for source in ("orders", "units"):
        for (model_id, _batch, code), n in getattr(counts, source).items():
            by_model[model_id][code] += n
    top_faults = [code for code, _n in faults.most_common(TOP_FAULTS)]
    top_models = sorted(by_model, key=lambda m: -sum(by_model[m].values()))[:TOP_MODELS]
    names = {m.pk: m.sku for m in ProductModel.objects.filter(pk__in=top_models)}
    rows: list[list[Cell]] = []
    for model_id in top_models:
        found = by_model[model_id]
        other = sum(found.values()) - sum(found[c] for c in top_faults)
        rows.append([names[model_id], *(found[c] for c in top_faults), other,
                     sum(found.values())])  # fmt: skip
    headings = [fault_label(c) for c in top_faults] + [_("Other faults")]
    table = Table([_("Model"), *headings, _("Total")], rows)
    series = {heading: [r[i + 1] for r in rows] for i, heading in enumerate(headings)}
    option = bars([r[0] for r in rows], series, stacked=True, rotate=True, unit=_("faults"))
    return Chart("faults-by-model", _("Faults by model"), table, option)


def by_batch_chart(counts: FaultCounts) -> Chart:
    confirmed = counts.by("orders", 1) + counts.by("units", 1)
    confirmed.pop(None, None)
    top = [batch_id for batch_id, _n in confirmed.most_common(TOP_BATCHES)]
    batches = ProductionBatch.objects.filter(pk__in=top).select_related("model").in_bulk()
    rows: list[list[Cell]] = []
    for batch_id in top:
        batch = batches[batch_id]
        shipped = batch.units_shipped
        rate = round(1000 * confirmed[batch_id] / shipped, 2) if shipped else None
        rows.append([f"{batch.model.sku} · {batch.code}", confirmed[batch_id], shipped, rate])
    table = Table([_("Production batch"), _("Faults"), _("Units shipped"), _("Faults per 1,000")],
                  rows)  # fmt: skip
    option = bars([r[0] for r in rows], {_("Faults"): [r[1] for r in rows]}, rotate=True)
    return Chart("faults-by-batch", _("Production batches with the most faults"), table, option,
                 note=_("The quality watch list compares each batch with its model's control "
                        "limits."))  # fmt: skip


def exclusions_chart(scope: Scope) -> tuple[Chart, int]:
    orders = json_list_counts(reported_orders(scope).filter(~Q(exclusions=[])), "exclusions")
    units = json_list_counts(inspected_units(scope).filter(~Q(exclusions=[])), "exclusions")
    total = orders + units
    rows: list[list[Cell]] = [
        [label(EXCLUSIONS, code), orders[code], units[code], count]
        for code, count in total.most_common()
    ]
    table = Table([_("Exclusion"), _("Service orders"), _("Returned units"), _("Total")], rows)
    option = bars([r[0] for r in rows], {_("Service orders"): [r[1] for r in rows],
                                         _("Returned units"): [r[2] for r in rows]},
                  stacked=True, rotate=True)  # fmt: skip
    chart = Chart("exclusions", _("Why repairs fell outside the warranty"), table, option)
    return chart, sum(total.values())


def faults(scope: Scope) -> Board:
    counts = fault_counts(scope)
    pareto_figure, found = pareto_chart(counts)
    exclusions, excluded = exclusions_chart(scope)
    total = sum(found.values())
    top = found.most_common(1)
    figures = [
        Figure(_("Faults recorded"), str(total)),
        Figure(_("Most frequent fault"), fault_label(top[0][0]) if top else "—",
               ngettext("%(n)s time", "%(n)s times", top[0][1]) % {"n": top[0][1]}
               if top else ""),
        Figure(_("Exclusions found"), str(excluded)),
    ]  # fmt: skip
    return Board(
        figures=figures,
        charts=[pareto_figure, by_model_chart(counts, found), by_batch_chart(counts), exclusions],
    )
