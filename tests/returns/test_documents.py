# ruff: noqa: RUF001 - Chinese punctuation and en dashes are what the documents print
"""The batch's printed documents: packing list with its repair list, fault labels whose QR
codes a real decoder reads back, and the delivery list — in Chinese and in English."""

import shutil
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from sanbao.returns.building import batch_units_add
from sanbao.returns.documents import (
    delivery_list_pdf,
    fault_labels_pdf,
    label_url,
    line_ranges,
    packing_list_pdf,
)
from sanbao.returns.inspection import Inspection, unit_inspect
from sanbao.returns.models import ReturnUnit
from sanbao.returns.receiving import Receipt, batch_receive
from sanbao.returns.shipping import batch_ship
from sanbao.returns.submission import batch_dispatch, batch_submit
from sanbao.service.parts import PartLine
from tests.documents import pdf_fonts, pdf_pages, pdf_text
from tests.returns.conftest import rows

pytestmark = pytest.mark.django_db


def _png(pdf: bytes, page: int = 1, dpi: int = 200) -> Path:
    folder = Path(tempfile.mkdtemp())
    (folder / "doc.pdf").write_bytes(pdf)
    tool = shutil.which("pdftoppm") or "pdftoppm"
    pages = ["-f", str(page), "-l", str(page), "-singlefile"]
    out = [str(folder / "doc.pdf"), str(folder / "page")]
    subprocess.run([tool, "-r", str(dpi), "-png", *pages, *out], check=True)  # noqa: S603
    return folder / "page.png"


def _qr_codes(png: Path) -> list[str]:
    import zxingcpp
    from PIL import Image

    found = zxingcpp.read_barcodes(Image.open(png))
    return sorted(code.text for code in found if code.format == zxingcpp.BarcodeFormat.QRCode)


@pytest.fixture
def submitted(make_batch, dealer_user):
    """50 power banks (every 5th without its cable) and 3 adapters, submitted."""
    batch = make_batch(units=0)
    bank_rows = [
        row | {"accessories": "" if n % 5 == 0 else "data_cable"}
        for n, row in enumerate(rows(50, fault="不充电，指示灯不亮"), start=1)
    ]
    batch_units_add(number=batch.number, rows=bank_rows + rows(3, sku="RMS-AC20"), by=dealer_user)
    batch_submit(number=batch.number, by=dealer_user)
    batch.refresh_from_db()
    return batch


def test_the_packing_list_has_the_pages_it_states(submitted):
    assert submitted.repair_list_pages == 4  # 50 banks on 3 pages of 22, adapters on their own
    pdf = packing_list_pdf(batch=submitted, language="zh-hans")
    assert len(pdf_pages(pdf)) == 1 + submitted.repair_list_pages
    assert all(embedded for name, embedded in pdf_fonts(pdf) if "CJK" in name)


def test_the_chinese_packing_list_says_what_section_iv_2_requires(submitted):
    text = pdf_text(packing_list_pdf(batch=submitted, language="zh-hans"))
    for words in ("装箱单", submitted.number, "杭州数码通讯器材有限公司", "王丽", "顺丰速运",
                  "移动电源", "RMS-PB10K", "RMS-AC20", "维修清单", "第 1 页，共 4 页"):  # fmt: skip
        assert words in text, words
    assert "53" in text  # total units
    assert "5, 10, 15" in text.replace("–", ", ")  # power banks without their cable


def test_the_english_packing_list_flags_the_shipper_paying_without_home_delivery(
    make_batch, dealer_user
):
    batch = make_batch(units=2, stage="submitted", home_delivery=False)
    text = pdf_text(packing_list_pdf(batch=batch, language="en"))
    assert "Packing list" in text and "Costs fall on the shipper" in text
    assert "ROMOSS-IV.B6" in text


def test_every_fault_label_carries_a_qr_code_of_its_unit(make_batch):
    batch = make_batch(units=4, stage="submitted")
    pdf = fault_labels_pdf(batch=batch, language="zh-hans")
    codes = _qr_codes(_png(pdf))
    assert codes == sorted(label_url(batch, line) for line in (1, 2, 3, 4))
    text = pdf_text(pdf)
    assert batch.number in text and "不充电 3" in text and "RMS-PB10K" in text


def test_labels_run_onto_a_second_sheet_after_21(make_batch):
    batch = make_batch(units=22, stage="submitted")
    pdf = fault_labels_pdf(batch=batch, language="en")
    assert len(pdf_pages(pdf)) == 2
    assert _qr_codes(_png(pdf, page=2)) == [label_url(batch, 22)]


def test_a_scanned_label_counts_its_unit(make_batch, warehouse):
    from sanbao.returns.receiving import unit_count

    batch = make_batch(units=2, stage="in_transit")
    scanned = _qr_codes(_png(fault_labels_pdf(batch=batch, language="en")))[1]
    unit_count(number=batch.number, code=scanned, by=warehouse)
    assert ReturnUnit.objects.get(batch=batch, line=2).state == "counted"


@pytest.fixture
def shipped(make_batch, inspector, warehouse, factory_stock, dealer_user):
    """Six banks in warranty: a swollen one scrapped, one backordered, the rest sent back."""
    batch = make_batch(units=0)
    bought = (timezone.localdate() - timedelta(days=30)).isoformat()
    batch_units_add(number=batch.number, by=dealer_user,
                    rows=[r | {"purchase_date": bought} for r in rows(6)])  # fmt: skip
    batch_submit(number=batch.number, by=dealer_user)
    batch_dispatch(number=batch.number, tracking_number="SF1", by=dealer_user)
    batch_receive(number=batch.number, by=warehouse,
                  receipt=Receipt(boxes_received=1, counted_lines=[1, 2, 3, 4, 5]))  # fmt: skip

    def inspect(line, code, outcome, **more):
        found = Inspection(tested=True, result="fault_confirmed", fault_code=code,
                           outcome=outcome, **more)  # fmt: skip
        unit_inspect(number=batch.number, line=line, by=inspector, inspection=found)

    inspect(1, "no_charge", "replace")
    inspect(2, "port_damage", "repair", parts=[PartLine("RMS-P-USBC", 1)])
    inspect(3, "swelling", "scrap")
    inspect(4, "no_output", "repair", parts=[PartLine("RMS-P-USBC", 9)])
    inspect(5, "no_output", "repair")
    return batch_ship(number=batch.number, courier="顺丰速运", tracking_number="SF99", by=warehouse)


def test_the_delivery_list_says_what_goes_back_what_follows_and_what_never_will(shipped):
    text = pdf_text(delivery_list_pdf(shipment=shipped, language="zh-hans"))
    for words in ("发货单", shipped.number, "顺丰速运", "SF99", "RMSSTOCK0001", "随后补发",
                  "等待", "已报废", "不得以普通快递寄送", "保存至"):  # fmt: skip
        assert words in text, words


def test_the_english_delivery_list_counts_the_units_sent(shipped):
    text = pdf_text(delivery_list_pdf(shipment=shipped, language="en"))
    assert "Delivery list" in text and "3 units in this shipment" in text
    assert "Missing at receipt" in text  # line 6 never arrived


@pytest.mark.parametrize(
    ("lines", "words"),
    [([1, 2, 3, 5, 7, 8], "1–3, 5, 7–8"), ([4], "4"), ([], ""), (range(1, 200, 2), None)],
)
def test_line_ranges(lines, words):
    text = line_ranges(lines)
    if words is None:
        assert text.endswith(", …")  # cut after the first 60
    else:
        assert text == words
