"""Repair-list rows: checked against the brand's models and the registry; pasted text read."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from sanbao.returns import rows as rows_module
from sanbao.returns.rows import LineChecker, pasted_rows
from tests.returns.conftest import registered

pytestmark = pytest.mark.django_db


def check(brand, raw_rows, taken=()):
    """(lines, [(row, column)…]) for rows numbered from 1."""
    lines, errors = LineChecker(brand, taken).check_all(enumerate(raw_rows, start=1))
    return lines, [(error.row, error.column) for error in errors]


def row(**changes):
    return {"model": "RMS-PB10K", "fault": "不充电", **changes}


# --- one good row ----------------------------------------------------------------------


def test_it_turns_a_good_row_into_a_unit_line(other_brand, rms_models):
    raw = row(
        model=" rms-pb10k ", serial="rms-0001 abc", fault="  不  充电\t指示灯不亮 ",
        accessories="数据线", purchase_date="2026/03/01",
    )  # fmt: skip

    lines, errors = check(other_brand, [raw])

    assert errors == []
    (line,) = lines
    assert line.row == 1
    assert line.model == rms_models["bank"]
    assert line.serial == "RMS0001ABC"
    assert line.unit_id is None
    assert line.fault_text == "不 充电 指示灯不亮"
    assert line.accessories == ["data_cable"]
    assert line.purchase_date == date(2026, 3, 1)


def test_it_takes_spreadsheet_dates_as_they_are(other_brand, rms_models):
    lines, errors = check(
        other_brand,
        [row(purchase_date=datetime(2026, 2, 3, 0, 0)), row(purchase_date=date(2026, 2, 4))],
    )

    assert errors == []
    assert [line.purchase_date for line in lines] == [date(2026, 2, 3), date(2026, 2, 4)]


def test_it_leaves_serial_and_purchase_date_optional(other_brand, rms_models):
    lines, errors = check(other_brand, [row(serial="", purchase_date="")])

    assert errors == []
    assert (lines[0].serial, lines[0].purchase_date, lines[0].accessories) == ("", None, [])


# --- accessories ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("数据线", ["data_cable"]),
        ("数据线、收纳袋", ["data_cable", "pouch"]),
        ("Data cable; user manual\uff1bwarranty_card", ["data_cable", "manual", "warranty_card"]),
        ("data_cable, 数据线, DATA CABLE", ["data_cable"]),
        (" , ,", []),
    ],
)
def test_it_reads_accessories_in_english_chinese_or_codes(other_brand, rms_models, text, expected):
    lines, errors = check(other_brand, [row(accessories=text)])

    assert errors == []
    assert lines[0].accessories == expected


def test_it_refuses_a_word_that_is_no_accessory(other_brand, rms_models):
    lines, errors = LineChecker(other_brand).check_all([(1, row(accessories="数据线、充电宝套"))])

    assert lines == []
    assert [(e.row, e.column) for e in errors] == [(1, "accessories")]
    assert "充电宝套" in errors[0].message


# --- wrong cells -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"model": ""}, "model"),
        ({"model": "RMS-NOPE"}, "model"),
        ({"model": "TOP-PB10"}, "model"),  # a model of another brand
        ({"fault": "   "}, "fault"),
        ({"fault": "x" * 201}, "fault"),
        ({"serial": "AB-1"}, "serial"),
        ({"serial": "序列号123456"}, "serial"),
        ({"category": "toaster"}, "category"),
        ({"category": "充电器 / 适配器"}, "category"),  # a real category, not the bank's
        ({"purchase_date": "31.03.2026"}, "purchase_date"),
    ],
)
def test_it_names_the_wrong_cell(other_brand, rms_models, bank, changes, column):
    lines, errors = check(other_brand, [row(**changes)])

    assert lines == []
    assert errors == [(1, column)]


def test_it_accepts_the_models_category_in_either_language(other_brand, rms_models):
    lines, errors = check(
        other_brand,
        [row(category="移动电源"), row(category="Power bank"), row(category="power_bank")],
    )

    assert errors == []
    assert len(lines) == 3


def test_it_keeps_the_fault_at_200_characters(other_brand, rms_models):
    lines, errors = check(other_brand, [row(fault="x" * 200)])

    assert errors == []
    assert len(lines[0].fault_text) == 200


def test_it_reports_every_wrong_cell_of_every_row(other_brand, rms_models):
    raw_rows = [
        row(),
        row(model="RMS-NOPE", fault=""),
        row(),
        row(accessories="茶杯", purchase_date="tomorrow"),
    ]

    _lines, errors = check(other_brand, raw_rows)

    assert errors == [(2, "model"), (2, "fault"), (4, "accessories"), (4, "purchase_date")]


def test_it_says_an_empty_list_has_no_units(other_brand, rms_models):
    lines, errors = LineChecker(other_brand).check_all([])

    assert lines == []
    assert [(e.row, e.column) for e in errors] == [(0, "")]


def test_it_stops_at_the_most_units_a_batch_holds(other_brand, rms_models, monkeypatch):
    monkeypatch.setattr(rows_module, "MAX_ROWS", 3)

    _lines, errors = LineChecker(other_brand).check_all(enumerate([row() for _ in range(5)], 1))

    assert [(e.row, e.column) for e in errors] == [(4, "")]
    assert "3" in errors[0].message


# --- serials: repeats and the registry --------------------------------------------------


def test_it_refuses_a_serial_repeated_in_the_rows(other_brand, rms_models):
    _lines, errors = LineChecker(other_brand).check_all(
        enumerate([row(serial="RMS000001"), row(serial="rms-000002"), row(serial="rms 000001")], 1)
    )

    assert [(e.row, e.column) for e in errors] == [(3, "serial")]
    assert "RMS000001" in errors[0].message
    assert "row 1" in errors[0].message


def test_it_refuses_a_serial_already_in_the_batch(other_brand, rms_models):
    _lines, errors = LineChecker(other_brand, taken_serials=["RMS000001"]).check_all(
        [(1, row(serial="RMS000001"))]
    )

    assert [(e.row, e.column) for e in errors] == [(1, "serial")]
    assert "this batch" in errors[0].message


def test_it_links_a_serial_registered_as_the_same_model(other_brand, rms_models, rms_dealer):
    unit = registered("RMSREG0001", rms_models["bank"], dealer=rms_dealer)

    lines, errors = check(other_brand, [row(serial="rmsreg0001"), row(serial="RMSFREE001")])

    assert errors == []
    assert [line.unit_id for line in lines] == [unit.pk, None]


def test_it_refuses_a_serial_registered_as_another_model(other_brand, rms_models, rms_dealer):
    registered("RMSREG0001", rms_models["adapter"], dealer=rms_dealer)

    _lines, errors = LineChecker(other_brand).check_all(
        enumerate([row(), row(serial="RMSREG0001")], 1)
    )

    assert [(e.row, e.column) for e in errors] == [(2, "serial")]
    assert "registered as another model" in errors[0].message


def test_it_ignores_the_same_serial_registered_under_another_brand(
    other_brand, rms_models, bank, dealer
):
    registered("SAMESERIAL01", bank, dealer=dealer)

    lines, errors = check(other_brand, [row(serial="SAMESERIAL01")])

    assert errors == []
    assert lines[0].unit_id is None


def test_it_refuses_a_purchase_date_in_the_future(other_brand, rms_models):
    tomorrow = timezone.localdate() + timedelta(days=1)

    _lines, errors = check(other_brand, [row(purchase_date=tomorrow.isoformat())])

    assert errors == [(1, "purchase_date")]


# --- pasted text -----------------------------------------------------------------------


def test_it_reads_pasted_tabs_in_the_default_order():
    text = "RMS-PB10K\tRMS000001\t不充电\t数据线\nRMS-AC20\t\t无输出\n"

    assert pasted_rows(text) == [
        (
            1,
            {
                "model": "RMS-PB10K",
                "serial": "RMS000001",
                "fault": "不充电",
                "accessories": "数据线",
            },
        ),
        (2, {"model": "RMS-AC20", "serial": "", "fault": "无输出"}),
    ]


def test_it_reads_a_chinese_heading_line_and_numbers_rows_as_the_sheet():
    text = (
        "序列号\t型号\t故障描述\t随附配件\t购买日期\r\n"
        "RMS000001\tRMS-PB10K\t不充电\t数据线\t2026-05-01\r\n"
    )

    assert pasted_rows(text) == [
        (
            2,
            {
                "serial": "RMS000001",
                "model": "RMS-PB10K",
                "fault": "不充电",
                "accessories": "数据线",
                "purchase_date": "2026-05-01",
            },
        )
    ]


def test_it_reads_typed_commas_with_an_english_heading_and_skips_unknown_columns():
    text = "Model,Note,Fault description,SN\n\n   \nRMS-AC20,fell off the shelf,无输出,RMS000009\n"

    assert pasted_rows(text) == [
        (2, {"model": "RMS-AC20", "fault": "无输出", "serial": "RMS000009"})
    ]


def test_it_reads_nothing_from_blank_text():
    assert pasted_rows("") == []
    assert pasted_rows(" \n\t\n") == []


def test_it_tells_a_wrong_category_from_an_unknown_one(other_brand, rms_models):
    _lines, errors = LineChecker(other_brand).check_all(
        enumerate([row(category="充电器 / 适配器"), row(category="toaster")], 1)
    )

    assert [e.message for e in errors] == [
        "RMS-PB10K is not in this category.",
        "“toaster” is not a category.",
    ]
