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
