"""Demo data for both brands of the seeds: organisations, a user per role, product models.

Idempotent: every record is found again by its natural key and brought up to date.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from stdnum.cn import uscc

from sanbao.accounts.models import Brand, Dealer, ServiceOutlet, User
from sanbao.accounts.phones import phone_normalise
from sanbao.catalog.models import Category, Part, PartStock, ProductionBatch, ProductModel
from sanbao.feedback.demo import surveys_seed
from sanbao.insights.history import demo_history_load
from sanbao.privacy.purge import purge_run
from sanbao.web.demo_claims import demo_claims_load
from sanbao.web.demo_orders import demo_orders_load
from sanbao.web.demo_returns import demo_returns_load
from sanbao.web.demo_units import demo_units_load

DEMO_PASSWORD = "sanbao-demo-2026"  # noqa: S105 - printed by `make demo` on purpose


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    where: str


def _credit_code(body: str) -> str:
    return body + uscc.calc_check_digit(body)


BRANDS: list[dict[str, Any]] = [
    {
        "code": "top",
        "name_en": "TOP",
        "name_zh": "TOP",
        "legal_name": "Shenzhen TOP Communication Co., Ltd",
        "policy_id": "top",
        "card_prefix": "TOP",
        "hotline": "400-716-2528",
    },
    {
        "code": "romoss",
        "name_en": "ROMOSS",
        "name_zh": "罗马仕",
        "legal_name": "ROMOSS platform",
        "policy_id": "romoss",
        "card_prefix": "RMS",
        "hotline": "",
    },
]

OUTLETS: list[dict[str, Any]] = [
    {
        "code": "sz-hq",
        "name_en": "Shenzhen headquarters service centre",
        "name_zh": "深圳总部售后服务中心",
        "is_hq": True,
        "brands": ["top", "romoss"],
        "province": "广东省",
        "city": "深圳市",
        "district": "南山区",
        "address_detail": "科技园南区 8 栋 1 楼",
        "phone": "0755-8661 2345",
    },
    {
        "code": "gz-tianhe",
        "name_en": "Guangzhou Tianhe service outlet",
        "name_zh": "广州天河售后网点",
        "is_hq": False,
        "brands": ["top", "romoss"],
        "province": "广东省",
        "city": "广州市",
        "district": "天河区",
        "address_detail": "天河路 385 号 3 楼",
        "phone": "020-8765 4321",
    },
    {
        "code": "sh-xuhui",
        "name_en": "Shanghai Xuhui service outlet",
        "name_zh": "上海徐汇售后网点",
        "is_hq": False,
        "brands": ["romoss"],
        "province": "上海市",
        "city": "上海市",
        "district": "徐汇区",
        "address_detail": "漕溪北路 88 号 2 楼",
        "phone": "021-6438 1234",
    },
]

DEALERS: list[dict[str, Any]] = [
    {
        "code": "hz-digital",
        "name": "杭州数码通讯器材有限公司",
        "credit_code": _credit_code("91330106MA2CX7Q8L"),
        "contact_person": "王丽",
        "phone": "13957112345",
        "brands": ["top", "romoss"],
        "province": "浙江省",
        "city": "杭州市",
        "district": "西湖区",
        "address_detail": "文三路 259 号 5 楼",
        "authorised_from": date(2024, 1, 1),
        "authorised_until": None,
    },
    {
        "code": "cd-power",
        "name": "成都蓉城电源贸易有限公司",
        "credit_code": _credit_code("91510104MA6DJ2K3X"),
        "contact_person": "李强",
        "phone": "18980012345",
        "brands": ["romoss"],
        "province": "四川省",
        "city": "成都市",
        "district": "锦江区",
        "address_detail": "春熙路 18 号 12 楼",
        "authorised_from": date(2023, 3, 1),
        "authorised_until": date(2027, 2, 28),
    },
    {
        # Its authorisation ended: units shipped to it afterwards are flagged (ROMOSS-III.1).
        "code": "wh-former",
        "name": "武汉江汉数码批发部",
        "credit_code": _credit_code("91420103MA4K8Q2R1"),
        "contact_person": "赵军",
        "phone": "13871234567",
        "brands": ["romoss"],
        "province": "湖北省",
        "city": "武汉市",
        "district": "江汉区",
        "address_detail": "航空路 6 号",
        "authorised_from": date(2022, 1, 1),
        "authorised_until": date(2025, 6, 30),
        "is_active": False,
    },
]


def _power_bank(brand: str, sku: str, en: str, zh: str, mah: int) -> dict[str, Any]:
    return {
        "brand": brand,
        "sku": sku,
        "name_en": en,
        "name_zh": zh,
        "category": Category.POWER_BANK,
        "capacity_mah": mah,
        "energy_wh": (Decimal(mah) * Decimal("3.7") / 1000).quantize(Decimal("0.01")),
        "required_accessories": ["data_cable"],
    }


PRODUCT_MODELS: list[dict[str, Any]] = [
    _power_bank("top", "TOP-PB10", "TOP 10000 mAh power bank", "TOP 10000毫安移动电源", 10000),
    _power_bank("top", "TOP-PB20", "TOP 20000 mAh power bank", "TOP 20000毫安移动电源", 20000),
    {
        "brand": "top",
        "sku": "TOP-PD65",
        "name_en": "TOP 65 W USB-C charger",
        "name_zh": "TOP 65W USB-C 充电器",
        "category": Category.ADAPTER,
    },
    {
        "brand": "top",
        "sku": "TOP-C1",
        "name_en": "TOP USB-C cable 1 m",
        "name_zh": "TOP USB-C 数据线 1米",
        "category": Category.CABLE,
    },
    _power_bank(
        "romoss", "RMS-PB10K", "ROMOSS 10000 mAh power bank", "罗马仕 10000毫安移动电源", 10000
    ),
    _power_bank(
        "romoss", "RMS-PB20K", "ROMOSS 20000 mAh power bank", "罗马仕 20000毫安移动电源", 20000
    ),
    _power_bank(
        "romoss", "RMS-PB30K", "ROMOSS 30000 mAh power bank", "罗马仕 30000毫安移动电源", 30000
    ),
    {
        "brand": "romoss",
        "sku": "RMS-AC20",
        "name_en": "ROMOSS 20 W adapter",
        "name_zh": "罗马仕 20W 电源适配器",
        "category": Category.ADAPTER,
    },
    {
        "brand": "romoss",
        "sku": "RMS-CB1M",
        "name_en": "ROMOSS USB-C data cable 1 m",
        "name_zh": "罗马仕 USB-C 数据线 1米",
        "category": Category.CABLE,
    },
]

# username, role, outlet code or dealer code, brand limits, full name
USERS = [
    ("admin", "admin", "outlet:sz-hq", [], "周 管理员"),
    ("manager", "manager", "outlet:sz-hq", [], "陈 经理"),
    ("auditor", "auditor", "outlet:sz-hq", [], "孙 审计"),
    ("front_desk", "front_desk", "outlet:gz-tianhe", [], "林 前台"),
    ("technician", "technician", "outlet:gz-tianhe", ["top"], "黄 技术员"),
    ("hq_technician", "hq_technician", "outlet:sz-hq", [], "吴 总部技术员"),
    ("warehouse", "warehouse", "outlet:sz-hq", [], "郑 仓管"),
    ("commercial_commissioner", "commercial_commissioner", "outlet:sz-hq", [], "冯 商务专员"),
    ("service_commissioner", "service_commissioner", "outlet:sz-hq", [], "何 客服专员"),
    ("dealer", "dealer", "dealer:hz-digital", [], "王丽"),
    ("dealer_cd", "dealer", "dealer:cd-power", [], "李强"),
]


# Two production runs of every power bank; the spare parts front desks use most.
BATCH_MONTHS = (date(2025, 3, 1), date(2025, 9, 1))
PARTS = [
    ("top", "TOP-P-USBC", "USB-C port board", "USB-C 接口板", Decimal("3.20")),
    ("top", "TOP-P-CABLE", "Data cable, 30 cm", "数据线 30厘米", Decimal("1.80")),
    ("romoss", "RMS-P-USBC", "USB-C port board", "USB-C 接口板", Decimal("3.50")),
    ("romoss", "RMS-P-LED", "Indicator board", "指示灯板", Decimal("2.10")),
]


def _batches_and_parts(brands: dict[str, Brand], outlets: dict[str, ServiceOutlet]) -> None:
    for model in ProductModel.objects.filter(category=Category.POWER_BANK):
        for start in BATCH_MONTHS:
            ProductionBatch.objects.update_or_create(
                model=model,
                code=f"{model.sku}-{start:%y%m}",
                defaults={
                    "produced_from": start,
                    "produced_to": start + timedelta(days=27),
                    "cell_supplier": "Demo Cell Co.",
                },
            )
    for brand_code, code, name_en, name_zh, cost in PARTS:
        part, _ = Part.objects.update_or_create(
            brand=brands[brand_code],
            code=code,
            defaults={
                "name_en": name_en,
                "name_zh": name_zh,
                "mass_production_cost": cost,
                "standard_price": (cost * 2).quantize(Decimal("0.01")),
            },
        )
        part.models_served.set(ProductModel.objects.filter(brand=brands[brand_code]))
        for outlet in outlets.values():
            if outlet.brands.filter(pk=brands[brand_code].pk).exists():
                PartStock.objects.get_or_create(part=part, outlet=outlet, defaults={"on_hand": 20})


@transaction.atomic
def demo_data_load() -> list[DemoLogin]:
    brands = {}
    for row in BRANDS:
        brands[row["code"]], _ = Brand.objects.update_or_create(
            code=row["code"], defaults={k: v for k, v in row.items() if k != "code"}
        )
    outlets = {}
    for row in OUTLETS:
        fields = {k: v for k, v in row.items() if k not in ("code", "brands")}
        fields["phone"] = phone_normalise(fields["phone"])
        outlet, _ = ServiceOutlet.objects.update_or_create(code=row["code"], defaults=fields)
        outlet.brands.set([brands[code] for code in row["brands"]])
        outlets[row["code"]] = outlet
    dealers = {}
    for row in DEALERS:
        fields = {k: v for k, v in row.items() if k not in ("code", "brands")}
        fields["phone"] = phone_normalise(fields["phone"])
        dealer, _ = Dealer.objects.update_or_create(code=row["code"], defaults=fields)
        dealer.full_clean()
        dealer.brands.set([brands[code] for code in row["brands"]])
        dealers[row["code"]] = dealer
    for row in PRODUCT_MODELS:
        fields = {k: v for k, v in row.items() if k not in ("brand", "sku")}
        ProductModel.objects.update_or_create(
            brand=brands[row["brand"]], sku=row["sku"], defaults=fields
        )
    _batches_and_parts(brands, outlets)
    logins = []
    users: dict[str, User] = {}
    for username, role, place, brand_limits, full_name in USERS:
        kind, code = place.split(":")
        family, given = full_name.split(" ") if " " in full_name else (full_name[0], full_name[1:])
        user, created = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = given, family
        user.outlet = outlets[code] if kind == "outlet" else None
        user.dealer = dealers[code] if kind == "dealer" else None
        user.is_staff = user.is_superuser = role == "admin"
        user.language = "zh-hans" if role in ("front_desk", "technician") else "en"
        if created:
            user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        user.brands.set([brands[code] for code in brand_limits])
        where = outlets[code].name_en if kind == "outlet" else dealers[code].name
        logins.append(DemoLogin(username=username, role=role, where=where))
        users[username] = user
    surveys_seed()  # before the orders: the one closed there gets its survey link
    demo_units_load(brands=brands, by=users["manager"])
    demo_orders_load(brands=brands, users=users)
    demo_returns_load(brands=brands, users=users)
    demo_claims_load(brands=brands, users=users)
    demo_history_load()  # eighteen months of history behind the orders above
    purge_run()  # as the nightly job would: ROMOSS's history past six months loses its names
    return logins
