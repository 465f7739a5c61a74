# ruff: noqa: RUF001 - Chinese punctuation is what the declaration says
"""The unpacking-damage application form (seed 003 V.2, VI): pre-filled from the
declaration, one A4 page with a box for the unit's official seal, in Chinese and English."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sanbao.catalog.models import ProductModel
from sanbao.claims.declaring import Declaration, claim_create
from sanbao.claims.documents import application_form_context, application_form_pdf
from sanbao.claims.models import ClaimEvidence, EvidenceKind
from tests.documents import pdf_fonts, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def damage_dealer(make_user, dealer, other_brand):
    """A user of the shared dealer, also a ROMOSS dealer."""
    dealer.brands.add(other_brand)
    return make_user("dealer")


@pytest.fixture
def bank_20k(other_brand):
    return ProductModel.objects.create(
        brand=other_brand, sku="RMS-PB20K", name_en="Power bank 20000", name_zh="移动电源20000",
        category="power_bank", capacity_mah=20000, energy_wh="74.00",
    )  # fmt: skip


@pytest.fixture
def claim(other_brand, damage_dealer, bank_20k):
    declaration = Declaration(
        delivery_note_number="SN-20260312-0457",
        signed_for_at=timezone.now() - timedelta(hours=3),
        description="外箱一角压塌，两台移动电源外壳开裂，一台屏幕碎裂。",
        lines=[("RMS-PB20K", 3)],
        order_reference="PO-7731",
        seams_total=4,
        seams_intact=3,
        box_damaged=True,
        opened_before_courier=True,
        courier_name="张伟",
        courier_work_number="SF-30417",
        courier_phone="13812345678",
        courier_labels_intact=False,
        courier_box_intact=False,
        actual_weight_kg=Decimal("11.40"),
        shipped_weight_kg=Decimal("12.00"),
    )
    return claim_create(brand=other_brand, declaration=declaration, by=damage_dealer)


def _photo(claim) -> None:
    ClaimEvidence.objects.create(
        claim=claim, kind=EvidenceKind.PHOTO, content_type="image/jpeg", size=3,
        file=SimpleUploadedFile("p.jpg", b"jpg"),
    )  # fmt: skip


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_form_is_one_a4_page_with_the_cjk_font_embedded(claim, language):
    pdf = application_form_pdf(claim=claim, language=language)
    pages = pdf_pages(pdf)
    assert len(pages) == 1
    width, height = pages[0]
    assert round(width) == 595 and round(height) == 842  # A4
    fonts = pdf_fonts(pdf)
    assert any("CJK" in name for name, _embedded in fonts)
    assert all(embedded for _name, embedded in fonts)


def test_the_chinese_form_is_filled_in_from_the_declaration(claim):
    text = pdf_text(application_form_pdf(claim=claim, language="zh-hans"))
    for words in (claim.number, "杭州数码通讯器材有限公司", "RMS-PB20K", "移动电源20000",
                  "SN-20260312-0457", "PO-7731", "公章", "张伟", "SF-30417", "外箱一角压塌",
                  "ROMOSS-V.2", "加盖单位公章"):  # fmt: skip
        assert words in text, words


def test_the_english_form_cites_the_policy_and_names_the_desk(claim):
    text = pdf_text(application_form_pdf(claim=claim, language="en"))
    for words in ("Application for unpacking damage", claim.number, "杭州数码通讯器材有限公司",
                  "RMS-PB20K", "Power bank 20000", "SN-20260312-0457", "Official seal",
                  "3 of 4", "11.40 / 12.00 kg", "-0.60 kg", "ROMOSS-VI.3",
                  "Tamper-evident labels are stuck on the seams",
                  "Commercial commissioner"):  # fmt: skip
        assert words in text, words


def test_the_times_are_beijing_time_and_the_evidence_is_counted(claim):
    _photo(claim)
    _photo(claim)
    context = application_form_context(claim)
    assert str(context["signed_for_at"].tzinfo) == "Asia/Shanghai"
    assert context["report_due_at"] - context["signed_for_at"] == timedelta(hours=24)
    assert context["photo_count"] == 2
    assert context["delivery_note_attached"] is False
    text = pdf_text(application_form_pdf(claim=claim, language="en"))
    assert "2 photos of the damaged parts" in text and "not yet attached" in text
