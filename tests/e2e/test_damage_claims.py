"""Unpacking damage declared in Chromium (seed 003 V and VI), in English and in Chinese: a dealer
files a declaration 3 hours after signing for the goods, with photos of the damage, the sealed
application form and the delivery note signed by the courier; the commercial commissioner
accepts it (reship); the dealer sees the outcome. A second attempt 25 hours after signing for
the goods is refused as late, with the deadline shown, and the commissioner finds it among the
late attempts."""

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone, translation
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from sanbao.catalog.models import ProductModel
from sanbao.claims.models import (
    ClaimAction,
    ClaimStatus,
    DamageClaim,
    EvidenceKind,
    Remedy,
)
from tests.conftest import PASSWORD
from tests.documents import pdf_text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("var/screenshots")
WAIT = 60_000  # ms: the machine runs other suites alongside
PORTAL = {"en": "Dealer portal", "zh-hans": "经销商门户"}
BANK = "RMS-PB10K"
DOCUMENTS = Path(__file__).resolve().parents[2] / "src/sanbao/claims/documents.py"


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _label(choice, language: str) -> str:
    with translation.override(language):
        return str(choice.label)


def _beijing(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """The evidence of each test in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def browser_page(page):
    page.set_default_timeout(WAIT)
    page.set_default_navigation_timeout(WAIT)
    return page


@pytest.fixture
def people(make_user, dealer, other_brand, hq):
    """The dealer (also a ROMOSS dealer) and the marketing department's commissioner."""
    dealer.brands.add(other_brand)
    ProductModel.objects.create(
        brand=other_brand, sku=BANK, name_en=BANK, name_zh=BANK, category="power_bank",
        capacity_mah=10000, energy_wh="37.00",
    )  # fmt: skip

    def make(language: str) -> dict:
        return {
            "dealer": make_user("dealer", language=language),
            "commissioner": make_user("commercial_commissioner", outlet=hq, language=language),
        }

    return make


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    """Two photos of the damage, the stamped application form (a PDF) and the signed note."""

    def photo(name: str, colour: str, words: str) -> Path:
        image = Image.new("RGB", (800, 600), colour)
        draw = ImageDraw.Draw(image)
        draw.rectangle((120, 90, 680, 510), outline="black", width=12)
        draw.line((120, 90, 680, 510), fill="red", width=10)
        draw.text((140, 520), words, fill="black")
        path = tmp_path / name
        image.save(path, format="JPEG", quality=85)
        return path

    form = tmp_path / "application-form.pdf"
    sheet = Image.new("RGB", (595, 842), "white")
    ImageDraw.Draw(sheet).ellipse((380, 620, 540, 780), outline="red", width=8)  # the seal
    sheet.save(form, format="PDF")
    return {
        "photo1": photo("box-crushed.jpg", "#c8a165", "corner crushed"),
        "photo2": photo("label-torn.jpg", "#d9c19a", "label torn"),
        "form": form,
        "note": photo("delivery-note.jpg", "#f4f4f4", "signed by the courier"),
    }


def _switch_user(page, sign_in, live_server, username: str) -> None:
    page.context.clear_cookies()
    sign_in(username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/**")


def _declare(page, live_server, brand, signed_for_at, note_number: str) -> DamageClaim:
    """Fills the declaration form and saves it; returns the draft it made."""
    page.goto(f"{live_server.url}/claims/new/")
    page.select_option("#id_brand", str(brand.pk))
    page.select_option("#id_shipment_kind", "sales")
    page.fill("#id_delivery_note_number", note_number)
    page.fill("#id_signed_for_at", timezone.localtime(signed_for_at).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_lines", f"{BANK} 3")
    page.fill("#id_description", "外箱一角压扁 三台移动电源外壳开裂 one corner crushed")
    page.fill("#id_seams_total", "4")
    page.fill("#id_seams_intact", "3")
    page.check("#id_box_damaged")
    page.check("#id_opened_before_courier")
    page.fill("#id_courier_name", "李强")
    page.fill("#id_courier_work_number", "SF-0571-2231")
    page.fill("#id_courier_phone", "13800571234")
    page.select_option("#id_courier_labels_intact", "no")
    page.select_option("#id_courier_box_intact", "no")
    page.fill("#id_actual_weight_kg", "8.20")
    page.fill("#id_shipped_weight_kg", "9.00")
    invalid = page.locator("form.card :invalid").evaluate_all(
        "fields => fields.map(f => `${f.name}: ${f.validationMessage}`)"
    )
    assert not invalid, invalid  # the browser would refuse to send the form
    before = set(DamageClaim.objects.values_list("pk", flat=True))
    with page.expect_navigation() as navigation:
        page.locator("form.card button[type=submit]").click()
    assert navigation.value.status == 200, page.locator("form.card").inner_text()
    claim = DamageClaim.objects.exclude(pk__in=before).get()
    assert page.url == f"{live_server.url}/claims/{claim.number}/"
    return claim


def _attach(page, kind: str, path: Path) -> None:
    form = page.get_by_test_id("evidence-form")
    form.locator("[name=kind]").select_option(kind)
    form.locator("[name=file]").set_input_files(path)
    with page.expect_navigation() as navigation:
        form.locator("button[type=submit]").click()
    assert navigation.value.status == 200, (kind, page.get_by_test_id("evidence-form").inner_text())


def _submit(page) -> None:
    with page.expect_navigation() as navigation:
        page.get_by_test_id("submit-claim").click()
    assert navigation.value.status == 200, page.locator("body").inner_text()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_dealer_declares_damage_in_time_accepted_and_late_refused(
    browser_page, live_server, sign_in, people, files, other_brand, language
):
    page = browser_page
    users = people(language)
    status = {s: _label(s, language) for s in ClaimStatus}

    # 1. The dealer declares, 3 hours after signing for the goods: 21 hours are left.
    _switch_user(page, sign_in, live_server, users["dealer"].username)
    signed = timezone.now() - timedelta(hours=3)
    claim = _declare(page, live_server, other_brand, signed, "SF1234567890")
    number, claim_url = claim.number, f"{live_server.url}/claims/{claim.number}/"
    expect(page.locator("header")).to_contain_text(PORTAL[language])  # the portal's frame
    expect(page.get_by_test_id("claim-status")).to_have_text(status[ClaimStatus.DRAFT])
    deadline = page.get_by_test_id("claim-deadline")
    expect(deadline).to_contain_text(_beijing(claim.report_due_at))
    expect(deadline.locator("[data-countdown]")).to_have_text(re.compile(r"^20:5\d:\d\d$"))
    assert claim.report_due_at == claim.signed_for_at + timedelta(hours=24)
    assert (claim.actual_weight_kg, claim.shipped_weight_kg) == (Decimal("8.20"), Decimal("9.00"))
    assert (claim.courier_phone, claim.courier_labels_intact, claim.box_damaged) == (
        "+8613800571234", False, True,
    )  # fmt: skip
    assert [(line.model.sku, line.quantity) for line in claim.lines.all()] == [(BANK, 3)]

    # The application form to print, stamp and scan, in both languages.
    if DOCUMENTS.exists():
        for lang in ("zh-hans", "en"):
            href = page.locator(f"a[href$='/application-form.pdf?lang={lang}']").get_attribute(
                "href"
            )
            response = page.request.get(live_server.url + href, timeout=180_000)
            assert response.ok, (href, response.status)
            assert response.headers["content-type"] == "application/pdf"
            assert number in pdf_text(response.body())

    # 2. Its evidence: two photos, the sealed form, the signed delivery note; then submitted.
    _attach(page, "photo", files["photo1"])
    _attach(page, "photo", files["photo2"])
    _attach(page, "application_form", files["form"])
    _attach(page, "delivery_note", files["note"])
    thumbs = page.get_by_test_id("photos").locator("img")
    expect(thumbs).to_have_count(2)
    for n in range(2):
        expect(thumbs.nth(n)).to_have_js_property("complete", True)
        assert thumbs.nth(n).evaluate("img => img.naturalWidth") > 0
    scans = page.get_by_test_id("scans").locator("li")
    expect(scans).to_have_count(2)
    expect(scans.first).to_contain_text(_label(EvidenceKind.APPLICATION_FORM, language))
    expect(scans.last).to_contain_text(_label(EvidenceKind.DELIVERY_NOTE, language))
    _shot(page, f"claims-draft-{language}")
    _submit(page)
    expect(page.get_by_test_id("claim-status")).to_have_text(status[ClaimStatus.UNDER_REVIEW])
    expect(page.get_by_test_id("claim-deadline")).to_have_count(0)
    expect(page.get_by_test_id("evidence-form")).to_have_count(0)
    claim.refresh_from_db()
    assert (claim.status, claim.desk, claim.late) == ("under_review", "commercial", False)
    assert sorted(claim.evidence.values_list("kind", flat=True)) == [
        "application_form", "delivery_note", "photo", "photo",
    ]  # fmt: skip

    # 3. The commercial commissioner finds it in the list and accepts it: reship.
    _switch_user(page, sign_in, live_server, users["commissioner"].username)
    page.goto(f"{live_server.url}/claims/")
    row = page.get_by_test_id("claim-table").locator("tr", has_text=number)
    expect(row).to_contain_text(status[ClaimStatus.UNDER_REVIEW])
    with page.expect_navigation():
        row.locator(f"a[href$='/claims/{number}/']").click()
    assert page.url == claim_url
    expect(page.get_by_test_id("photos").locator("img")).to_have_count(2)
    decide = page.get_by_test_id("decide")
    decide.locator("[name=decision]").select_option("accept")
    decide.locator("[name=remedy]").select_option("reship")
    decide.locator("[name=reason]").fill("照片与快递员签注一致 photos match the courier's note")
    with page.expect_navigation() as navigation:
        decide.get_by_test_id("do-decide").click()
    assert navigation.value.status == 200, decide.inner_text()
    expect(page.get_by_test_id("claim-status")).to_have_text(status[ClaimStatus.ACCEPTED])
    expect(page.get_by_test_id("decide")).to_have_count(0)
    claim.refresh_from_db()
    assert (claim.status, claim.remedy, claim.decided_by_id) == (
        "accepted", "reship", users["commissioner"].pk,
    )  # fmt: skip

    # 4. The dealer sees the outcome, and the declaration's history.
    _switch_user(page, sign_in, live_server, users["dealer"].username)
    page.goto(claim_url)
    outcome = page.get_by_test_id("claim-outcome")
    expect(outcome).to_be_visible()
    expect(outcome).to_contain_text(_label(Remedy.RESHIP, language))
    expect(outcome).to_contain_text("photos match the courier's note")
    expect(page.get_by_test_id("claim-late")).to_have_count(0)
    expect(page.locator("header")).to_contain_text(PORTAL[language])
    events = list(claim.events.values_list("action", flat=True))
    assert events == ["create", "submit", "route", "accept"]
    timeline = page.get_by_test_id("timeline")
    expect(timeline.locator("li")).to_have_count(len(events))
    for action in events:
        expect(timeline).to_contain_text(_label(ClaimAction(action), language))
    _shot(page, f"claims-accepted-{language}")

    # 5. A second declaration, 25 hours after signing for the goods: refused as late.
    late = _declare(page, live_server, other_brand, timezone.now() - timedelta(hours=25),
                    "SF9876543210")  # fmt: skip
    due = _beijing(late.report_due_at)
    deadline = page.get_by_test_id("claim-deadline")
    expect(deadline).to_contain_text(due)
    expect(deadline.locator("[data-countdown]")).to_have_class(re.compile(r"\btext-danger\b"))
    _submit(page)
    alert = page.get_by_test_id("claim-late")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(due)
    expect(page.get_by_test_id("claim-status")).to_have_text(status[ClaimStatus.REJECTED])
    expect(page.get_by_test_id("claim-outcome")).to_have_count(0)
    expect(page.get_by_test_id("evidence-form")).to_have_count(0)
    late.refresh_from_db()
    assert (late.status, late.late, late.desk) == ("rejected", True, "")
    assert list(late.events.values_list("action", flat=True)) == ["create", "late"]
    expect(page.get_by_test_id("timeline")).to_contain_text(_label(ClaimAction.LATE, language))
    _shot(page, f"claims-late-{language}")

    # 6. The commissioner sees the late attempt among the late ones, and only it.
    _switch_user(page, sign_in, live_server, users["commissioner"].username)
    page.goto(f"{live_server.url}/claims/?late=1")
    rows = page.get_by_test_id("claim-table").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(late.number)
    expect(rows.first).to_contain_text(status[ClaimStatus.REJECTED])
    expect(rows.first).to_contain_text(due)
    expect(rows.first).to_have_class(re.compile(r"\btable-danger\b"))
    _shot(page, f"claims-late-list-{language}")
