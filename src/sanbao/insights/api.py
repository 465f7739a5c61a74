"""API of the dashboards: the same figures and tables as the pages, for the same filters."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from sanbao.accounts.http import SignedInRequest
from sanbao.config.api_schemas import ErrorOut
from sanbao.config.errors import DomainError
from sanbao.insights.charts import Board, Cell
from sanbao.insights.dashboards import DASHBOARDS
from sanbao.insights.scope import ScopeForm

router = Router(tags=["insights"])


class DashboardOut(Schema):
    slug: str
    title: str
    summary: str


class ScopeQuery(Schema):
    brand: int | None = None
    outlet: int | None = None
    dealer: int | None = None
    model: int | None = None
    start: date | None = None
    end: date | None = None


class FigureOut(Schema):
    label: str
    value: str
    hint: str
    tone: str


class ChartOut(Schema):
    slug: str
    title: str
    note: str
    columns: list[str]
    rows: list[list[str | int | float | None]]


class BoardOut(Schema):
    dashboard: str
    title: str
    start: date
    end: date
    figures: list[FigureOut]
    charts: list[ChartOut]


def _cell(value: Cell) -> str | int | float | None:
    return float(value) if isinstance(value, Decimal) else value


def board_as_dict(board: Board) -> dict[str, Any]:
    return {
        "figures": [
            {"label": str(f.label), "value": f.value, "hint": str(f.hint), "tone": f.tone}
            for f in board.figures
        ],
        "charts": [
            {"slug": c.slug, "title": str(c.title), "note": str(c.note),
             "columns": [str(h) for h in c.table.columns],
             "rows": [[_cell(v) for v in row] for row in c.table.rows]}
            for c in board.charts
        ],
    }  # fmt: skip


@router.get("/dashboards", response={200: list[DashboardOut]}, summary="The dashboards you may see")
def dashboard_list(request: SignedInRequest) -> list[dict[str, str]]:
    return [
        {"slug": d.slug, "title": str(d.title), "summary": str(d.summary)}
        for d in DASHBOARDS.values()
        if request.user.has_perm(d.permission)
    ]


@router.get(
    "/dashboards/{slug}",
    response={200: BoardOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="One dashboard's figures and tables for the filters",
)
def dashboard_read(
    request: SignedInRequest, slug: str, filters: Query[ScopeQuery]
) -> dict[str, Any]:
    dashboard = DASHBOARDS.get(slug)
    if dashboard is None:
        raise DomainError("not_found", _("There is no dashboard %(slug)s.") % {"slug": slug[:40]},
                          status=404)  # fmt: skip
    if not request.user.has_perm(dashboard.permission):
        raise PermissionDenied
    values = {k: v for k, v in filters.model_dump().items() if v is not None}
    form = ScopeForm(values, user=request.user)
    if not form.is_valid():
        fields = {name: " ".join(str(e) for e in errors) for name, errors in form.errors.items()}
        raise DomainError("invalid_input", _("Check the filters."), status=422, fields=fields)
    scope = form.scope()
    return {"dashboard": dashboard.slug, "title": str(dashboard.title), "start": scope.start,
            "end": scope.end, **board_as_dict(dashboard.build(scope))}  # fmt: skip
