"""The dashboards as data: each names what it shows and how to build it for a scope."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanbao.insights.charts import Board
from sanbao.insights.dealers import dealers
from sanbao.insights.faults import faults
from sanbao.insights.money import money
from sanbao.insights.satisfaction import satisfaction
from sanbao.insights.scope import Scope
from sanbao.insights.service_levels import service_levels


@dataclass(frozen=True)
class Dashboard:
    slug: str
    title: str | Promise
    summary: str | Promise
    build: Callable[[Scope], Board]
    permission: str = "insights.view_dashboards"


DASHBOARDS: dict[str, Dashboard] = {
    board.slug: board
    for board in (
        Dashboard(
            "service-levels",
            _("Service levels"),
            _("SLA compliance, the backlog by state and age, and how long repairs take."),
            service_levels,
        ),
        Dashboard(
            "faults",
            _("Faults"),
            _(
                "What fails, on which models and production batches, and why repairs fell "
                "outside the warranty."
            ),
            faults,
        ),
        Dashboard(
            "money",
            _("Revenue and parts"),
            _("What repairs outside the warranty earned and the parts repairs consumed."),
            money,
        ),
        Dashboard(
            "dealers",
            _("Dealers"),
            _("Return rates per dealer and what their batches looked like on arrival."),
            dealers,
        ),
        Dashboard(
            "satisfaction",
            _("Customer voice"),
            _("Satisfaction, Net Promoter Score, first-time fixes, response rate and comments."),
            satisfaction,
        ),
    )
}
