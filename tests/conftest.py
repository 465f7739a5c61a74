"""The shared base fixtures: two brands, outlets, a dealer, and a user of every role."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from huey.contrib.djhuey import HUEY

from sanbao.accounts.models import Brand, Dealer, ServiceOutlet, User
from sanbao.accounts.roles import ROLES

PASSWORD = "correct-horse-battery-staple"


def _credit_code(body: str) -> str:
    from stdnum.cn import uscc

    return body + uscc.calc_check_digit(body)


@pytest.fixture(autouse=True)
def _isolated(settings, monkeypatch):
    """Fast password hashing; no cache entries or per-process memos (recall scopes, the
    calendar) carried over from another test, whose rows had the same ids. On Redis, which
    parallel test processes share, each test gets key prefix of its own instead of a flush."""
    from uuid import uuid4

    from django.core.cache import cache, caches
    from django.core.cache.backends.redis import RedisCache
    from django.utils import translation

    from sanbao.catalog.recall_scopes import RECALL_MEMO
    from sanbao.warranty.selectors import CALENDAR_MEMO

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    backend = caches["default"]
    shared = isinstance(backend, RedisCache)
    if shared:
        monkeypatch.setattr(backend, "key_prefix", f"test-{uuid4().hex}")
    else:
        cache.clear()
    RECALL_MEMO.forget()
    CALENDAR_MEMO.forget()
    yield
    # A request in Chinese leaves Chinese active in this thread for the next test.
    translation.activate(settings.LANGUAGE_CODE)
    if shared:
        client = backend._cache.get_client(write=True)
        for key in client.scan_iter(f"{backend.key_prefix}:*"):
            client.delete(key)
    else:
        cache.clear()
    RECALL_MEMO.forget()
    CALENDAR_MEMO.forget()


@pytest.fixture(autouse=True)
def _jobs_run_inline():
    """Tasks run at once in tests; the queue test turns this off to go through storage."""
    HUEY.immediate = True
    yield
    HUEY.immediate = False


@pytest.fixture
def brand(db) -> Brand:
    return Brand.objects.create(
        code="top",
        name_en="TOP",
        name_zh="TOP",
        legal_name="Shenzhen TOP Communication Co., Ltd",
        policy_id="top",
        card_prefix="TOP",
        hotline="400-716-2528",
    )


@pytest.fixture
def other_brand(db) -> Brand:
    return Brand.objects.create(
        code="romoss",
        name_en="ROMOSS",
        name_zh="罗马仕",
        legal_name="ROMOSS platform",
        policy_id="romoss",
        card_prefix="RMS",
    )


@pytest.fixture
def hq(brand, other_brand) -> ServiceOutlet:
    outlet = ServiceOutlet.objects.create(
        code="sz-hq",
        name_en="Shenzhen HQ",
        name_zh="深圳总部",
        is_hq=True,
        city="深圳市",
        phone="+8675586612345",
    )
    outlet.brands.set([brand, other_brand])
    return outlet


@pytest.fixture
def outlet(brand) -> ServiceOutlet:
    outlet = ServiceOutlet.objects.create(
        code="gz",
        name_en="Guangzhou outlet",
        name_zh="广州网点",
        city="广州市",
        phone="+862087654321",
    )
    outlet.brands.set([brand])
    return outlet


@pytest.fixture
def dealer(brand) -> Dealer:
    dealer = Dealer.objects.create(
        code="hz",
        name="杭州数码通讯器材有限公司",
        credit_code=_credit_code("91330106MA2CX7Q8L"),
        contact_person="王丽",
        phone="+8613957112345",
    )
    dealer.brands.set([brand])
    return dealer


@pytest.fixture
def make_user(db, hq, outlet, dealer) -> Callable[..., User]:
    def make(role: str, username: str | None = None, **fields) -> User:
        if role == "dealer":
            fields.setdefault("dealer", dealer)
        else:
            fields.setdefault("outlet", hq if role in ("admin", "manager", "auditor") else outlet)
        user = User.objects.create_user(username=username or role, password=PASSWORD, **fields)
        user.groups.set([Group.objects.get(name=role)])
        if role == "admin":
            user.is_staff = user.is_superuser = True
            user.save()
        return user

    return make


@pytest.fixture
def users(make_user) -> dict[str, User]:
    """One user of every role, keyed by role code."""
    return {code: make_user(code) for code in ROLES}


@pytest.fixture
def client_as(client) -> Callable[[User], Client]:
    def sign_in(user: User) -> Client:
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def bank(brand):
    """A 10,000 mAh power bank of the brand (37 Wh)."""
    from sanbao.catalog.models import ProductModel

    return ProductModel.objects.create(
        brand=brand, sku="TOP-PB10", name_en="Bank 10", name_zh="移动电源10",
        category="power_bank", capacity_mah=10000, energy_wh="37.00",
    )  # fmt: skip


@pytest.fixture
def foreign_model(other_brand):
    """A power bank of the other brand: outside the scope of the brand's staff."""
    from sanbao.catalog.models import ProductModel

    return ProductModel.objects.create(
        brand=other_brand, sku="RMS-PB20", name_en="Bank 20", name_zh="移动电源20",
        category="power_bank", capacity_mah=20000,
    )  # fmt: skip
