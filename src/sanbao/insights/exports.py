"""A chart's table as a CSV or XLSX download."""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook

from sanbao.insights.charts import Chart

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _cell(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    return "" if value is None else value


def _csv(chart: Chart) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(c) for c in chart.table.columns])
    writer.writerows([[_cell(v) for v in row] for row in chart.table.rows])
    # With a byte-order mark, spreadsheet programs read the Chinese headings right.
    return ("\ufeff" + out.getvalue()).encode()


def _xlsx(chart: Chart) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=slugify(chart.slug)[:31] or "chart")
    sheet.append([str(chart.title)])
    sheet.append([str(c) for c in chart.table.columns])
    for row in chart.table.rows:
        sheet.append([_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def chart_download(chart: Chart, *, file_format: str, name: str) -> HttpResponse:
    body = _csv(chart) if file_format == "csv" else _xlsx(chart)
    response = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    response["Cache-Control"] = "private, no-store"
    return response
