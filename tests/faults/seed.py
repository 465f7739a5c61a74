"""Data for the fault tests, made INSIDE the throwaway site (`Site.python`), never imported by
the test process: a ROMOSS brand (its policy takes dealer returns), a model with production
batches, a dealer with an API token, and a manager of the headquarters who uploads files."""

import json
from datetime import date
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.files import File
from stdnum.cn import uscc

from sanbao.accounts.models import Brand, Dealer, ServiceOutlet, User
from sanbao.accounts.tokens import api_token_issue
from sanbao.catalog.models import ProductionBatch, ProductModel
from sanbao.catalog.serial_import import serial_import_start

SKU = "RMS-PB10K"


def world_make() -> None:
    """Prints {"brand": id, "token": dealer's API token} as one JSON line."""
    brand = Brand.objects.create(
        code="romoss", name_en="ROMOSS", name_zh="罗马仕", legal_name="ROMOSS platform",
        policy_id="romoss", card_prefix="RMS",
    )  # fmt: skip
    hq = ServiceOutlet.objects.create(
        code="sz-hq", name_en="Shenzhen HQ", name_zh="深圳总部", is_hq=True, city="深圳市",
        phone="+8675586612345",
    )  # fmt: skip
    hq.brands.set([brand])
    model = ProductModel.objects.create(
        brand=brand, sku=SKU, name_en="Bank 10K", name_zh="移动电源10K", category="power_bank",
        capacity_mah=10000, energy_wh="37.00",
    )  # fmt: skip
    for code, month in (("R2501", 1), ("R2502", 2), ("R2503", 3)):
        ProductionBatch.objects.create(
            model=model, code=code, produced_from=date(2025, month, 1),
            produced_to=date(2025, month, 28),
        )  # fmt: skip
    dealer = Dealer.objects.create(
        code="hz", name="杭州数码通讯器材有限公司",
        credit_code=(body := "91330106MA2CX7Q8L") + uscc.calc_check_digit(body),
        contact_person="王丽", phone="+8613957112345",
    )  # fmt: skip
    dealer.brands.set([brand])
    manager = User.objects.create_user(username="manager", outlet=hq)
    manager.groups.set([Group.objects.get(name="manager")])
    dealer_user = User.objects.create_user(username="dealer", dealer=dealer)
    dealer_user.groups.set([Group.objects.get(name="dealer")])
    _token, secret = api_token_issue(user=dealer_user, name="faults")
    print(json.dumps({"brand": brand.pk, "token": secret}))


def serial_import_queue(path: str) -> None:
    """Uploads the file as the manager would and queues its import; prints the import's id."""
    with Path(path).open("rb") as handle:
        serial_import = serial_import_start(
            brand=Brand.objects.get(code="romoss"),
            upload=File(handle, name=Path(path).name),  # type: ignore[arg-type]
            by=User.objects.get(username="manager"),
        )
    print(json.dumps({"import": serial_import.pk}))


def expired_orders_make(count: str) -> None:
    """`count` customers, each with one order closed three years ago: all past ROMOSS's six
    months, so the purge has every order and then every customer to erase."""
    from datetime import timedelta

    from django.utils import timezone

    from sanbao.customers.models import Customer
    from sanbao.privacy.crypto import phone_digest
    from sanbao.service.models import ServiceOrder

    brand = Brand.objects.get(code="romoss")
    hq = ServiceOutlet.objects.get(code="sz-hq")
    model = ProductModel.objects.get(sku=SKU)
    manager = User.objects.get(username="manager")
    closed = timezone.now() - timedelta(days=3 * 365)
    total = int(count)
    for start in range(0, total, 5_000):
        numbers = range(start, min(start + 5_000, total))
        phones = [f"+86139{n:08d}" for n in numbers]
        customers = Customer.objects.bulk_create(
            Customer(name=f"客户{n}", phone=phone, phone_hash=phone_digest(phone),
                     city="深圳市", address_detail=f"科技园 {n} 号")
            for n, phone in zip(numbers, phones, strict=True)
        )  # fmt: skip
        ServiceOrder.objects.bulk_create(
            ServiceOrder(number=f"RMS{n:09d}", brand=brand, outlet=hq, intake="walk_in",
                         customer=customer, model=model, fault_code="no_charge",
                         coverage="in_warranty", status="closed", closed_at=closed,
                         signed_content_hash="x", created_by=manager)
            for n, customer in zip(numbers, customers, strict=True)
        )  # fmt: skip
    Customer.objects.update(created_at=closed)
    ServiceOrder.objects.update(created_at=closed)
    print(json.dumps({"orders": total}))
