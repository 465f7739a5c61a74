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
