"""A manager imports serial files and runs a recall; anyone checks a unit in both languages."""

import csv
import threading
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone
from huey.contrib.djhuey import HUEY
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("var/screenshots")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def power_bank(brand, dealer):
    from sanbao.catalog.models import ProductionBatch, ProductModel

    model = ProductModel.objects.create(
        brand=brand, sku="TOP-PB20", name_en="TOP 20000 mAh power bank",
        name_zh="TOP 20000毫安移动电源", category="power_bank", capacity_mah=20000,
    )  # fmt: skip
    for code, start, end in (("B2503", date(2025, 3, 1), date(2025, 3, 28)),
                             ("B2509", date(2025, 9, 1), date(2025, 9, 28)),
                             ("B2512", date(2025, 12, 1), date(2025, 12, 28))):  # fmt: skip
        ProductionBatch.objects.create(model=model, code=code, produced_from=start, produced_to=end)
    return model


def _serial_file(path: Path, brand, count: int, bad_row: int | None = None, first: int = 1) -> Path:
    from sanbao.catalog.serial_generator import HEADINGS, serial_rows_generate

    rows = serial_rows_generate(
        brand=brand, count=count, today=timezone.localdate(), first_sequence=first
    )
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADINGS)
        for number, row in enumerate(rows, start=2):
            if number == bad_row:
                row[1] = "NO-SUCH-MODEL"
            writer.writerow(row)
    return path


def _worker() -> threading.Thread:
    """What `sanbao dev` runs beside the web server: take the queued import and run it."""

    def run() -> None:
        from django.db import connection

        try:
            for _ in range(200):
                task = HUEY.dequeue()
                if task is not None:
                    HUEY.execute(task)
                    return
                threading.Event().wait(0.05)
        finally:
            connection.close()  # this thread's own connection, or the test database lingers

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_it_imports_100k_serials_in_the_browser_and_refuses_a_file_with_one_bad_row(
    page, sign_in, make_user, brand, power_bank, tmp_path, settings, live_server
):
    from sanbao.catalog.models import Unit

    settings.MEDIA_ROOT = tmp_path / "media"
    HUEY.immediate = False  # the import runs in the worker; the page polls its progress
    make_user("manager")
    sign_in("manager", PASSWORD)

    page.goto(f"{live_server.url}/catalog/serial-imports/new/")
    page.get_by_label("brand").select_option(label=str(brand))
    page.get_by_label("Serial file (.csv or .xlsx)").set_input_files(
        str(_serial_file(tmp_path / "serials-100k.csv", brand, 100_000))
    )
    page.get_by_role("button", name="Upload and import").click()
    status = page.get_by_test_id("import-status")
    expect(status).to_have_attribute("data-status", "queued")
    expect(page.get_by_role("progressbar")).to_be_visible()
    worker = _worker()
    expect(status).to_have_attribute("data-status", "succeeded", timeout=120_000)
    worker.join()
    expect(status).to_contain_text("100,000 units imported.")
    assert Unit.objects.count() == 100_000
    _shot(page, "serial-import-succeeded-en")

    page.goto(f"{live_server.url}/catalog/serial-imports/new/")
    page.get_by_label("brand").select_option(label=str(brand))
    page.get_by_label("Serial file (.csv or .xlsx)").set_input_files(
        str(_serial_file(tmp_path / "bad.csv", brand, 1_000, bad_row=501, first=200_001))
    )
    page.get_by_role("button", name="Upload and import").click()
    worker = _worker()
    expect(status).to_have_attribute("data-status", "failed", timeout=60_000)
    worker.join()
    expect(status).to_contain_text("Nothing was imported.")
    errors = page.get_by_test_id("import-errors")
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(errors.locator("tbody tr").first).to_contain_text("501")
    expect(errors.locator("tbody tr").first).to_contain_text("model_sku")
    expect(errors.locator("tbody tr").first).to_contain_text("NO-SUCH-MODEL")
    assert Unit.objects.count() == 100_000
    _shot(page, "serial-import-failed-en")


def test_it_runs_a_recall_of_two_batches_that_the_public_check_shows_in_both_languages(
    page, sign_in, make_user, brand, dealer, power_bank, live_server
):
    from sanbao.catalog.models import Unit

    batches = {batch.code: batch for batch in power_bank.batches.all()}
    for number in range(30):
        batch = batches[("B2503", "B2509", "B2512")[number % 3]]
        Unit.objects.create(
            brand=brand, serial=f"TOPPB20{number:08d}", model=power_bank, batch=batch,
            produced_on=batch.produced_from, dealer=dealer, shipped_on=batch.produced_to,
            status="shipped",
        )  # fmt: skip
    make_user("manager")
    sign_in("manager", PASSWORD)

    page.goto(f"{live_server.url}/browse/recalls/new/")
    form = page.get_by_test_id("object-form")
    form.get_by_label("brand").select_option(label=str(brand))
    form.get_by_label("campaign code").fill("TOP-2026-R1")
    form.get_by_label("title (English)").fill("Recall of TOP 20000 mAh power banks")
    form.get_by_label("title (Chinese)").fill("TOP 20000毫安移动电源召回")
    form.get_by_label("cause").fill("Cells may overheat while charging.")
    form.get_by_label("regulator reference").fill("SAMR-2026-0099")
    form.get_by_label("remedy").select_option("choice")
    form.get_by_label("product models").select_option(label=str(power_bank))
    form.get_by_label("production batches").select_option(
        [str(batches["B2503"]), str(batches["B2509"])]
    )
    form.get_by_label("starts on").fill(str(timezone.localdate()))
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("units-in-scope")).to_have_text("20")
    page.get_by_role("button", name="Activate the recall").click()
    expect(page.get_by_text("The recall is now Active.")).to_be_visible()
    _shot(page, "recall-active-en")

    page.goto(f"{live_server.url}/w/TOPPB2000000000")  # batch B2503: recalled
    recall = page.get_by_test_id("recall")
    expect(recall).to_contain_text("This unit is recalled")
    expect(recall).to_contain_text("Recall of TOP 20000 mAh power banks")
    expect(recall).to_contain_text("Do not take it on a plane")
    _shot(page, "public-check-recalled-en")
    page.get_by_role("button", name="简体中文").click()
    expect(recall).to_contain_text("TOP 20000毫安移动电源召回")
    expect(recall).to_contain_text("飞机")
    _shot(page, "public-check-recalled-zh")

    page.goto(f"{live_server.url}/w/TOPPB2000000002")  # batch B2512: not recalled
    expect(page.get_by_test_id("unit")).to_be_visible()
    expect(page.get_by_test_id("recall")).to_have_count(0)
    page.goto(f"{live_server.url}/portal/warranty/?serial=NOPE000000")
    expect(page.get_by_test_id("check-error")).to_be_visible()
