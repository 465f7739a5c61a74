"""The serial upload page, its progress panel and error CSV, and the units list search."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sanbao.catalog.models import SerialImport, Unit
from sanbao.catalog.serial_import import serial_import_run
from tests.catalog.serial_files import (
    HEADINGS,
    catalog_make,
    csv_write,
    good_row,
    import_make,
    serials,
)

pytestmark = pytest.mark.django_db
NEW = "/catalog/serial-imports/new/"


@pytest.fixture(autouse=True)
def _fast(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def catalog(brand, other_brand, dealer):
    return catalog_make(brand, other_brand)


def _csv(rows):
    text = ",".join(HEADINGS) + "\n" + "".join(",".join(row) + "\n" for row in rows)
    return SimpleUploadedFile("units.csv", text.encode(), content_type="text/csv")


def _upload(client, brand, upload, capture):
    with capture(execute=True):
        return client.post(NEW, {"brand": brand.pk, "file": upload})


def _finished(brand, tmp_path, rows, name="units.csv"):
    serial_import = import_make(brand, csv_write(tmp_path / name, rows))
    return serial_import_run(serial_import_id=serial_import.pk)


# Uploading


@pytest.mark.parametrize("role", ["manager", "warehouse"])
def test_it_shows_the_upload_form_with_the_users_brands(client_as, make_user, other_brand, role):
    response = client_as(make_user(role)).get(NEW)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="serial-import-form"' in html and 'type="file"' in html
    # The manager's headquarters serve both brands, the warehouse's outlet TOP only.
    assert ("ROMOSS" in html) is (role == "manager")


@pytest.mark.parametrize("role", ["front_desk", "technician", "auditor", "dealer"])
def test_it_refuses_the_upload_to_roles_without_the_permission(
    client_as, make_user, brand, role, django_capture_on_commit_callbacks
):
    client = client_as(make_user(role))
    assert client.get(NEW).status_code == 403
    response = _upload(
        client, brand, _csv([good_row("A0000001")]), django_capture_on_commit_callbacks
    )
    assert response.status_code == 403
    assert not SerialImport.objects.exists()


def test_it_sends_a_visitor_to_sign_in(client):
    response = client.get(NEW)
    assert response.status_code == 302 and "login" in response["Location"]


def test_it_imports_an_upload_and_shows_the_result(
    client_as, make_user, brand, catalog, django_capture_on_commit_callbacks
):
    client = client_as(make_user("warehouse"))
    rows = [good_row(serial) for serial in serials(3)]
    response = _upload(client, brand, _csv(rows), django_capture_on_commit_callbacks)
    serial_import = SerialImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/browse/serial-imports/{serial_import.pk}/"
    assert serial_import.status == SerialImport.Status.SUCCEEDED
    assert sorted(Unit.objects.values_list("serial", flat=True)) == serials(3)
    html = client.get(response["Location"]).content.decode()
    assert 'data-status="succeeded"' in html and "3 units imported." in html
    assert "hx-get" not in html  # a finished import is not polled


def test_it_shows_why_nothing_was_imported(
    client_as, make_user, brand, catalog, django_capture_on_commit_callbacks
):
    client = client_as(make_user("manager"))
    rows = [good_row(serial) for serial in serials(4)]
    rows[2] = good_row(serials(3)[-1], shipped_on="2025-01-01")  # row 4
    response = _upload(client, brand, _csv(rows), django_capture_on_commit_callbacks)
    html = client.get(response["Location"]).content.decode()
    assert 'data-status="failed"' in html
    assert "Some rows are not valid. Nothing was imported." in html and "1 problem found." in html
    assert "<td>4</td><td><code>shipped_on</code></td>" in html
    assert "A unit cannot be shipped before it was produced." in html
    assert Unit.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("units.txt", b"serial\n", "Upload a .csv or .xlsx file."),
        ("units.csv", b"", "The submitted file is empty."),
    ],
)
def test_it_shows_a_refused_file_on_the_form(
    client_as, make_user, brand, django_capture_on_commit_callbacks, name, content, message
):
    client = client_as(make_user("manager"))
    upload = SimpleUploadedFile(name, content, content_type="text/plain")
    response = _upload(client, brand, upload, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SerialImport.objects.exists()


def test_it_refuses_a_brand_the_uploader_does_not_work_for(
    client_as, make_user, other_brand, django_capture_on_commit_callbacks
):
    client = client_as(make_user("warehouse"))
    response = _upload(
        client, other_brand, _csv([good_row("A0000001")]), django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not SerialImport.objects.exists()


# Progress and report


def test_it_polls_the_progress_of_an_import_still_running(client_as, make_user, brand, tmp_path):
    serial_import = import_make(brand, csv_write(tmp_path / "units.csv", [good_row("A0000001")]))
    url = f"/catalog/serial-imports/{serial_import.pk}/progress/"
    html = client_as(make_user("warehouse")).get(url).content.decode()
    assert f'hx-get="{url}"' in html and 'data-status="queued"' in html
    assert "Waiting for the worker" in html


def test_it_downloads_the_error_report_as_csv(client_as, make_user, brand, catalog, tmp_path):
    rows = [good_row(serial) for serial in serials(3)]
    rows[0] = good_row(serials(1)[0], dealer_code="nobody")
    rows.append(good_row(serials(1)[0]))  # row 5 repeats row 2... which failed, so not staged
    rows.append(good_row(serials(2)[1]))  # row 6 repeats row 3
    serial_import = _finished(brand, tmp_path, rows)
    response = client_as(make_user("auditor")).get(
        f"/catalog/serial-imports/{serial_import.pk}/errors.csv"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="errors-{serial_import.pk}.csv"' in response["Content-Disposition"]
    assert response.content.decode("utf-8").splitlines() == [
        "\ufeffrow,column,message",
        "2,dealer_code,There is no dealer nobody.",
        f"6,serial,Serial {serials(2)[1]} is also on row 3.",
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/catalog/serial-imports/{pk}/progress/",
        "/catalog/serial-imports/{pk}/errors.csv",
        "/browse/serial-imports/{pk}/",
    ],
)
def test_it_shows_imports_only_to_people_working_for_the_brand(
    client_as, make_user, other_brand, catalog, tmp_path, url
):
    serial_import = _finished(other_brand, tmp_path, [good_row("A0000001", model_sku="X")])
    url = url.format(pk=serial_import.pk)
    assert client_as(make_user("warehouse")).get(url).status_code == 404  # TOP only
    assert client_as(make_user("manager")).get(url).status_code == 200  # headquarters: both
    assert client_as(make_user("front_desk")).get(url).status_code == 403  # no permission


def test_it_lists_only_the_imports_of_the_users_brands(
    client_as, make_user, brand, other_brand, catalog, tmp_path
):
    _finished(brand, tmp_path, [good_row("A0000001")], name="top-serials.csv")
    _finished(other_brand, tmp_path, [good_row("A0000001")], name="romoss-serials.csv")
    html = client_as(make_user("warehouse")).get("/browse/serial-imports/").content.decode()
    assert "top-serials.csv" in html and "romoss-serials.csv" not in html
    assert NEW in html  # the import action


# Units


@pytest.fixture
def units(brand, other_brand, catalog):
    made = [
        ("TOP0125010000001", brand, catalog.bank),
        ("TOP0125010000002", brand, catalog.bank),
        ("TOP0125020000001", brand, catalog.bank),
        ("TOP0225010000001", brand, catalog.cable),
        ("TOP0125019999999", other_brand, catalog.romoss_bank),
    ]
    for serial, owner, model in made:
        Unit.objects.create(brand=owner, serial=serial, model=model, produced_on=date(2025, 1, 1))


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("top-01 2501", ["TOP0125010000001", "TOP0125010000002"]),
        ("TOP01", ["TOP0125010000001", "TOP0125010000002", "TOP0125020000001"]),
        ("top0125010000002", ["TOP0125010000002"]),
        ("TOP03", []),
    ],
)
def test_it_searches_units_by_the_beginning_of_the_serial(
    client_as, make_user, units, query, found
):
    response = client_as(make_user("warehouse")).get("/browse/units/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    shown = [
        serial for serial in sorted(Unit.objects.values_list("serial", flat=True)) if serial in html
    ]
    assert shown == found  # TOP0125019999999 is ROMOSS's: the warehouse works for TOP only


def test_it_shows_units_of_both_brands_to_headquarters(client_as, make_user, units):
    html = (
        client_as(make_user("manager")).get("/browse/units/", {"q": "TOP012501"}).content.decode()
    )
    assert "TOP0125019999999" in html and "TOP0125010000001" in html


def test_it_offers_the_serial_search_box_on_the_units_page(client_as, make_user, units):
    html = client_as(make_user("warehouse")).get("/browse/units/").content.decode()
    assert 'id="q"' in html and "Serial or its first characters" in html
