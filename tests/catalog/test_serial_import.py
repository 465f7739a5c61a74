"""Serial imports: starting an upload, running it all or nothing, the report, the sweeper."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from sanbao.catalog import serial_import as serial_import_module
from sanbao.catalog import serial_store
from sanbao.catalog.models import SerialImport, StagedUnit, Unit, UnitStatus
from sanbao.catalog.serial_import import (
    serial_import_run,
    serial_import_start,
    serial_imports_sweep,
)
from sanbao.catalog.tasks import serial_import_run_task, serial_imports_sweep_periodic
from sanbao.config.errors import DomainError
from tests.catalog.serial_files import (
    catalog_make,
    csv_write,
    good_row,
    import_make,
    serials,
    xlsx_write,
)

pytestmark = pytest.mark.django_db
Status = SerialImport.Status


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def catalog(brand, other_brand, dealer):
    return catalog_make(brand, other_brand)


def _run(brand, path, by=None, **kwargs):
    serial_import = import_make(brand, path, by)
    return serial_import_run(serial_import_id=serial_import.pk, **kwargs)


def _upload(
    name="units.csv", content=b"serial,model_sku,produced_on\nA0000001,TOP-PB10,2025-01-15\n"
):
    return SimpleUploadedFile(name, content, content_type="text/csv")


# Starting


def test_it_keeps_the_upload_and_queues_it_after_commit(
    users, brand, catalog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        serial_import = serial_import_start(
            brand=brand, upload=_upload("units.csv"), by=users["warehouse"]
        )
    assert len(callbacks) == 1
    serial_import.refresh_from_db()
    assert (serial_import.status, serial_import.file_name) == (Status.QUEUED, "units.csv")
    assert serial_import.created_by == users["warehouse"]
    with serial_import.file.open("rb") as stored:
        assert stored.read().startswith(b"serial,model_sku")
    callbacks[0]()
    serial_import.refresh_from_db()
    assert serial_import.status == Status.SUCCEEDED and Unit.objects.count() == 1


def test_it_refuses_a_brand_the_uploader_does_not_work_for(users, other_brand):
    # The warehouse user's outlet serves TOP only.
    with pytest.raises(DomainError) as refused:
        serial_import_start(brand=other_brand, upload=_upload(), by=users["warehouse"])
    assert (refused.value.code, refused.value.status) == ("forbidden", 403)
    assert not SerialImport.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (_upload("units.txt"), "Upload a .csv or .xlsx file."),
        (_upload("units"), "Upload a .csv or .xlsx file."),
        (_upload("units.csv", b""), "The file is empty."),
    ],
)
def test_it_refuses_a_file_it_cannot_import(users, brand, upload, message):
    with pytest.raises(DomainError) as refused:
        serial_import_start(brand=brand, upload=upload, by=users["manager"])
    assert (refused.value.code, refused.value.status) == ("invalid_file", 422)
    assert refused.value.fields == {"file": message}
    assert not SerialImport.objects.exists()


def test_it_refuses_a_file_over_200_mb(users, brand):
    upload = _upload("units.XLSX")
    upload.size = serial_import_module.MAX_UPLOAD_BYTES + 1
    with pytest.raises(DomainError, match="larger than 200 MB"):
        serial_import_start(brand=brand, upload=upload, by=users["manager"])
    upload.size = serial_import_module.MAX_UPLOAD_BYTES
    assert serial_import_start(brand=brand, upload=upload, by=users["manager"]).pk


# Running


def test_it_imports_every_row_of_a_good_file(tmp_path, brand, catalog, dealer, users):
    rows = [good_row(serial) for serial in serials(3)]
    rows.append(good_row("top-0125-0200-0001", model_sku="top-c1", batch="", dealer_code="",
                         shipped_on="", produced_on="2025-02-10"))  # fmt: skip
    serial_import = _run(brand, csv_write(tmp_path / "units.csv", rows), by=users["manager"])
    assert serial_import.status == Status.SUCCEEDED
    assert (serial_import.rows_total, serial_import.rows_checked) == (4, 4)
    assert (serial_import.units_imported, serial_import.error_count) == (4, 0)
    assert serial_import.errors == [] and serial_import.failure == ""
    assert serial_import.started_at <= serial_import.finished_at
    serial_import.refresh_from_db()
    assert serial_import.status == Status.SUCCEEDED and serial_import.units_imported == 4
    units = {unit.serial: unit for unit in Unit.objects.all()}
    assert sorted(units) == [*serials(3), "TOP012502000001"]
    shipped = units[serials(1)[0]]
    assert (shipped.model, shipped.batch, shipped.dealer, shipped.status) == (
        catalog.bank, catalog.january, dealer, UnitStatus.SHIPPED,
    )  # fmt: skip
    assert (shipped.produced_on, shipped.shipped_on) == (date(2025, 1, 15), date(2025, 2, 1))
    in_stock = units["TOP012502000001"]
    assert (in_stock.model, in_stock.batch, in_stock.dealer, in_stock.status) == (
        catalog.cable, None, None, UnitStatus.PRODUCED,
    )  # fmt: skip
    assert {unit.serial_import_id for unit in units.values()} == {serial_import.pk}
    assert not StagedUnit.objects.exists()


def test_it_imports_nothing_when_one_row_among_many_is_bad(tmp_path, brand, catalog):
    rows = [good_row(serial) for serial in serials(40)]
    rows[21] = good_row(serials(22)[-1], model_sku="TOP-NOPE")  # sheet row 23
    serial_import = _run(brand, csv_write(tmp_path / "units.csv", rows))
    assert serial_import.status == Status.FAILED
    assert serial_import.failure == "Some rows are not valid."
    assert serial_import.errors == [
        {"row": 23, "column": "model_sku", "message": "TOP has no model TOP-NOPE."}
    ]
    assert (serial_import.error_count, serial_import.units_imported) == (1, 0)
    assert (serial_import.rows_total, serial_import.rows_checked) == (40, 40)
    assert serial_import.finished_at is not None
    assert Unit.objects.count() == 0 and StagedUnit.objects.count() == 0


def test_it_names_both_rows_of_a_serial_repeated_in_the_file(tmp_path, brand, catalog):
    rows = [good_row(serial) for serial in serials(6)]
    rows[4] = good_row("top01-2501-00000002")  # row 6 repeats row 3, written differently
    serial_import = _run(brand, csv_write(tmp_path / "units.csv", rows))
    assert serial_import.status == Status.FAILED
    assert serial_import.errors == [
        {"row": 6, "column": "serial", "message": f"Serial {serials(2)[1]} is also on row 3."}
    ]
    assert serial_import.error_count == 1 and Unit.objects.count() == 0


def test_it_fails_a_second_import_of_the_same_file_as_already_registered(tmp_path, brand, catalog):
    path = csv_write(tmp_path / "units.csv", [good_row(serial) for serial in serials(3)])
    assert _run(brand, path).status == Status.SUCCEEDED
    again = _run(brand, path)
    assert again.status == Status.FAILED
    assert again.errors == [
        {"row": row, "column": "serial", "message": f"Serial {serial} is already registered."}
        for row, serial in enumerate(serials(3), start=2)
    ]
    assert again.error_count == 3 and again.units_imported == 0
    assert Unit.objects.count() == 3
    assert set(Unit.objects.values_list("serial_import_id", flat=True)) != {again.pk}


def test_it_lets_another_brand_register_the_same_serials(tmp_path, brand, other_brand, catalog):
    assert _run(brand, csv_write(tmp_path / "top.csv", [good_row("SAME000001")])).status == (
        Status.SUCCEEDED
    )
    romoss = csv_write(
        tmp_path / "romoss.csv",
        [good_row("SAME000001", model_sku="RMS-PB20", batch="R2501", dealer_code="sh")],
    )
    assert _run(other_brand, romoss).status == Status.SUCCEEDED
    assert sorted(Unit.objects.values_list("brand__code", flat=True)) == ["romoss", "top"]


def test_it_reports_row_errors_and_conflicts_in_row_order(tmp_path, brand, catalog):
    path = csv_write(tmp_path / "first.csv", [good_row("REG0000001")])
    assert _run(brand, path).status == Status.SUCCEEDED
    rows = [
        good_row("DUP0000001"),  # 2
        good_row("REG0000001"),  # 3: registered
        good_row("BAD0000001", produced_on="someday"),  # 4
        good_row("DUP0000001"),  # 5: repeats row 2
        good_row("BAD0000002", dealer_code=""),  # 6
    ]
    serial_import = _run(brand, csv_write(tmp_path / "second.csv", rows))
    assert [(error["row"], error["column"]) for error in serial_import.errors] == [
        (3, "serial"), (4, "produced_on"), (5, "serial"), (6, "dealer_code"),
    ]  # fmt: skip
    assert serial_import.error_count == 4
    assert Unit.objects.count() == 1


def test_it_imports_a_csv_with_a_bom_and_chinese_headings(tmp_path, brand, catalog, dealer):
    path = csv_write(
        tmp_path / "序列号.csv",
        [good_row(serial) for serial in serials(2)],
        headings=["序列号", "型号", "批次号", "生产日期", "经销商编码", "发货日期"],
        bom=True,
    )
    serial_import = _run(brand, path)
    assert serial_import.status == Status.SUCCEEDED, serial_import.errors
    assert serial_import.file_name == "序列号.csv"
    assert sorted(Unit.objects.filter(dealer=dealer).values_list("serial", flat=True)) == serials(2)


def test_it_imports_an_xlsx_with_date_cells_and_chinese_headings(tmp_path, brand, catalog):
    path = xlsx_write(
        tmp_path / "units.xlsx",
        [
            ["TOP0000000001", "TOP-PB10", "B2502", date(2025, 2, 3), "hz", date(2025, 2, 10)],
            [12345678, "TOP-C1", None, date(2025, 3, 1), None, None],
        ],
        headings=["序列号", "型号", "批次", "生产日期", "经销商", "发货日期"],
    )
    serial_import = _run(brand, path)
    assert serial_import.status == Status.SUCCEEDED, serial_import.errors
    assert serial_import.units_imported == 2
    unit = Unit.objects.get(serial="TOP0000000001")
    assert (unit.batch, unit.produced_on, unit.shipped_on) == (
        catalog.february, date(2025, 2, 3), date(2025, 2, 10),
    )  # fmt: skip
    assert Unit.objects.filter(serial="12345678", status=UnitStatus.PRODUCED).exists()


def test_it_reports_xlsx_row_numbers_of_the_sheet(tmp_path, brand, catalog):
    path = xlsx_write(
        tmp_path / "units.xlsx",
        [
            ["TOP0000000001", "TOP-PB10", "B2501", date(2025, 1, 3)],
            [None, None, None, None],
            ["TOP0000000002", "TOP-PB10", "B2501", date(2025, 2, 3)],
        ],
        headings=["serial", "model_sku", "batch", "produced_on"],
    )
    serial_import = _run(brand, path)
    assert serial_import.errors == [
        {"row": 4, "column": "produced_on",
         "message": "Batch B2501 was produced from 2025-01-01 to 2025-01-31."},
    ]  # fmt: skip


def test_it_fails_a_file_without_the_required_headings(tmp_path, brand, catalog):
    path = csv_write(tmp_path / "units.csv", [["A0000001"]], headings=["serial"])
    serial_import = _run(brand, path)
    assert serial_import.status == Status.FAILED
    assert serial_import.failure == (
        "The first row must name the columns; missing: model_sku, produced_on."
    )
    assert (serial_import.errors, serial_import.error_count) == ([], 0)


def test_it_fails_a_file_with_only_headings(tmp_path, brand, catalog):
    serial_import = _run(brand, csv_write(tmp_path / "units.csv", [["", "", "", "", "", ""]]))
    assert serial_import.status == Status.FAILED
    assert serial_import.failure == "The file has no rows under its headings."


def test_it_does_nothing_on_a_second_run_of_the_same_import(tmp_path, brand, catalog):
    serial_import = import_make(brand, csv_write(tmp_path / "units.csv", [good_row("A0000001")]))
    first = serial_import_run(serial_import_id=serial_import.pk)
    assert first.status == Status.SUCCEEDED
    progress = []
    second = serial_import_run(serial_import_id=serial_import.pk, progress=progress.append)
    assert (second.status, second.units_imported, second.error_count) == (Status.SUCCEEDED, 1, 0)
    assert second.finished_at == first.finished_at
    assert progress == [] and Unit.objects.count() == 1


def test_it_leaves_an_import_another_worker_has_claimed(tmp_path, brand, catalog):
    serial_import = import_make(brand, csv_write(tmp_path / "units.csv", [good_row("A0000001")]))
    SerialImport.objects.filter(pk=serial_import.pk).update(status=Status.CHECKING)
    result = serial_import_run(serial_import_id=serial_import.pk)
    assert (result.status, result.started_at, result.rows_checked) == (Status.CHECKING, None, 0)
    assert Unit.objects.count() == 0


def test_it_stages_in_chunks_and_reports_progress(tmp_path, brand, catalog, monkeypatch):
    monkeypatch.setattr(serial_import_module, "STAGE_CHUNK", 4)
    staged = []
    real_stage = serial_store.rows_stage

    def stage(*, serial_import, rows):
        staged.append(len(rows))
        real_stage(serial_import=serial_import, rows=rows)

    monkeypatch.setattr(serial_import_module, "rows_stage", stage)
    seen = []
    path = csv_write(tmp_path / "units.csv", [good_row(serial) for serial in serials(10)])
    serial_import = _run(
        brand, path, progress=lambda obj: seen.append((obj.status, obj.rows_checked, obj.percent()))
    )
    assert serial_import.units_imported == 10 and staged == [4, 4, 2]
    assert seen == [
        (Status.CHECKING, 4, 36), (Status.CHECKING, 8, 72), (Status.CHECKING, 10, 90),
        (Status.SAVING, 10, 99), (Status.SUCCEEDED, 10, 100),
    ]  # fmt: skip


def test_it_finds_repeats_across_staged_chunks(tmp_path, brand, catalog, monkeypatch):
    monkeypatch.setattr(serial_import_module, "STAGE_CHUNK", 2)
    rows = [good_row(serial) for serial in serials(7)]
    rows.append(good_row(serials(1)[0]))  # row 9 repeats row 2
    serial_import = _run(brand, csv_write(tmp_path / "units.csv", rows))
    assert serial_import.errors == [
        {"row": 9, "column": "serial", "message": f"Serial {serials(1)[0]} is also on row 2."}
    ]
    assert Unit.objects.count() == 0 and StagedUnit.objects.count() == 0


def test_it_keeps_the_first_errors_and_counts_them_all(tmp_path, brand, catalog, monkeypatch):
    monkeypatch.setattr(serial_import_module, "ERRORS_KEPT", 3)
    rows = [good_row(serial, produced_on="2025-13-01") for serial in serials(5)]
    rows.append(good_row("BAD", model_sku=""))  # row 7: two more errors
    serial_import = _run(brand, csv_write(tmp_path / "units.csv", rows))
    assert [error["row"] for error in serial_import.errors] == [2, 3, 4]
    assert serial_import.error_count == 7


def test_it_writes_the_report_in_the_uploaders_language(
    tmp_path, other_brand, catalog, make_user, monkeypatch
):
    languages = []
    real_run = serial_import_module._run

    def run(serial_import, progress):
        languages.append(translation.get_language())
        real_run(serial_import, progress)

    monkeypatch.setattr(serial_import_module, "_run", run)
    path = csv_write(tmp_path / "units.csv", [good_row("A0000001", model_sku="X1", batch="")])
    chinese = _run(other_brand, path, by=make_user("manager", language="zh-hans"))
    english = _run(other_brand, path, by=make_user("auditor", language="en"))
    nobody = _run(other_brand, path)
    assert languages == ["zh-hans", "en", "en"]
    assert chinese.errors[0]["message"].startswith("罗马仕 ")  # the brand's Chinese name
    assert english.errors[0]["message"].startswith("ROMOSS ")
    assert nobody.errors[0]["message"].startswith("ROMOSS ")
    assert translation.get_language() != "zh-hans"


def test_it_fails_without_registering_when_another_import_took_a_serial_meanwhile(
    tmp_path, brand, catalog, monkeypatch
):
    path = csv_write(tmp_path / "units.csv", [good_row(serial) for serial in serials(3)])
    Unit.objects.create(
        brand=brand, serial=serials(3)[-1], model=catalog.bank, produced_on=date(2025, 1, 1)
    )
    # The other import registers its unit between this one's check and its save.
    monkeypatch.setattr(serial_import_module, "staged_conflicts", lambda **kwargs: (0, []))
    serial_import = _run(brand, path)
    assert serial_import.status == Status.FAILED
    assert serial_import.failure == (
        "Some serials were registered by another import meanwhile; upload the file again."
    )
    assert list(Unit.objects.values_list("serial", flat=True)) == [serials(3)[-1]]
    assert not StagedUnit.objects.exists()
    serial_import.refresh_from_db()
    assert serial_import.status == Status.FAILED and serial_import.units_imported == 0


def test_it_runs_an_import_as_a_task(tmp_path, brand, catalog):
    serial_import = import_make(brand, csv_write(tmp_path / "units.csv", [good_row("A0000001")]))
    serial_import_run_task(serial_import.pk)
    serial_import.refresh_from_db()
    assert serial_import.status == Status.SUCCEEDED and Unit.objects.count() == 1


# Sweeping


def _running(brand, status, heartbeat_at):
    serial_import = SerialImport.objects.create(
        brand=brand, file="x.csv", file_name="x.csv", status=status, heartbeat_at=heartbeat_at
    )
    StagedUnit.objects.create(
        serial_import=serial_import, row=2, serial="A0000001", model_id=1,
        produced_on=date(2025, 1, 1), status="produced",
    )  # fmt: skip
    return serial_import


def test_it_sweeps_imports_whose_worker_stopped(brand):
    now = timezone.now()
    old = now - timedelta(minutes=6)
    checking = _running(brand, Status.CHECKING, old)
    saving = _running(brand, Status.SAVING, old)
    alive = _running(brand, Status.CHECKING, now - timedelta(minutes=4))
    queued = _running(brand, Status.QUEUED, None)
    done = _running(brand, Status.SUCCEEDED, old)
    assert checking.is_stale(now) and not alive.is_stale(now) and not done.is_stale(now)
    assert serial_imports_sweep(now=now) == 2
    for swept in (checking, saving):
        swept.refresh_from_db()
        assert (swept.status, swept.finished_at) == (Status.FAILED, now)
        assert swept.failure.startswith(
            "The worker stopped during the import; nothing was imported."
        )
    for untouched, status in (
        (alive, Status.CHECKING),
        (queued, Status.QUEUED),
        (done, Status.SUCCEEDED),
    ):
        untouched.refresh_from_db()
        assert untouched.status == status and untouched.failure == ""
    # The finished import's rows were left by a worker killed before clearing them: gone too.
    assert sorted(StagedUnit.objects.values_list("serial_import_id", flat=True)) == sorted(
        [alive.pk, queued.pk]
    )
    assert serial_imports_sweep(now=now) == 0


def test_it_sweeps_every_five_minutes_as_a_periodic_task(brand):
    stale = _running(brand, Status.CHECKING, timezone.now() - timedelta(minutes=10))
    assert serial_imports_sweep_periodic.call_local() == 1
    stale.refresh_from_db()
    assert stale.status == Status.FAILED and not StagedUnit.objects.exists()


def test_it_imports_nothing_when_the_sweeper_failed_a_slow_worker(
    tmp_path, brand, catalog, monkeypatch
):
    monkeypatch.setattr(serial_import_module, "STAGE_CHUNK", 2)
    swept = []

    def progress(serial_import):
        if not swept:  # the worker stalls after its first chunk; the sweeper runs meanwhile
            swept.append(serial_imports_sweep(now=timezone.now() + timedelta(minutes=6)))

    path = csv_write(tmp_path / "units.csv", [good_row(serial) for serial in serials(5)])
    serial_import = _run(brand, path, progress=progress)
    assert swept == [1]
    serial_import.refresh_from_db()
    assert serial_import.status == Status.FAILED
    assert Unit.objects.count() == 0


@pytest.mark.parametrize(
    ("status", "checked", "total", "percent"),
    [
        (Status.QUEUED, 0, None, 0),
        (Status.CHECKING, 50, 100, 45),
        (Status.CHECKING, 120, 100, 99),
        (Status.SAVING, 100, 100, 99),
        (Status.SUCCEEDED, 0, None, 100),
        (Status.FAILED, 10, 100, 9),
    ],
)
def test_it_shows_checking_as_most_of_the_progress(brand, status, checked, total, percent):
    serial_import = SerialImport(brand=brand, status=status, rows_checked=checked, rows_total=total)
    assert serial_import.percent() == percent
