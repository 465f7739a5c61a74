"""A dealer's batch return to the factory in Chromium, as each role does it, in English and in
Chinese: the dealer builds a ROMOSS batch of 30 units (pasted, imported, typed), submits the
packing list, prints it with the fault labels and hands the boxes to the courier; the
warehouse counts them in by scanning, finds one missing and one extra, and logs its call;
the dealer sees the discrepancy; an HQ technician inspects every unit (no fault found,
liquid ingress, a swollen battery, parts short, replacements); the warehouse ships back in
part, then the backorders once the parts arrive."""

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from sanbao.catalog.models import Part, PartStock, ProductModel, Unit
from sanbao.notify.models import ContactLogEntry
from sanbao.returns.models import BatchAction, BatchStatus, ReturnBatch, ReturnUnit
from tests.conftest import PASSWORD
from tests.documents import pdf_text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("var/screenshots")
WAIT = 60_000  # ms: the machine runs other suites alongside
# Words of the catalogue that frame these pages: the unit table's heading, the portal's name.
MODEL = {"en": "Model", "zh-hans": "型号"}
PORTAL = {"en": "Dealer portal", "zh-hans": "经销商门户"}

BANK, ADAPTER, CABLE = "RMS-PB10K", "RMS-AC20", "RMS-CB1M"
NO_CABLE = (3, 7, 11)  # pasted power banks sent without their data cable
ADAPTERS = (17, 18, 19, 20)
BACKORDERED = (21, 22)  # need 5 port boards each; the factory has 3
REPLACED = (23, 24)
MISSING = 30
EXTRA = 31
BY_PAGE = 15  # counted from its unit page, as the label's QR code opens it


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _label(choice, language: str) -> str:
    with translation.override(language):
        return str(choice.label)


@pytest.fixture
def people(make_user, dealer, other_brand, hq):
    """The dealer (also a ROMOSS dealer), the factory's warehouse clerk and HQ technician."""
    dealer.brands.add(other_brand)

    def make(language: str) -> dict:
        return {
            "dealer": make_user("dealer", language=language),
            "warehouse": make_user("warehouse", outlet=hq, language=language),
            "tech": make_user("hq_technician", outlet=hq, language=language),
        }

    return make


@pytest.fixture
def romoss(other_brand, hq):
    """ROMOSS's models, two spare banks in factory stock and three port boards on the shelf."""

    def model(sku, category, mah=None):
        return ProductModel.objects.create(
            brand=other_brand, sku=sku, name_en=sku, name_zh=sku, category=category,
            capacity_mah=mah, energy_wh="37.00" if mah else None,
            required_accessories=["data_cable"] if mah else [],
        )  # fmt: skip

    bank = model(BANK, "power_bank", 10000)
    model(ADAPTER, "adapter")
    model(CABLE, "cable")
    for n in (1, 2):
        Unit.objects.create(
            brand=other_brand, serial=f"RMSSTOCK{n:04d}", model=bank,
            produced_on=timezone.localdate() - timedelta(days=90), status="produced",
        )  # fmt: skip
    part = Part.objects.create(
        brand=other_brand, code="RMS-P-USBC", name_en="USB-C board", name_zh="USB-C 接口板",
        mass_production_cost="3.00", standard_price="3.50",
    )  # fmt: skip
    part.models_served.add(bank)
    PartStock.objects.create(part=part, outlet=hq, on_hand=3)
    return part


@pytest.fixture
def browser_page(page):
    page.set_default_timeout(WAIT)
    page.set_default_navigation_timeout(WAIT)
    return page


def _switch_user(page, sign_in, live_server, username: str) -> None:
    page.context.clear_cookies()
    sign_in(username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/**")


def _act(page, action: str, fields: dict | None = None, *, status: int = 200):
    """Fills the action card's form and submits it; returns the page's response."""
    card = page.get_by_test_id(f"action-{action}")
    for name, value in (fields or {}).items():
        field = card.locator(f"[name={name}]")
        if isinstance(value, dict):  # a file to upload
            field.set_input_files(value)
        elif field.first.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    with page.expect_navigation() as navigation:
        card.get_by_test_id(f"do-{action}").click()
    response = navigation.value
    assert response is not None and response.status == status, (action, page.url)
    return response


def _pdf(page, url: str) -> str:
    response = page.request.get(url, timeout=180_000)
    assert response.ok, (url, response.status)
    assert response.headers["content-type"] == "application/pdf"
    return pdf_text(response.body())


def _days_ago(days: int) -> str:
    return (timezone.localdate() - timedelta(days=days)).isoformat()


def _pasted() -> str:
    """Lines 1 to 20 as copied from a spreadsheet: banks, three of them without their cable,
    then four adapters; no purchase dates (out of warranty)."""
    rows = []
    for line in range(1, 21):
        if line in ADAPTERS:
            rows.append([ADAPTER, f"RMSA{line:04d}", "无输出", ""])
        else:
            cable = "" if line in NO_CABLE else ("数据线" if line % 2 else "data_cable")
            rows.append([BANK, f"RMSP{line:04d}", f"不充电 {line}", cable])
    return "\n".join("\t".join(row) for row in rows)


def _repair_list(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["型号", "序列号", "故障描述", "配件", "购买日期"])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _imported() -> bytes:
    """Lines 21 to 28: banks bought two months ago (in warranty)."""
    return _repair_list(
        [[BANK, f"RMSI{line:04d}", "充不进电", "数据线", _days_ago(60)] for line in range(21, 29)]
    )


def _bad_import() -> bytes:
    return _repair_list(
        [
            [BANK, "RMSI9001", "充不进电", "数据线", _days_ago(60)],
            ["RMS-XX99", "RMSI9002", "无输出", "", ""],
            [BANK, "RMSI9003", "不充电", "数据线", "去年"],
        ]
    )


def _csv(name: str, body: bytes) -> dict:
    return {"name": name, "mimeType": "text/csv", "buffer": body}


def _inspect(page, live_server, number: str, line: int, **fields) -> None:
    """Opens the unit's page (its label's QR code) and records the inspection."""
    page.goto(f"{live_server.url}/returns/{number}/u/{line}/")
    form = page.locator("form:has([data-testid=do-inspect])")
    if not fields.pop("tested", True):
        form.locator("[name=tested]").uncheck()
    for name in fields.pop("exclusions", []):
        form.locator(f"[name=exclusions][value={name}]").check()
    for name in fields.pop("accessories", []):
        form.locator(f"[name=accessories_present][value={name}]").check()
    for name, value in fields.items():
        field = form.locator(f"[name={name}]")
        if name in ("result", "fault_code", "outcome"):
            field.select_option(value)
        else:
            field.fill(value)
    with page.expect_navigation() as navigation:
        form.get_by_test_id("do-inspect").click()
    status = navigation.value.status
    if status != 200:
        _shot(page, f"returns-inspection-refused-{number}-{line}")
    assert status == 200, (line, page.locator("form").first.inner_text())


def _inspections() -> dict[int, dict]:
    """What the technician finds on each unit counted in (lines 1 to 29 and the extra 31)."""
    found: dict[int, dict] = {}
    for line in [*range(1, MISSING), EXTRA]:
        adapter = line in ADAPTERS or line == EXTRA
        found[line] = {
            "result": "fault_confirmed",
            "fault_code": "no_output" if adapter else "no_charge",
            "outcome": "repair",
            "accessories": [] if adapter or line in NO_CABLE else ["data_cable"],
        }
    found[1] = {"result": "no_fault_found", "outcome": "charge", "charge": "20",
                "accessories": ["data_cable"], "note": "测试正常 works fine"}  # fmt: skip
    found[2] |= {"exclusions": ["physical_damage"], "outcome": "return_as_is",
                 "note": "进液 liquid ingress"}  # fmt: skip
    found[3] = {"tested": False, "result": "fault_confirmed", "fault_code": "swelling",
                "outcome": "scrap", "note": "鼓包 未通电测试"}  # fmt: skip
    for line in BACKORDERED:
        found[line] |= {"parts": "RMS-P-USBC 5"}
    for line in REPLACED:
        found[line] |= {"outcome": "replace"}
    found[25] |= {"parts": "RMS-P-USBC 1"}  # in warranty: a free board from the shelf
    return found


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_dealer_returns_a_batch_counted_inspected_and_shipped_back_in_two_parts(
    browser_page, live_server, sign_in, people, romoss, other_brand, language
):
    page = browser_page
    users = people(language)
    status = {s: _label(s, language) for s in BatchStatus}

    # 1. The dealer builds the batch: header, 20 pasted rows, a refused import, 8 imported
    #    rows, 2 typed rows; submits it and prints the packing list and the labels.
    _switch_user(page, sign_in, live_server, users["dealer"].username)
    page.goto(f"{live_server.url}/portal/dealer/")
    expect(page.locator("header")).to_contain_text(PORTAL[language])
    page.goto(f"{live_server.url}/returns/new/")
    page.select_option("#id_brand", str(other_brand.pk))
    page.fill("#id_contact_person", "王丽")
    page.fill("#id_contact_phone", "13957112345")
    page.fill("#id_boxes", "2")
    page.fill("#id_courier", "顺丰速运")
    page.check("#id_home_delivery")
    page.select_option("#id_payment", "sender")
    _shot(page, f"returns-new-{language}")
    with page.expect_navigation():
        page.locator("form.card button[type=submit]").click()
    batch = ReturnBatch.objects.get()
    number = batch.number
    batch_url = f"{live_server.url}/returns/{number}/"
    assert page.url == batch_url
    assert (batch.dealer_id, batch.brand_id, batch.boxes, batch.payment, batch.home_delivery) == (
        users["dealer"].dealer_id, other_brand.pk, 2, "sender", True,
    )  # fmt: skip
    expect(page.get_by_test_id("batch-status")).to_have_text(status[BatchStatus.DRAFT])
    expect(page.locator("header")).to_contain_text(PORTAL[language])  # the portal's frame

    _act(page, "rows_paste", {"text": _pasted()})
    expect(page.get_by_test_id("unit-total")).to_have_text("20")
    expect(page.get_by_test_id("no-cable")).to_contain_text("3, 7, 11")

    _act(page, "rows_import", {"file": _csv("返修清单-错.csv", _bad_import())}, status=422)
    errors = page.get_by_test_id("row-errors")
    expect(errors).to_be_visible()
    expect(errors.locator("tbody tr")).to_have_count(2)
    expect(errors).to_contain_text("RMS-XX99")
    expect(errors).to_contain_text("purchase_date")
    expect(page.get_by_test_id("unit-total")).to_have_text("20")
    _shot(page, f"returns-import-refused-{language}")
    assert batch.units.count() == 20

    page.goto(batch_url)
    _act(page, "rows_import", {"file": _csv("返修清单.csv", _imported())})
    expect(page.get_by_test_id("unit-total")).to_have_text("28")
    card = page.get_by_test_id("action-rows_add")
    card.locator("[name=accessories][value=data_cable]").check()
    _act(page, "rows_add", {"model": BANK, "serial": "RMST0029", "fault": "指示灯不亮",
                            "purchase_date": _days_ago(45)})  # fmt: skip
    _act(page, "rows_add", {"model": CABLE, "serial": "RMST0030", "fault": "接触不良"})
    expect(page.get_by_test_id("unit-total")).to_have_text("30")
    table = page.get_by_test_id("unit-table")
    expect(table.locator("tbody tr[data-line]")).to_have_count(30)
    expect(table.locator("thead")).to_contain_text(MODEL[language])
    units = {u.line: u for u in batch.units.select_related("model")}
    assert sorted(units) == list(range(1, 31))
    assert [line for line, u in units.items() if "data_cable" not in u.accessories
            and u.category == "power_bank"] == list(NO_CABLE)  # fmt: skip
    assert units[21].purchase_date and units[29].purchase_date and not units[1].purchase_date
    assert (units[29].model.sku, units[30].model.sku) == (BANK, CABLE)

    _act(page, "submit")
    expect(page.get_by_test_id("batch-status")).to_have_text(status[BatchStatus.SUBMITTED])
    batch.refresh_from_db()
    assert batch.status == "submitted" and batch.repair_list_pages
    for lang in ("zh-hans", "en"):
        link = page.locator(f"a[href$='/packing-list.pdf?lang={lang}']")
        text = _pdf(page, live_server.url + link.get_attribute("href"))
        assert number in text and BANK in text, text[:500]
    labels = page.locator("a[href$='/labels.pdf']").get_attribute("href")
    text = _pdf(page, live_server.url + labels)
    assert number in text and "指示灯不亮" in text, text[:500]
    _shot(page, f"returns-submitted-{language}")

    # 2. Handed to the courier.
    _act(page, "dispatch", {"tracking_number": "SF1234567890"})
    expect(page.get_by_test_id("batch-status")).to_have_text(status[BatchStatus.IN_TRANSIT])
    batch.refresh_from_db()
    assert (batch.status, batch.tracking_number) == ("in_transit", "SF1234567890")

    # 3. The warehouse counts 29 units in (line numbers, scanned labels, serials), one from
    #    its unit page; line 30 is missing, an adapter not on the list is extra; a call.
    _switch_user(page, sign_in, live_server, users["warehouse"].username)
    page.goto(batch_url)
    expect(page.get_by_test_id("action-count")).to_be_visible()
    for line in range(1, MISSING):
        if line == BY_PAGE:
            continue
        if line <= 10 or line == 29:
            code = str(line)
        elif line <= 20:
            code = f"{live_server.url}/returns/{number}/u/{line}/"  # the label's QR code
        else:
            code = f"rmsi-{line:04d}"  # the serial, typed as printed
        _act(page, "count", {"code": code})
    page.goto(f"{live_server.url}/returns/{number}/u/{BY_PAGE}/")
    with page.expect_navigation() as navigation:
        page.get_by_test_id("count-this").click()
    assert navigation.value.status == 200
    assert page.url == batch_url
    counted = set(batch.units.filter(state="counted").values_list("line", flat=True))
    assert counted == set(range(1, MISSING))
    _shot(page, f"returns-counted-{language}")

    _act(page, "receive", {"boxes_received": "2", "extras": f"{ADAPTER}, , 多出来的"})
    expect(page.get_by_test_id("batch-status")).to_have_text(status[BatchStatus.RECEIVED])
    expect(page.get_by_test_id("discrepancies")).to_contain_text(CABLE)
    expect(page.get_by_test_id("batch-due")).to_be_visible()
    batch.refresh_from_db()
    assert batch.status == "received" and batch.due_on and batch.boxes_received == 2
    assert sorted((d["kind"], d["line"]) for d in batch.discrepancies) == [
        ("extra", EXTRA), ("missing", MISSING),
    ]  # fmt: skip
    extra = batch.units.get(line=EXTRA)
    assert (extra.model.sku, extra.declared, extra.fault_text) == (ADAPTER, False, "多出来的")
    assert batch.units.get(line=MISSING).state == "missing"

    _act(page, "contact", {"channel": "phone", "outcome": "reached", "note": "王丽已知悉"})
    entry = ContactLogEntry.objects.get(topic=f"return-batch:{number}")
    assert (entry.channel, entry.outcome, entry.by_id) == (
        "phone", "reached", users["warehouse"].pk,
    )  # fmt: skip
    phone = _label(ContactLogEntry.Channel.PHONE, language)
    expect(page.get_by_test_id("discrepancies")).to_contain_text(phone)

    # 4. The dealer sees the discrepancy on its batch and on its portal home.
    _switch_user(page, sign_in, live_server, users["dealer"].username)
    page.goto(batch_url)
    notice = page.get_by_test_id("discrepancies")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(CABLE)
    expect(notice).to_contain_text(ADAPTER)
    expect(page.get_by_test_id("action-count")).to_have_count(0)
    _shot(page, f"returns-dealer-discrepancy-{language}")
    page.goto(f"{live_server.url}/portal/dealer/")
    row = page.get_by_test_id("dealer-batches").locator("tr", has_text=number)
    expect(row).to_contain_text(status[BatchStatus.RECEIVED])
    expect(row.locator(".badge")).to_have_text("2")
    expect(page.locator("header")).to_contain_text(PORTAL[language])
    _shot(page, f"returns-dealer-portal-{language}")

    # 5. The HQ technician inspects every unit counted in, from its unit page.
    _switch_user(page, sign_in, live_server, users["tech"].username)
    findings = _inspections()
    page.goto(f"{live_server.url}/returns/{number}/u/2/")
    _shot(page, f"returns-unit-page-{language}")
    for line, fields in findings.items():
        _inspect(page, live_server, number, line, **fields)
    expect(page.get_by_test_id("batch-status")).to_have_text(status[BatchStatus.READY_TO_SHIP])
    units = {u.line: u for u in batch.units.select_related("replacement")}
    assert (units[1].outcome, units[1].charge, units[1].result) == (
        "charge", 20, "no_fault_found",
    )  # fmt: skip
    assert (units[2].coverage, units[2].outcome, units[2].exclusions) == (
        "excluded", "return_as_is", ["physical_damage"],
    )  # fmt: skip
    assert (units[3].state, units[3].hazard, units[3].tested) == ("scrapped", True, False)
    for line in BACKORDERED:
        assert units[line].state == "backordered"
        assert units[line].backorder_reason.endswith("RMS-P-USBC x 5")  # in the inspector's words
    assert sorted(units[line].replacement.serial for line in REPLACED) == [
        "RMSSTOCK0001", "RMSSTOCK0002",
    ]  # fmt: skip
    assert units[25].coverage == "in_warranty" and units[25].parts[0]["quantity"] == 1
    assert units[4].coverage == "out_of_warranty" and units[EXTRA].outcome == "repair"
    assert PartStock.objects.get(part=romoss).on_hand == 2
    ready = {line for line, u in units.items() if u.state == "ready"}
    assert ready == set(findings) - {3, *BACKORDERED}
    table = page.get_by_test_id("unit-table")
    for line in BACKORDERED:
        expect(table.locator(f"tr[data-line='{line}']")).to_have_class("table-warning")
    expect(table.locator("tr[data-line='3']")).to_have_class("table-danger")
    _shot(page, f"returns-inspected-{language}")

    # 6. The warehouse ships what is ready: in part, on time, with a delivery list.
    _switch_user(page, sign_in, live_server, users["warehouse"].username)
    page.goto(batch_url)
    _act(page, "ship", {"courier": "顺丰速运", "tracking_number": "SF2000000001"})
    expect(page.get_by_test_id("batch-status")).to_have_text(status[BatchStatus.PART_SHIPPED])
    batch.refresh_from_db()
    assert (batch.status, batch.shipped_on_time) == ("part_shipped", True)
    first = batch.shipments.get()
    assert first.units.count() == len(ready) and first.on_time
    links = page.locator(f"a[href*='/deliveries/{first.number}.pdf']")
    expect(links).to_have_count(2)
    text = _pdf(page, live_server.url + links.first.get_attribute("href"))
    assert first.number in text, text[:500]

    # 7. The boards arrive; the backorders are filled and shipped: the batch is shipped.
    PartStock.objects.filter(part=romoss).update(on_hand=10)
    page.goto(batch_url)
    _act(page, "fill")
    assert not batch.units.filter(state="backordered").exists()
    assert PartStock.objects.get(part=romoss).on_hand == 0
    _act(page, "ship", {"courier": "顺丰速运", "tracking_number": "SF2000000002"})
    expect(page.get_by_test_id("batch-status")).to_have_text(status[BatchStatus.SHIPPED])
    batch.refresh_from_db()
    assert batch.status == "shipped" and batch.shipped_on_time is True
    second = batch.shipments.exclude(pk=first.pk).get()
    assert sorted(second.units.values_list("line", flat=True)) == list(BACKORDERED)
    links = page.locator(f"a[href*='/deliveries/{second.number}.pdf']")
    expect(links).to_have_count(2)
    text = _pdf(page, live_server.url + links.last.get_attribute("href"))
    assert second.number in text, text[:500]
    assert set(ReturnUnit.objects.filter(batch=batch).values_list("state", flat=True)) == {
        "shipped", "scrapped", "missing",
    }  # fmt: skip

    events = list(batch.events.values_list("action", flat=True))
    assert events == [
        "create", "submit", "dispatch", "receive", "contact",
        *["inspect"] * len(findings), "ship", "fill", "ship",
    ]  # fmt: skip
    timeline = page.get_by_test_id("timeline")
    expect(timeline.locator("li")).to_have_count(len(events))
    for action in dict.fromkeys(events):
        expect(timeline).to_contain_text(_label(BatchAction(action), language))
    expect(timeline).to_contain_text(second.number)
    _shot(page, f"returns-shipped-{language}")
