"""Schemathesis over the whole OpenAPI schema, served in-process by the WSGI application:
every operation with generated data, as an anonymous caller and with the API tokens of an
administrator, a manager and a dealer. No answer may be a 5xx, and documented answers must
match their schema (rate limits, 429, are fine answers).

The database holds real rows, made once for the module through the services: service
orders, return batches, damage declarations, survey links, a follow-up and production
batches. Each test runs in a savepoint inside it, so what one test writes is gone for the
next. Generated path parameters are swapped for real keys part of the time, so the handlers
behind /{number}, /{token}, … get past their lookups too."""

import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
import schemathesis
from django.contrib.auth.models import Group
from django.core import signals
from django.db import close_old_connections, transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from sanbao.config.wsgi import application

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
# Generated requests per operation and caller in the fuzzing phase.
EXAMPLES = 25


def _schema(*, coverage: bool):
    """The schema as the application serves it. The coverage phase adds each operation's
    boundary and type-confused cases (a few dozen to a few hundred requests)."""
    phases = {"examples": False, "coverage": coverage, "fuzzing": True, "stateful": False}
    config = {
        "phases": {name: {"enabled": enabled} for name, enabled in phases.items()},
        "generation": {"mode": "all"},  # valid and invalid input alike
    }
    # Its invalid cases are mostly turned away by the validation, as the fuzzing's are.
    config["phases"]["coverage"]["generation"] = {"mode": "positive"}
    with override_settings(ALLOWED_HOSTS=["localhost"]):
        return schemathesis.openapi.from_wsgi(
            "/api/v1/openapi.json", application, config=schemathesis.Config.from_dict(config)
        )


# The administrator reaches every handler: its calls get the coverage phase too. The
# others (no token, a manager, a dealer) mostly meet the gates in front of them.
covered = _schema(coverage=True)
fuzzed = _schema(coverage=False)

# The real keys of each kind, filled by the `world` fixture.
KEYS: dict[str, list] = {}


def _key_kind(path: str, name: str) -> str:
    if name == "number":  # /api/v1/<service-orders | return-batches | damage-claims>/{number}
        return path.split("/")[3]
    return name


def real_keys(context, path_parameters):
    """Half of the time, the generated path parameters; else real keys of the right kind."""
    if not path_parameters:
        return st.just(path_parameters)
    real = {name: st.just(value) for name, value in path_parameters.items()}
    for name in path_parameters:
        known = KEYS.get(_key_kind(context.operation.path, name))
        if known:
            real[name] = st.sampled_from(known)
    return st.one_of(st.just(path_parameters), st.fixed_dictionaries(real))


def _plausible() -> dict[str, list]:
    """Values the services accept, by field name: most generated ones fail the first check."""
    from tests.service.conftest import signature_png

    today = timezone.localdate()
    return {
        "outlet": ["gz", "sz-hq"],
        "brand": ["top", "romoss", "TOP"],
        "dealer": ["hz", ""],
        "policy": ["top", "romoss"],
        "serial": ["TOP0000000001", "RMSSTOCK0001", "TOP000111", ""],
        "replacement_serial": ["RMSSTOCK0001", "RMSSTOCK0002"],
        "model_sku": ["TOP-PB10", "RMS-PB10K"],
        "model": ["RMS-PB10K", "RMS-CB1M", "TOP-PB10"],
        "category": ["power_bank", "cable"],
        "phone": ["13800138000", "+8613957112345"],
        "contact_phone": ["13957112345"],
        "courier_phone": ["13812345678"],
        "name": ["张伟", "fuzz"],
        "email": ["", "zhang@example.cn"],
        "purchase_date": [str(today - timedelta(days=d)) for d in (3, 40, 400)],
        "claim_date": [str(today)],
        "signed_for_at": [(timezone.now() - timedelta(hours=h)).isoformat() for h in (2, 30)],
        "accessories": [["data_cable"], []],
        "accessories_present": [["data_cable"]],
        "counted_lines": [[1, 2, 3], [1]],
        "wrong_models": [{"1": "RMS-CB1M"}],
        "code": ["PCB-10", "RMS-P-USBC", "1", "RMSSTOCK0001"],
        "quantity": [1, 2],
        "signature": [signature_png()],
        "delivery_list": [""],
        "fault": ["不充电"],
    }


PLAUSIBLE: dict[str, list] = {}


def _plausibly(value):
    """A strategy: the value with the fields it knows by name given plausible values."""
    if isinstance(value, list):
        return st.tuples(*(_plausibly(item) for item in value)).map(list)
    if not isinstance(value, dict):
        return st.just(value)
    fields = {}
    for name, item in value.items():
        if name in PLAUSIBLE:
            fields[name] = st.sampled_from(PLAUSIBLE[name])
        else:
            fields[name] = _plausibly(item)
    return st.fixed_dictionaries(fields)


def plausible_body(context, body):
    """Two times in three, the generated body with the fields it knows made plausible."""
    if not isinstance(body, dict) or not PLAUSIBLE:
        return st.just(body)
    return st.sampled_from([False, True, True]).flatmap(
        lambda plausible: _plausibly(body) if plausible else st.just(body)
    )


for _schema_ in (covered, fuzzed):
    _schema_.hook("flatmap_path_parameters")(real_keys)
    _schema_.hook("flatmap_body")(plausible_body)


@contextmanager
def _connections_kept():
    """As Django's test client does: a request must not close the test's connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _world_build() -> dict[str, str]:
    """Rows of every kind the API reaches; returns each caller's API token."""
    from sanbao.accounts.models import Brand, Dealer, ServiceOutlet, User
    from sanbao.accounts.tokens import api_token_issue
    from sanbao.catalog.models import Part, PartStock, ProductModel, Unit
    from sanbao.claims.declaring import claim_create, claim_evidence_add, claim_submit
    from sanbao.feedback.answers import survey_answer
    from sanbao.feedback.models import FollowUp
    from sanbao.insights.dashboards import DASHBOARDS
    from sanbao.notify.models import OutboxMessage
    from sanbao.returns.building import batch_create, batch_units_add
    from sanbao.returns.receiving import Receipt, batch_receive
    from sanbao.returns.submission import batch_dispatch, batch_submit
    from sanbao.service.handback import order_hand_back
    from sanbao.service.intake import IntakeDetails, service_order_register
    from sanbao.service.repairs import order_repair_on_spot
    from tests.claims.conftest import declaration, form_scan, note_scan, photo
    from tests.conftest import PASSWORD, _credit_code
    from tests.feedback.conftest import survey_for
    from tests.insights.test_quality import seed_quality
    from tests.returns.conftest import header, rows
    from tests.service.conftest import signature_png

    top = Brand.objects.create(
        code="top", name_en="TOP", name_zh="TOP", legal_name="TOP", policy_id="top",
        card_prefix="TOP",
    )  # fmt: skip
    romoss = Brand.objects.create(
        code="romoss", name_en="ROMOSS", name_zh="罗马仕", legal_name="ROMOSS",
        policy_id="romoss", card_prefix="RMS",
    )  # fmt: skip
    hq = ServiceOutlet.objects.create(code="sz-hq", name_en="HQ", name_zh="总部", is_hq=True)
    hq.brands.set([top, romoss])
    outlet = ServiceOutlet.objects.create(code="gz", name_en="Guangzhou", name_zh="广州")
    outlet.brands.set([top])
    dealer = Dealer.objects.create(
        code="hz", name="杭州数码", credit_code=_credit_code("91330106MA2CX7Q8L"),
        contact_person="王丽", phone="+8613957112345",
    )  # fmt: skip
    dealer.brands.set([top, romoss])

    def person(role: str, **fields) -> User:
        user = User.objects.create_user(username=role, password=PASSWORD, **fields)
        user.groups.set([Group.objects.get(name=role)])
        return user

    people = {
        "admin": person("admin", outlet=hq, is_staff=True, is_superuser=True),
        "manager": person("manager", outlet=hq),
        "dealer": person("dealer", dealer=dealer),
        "front_desk": person("front_desk", outlet=outlet),
        "technician": person("technician", outlet=outlet),
        "warehouse": person("warehouse", outlet=hq),
    }

    bank = ProductModel.objects.create(
        brand=top, sku="TOP-PB10", name_en="Bank 10", name_zh="移动电源10",
        category="power_bank", capacity_mah=10000, energy_wh="37.00",
    )  # fmt: skip
    foreign = ProductModel.objects.create(
        brand=romoss, sku="RMS-PB20", name_en="Bank 20", name_zh="移动电源20",
        category="power_bank", capacity_mah=20000,
    )  # fmt: skip
    seeded = seed_quality(
        bank=bank, foreign_model=foreign, outlet=outlet, dealer=dealer, by=people["front_desk"]
    )
    unit = Unit.objects.create(
        brand=top, serial="TOP0000000001", model=bank, produced_on=timezone.localdate(),
        dealer=dealer, shipped_on=timezone.localdate(), status="shipped",
        batch=seeded.batches["A"],
    )  # fmt: skip
    survey_for(top)
    board = Part.objects.create(
        brand=top, code="PCB-10", name_en="Main board", name_zh="主板",
        mass_production_cost="18.50", standard_price="35.00",
    )  # fmt: skip
    board.models_served.add(bank)
    PartStock.objects.create(part=board, outlet=outlet, on_hand=5)
    PartStock.objects.create(part=board, outlet=hq, on_hand=2)

    def register(**changes):
        values = {
            "customer_name": "张伟", "customer_phone": "138 0013 8000", "fault_code": "port_damage",
            "serial": unit.serial, "purchase_date": timezone.localdate() - timedelta(days=40),
            "notifications_agreed": True,
        }  # fmt: skip
        details = IntakeDetails(**{**values, **changes})
        return service_order_register(outlet=outlet, details=details, by=people["front_desk"])

    orders = [register(), register(fault_code="no_charge")]
    survey_tokens = []
    for _i in range(2):
        order = register()
        order_repair_on_spot(
            number=order.number, work_done="Resoldered the port", parts=[], labour_minutes=10,
            by=people["technician"],
        )  # fmt: skip
        order_hand_back(number=order.number, signature=signature_png(), by=people["front_desk"])
        body = OutboxMessage.objects.get(topic=f"order:{order.number}:survey").body
        survey_tokens.append(re.search(r"/s/([A-Za-z0-9_-]+)/", body).group(1))
        orders.append(order)
    survey_answer(token=survey_tokens[1], csat=1, nps=2, fixed_first_visit=False, comment="No.")

    for sku, category, mah in (("RMS-PB10K", "power_bank", 10000), ("RMS-CB1M", "cable", None)):
        ProductModel.objects.create(
            brand=romoss, sku=sku, name_en=sku, name_zh=sku, category=category,
            capacity_mah=mah, energy_wh="37.00" if mah else None,
            required_accessories=["data_cable"] if mah else [],
        )  # fmt: skip
    rms_bank = ProductModel.objects.get(sku="RMS-PB10K")
    for n in (1, 2):
        Unit.objects.create(
            brand=romoss, serial=f"RMSSTOCK{n:04d}", model=rms_bank,
            produced_on=timezone.localdate(), status="produced",
        )  # fmt: skip
    usb = Part.objects.create(
        brand=romoss, code="RMS-P-USBC", name_en="USB-C board", name_zh="USB-C 接口板",
        mass_production_cost="3.00", standard_price="3.50",
    )  # fmt: skip
    usb.models_served.add(rms_bank)
    PartStock.objects.create(part=usb, outlet=hq, on_hand=3)
    batches = []
    for stage in ("draft", "submitted", "received"):
        batch = batch_create(brand=romoss, header=header(), by=people["dealer"])
        batch_units_add(number=batch.number, rows=rows(3), by=people["dealer"])
        if stage != "draft":
            batch_submit(number=batch.number, by=people["dealer"])
        if stage == "received":
            batch_dispatch(number=batch.number, tracking_number="SF1", by=people["dealer"])
            receipt = Receipt(boxes_received=1, counted_lines=[1, 2, 3])
            batch_receive(number=batch.number, receipt=receipt, by=people["warehouse"])
        batches.append(batch.number)

    claims = []
    for stage in ("draft", "submitted"):
        declared = declaration(lines=[("RMS-PB10K", 2)])
        claim = claim_create(brand=romoss, declaration=declared, by=people["dealer"])
        if stage == "submitted":
            for kind, upload in (("photo", photo()), ("application_form", form_scan()),
                                 ("delivery_note", note_scan())):  # fmt: skip
                claim_evidence_add(number=claim.number, kind=kind, upload=upload,
                                   by=people["dealer"])  # fmt: skip
            claim_submit(number=claim.number, by=people["dealer"])
        claims.append(claim.number)

    tokens, token_ids = {}, []
    for role in ("admin", "manager", "dealer"):
        token, secret = api_token_issue(user=people[role], name="fuzz")
        tokens[role] = secret
        token_ids.append(token.pk)

    KEYS.update(
        {
            "service-orders": [order.number for order in orders],
            "return-batches": batches,
            "damage-claims": claims,
            "line": [1, 2, 3],
            "token_id": token_ids,
            "serial": [unit.serial, "TOP000111"],
            "slug": list(DASHBOARDS),
            "token": survey_tokens,
            "follow_up_id": list(FollowUp.objects.values_list("pk", flat=True)),
            "batch_id": [batch.pk for batch in seeded.batches.values()],
        }
    )
    return tokens


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once, in a transaction rolled back after the module's last test."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, ALLOWED_HOSTS=["localhost"]),
        transaction.atomic(),
    ):
        tokens = _world_build()
        PLAUSIBLE.update(_plausible())
        try:
            yield tokens
        finally:
            KEYS.clear()
            PLAUSIBLE.clear()
            transaction.set_rollback(True)


def _headers(world: dict[str, str], who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {world[who]}"} if who in world else {}


FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
)


@covered.parametrize()
@FUZZ
def test_it_never_answers_the_administrator_with_a_server_error(case, world, db):
    with _connections_kept():
        case.call_and_validate(headers=_headers(world, "admin"), checks=CHECKS)


@pytest.mark.parametrize("who", ["anonymous", "manager", "dealer"])
@fuzzed.parametrize()
@FUZZ
def test_it_never_answers_anyone_with_a_server_error(case, world, db, who):
    with _connections_kept():
        case.call_and_validate(headers=_headers(world, who), checks=CHECKS)
