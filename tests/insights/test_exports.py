"""A chart's table as a download: CSV with a byte-order mark, XLSX that opens, the same rows
as the table, the filters and the user's brands applied, errors for bad requests."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sanbao.insights.charts import Chart, Table
from sanbao.insights.exports import chart_download
from tests.insights.conftest import MARKS, PERIOD

pytestmark = pytest.mark.django_db

PARETO_HEADINGS = ["Fault", "Service orders", "Returned units", "Total", "Cumulative %"]
# TOP's faults in both_brands: 3 orders that do not charge, 1 returned unit with no output.
TOP_PARETO = [["Does not charge", "3", "0", "3", "75.0"], ["No output", "0", "1", "1", "100.0"]]


def export(slug: str, chart: str, file_format: str) -> str:
    return reverse("insights:chart_export", args=[slug, chart, file_format])


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_csv_has_a_bom_the_headings_and_the_table_s_rows(both_brands, top_manager, client_as):
    response = client_as(top_manager).get(export("faults", "fault-pareto", "csv"), PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="faults-fault-pareto-20260101-20260331.csv"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert csv_rows(response) == [PARETO_HEADINGS, *TOP_PARETO]


def test_the_xlsx_holds_the_title_the_headings_and_the_same_rows(both_brands, top_manager,
                                                                  client_as):  # fmt: skip
    response = client_as(top_manager).get(export("faults", "fault-pareto", "xlsx"), PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].endswith('-20260101-20260331.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["fault-pareto"]
    rows = [list(row) for row in book["fault-pareto"].iter_rows(values_only=True)]
    assert rows == [
        ["Fault Pareto", None, None, None, None],
        PARETO_HEADINGS,
        ["Does not charge", 3, 0, 3, 75.0],
        ["No output", 0, 1, 1, 100.0],
    ]


def test_money_is_a_number_and_an_empty_cell_is_empty(both_brands, top_manager, client_as):
    url = export("money", "revenue", "csv")
    rows = csv_rows(client_as(top_manager).get(url, PERIOD))
    assert rows[1] == ["2026-01", "1", "120.5", "1", "30.0", "150.5"]
    sla = csv_rows(client_as(top_manager).get(export("service-levels", "sla", "csv"), PERIOD))
    assert sla[2] == ["2026-02", "0", "0", "", "0", "0", "", "0", "0", ""]
    book = load_workbook(io.BytesIO(client_as(top_manager).get(
        export("money", "revenue", "xlsx"), PERIOD).content))  # fmt: skip
    assert list(book.active.iter_rows(min_row=3, max_row=3, values_only=True)) == [
        ("2026-01", 1, 120.5, 1, 30.0, 150.5)
    ]


@pytest.mark.parametrize(("slug", "chart"), [
    ("faults", "fault-pareto"), ("faults", "faults-by-model"), ("faults", "faults-by-batch"),
    ("faults", "exclusions"), ("money", "revenue"), ("money", "parts"),
    ("dealers", "return-rates"), ("dealers", "discrepancies"), ("satisfaction", "comments"),
    ("service-levels", "sla"),
])  # fmt: skip
def test_an_export_holds_nothing_of_another_brand(both_brands, users, top_manager, client_as,
                                                  slug, chart):  # fmt: skip
    url = export(slug, chart, "csv")
    mine = client_as(top_manager).get(url, PERIOD).content.decode()
    assert [mark for mark in MARKS if mark in mine] == []
    everyone = client_as(users["manager"]).get(url, PERIOD).content.decode()
    assert everyone != mine


def test_the_export_follows_the_filters(both_brands, users, client_as, other_brand):
    url = export("faults", "fault-pareto", "csv")
    rows = csv_rows(client_as(users["manager"]).get(url, {**PERIOD, "brand": other_brand.pk}))
    assert rows[1:] == [["Swollen battery", "1", "1", "2", "66.7"],
                        ["Does not charge", "1", "0", "1", "100.0"]]  # fmt: skip
    response = client_as(users["manager"]).get(url, {"start": "2025-01-01", "end": "2025-01-31"})
    assert csv_rows(response) == [PARETO_HEADINGS]
    assert 'filename="faults-fault-pareto-20250101-20250131.csv"' in response["Content-Disposition"]


def test_the_headings_follow_the_language(both_brands, top_manager, client_as):
    client = client_as(top_manager)
    client.cookies["django_language"] = "zh-hans"
    rows = csv_rows(client.get(export("faults", "fault-pareto", "csv"), PERIOD))
    assert rows[0][:2] == ["故障", "维修单"]
    assert [row[0] for row in rows[1:]] == ["无法充电", "无输出"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2026-02-01", "end": "2026-01-01"},
         "end: The period cannot end before it starts."),
        ({"start": "soon"}, "start: Enter a valid date."),
    ],
)  # fmt: skip
def test_bad_filters_are_a_400_saying_why(users, client_as, query, message):
    response = client_as(users["manager"]).get(export("faults", "fault-pareto", "csv"), query)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == message


def test_another_brand_is_a_bad_filter_for_a_brand_limited_user(top_manager, client_as,
                                                                other_brand):  # fmt: skip
    url = export("faults", "fault-pareto", "csv")
    response = client_as(top_manager).get(url, {"brand": other_brand.pk})
    assert response.status_code == 400
    assert response.content.decode().startswith("brand: Select a valid choice.")


@pytest.mark.parametrize("role", ["front_desk", "technician", "dealer"])
def test_staff_without_the_permission_get_no_export(users, client_as, role):
    for file_format in ("csv", "xlsx"):
        url = export("money", "revenue", file_format)
        assert client_as(users[role]).get(url, PERIOD).status_code == 403


def test_anyone_signed_out_is_sent_to_sign_in(client, db):
    url = export("money", "revenue", "csv")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('accounts:login')}?next=")


def test_a_sheet_name_is_cut_to_excel_s_31_characters():
    chart = Chart("a-very-long-chart-slug-that-goes-on-and-on", "Long", Table(["A"], [[1]]), {})
    book = load_workbook(io.BytesIO(chart_download(chart, file_format="xlsx", name="x").content))
    assert book.sheetnames == ["a-very-long-chart-slug-that-goe"]
