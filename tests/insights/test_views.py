"""The dashboard pages: who may open them, what they show for whom, bad filters, unknown
pages, the export links, and a number of queries that does not grow with the data."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sanbao.insights.dashboards import DASHBOARDS
from tests.insights.conftest import MARKS, PERIOD, at

pytestmark = pytest.mark.django_db

SLUGS = list(DASHBOARDS)


def page(slug: str) -> str:
    return reverse("insights:dashboard", args=[slug])


def test_the_registry_lists_the_five_dashboards_in_order():
    assert SLUGS == ["service-levels", "faults", "money", "dealers", "satisfaction"]
    assert {d.permission for d in DASHBOARDS.values()} == {"insights.view_dashboards"}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("slug", SLUGS)
def test_every_dashboard_renders_for_a_manager(both_brands, users, client_as, slug, language):
    client = client_as(users["manager"])
    client.cookies["django_language"] = language
    response = client.get(page(slug), PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{"zh-Hans" if language == "zh-hans" else "en"}">' in html
    board = response.context["board"]
    assert board.charts
    for chart in board.charts:
        assert f'data-testid="chart-{chart.slug}"' in html
        assert f"/insights/{slug}/{chart.slug}.csv?start=2026-01-01&amp;end=2026-03-31" in html
    for other in SLUGS:
        assert f'href="{page(other)}?start=2026-01-01&amp;end=2026-03-31"' in html
    assert f'class="nav-link active" aria-current="page" href="{page(slug)}' in html


def test_fault_names_are_in_chinese_on_the_chinese_page(both_brands, users, client_as):
    client = client_as(users["manager"])
    client.cookies["django_language"] = "zh-hans"
    html = client.get(page("faults"), PERIOD).content.decode()
    assert "无法充电" in html and "Does not charge" not in html


def test_without_filters_the_page_shows_the_last_twelve_months(clock, users, client_as):
    clock(2026, 1, 20)
    response = client_as(users["auditor"]).get(page("money"))
    assert response.status_code == 200
    scope = response.context["scope"]
    assert (scope.start, scope.end) == (date(2025, 2, 1), date(2026, 1, 20))
    assert len(response.context["board"].chart("revenue").table.rows) == 12
    assert "Period 2025-02-01 to 2026-01-20" in response.content.decode()


def test_the_index_opens_the_first_dashboard(users, client_as):
    response = client_as(users["manager"]).get(reverse("insights:index"))
    assert response.status_code == 302 and response["Location"] == page("service-levels")


@pytest.mark.parametrize("role", ["front_desk", "technician", "warehouse", "dealer"])
def test_staff_without_the_permission_are_refused(users, client_as, role):
    client = client_as(users[role])
    assert client.get(reverse("insights:index")).status_code == 403
    for slug in SLUGS:
        assert client.get(page(slug)).status_code == 403
    export = reverse("insights:chart_export", args=["faults", "fault-pareto", "csv"])
    assert client.get(export, PERIOD).status_code == 403


def test_anyone_signed_out_is_sent_to_sign_in(client, db):
    for url in (reverse("insights:index"), page("faults")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"start": "2026-05-01", "end": "2026-01-01"}, "To",
         "The period cannot end before it starts."),
        ({"start": "2020-01-01", "end": "2026-01-01"}, "To",
         "Choose a period of at most three years."),
        ({"start": "yesterday"}, "From", "Enter a valid date."),
        ({"model": "999999"}, "Model", "Select a valid choice."),
    ],
)  # fmt: skip
def test_bad_filters_show_the_error_and_no_chart(both_brands, users, client_as, query, field,
                                                 message):  # fmt: skip
    response = client_as(users["manager"]).get(page("faults"), query)
    assert response.status_code == 200
    assert response.context["board"].charts == [] and response.context["scope"] is None
    html = response.content.decode()
    assert f'<div class="col-12 text-danger small" role="alert">{field}: {message}' in html
    assert 'data-testid="chart-' not in html


def test_another_brand_is_not_a_filter_a_brand_limited_user_may_choose(
    users, client_as, top_manager, other_brand
):
    response = client_as(top_manager).get(page("faults"), {"brand": other_brand.pk})
    assert response.status_code == 200 and response.context["scope"] is None
    assert "Brand: Select a valid choice." in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/insights/nothing/",
        "/insights/nothing/fault-pareto.csv",
        "/insights/faults/nothing.csv",
        "/insights/faults/fault-pareto.pdf",
        "/insights/faults/fault-pareto.CSV",
    ],
)
def test_unknown_dashboards_charts_and_formats_are_not_found(users, client_as, url):
    assert client_as(users["manager"]).get(url).status_code == 404


# Brand scope: what TOP's manager sees against what a manager of both brands sees.

FIGURES = {  # slug: (figure, TOP only, both brands)
    "service-levels": (0, "100.0 %", "50.0 %"),
    "faults": (0, "4", "7"),
    "money": (0, "¥150.50", "¥1,199.50"),
    "dealers": (0, "2.0 %", "0.3 %"),
    "satisfaction": (0, "5.00 / 5", "3.00 / 5"),
}


@pytest.mark.parametrize("slug", SLUGS)
def test_a_brand_limited_user_never_sees_another_brand_s_data(
    both_brands, users, client_as, top_manager, slug
):
    index, top_only, both = FIGURES[slug]
    mine = client_as(top_manager).get(page(slug), PERIOD)
    assert mine.context["board"].figures[index].value == top_only
    html = mine.content.decode()
    assert [mark for mark in MARKS if mark in html] == []
    everyone = client_as(users["manager"]).get(page(slug), PERIOD)
    assert everyone.context["board"].figures[index].value == both


def test_the_brand_filter_narrows_a_manager_of_both_brands(both_brands, users, client_as,
                                                           other_brand):  # fmt: skip
    response = client_as(users["manager"]).get(page("faults"), {**PERIOD, "brand": other_brand.pk})
    chart = response.context["board"].chart("fault-pareto")
    assert chart.table.rows == [
        ["Swollen battery", 1, 1, 2, 66.7], ["Does not charge", 1, 0, 1, 100.0],
    ]  # fmt: skip


# Queries: a dashboard reads aggregates, so more rows must not mean more queries.


@pytest.fixture
def grow(make_order, make_quote, make_part, make_part_use, make_return_batch, make_unit,
         make_claim, make_invitation, make_production_batch, cable):  # fmt: skip
    batches = [make_production_batch(f"G{i}", shipped=100) for i in range(3)]
    parts = [make_part(f"PT-{i}", f"Part {i}", f"配件{i}", "3.00") for i in range(3)]
    faults = ["no_charge", "no_output", "port_damage", "swelling", "overheating"]

    def add(n: int) -> None:
        for i in range(n):
            day = at(2026, 1 + i % 3, 1 + i % 28)
            order = make_order(created=day, closed=day, serious=bool(i % 2),
                               due_on=date(2026, 1, 15), fault=faults[i % 5],
                               model=cable if i % 4 == 0 else None, batch=batches[i % 3],
                               exclusions=["physical_damage"] if i % 3 else [])  # fmt: skip
            make_order(created=day, status="diagnosing")
            make_quote(order, "10.00", decided=day)
            make_part_use(order, parts[i % 3], 1, "3.00", when=day)
            returned = make_return_batch(received=day, first_shipped=day, on_time=bool(i % 2),
                                         status="shipped", boxes=2, boxes_received=1)  # fmt: skip
            make_unit(returned, result="fault_confirmed", fault=faults[i % 5], inspected=day,
                      charge="5.00", production_batch=batches[i % 3],
                      exclusions=["electrical_surge"])  # fmt: skip
            make_unit(returned, declared=False, received_model=cable)
            make_claim(submitted=day, late=bool(i % 2))
            make_invitation(sent=day, answered=day, csat=1 + i % 5, nps=i % 11,
                            comment=f"Comment {i}")  # fmt: skip

    return add


@pytest.mark.parametrize("slug", SLUGS)
def test_a_page_runs_as_many_queries_for_50_orders_as_for_5(
    grow, users, client_as, slug, django_assert_max_num_queries
):
    client = client_as(users["manager"])
    client.get(page(slug), PERIOD)  # the session and permissions settle in
    grow(5)
    with CaptureQueriesContext(connection) as few:
        assert client.get(page(slug), PERIOD).status_code == 200
    grow(45)
    # About 16 queries are the session, the permissions, the menu and the filters' choices.
    with django_assert_max_num_queries(30), CaptureQueriesContext(connection) as many:
        response = client.get(page(slug), PERIOD)
    assert any(chart.table.rows for chart in response.context["board"].charts)
    assert len(many) == len(few)


# A user whose brands are all inactive works for no brand: the dashboards have nothing to show.


@pytest.fixture
def brandless_manager(both_brands, users):
    from sanbao.accounts.models import Brand

    Brand.objects.update(is_active=False)
    return users["manager"]


@pytest.mark.parametrize("slug", [s for s in SLUGS if s != "faults"])
def test_a_user_without_brands_sees_empty_dashboards(brandless_manager, client_as, slug):
    response = client_as(brandless_manager).get(page(slug), PERIOD)
    assert response.status_code == 200
    assert response.context["scope"].brand_ids == ()
    html = response.content.decode()
    assert [mark for mark in ("TOP-PB10", "RMS-PB20", "Does not charge") if mark in html] == []


def test_a_user_without_brands_sees_an_empty_faults_dashboard(brandless_manager, client_as):
    response = client_as(brandless_manager).get(page("faults"), PERIOD)
    assert response.status_code == 200
    assert response.context["board"].chart("exclusions").table.rows == []
