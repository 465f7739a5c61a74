"""Demo return batches of the ROMOSS dealer hz-digital: one on its way to the factory (for
the warehouse to count in), one received with a discrepancy and half inspected, and a
draft the dealer is still filling."""

from sanbao.accounts.models import Brand, User
from sanbao.catalog.models import Unit
from sanbao.returns.building import BatchHeader, batch_create, batch_units_add
from sanbao.returns.inspection import Inspection, unit_inspect
from sanbao.returns.models import ReturnBatch
from sanbao.returns.receiving import Receipt, batch_contact_record, batch_receive
from sanbao.returns.submission import batch_dispatch, batch_register

FAULTS = ["不充电", "充不进电", "接口松动", "指示灯不亮", "外壳鼓包", "进水后无法开机"]
HEADER = BatchHeader(contact_person="王丽", contact_phone="13957112345", boxes=2,
                     courier="顺丰速运", tracking_number="")  # fmt: skip


def _rows(brand: Brand, count: int) -> list[dict[str, object]]:
    serials = list(
        Unit.objects.filter(brand=brand, model__sku="RMS-PB10K", dealer__code="hz-digital")
        .order_by("serial")
        .values_list("serial", flat=True)[:count]
    )
    rows: list[dict[str, object]] = []
    for n in range(count):
        serial = serials[n] if n < len(serials) else ""
        cable = "data_cable" if n % 5 else ""
        rows.append({"model": "RMS-PB10K", "serial": serial, "fault": FAULTS[n % len(FAULTS)],
                     "accessories": cable})  # fmt: skip
    rows += [{"model": "RMS-AC20", "fault": "无输出"}, {"model": "RMS-CB1M", "fault": "接触不良"}]
    return rows


def demo_returns_load(*, brands: dict[str, Brand], users: dict[str, User]) -> None:
    if ReturnBatch.objects.exists():
        return
    romoss, dealer, floor = brands["romoss"], users["dealer"], users["warehouse"]
    rows = _rows(romoss, 16)
    travelling = batch_register(brand=romoss, header=HEADER, by=dealer, rows=rows[:6])
    batch_dispatch(number=travelling, tracking_number="SF1400220011", by=dealer)

    received = batch_register(brand=romoss, header=HEADER, by=dealer, rows=rows[6:])
    batch_dispatch(number=received, tracking_number="SF1400220012", by=dealer)
    receipt = Receipt(boxes_received=2, counted_lines=list(range(1, 12)),
                      extras=[])  # fmt: skip
    batch_receive(number=received, receipt=receipt, by=floor)
    batch_contact_record(number=received, channel="phone", outcome="reached", by=floor,
                         note="王丽确认第12行漏发; 下批补寄")  # fmt: skip
    bench = users["hq_technician"]
    unit_inspect(number=received, line=1, by=bench, inspection=Inspection(
        tested=True, result="no_fault_found", outcome="return_as_is"))  # fmt: skip
    swollen = Inspection(tested=False, result="fault_confirmed", fault_code="swelling",
                         outcome="scrap")  # fmt: skip
    unit_inspect(number=received, line=5, by=bench, inspection=swollen)

    draft = batch_create(brand=romoss, header=HEADER, by=dealer)
    batch_units_add(number=draft.number, rows=rows[:2], by=dealer)
