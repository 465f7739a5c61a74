"""Demo service orders at the Guangzhou outlet, one in each interesting state, so that the
boards, the order pages, the card PDF and the customer's tracking page have something real."""

import base64
import io
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from PIL import Image, ImageDraw

from sanbao.accounts.models import Brand, ServiceOutlet, User
from sanbao.catalog.models import Unit
from sanbao.service.handback import order_hand_back, order_transfer_to_hq
from sanbao.service.intake import IntakeDetails, service_order_register
from sanbao.service.models import ServiceOrder
from sanbao.service.parts import PartLine
from sanbao.service.quotes import quote_send
from sanbao.service.repairs import order_diagnose, order_repair_on_spot

# Customers of the demo; the tracking page asks for the last four digits (8001, 9002, …).
CUSTOMERS = [("张伟", "13800138001"), ("李娜", "13900139002"), ("王芳", "13700137003"),
             ("Chen Jie", "13600136004"), ("刘洋", "13500135005")]  # fmt: skip


def _signature() -> str:
    image = Image.new("RGBA", (360, 120), (0, 0, 0, 0))
    ImageDraw.Draw(image).line([(20, 90), (70, 30), (120, 95), (190, 25), (330, 70)], "black", 4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _details(index: int, unit: Unit, **changes: object) -> IntakeDetails:
    name, phone = CUSTOMERS[index]
    values: dict[str, object] = {
        "customer_name": name,
        "customer_phone": phone,
        "notifications_agreed": True,
        "serial": unit.serial,
        "purchase_date": timezone.localdate() - timedelta(days=90),
        "warranty_card_number": f"W{unit.serial[-6:]}",
        "fault_code": "port_damage",
        "accessories_received": ["data_cable"],
    }
    return IntakeDetails(**{**values, **changes})  # type: ignore[arg-type]


def demo_orders_load(*, brands: dict[str, Brand], users: dict[str, User]) -> None:
    if ServiceOrder.objects.exists():
        return
    outlet = ServiceOutlet.objects.get(code="gz-tianhe")
    desk, tech, hq = users["front_desk"], users["technician"], users["hq_technician"]
    units = list(
        Unit.objects.filter(brand=brands["top"], owner__isnull=True, dealer__isnull=False)
        .exclude(status="produced")
        .order_by("serial")[:4]
    )
    rms = Unit.objects.filter(brand=brands["romoss"], owner__isnull=True, dealer__isnull=False)
    rms_unit = rms.exclude(status="produced").order_by("-serial").first()

    def register(index: int, unit: Unit, **changes: object) -> ServiceOrder:
        return service_order_register(
            outlet=outlet, details=_details(index, unit, **changes), by=desk
        )

    # A loose port, repaired on the spot and signed for on the screen.
    signed = register(0, units[0], fault_description="充电口松动")
    order_repair_on_spot(
        number=signed.number, work_done="USB-C 接口重新焊接", parts=[PartLine("TOP-P-USBC", 1)],
        labour_minutes=15, by=tech,
    )  # fmt: skip
    order_hand_back(number=signed.number, signature=_signature(), by=desk)
    # A serious fault registered ten days ago: overdue on the boards.
    overdue = register(1, units[1], fault_code="no_output", fault_description="完全无输出")
    ServiceOrder.objects.filter(pk=overdue.pk).update(
        created_at=timezone.now() - timedelta(days=10),
        due_on=timezone.localdate() - timedelta(days=1),
    )
    # Mail-in, out of warranty, sent to headquarters and quoted: waiting for the customer.
    quoted = register(
        2, units[2], intake="mail_in", fault_code="overheating",
        purchase_date=timezone.localdate() - timedelta(days=900),
    )  # fmt: skip
    order_transfer_to_hq(
        number=quoted.number, courier="顺丰速运", tracking_number="SF1400000001",
        sale_slip_included=True, by=tech,
    )  # fmt: skip
    order_diagnose(number=quoted.number, findings="电芯老化, 保修期已过", exclusions=[], by=hq)
    quote_send(
        number=quoted.number, parts=[PartLine("TOP-P-USBC", 1)], labour=Decimal(0),
        freight=Decimal("8.00"), by=hq,
    )  # fmt: skip
    # Just registered at the desk; and a ROMOSS unit without its sale slip, being diagnosed.
    register(3, units[3], fault_code="indicator_fault", customer_language="en")
    if rms_unit is not None:
        diagnosing = register(4, rms_unit, fault_code="no_charge")
        order_diagnose(number=diagnosing.number, findings="充电管理芯片损坏", exclusions=[], by=hq)
