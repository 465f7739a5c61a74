"""Building a batch: the header, then rows typed, pasted or imported — all or none."""

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from sanbao.config.errors import DomainError
from sanbao.returns import building
from sanbao.returns.building import (
    batch_cancel,
    batch_create,
    batch_header_update,
    batch_unit_remove,
    batch_units_add,
    batch_units_import,
    batch_units_paste,
)
from sanbao.returns.models import BatchEvent, BatchSequence, ReturnBatch, ReturnUnit
from tests.returns.conftest import header, refused, registered, rows

pytestmark = pytest.mark.django_db


def csv_file(lines, *, bom=False):
    text = io.StringIO()
    csv.writer(text).writerows(lines)
    return io.BytesIO((("\ufeff" if bom else "") + text.getvalue()).encode("utf-8"))


def xlsx_file(lines):
    book = Workbook()
    sheet = book.active
    for line in lines:
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


@pytest.fixture
def empty_draft(dealer_user, other_brand, rms_models):
    return lambda: batch_create(brand=other_brand, header=header(), by=dealer_user)


def units_of(batch):
    return list(
        batch.units.order_by("line").values_list(
            "line", "model__sku", "category", "serial", "fault_text", "accessories",
            "purchase_date", "unit_id", "declared", "state",
        )
    )  # fmt: skip


# --- creating ------------------------------------------------------------------------


def test_it_creates_a_dealers_draft_with_a_numbered_header(
    dealer_user, rms_dealer, other_brand, clock
):
    clock(2026, 11, 20)

    batch = batch_create(
        brand=other_brand, by=dealer_user,
        header=header(contact_person="  王  丽 ", boxes=2, note="  两箱 ", courier=" 顺丰速运 "),
    )  # fmt: skip
    second = batch_create(brand=other_brand, header=header(), by=dealer_user)

    assert batch.number == "RMSR261120001"
    assert second.number == "RMSR261120002"
    batch.refresh_from_db()
    assert (batch.status, batch.dealer, batch.brand, batch.created_by) == (
        "draft", rms_dealer, other_brand, dealer_user,
    )  # fmt: skip
    assert (batch.contact_person, batch.contact_phone, batch.boxes) == (
        "王 丽",
        "+8613957112345",
        2,
    )
    assert (batch.courier, batch.note, batch.payment, batch.home_delivery) == (
        "顺丰速运", "两箱", "sender", True,
    )  # fmt: skip
    event = batch.events.get()
    assert (event.action, event.from_status, event.to_status, event.by) == (
        "create", "", "draft", dealer_user,
    )  # fmt: skip


def test_it_starts_the_numbers_again_each_day(dealer_user, other_brand, clock):
    clock(2026, 11, 20)
    batch_create(brand=other_brand, header=header(), by=dealer_user)
    clock(2026, 11, 21)

    batch = batch_create(brand=other_brand, header=header(), by=dealer_user)

    assert batch.number == "RMSR261121001"
    assert BatchSequence.objects.count() == 2


def test_it_lets_factory_staff_prepare_a_batch_for_a_dealer(warehouse, rms_dealer, other_brand):
    batch = batch_create(brand=other_brand, header=header(), by=warehouse, dealer=rms_dealer)

    assert (batch.dealer, batch.created_by) == (rms_dealer, warehouse)


def test_it_asks_staff_which_dealer_the_batch_comes_from(warehouse, other_brand):
    with refused("invalid_input", 422, field="dealer"):
        batch_create(brand=other_brand, header=header(), by=warehouse)
    assert ReturnBatch.objects.count() == 0


def test_it_keeps_a_dealer_to_its_own_batches(dealer_user, other_dealer, other_brand):
    with refused("forbidden", 403):
        batch_create(brand=other_brand, header=header(), by=dealer_user, dealer=other_dealer)
    assert ReturnBatch.objects.count() == 0


@pytest.mark.parametrize("who", ["inspector", "top_warehouse"])
def test_it_refuses_staff_who_may_not_prepare_batches_of_the_brand(
    request, who, rms_dealer, other_brand
):
    user = request.getfixturevalue(who)

    with refused("forbidden", 403):
        batch_create(brand=other_brand, header=header(), by=user, dealer=rms_dealer)
    assert ReturnBatch.objects.count() == 0


def test_it_refuses_a_brand_whose_policy_takes_no_returns(dealer_user, brand):
    with refused("no_return_rules", 422, field="brand"):
        batch_create(brand=brand, header=header(), by=dealer_user)


def test_it_refuses_a_dealer_not_authorised_for_the_brand(make_user, dealer, other_brand):
    top_only = make_user("dealer")  # the shared dealer deals in TOP only here

    with refused("invalid_input", 422, field="brand"):
        batch_create(brand=other_brand, header=header(), by=top_only)
    assert dealer.brands.filter(pk=other_brand.pk).exists() is False


def test_it_refuses_an_inactive_dealer(dealer_user, rms_dealer, other_brand):
    rms_dealer.is_active = False
    rms_dealer.save()

    with refused("invalid_input", 422, field="brand"):
        batch_create(brand=other_brand, header=header(), by=dealer_user)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"contact_person": "  "}, "contact_person"),
        ({"contact_phone": "12345"}, "contact_phone"),
        ({"boxes": 0}, "boxes"),
    ],
)
def test_it_names_a_wrong_header_field_and_stores_nothing(dealer_user, other_brand, changes, field):
    with refused("invalid_input", 422, field=field):
        batch_create(brand=other_brand, header=header(**changes), by=dealer_user)
    assert (ReturnBatch.objects.count(), BatchSequence.objects.count()) == (0, 0)


def test_it_updates_a_drafts_header(make_batch, dealer_user):
    batch = make_batch(units=1)

    batch_header_update(
        number=batch.number, header=header(boxes=3, courier="德邦", home_delivery=False),
        by=dealer_user,
    )  # fmt: skip

    batch.refresh_from_db()
    assert (batch.boxes, batch.courier, batch.home_delivery) == (3, "德邦", False)


def test_it_refuses_a_wrong_header_update(make_batch, dealer_user):
    batch = make_batch(units=1)

    with pytest.raises(DomainError) as caught:
        batch_header_update(number=batch.number, header=header(boxes=0), by=dealer_user)

    assert caught.value.fields.keys() == {"boxes"}
    batch.refresh_from_db()
    assert batch.boxes == 1


# --- typed rows ----------------------------------------------------------------------


def test_it_adds_typed_rows_and_numbers_the_lines_on(make_batch, dealer_user, rms_models):
    batch = make_batch(units=2)

    added = batch_units_add(
        number=batch.number.lower(), by=dealer_user,
        rows=[{"model": "rms-ac20", "serial": "rmsac0001", "fault": "无输出",
               "accessories": "", "purchase_date": "2026-06-01"}],
    )  # fmt: skip

    assert added == 1
    assert units_of(batch) == [
        (1, "RMS-PB10K", "power_bank", "", "不充电 1", ["data_cable"], None, None, True,
         "declared"),
        (2, "RMS-PB10K", "power_bank", "", "不充电 2", ["data_cable"], None, None, True,
         "declared"),
        (3, "RMS-AC20", "adapter", "RMSAC0001", "无输出", [], date(2026, 6, 1), None, True,
         "declared"),
    ]  # fmt: skip


def test_it_links_registered_serials(empty_draft, dealer_user, rms_models, rms_dealer):
    unit = registered("RMSREG0001", rms_models["bank"], dealer=rms_dealer)
    batch = empty_draft()

    batch_units_add(
        number=batch.number, rows=[{"model": "RMS-PB10K", "serial": "RMSREG0001", "fault": "x"}],
        by=dealer_user,
    )  # fmt: skip

    assert batch.units.get().unit == unit


def test_it_adds_no_row_when_one_is_wrong(make_batch, dealer_user):
    batch = make_batch(units=1)
    bad = [*rows(2), {"model": "RMS-NOPE", "fault": ""}, *rows(1)]

    with refused("invalid_rows", 422) as caught:
        batch_units_add(number=batch.number, rows=bad, by=dealer_user)

    found = caught.value.fields["rows"]
    assert [(r["row"], r["column"]) for r in found] == [(3, "model"), (3, "fault")]
    assert all(r["message"] for r in found)
    assert "2" in caught.value.message
    assert batch.units.count() == 1


def test_it_shows_at_most_200_row_errors(empty_draft, dealer_user):
    batch = empty_draft()

    with refused("invalid_rows", 422) as caught:
        batch_units_add(
            number=batch.number, rows=[{"model": "NOPE", "fault": "x"}] * 250, by=dealer_user
        )

    assert len(caught.value.fields["rows"]) == 200
    assert "250" in caught.value.message


def test_it_refuses_a_serial_already_on_the_list(empty_draft, dealer_user):
    batch = empty_draft()
    batch_units_add(
        number=batch.number, rows=[{"model": "RMS-PB10K", "serial": "RMS000001", "fault": "x"}],
        by=dealer_user,
    )  # fmt: skip

    with refused("invalid_rows", 422) as caught:
        batch_units_add(
            number=batch.number, by=dealer_user,
            rows=[{"model": "RMS-PB10K", "serial": "RMS000002", "fault": "x"},
                  {"model": "RMS-PB10K", "serial": "rms-000001", "fault": "x"}],
        )  # fmt: skip

    assert [(r["row"], r["column"]) for r in caught.value.fields["rows"]] == [(2, "serial")]


def test_it_refuses_a_serial_registered_as_another_model(
    empty_draft, dealer_user, rms_models, rms_dealer
):
    registered("RMSREG0001", rms_models["adapter"], dealer=rms_dealer)
    batch = empty_draft()

    with refused("invalid_rows", 422) as caught:
        batch_units_add(
            number=batch.number, by=dealer_user,
            rows=[*rows(1), {"model": "RMS-PB10K", "serial": "RMSREG0001", "fault": "x"}],
        )  # fmt: skip

    assert [(r["row"], r["column"]) for r in caught.value.fields["rows"]] == [(2, "serial")]


def test_it_refuses_an_empty_list(make_batch, dealer_user):
    batch = make_batch(units=1)

    with refused("invalid_rows", 422) as caught:
        batch_units_add(number=batch.number, rows=[], by=dealer_user)

    assert caught.value.fields["rows"][0]["row"] == 0


def test_it_lets_factory_staff_fill_in_a_dealers_draft(make_batch, warehouse):
    batch = make_batch(units=1)

    assert batch_units_add(number=batch.number, rows=rows(2), by=warehouse) == 2


def test_it_refuses_rows_from_staff_who_may_not_prepare(make_batch, inspector):
    batch = make_batch(units=1)

    with refused("forbidden", 403):
        batch_units_add(number=batch.number, rows=rows(1), by=inspector)


def test_it_hides_a_batch_from_another_dealer(make_batch, other_dealer_user):
    batch = make_batch(units=1)

    with refused("batch_not_found", 404):
        batch_units_add(number=batch.number, rows=rows(1), by=other_dealer_user)


@pytest.mark.parametrize("stage", ["submitted", "in_transit", "received"])
def test_it_freezes_the_list_once_submitted(make_batch, dealer_user, warehouse, stage):
    batch = make_batch(units=1, stage=stage)
    changes = [
        lambda: batch_units_add(number=batch.number, rows=rows(1), by=dealer_user),
        lambda: batch_units_paste(number=batch.number, text="RMS-PB10K\t\tx", by=dealer_user),
        lambda: batch_units_import(
            number=batch.number,
            upload=csv_file([["model", "fault"], ["RMS-PB10K", "x"]]),
            file_name="list.csv",
            by=dealer_user,
        ),
        lambda: batch_unit_remove(number=batch.number, line=1, by=dealer_user),
        lambda: batch_header_update(number=batch.number, header=header(boxes=1), by=warehouse),
    ]
    for change in changes:
        with refused("batch_not_draft", 409):
            change()


# --- pasted rows ---------------------------------------------------------------------


def test_it_adds_rows_pasted_with_tabs(empty_draft, dealer_user):
    batch = empty_draft()
    text = "RMS-PB10K\tRMS000001\t不充电\t数据线\r\nRMS-CB1M\t\t接触不良\t\r\n"

    assert batch_units_paste(number=batch.number, text=text, by=dealer_user) == 2

    assert units_of(batch) == [
        (1, "RMS-PB10K", "power_bank", "RMS000001", "不充电", ["data_cable"], None, None, True,
         "declared"),
        (2, "RMS-CB1M", "cable", "", "接触不良", [], None, None, True, "declared"),
    ]  # fmt: skip


def test_it_adds_rows_pasted_under_a_heading_line(empty_draft, dealer_user):
    batch = empty_draft()
    text = (
        "故障\t型号\t配件\t购买日期\n无输出\tRMS-AC20\t\t2026-04-30\n不充电\tRMS-PB10K\t数据线\t\n"
    )

    assert batch_units_paste(number=batch.number, text=text, by=dealer_user) == 2

    assert [(u[1], u[4], u[5], u[6]) for u in units_of(batch)] == [
        ("RMS-AC20", "无输出", [], date(2026, 4, 30)),
        ("RMS-PB10K", "不充电", ["data_cable"], None),
    ]


def test_it_numbers_pasted_errors_as_the_sheet_does(empty_draft, dealer_user):
    batch = empty_draft()
    text = "model\tfault\tserial\nRMS-PB10K\tx\tRMS000001\nRMS-PB10K\tx\tRMS000001\n"

    with refused("invalid_rows", 422) as caught:
        batch_units_paste(number=batch.number, text=text, by=dealer_user)

    assert [(r["row"], r["column"]) for r in caught.value.fields["rows"]] == [(3, "serial")]


def test_it_refuses_an_empty_paste(empty_draft, dealer_user):
    batch = empty_draft()

    with refused("invalid_rows", 422):
        batch_units_paste(number=batch.number, text="\n \n", by=dealer_user)


# --- imported files ------------------------------------------------------------------


def test_it_imports_a_csv_with_english_headings(make_batch, dealer_user):
    batch = make_batch(units=1)
    upload = csv_file([
        ["Model", "Serial number", "Fault description", "Accessories included", "Purchase date"],
        ["RMS-PB10K", "RMS000001", "不充电", "data_cable, pouch", "2026-05-02"],
        ["", "", "", "", ""],
        ["RMS-AC20", "", "无输出", "", ""],
    ])  # fmt: skip

    added = batch_units_import(
        number=batch.number, upload=upload, file_name="LIST.CSV", by=dealer_user
    )

    assert added == 2
    assert [(u[0], u[1], u[3], u[5], u[6]) for u in units_of(batch)][1:] == [
        (2, "RMS-PB10K", "RMS000001", ["data_cable", "pouch"], date(2026, 5, 2)),
        (3, "RMS-AC20", "", [], None),
    ]


def test_it_imports_a_csv_with_chinese_headings_and_a_bom(empty_draft, dealer_user):
    batch = empty_draft()
    upload = csv_file(
        [["型号", "SN码", "故障描述", "随附配件"], ["RMS-PB10K", "RMS000001", "鼓包", "数据线"]],
        bom=True,
    )

    assert batch_units_import(
        number=batch.number, upload=upload, file_name="返修清单.csv", by=dealer_user
    ) == 1  # fmt: skip

    assert units_of(batch)[0][1:6] == ("RMS-PB10K", "power_bank", "RMS000001", "鼓包",
                                       ["data_cable"])  # fmt: skip


def test_it_imports_an_xlsx_with_chinese_headings_and_typed_cells(empty_draft, dealer_user):
    batch = empty_draft()
    upload = xlsx_file([
        ["序列号", "型号", "故障", "配件", "购买日期", "类别"],
        [12345678, "RMS-PB10K", "不充电", "数据线、使用说明书", datetime(2026, 3, 8), "移动电源"],
        [None, None, None, None, None, None],
        [None, "RMS-CB1M", "断线", None, None, "数据线"],
    ])  # fmt: skip

    added = batch_units_import(
        number=batch.number, upload=upload, file_name="list.xlsx", by=dealer_user
    )

    assert added == 2
    assert [(u[1], u[3], u[5], u[6]) for u in units_of(batch)] == [
        ("RMS-PB10K", "12345678", ["data_cable", "manual"], date(2026, 3, 8)),
        ("RMS-CB1M", "", [], None),
    ]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_it_imports_no_row_when_one_is_wrong(make_batch, dealer_user, kind):
    batch = make_batch(units=1)
    lines = [
        ["model", "serial", "fault", "accessories"],
        ["RMS-PB10K", "RMS000001", "不充电", "数据线"],
        ["RMS-PB10K", "RMS000002", "不充电", "茶杯"],
        ["RMS-XX", "RMS000001", "", ""],
    ]
    upload = csv_file(lines) if kind == "csv" else xlsx_file(lines)

    with refused("invalid_rows", 422) as caught:
        batch_units_import(
            number=batch.number, upload=upload, file_name=f"list.{kind}", by=dealer_user
        )

    found = caught.value.fields["rows"]
    assert [(r["row"], r["column"]) for r in found] == [
        (3, "accessories"), (4, "model"), (4, "serial"), (4, "fault"),
    ]  # fmt: skip
    assert all(set(r) == {"row", "column", "message"} and r["message"] for r in found)
    assert batch.units.count() == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("list.csv", [["serial", "accessories"], ["RMS000001", ""]]),  # no model, no fault
        ("list.txt", [["model", "fault"], ["RMS-PB10K", "x"]]),
    ],
)
def test_it_refuses_a_file_it_cannot_read(empty_draft, dealer_user, name, content):
    batch = empty_draft()

    with refused("invalid_input", 422, field="file"):
        batch_units_import(
            number=batch.number, upload=csv_file(content), file_name=name, by=dealer_user
        )


def test_it_refuses_a_csv_not_in_utf8(empty_draft, dealer_user):
    batch = empty_draft()
    upload = io.BytesIO("型号,故障\nRMS-PB10K,不充电\n".encode("gbk"))

    with refused("invalid_input", 422, field="file"):
        batch_units_import(number=batch.number, upload=upload, file_name="a.csv", by=dealer_user)


def test_it_refuses_a_broken_xlsx(empty_draft, dealer_user):
    batch = empty_draft()

    with refused("invalid_input", 422, field="file"):
        batch_units_import(
            number=batch.number, upload=io.BytesIO(b"PK not a zip"), file_name="a.xlsx",
            by=dealer_user,
        )  # fmt: skip


def test_it_refuses_a_file_too_large(empty_draft, dealer_user, monkeypatch):
    monkeypatch.setattr(building, "MAX_IMPORT_BYTES", 10)
    batch = empty_draft()
    upload = csv_file([["model", "fault"], ["RMS-PB10K", "不充电"]])

    with refused("invalid_input", 422, field="file"):
        batch_units_import(number=batch.number, upload=upload, file_name="a.csv", by=dealer_user)


# --- removing a line, cancelling -----------------------------------------------------


def test_it_removes_a_line_of_a_draft(make_batch, dealer_user):
    batch = make_batch(units=3)

    batch_unit_remove(number=batch.number, line=2, by=dealer_user)

    assert list(batch.units.values_list("line", flat=True)) == [1, 3]


def test_it_says_when_there_is_no_such_line(make_batch, dealer_user):
    batch = make_batch(units=1)

    with refused("unit_not_found", 404):
        batch_unit_remove(number=batch.number, line=7, by=dealer_user)


@pytest.mark.parametrize("stage", ["draft", "submitted"])
def test_it_cancels_a_batch_not_yet_on_its_way(make_batch, dealer_user, stage):
    batch = make_batch(units=1, stage=stage)

    event = batch_cancel(number=batch.number, reason="  发错了 ", by=dealer_user)

    batch.refresh_from_db()
    assert batch.status == "cancelled"
    assert (event.action, event.from_status, event.to_status, event.note) == (
        "cancel", stage, "cancelled", "发错了",
    )  # fmt: skip


def test_it_does_not_cancel_a_batch_on_its_way(make_batch, dealer_user):
    batch = make_batch(units=1, stage="in_transit")

    with refused("illegal_transition", 409):
        batch_cancel(number=batch.number, reason="发错了", by=dealer_user)


def test_it_wants_a_reason_to_cancel(make_batch, dealer_user):
    batch = make_batch(units=1)

    with refused("invalid_input", 422, field="reason"):
        batch_cancel(number=batch.number, reason="  ", by=dealer_user)


def test_it_keeps_another_dealer_from_cancelling(make_batch, other_dealer_user, inspector):
    batch = make_batch(units=1)

    with refused("batch_not_found", 404):
        batch_cancel(number=batch.number, reason="x", by=other_dealer_user)
    with refused("forbidden", 403):
        batch_cancel(number=batch.number, reason="x", by=inspector)
    assert BatchEvent.objects.filter(batch=batch).count() == 1
    assert ReturnUnit.objects.filter(batch=batch).count() == 1
