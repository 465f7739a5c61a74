"""A chart is a table first: the rows the SQL gave, with headings. The ECharts option is
built from the same rows, so the picture, the table view and the exports always agree."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise

Cell = str | int | float | Decimal | None


@dataclass(frozen=True)
class Table:
    columns: Sequence[str | Promise]
    rows: Sequence[Sequence[Cell]]

    def column(self, index: int) -> list[Cell]:
        return [row[index] for row in self.rows]


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str | Promise
    table: Table
    option: dict[str, Any]
    note: str | Promise = ""
    height: int = 320
    table_first: bool = False  # words more than figures (comments): open on the table


@dataclass(frozen=True)
class Figure:
    """A headline number above the charts."""

    label: str | Promise
    value: str
    hint: str | Promise = ""
    tone: str = ""  # "", "good", "bad"


@dataclass(frozen=True)
class Board:
    """What a dashboard shows for one scope."""

    figures: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)

    def chart(self, slug: str) -> Chart | None:
        return next((chart for chart in self.charts if chart.slug == slug), None)


def number(value: Cell) -> float | int | None:
    """A JSON number for ECharts (Decimal is not JSON)."""
    if value is None or isinstance(value, str):
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _axis(categories: Sequence[Any], *, rotate: bool = False) -> dict[str, Any]:
    axis: dict[str, Any] = {"type": "category", "data": [str(c) for c in categories]}
    if rotate:
        axis["axisLabel"] = {"rotate": 30, "interval": 0}
    return axis


def _base(legend: bool = True) -> dict[str, Any]:
    option: dict[str, Any] = {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 48, "right": 24, "top": 40 if legend else 16, "bottom": 64},
    }
    if legend:
        option["legend"] = {"top": 0}
    return option


def bars(
    categories: Sequence[Any], series: Mapping[str, Sequence[Cell]], *, stacked: bool = False,
    rotate: bool = False, unit: str = "",
) -> dict[str, Any]:  # fmt: skip
    option = _base(legend=len(series) > 1)
    option["xAxis"] = _axis(categories, rotate=rotate)
    option["yAxis"] = {"type": "value", "name": unit}
    option["series"] = [
        {"name": str(name), "type": "bar", "data": [number(v) for v in values],
         **({"stack": "total"} if stacked else {})}
        for name, values in series.items()
    ]  # fmt: skip
    return option


def lines(
    categories: Sequence[Any], series: Mapping[str, Sequence[Cell]], *, unit: str = "",
    y_min: float | None = None, y_max: float | None = None,
) -> dict[str, Any]:  # fmt: skip
    option = _base()
    option["xAxis"] = _axis(categories)
    option["yAxis"] = {"type": "value", "name": unit, "min": y_min, "max": y_max}
    option["series"] = [
        {"name": str(name), "type": "line", "connectNulls": False,
         "data": [number(v) for v in values]}
        for name, values in series.items()
    ]  # fmt: skip
    return option


def pareto(categories: Sequence[Any], counts: Sequence[int], *, count_name: str,
           share_name: str) -> dict[str, Any]:  # fmt: skip
    """Bars in falling order with the cumulative share as a line on a 0-100 % axis."""
    total = sum(counts) or 1
    running, cumulative = 0, []
    for count in counts:
        running += count
        cumulative.append(round(100 * running / total, 1))
    option = _base()
    option["xAxis"] = _axis(categories, rotate=True)
    option["yAxis"] = [
        {"type": "value", "name": count_name},
        {"type": "value", "name": "%", "min": 0, "max": 100},
    ]
    option["series"] = [
        {"name": count_name, "type": "bar", "data": list(counts)},
        {"name": share_name, "type": "line", "yAxisIndex": 1, "data": cumulative},
    ]
    return option
