"""The authorisation matrix: every URL and every API operation, called as every role and as
an anonymous visitor, answers as `tests/authorisation_table.py` declares.

One world of real objects is built once for the module (inside a transaction rolled back
at the end), and every user is signed in once; each case, one entry called by one caller,
runs in its own savepoint, so a call that changes something changes it for that case only.
CALLS says how an entry is called (path arguments from the world, query, body, what the
browser's session holds); an entry without one is called with no arguments, or with its
page's object. PDFs are rendered from their templates but not laid out (`_fast_documents`).

Run: .venv/bin/pytest -q -p no:randomly tests/test_authorisation_matrix.py
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from tests import authorisation_table as table
from tests.conftest import PASSWORD, _credit_code

API_PREFIX = "/api/v1"
LOGIN_PATH = "/accounts/login/"

# -----------------------------------------------------------------------------------------
# What exists: the resolver's URLs and the API's operations.

SKIPPED_ROUTES = ("static/", "media/", "__debug__/")


def _walk(patterns: list[Any], prefix: str = "", namespace: tuple[str, ...] = ()) -> Iterator:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = (*namespace, pattern.namespace) if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            yield route, ":".join((*namespace, pattern.name)) if pattern.name else None, pattern


def url_keys() -> set[str]:
    """Every URL name (or route, for a pattern without one), minus the admin's own pages
    but its index, static and debug files, and the API's operations (listed by the API)."""
    keys = set()
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_ROUTES) or (name or "").startswith("djdt"):
            continue
        if route.startswith("admin/") and name != "admin:index" and route != "admin/login/":
            continue  # the admin's own pages, but its index and Sanbao's way in
        if name == "admin:login":
            continue  # shadowed by Sanbao's admin/login/, listed before admin.site.urls
        if getattr(pattern.callback, "__module__", "") == "ninja.operation":
            continue  # an API operation: table.API covers it
        keys.add(name or route)
    return keys


def api_keys() -> set[str]:
    """Every operation of the one NinjaAPI, as "METHOD /path" below /api/v1."""
    from sanbao.config.api import api

    keys = set()
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            full = "/" + "/".join(part.strip("/") for part in (prefix, path) if part.strip("/"))
            for operation in path_view.operations:
                keys.update(f"{method} {full}" for method in operation.methods)
    return keys


# -----------------------------------------------------------------------------------------
# The world: the conftest's brands, outlets, dealer and users, and one of everything.


def _user(role: str, w: SimpleNamespace, username: str | None = None, **fields: Any):
    from sanbao.accounts.models import User

    if role == "dealer":
        fields.setdefault("dealer", w.hz)
    else:
        fields.setdefault("outlet", w.gz if role in table.AT_GUANGZHOU else w.hq)
    user = User.objects.create_user(username=username or role, password=PASSWORD, **fields)
    user.groups.set([Group.objects.get(name=role)])
    if role == "admin":
        user.is_staff = user.is_superuser = True
        user.save()
    return user


def _png(size: tuple[int, int] = (60, 40)) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format="PNG")
    return buffer.getvalue()


def _jpeg() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "red").save(buffer, format="JPEG")
    return buffer.getvalue()


def _organisations(w: SimpleNamespace) -> None:
    from sanbao.accounts.models import Brand, Dealer, ServiceOutlet
    from sanbao.catalog.models import ProductModel

    w.top = Brand.objects.create(
        code="top", name_en="TOP", name_zh="TOP", legal_name="Shenzhen TOP Communication Co., Ltd",
        policy_id="top", card_prefix="TOP", hotline="400-716-2528",
    )  # fmt: skip
    w.rms = Brand.objects.create(
        code="romoss", name_en="ROMOSS", name_zh="罗马仕", legal_name="ROMOSS platform",
        policy_id="romoss", card_prefix="RMS",
    )  # fmt: skip
    w.hq = ServiceOutlet.objects.create(
        code="sz-hq", name_en="Shenzhen HQ", name_zh="深圳总部", is_hq=True, city="深圳市",
        phone="+8675586612345",
    )  # fmt: skip
    w.hq.brands.set([w.top, w.rms])
    w.gz = ServiceOutlet.objects.create(
        code="gz", name_en="Guangzhou outlet", name_zh="广州网点", city="广州市",
        phone="+862087654321",
    )  # fmt: skip
    w.gz.brands.set([w.top])
    w.hz = Dealer.objects.create(
        code="hz", name="杭州数码通讯器材有限公司", credit_code=_credit_code("91330106MA2CX7Q8L"),
        contact_person="王丽", phone="+8613957112345",
    )  # fmt: skip
    w.hz.brands.set([w.top, w.rms])
    w.nb = Dealer.objects.create(
        code="nb", name="宁波电子商行", credit_code=_credit_code("91330205MA2H5K3L8"),
        contact_person="陈刚", phone="+8613857412345",
    )  # fmt: skip
    w.nb.brands.set([w.top])
    w.sh = Dealer.objects.create(
        code="sh", name="上海数码", credit_code=_credit_code("91310000MA1FL0000"),
        contact_person="李雷", phone="+8613800000000",
    )  # fmt: skip
    w.sh.brands.set([w.rms])
    w.users = {code: _user(code, w) for code in table.ROLE_CODES}
    w.users.update(
        (name, _user(role, w, username=name, outlet=w.gz))
        for name, role in table.TOP_ONLY_CALLERS.items()
    )
    w.nb_user = _user("dealer", w, username="dealer-nb", dealer=w.nb)
    w.sh_user = _user("dealer", w, username="dealer-sh", dealer=w.sh)
    w.bank = ProductModel.objects.create(
        brand=w.top, sku="TOP-PB10", name_en="Bank 10", name_zh="移动电源10",
        category="power_bank", capacity_mah=10000, energy_wh="37.00",
    )  # fmt: skip
    w.rms_bank = ProductModel.objects.create(
        brand=w.rms, sku="RMS-PB20", name_en="Bank 20", name_zh="移动电源20",
        category="power_bank", capacity_mah=20000,
    )  # fmt: skip


def _catalog(w: SimpleNamespace) -> None:
    from sanbao.catalog.models import (
        Part,
        PartStock,
        ProductionBatch,
        Recall,
        SerialImport,
        Unit,
        UnitClaim,
    )
    from sanbao.customers.models import Customer

    def each(brand, model, outlet, tag):
        batch = ProductionBatch.objects.create(
            model=model, code=f"{tag}-B1", produced_from=date(2025, 2, 1),
            produced_to=date(2025, 3, 1), units_shipped=100,
        )  # fmt: skip
        part = Part.objects.create(
            brand=brand, code=f"{tag}-PCB", name_en="Main board", name_zh="主板",
            mass_production_cost="18.50", standard_price="35.00",
        )  # fmt: skip
        part.models_served.add(model)
        PartStock.objects.create(part=part, outlet=outlet, on_hand=5)
        unit = Unit.objects.create(
            brand=brand, serial=f"{tag}0000000001", model=model, batch=batch,
            produced_on=date(2025, 3, 1), shipped_on=date(2025, 3, 20), status="shipped",
        )  # fmt: skip
        serial_import = SerialImport.objects.create(
            brand=brand, file=f"imports/serials/{tag}.csv", file_name=f"{tag}.csv",
            status="failed", error_count=1,
            errors=[{"row": 2, "column": "serial", "message": "Not a serial."}],
        )  # fmt: skip
        recall = Recall.objects.create(
            brand=brand, code=f"{tag.lower()}-cells", title_en="Cells", title_zh="电芯",
            cause="Cells swell.", remedy="replace", starts_on=date(2025, 6, 1),
            status="active", created_by=w.users["manager"],
        )  # fmt: skip
        recall.product_models.add(model)
        customer = Customer.objects.create(name="张伟", phone=f"+86138001380{tag == 'RMS':02d}")
        unit_claim = UnitClaim.objects.create(
            unit=unit, customer=customer, reference="W-1", claimed_at=timezone.now()
        )
        return SimpleNamespace(
            batch=batch, part=part, unit=unit, serial_import=serial_import, recall=recall,
            customer=customer, unit_claim=unit_claim,
        )  # fmt: skip

    w.c = each(w.top, w.bank, w.gz, "TOP")
    w.rc = each(w.rms, w.rms_bank, w.hq, "RMS")


def _orders(w: SimpleNamespace) -> None:
    from sanbao.catalog.models import Unit
    from sanbao.customers.models import Customer
    from sanbao.feedback.answers import survey_answer
    from sanbao.feedback.models import Audience, FollowUp, Survey, SurveyInvitation
    from sanbao.feedback.tokens import token_new
    from sanbao.notify.models import OutboxMessage
    from sanbao.privacy.requests import data_request_export
    from sanbao.privacy.services import customer_access_record
    from sanbao.service.handback import order_hand_back
    from sanbao.service.intake import IntakeDetails, service_order_register
    from sanbao.service.models import IntakePhoto, ServiceOrder
    from sanbao.service.repairs import order_repair_on_spot
    from tests.feedback.conftest import WORDING
    from tests.service.conftest import signature_png

    w.survey = Survey.objects.create(brand=w.top, audience=Audience.CUSTOMER, **WORDING)
    w.rms_survey = Survey.objects.create(brand=w.rms, audience=Audience.CUSTOMER, **WORDING)

    def register(**changes):
        values = {
            "customer_name": "张伟", "customer_phone": "138 0013 8000", "fault_code": "port_damage",
            "serial": w.c.unit.serial, "purchase_date": timezone.localdate() - timedelta(days=40),
            "warranty_card_number": "W-1", "notifications_agreed": True,
        }  # fmt: skip
        details = IntakeDetails(**{**values, **changes})
        return service_order_register(outlet=w.gz, details=details, by=w.users["front_desk"])

    w.order = register()  # open: registered
    w.closed = register()
    order_repair_on_spot(
        number=w.closed.number, work_done="Resoldered the port", parts=[], labour_minutes=10,
        by=w.users["technician"],
    )  # fmt: skip
    order_hand_back(number=w.closed.number, signature=signature_png(), by=w.users["front_desk"])
    w.closed.refresh_from_db()
    w.order.refresh_from_db()
    w.customer = w.order.customer

    # The closed order's survey link, answered low: a response and an open follow-up.
    body = OutboxMessage.objects.get(topic=f"order:{w.closed.number}:survey").body
    w.answered_token = re.search(r"/s/([A-Za-z0-9_-]+)/", body).group(1)
    survey_answer(
        token=w.answered_token, csat=1, nps=2, fixed_first_visit=False, comment="Still broken."
    )
    w.follow_up = FollowUp.objects.get()
    w.response = w.follow_up.response
    w.outbox = OutboxMessage.objects.filter(customer=w.customer).first()
    # A fresh link of the open order, not answered.
    w.token, digest = token_new()
    SurveyInvitation.objects.create(
        survey=w.survey, brand=w.top, outlet=w.gz, model=w.bank, order=w.order,
        token_hash=digest, language="en", sent_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=14),
    )  # fmt: skip
    w.photo = IntakePhoto(order=w.order, extension="jpg")
    w.photo.image.save("photo.jpg", ContentFile(_jpeg()), save=True)
    w.access = customer_access_record(
        customer=w.customer, user=w.users["manager"], where="/customers/1/full/"
    )
    w.data_request = data_request_export(
        customer=w.customer, via="staff", by=w.users["front_desk"], where="/privacy/"
    )
    w.rms_data_request = data_request_export(
        customer=w.rc.customer, via="staff", by=w.users["admin"], where="/privacy/"
    )
    # Whom the erasing pages erase: a TOP unit's owner with no files to lose (erasure
    # deletes files, which no rollback brings back).
    w.erasable = Customer.objects.create(name="林芳", phone="+8613900139001")
    Unit.objects.create(
        brand=w.top, serial="TOP0000000002", model=w.bank, produced_on=date(2025, 3, 1),
        owner=w.erasable, status="sold",
    )  # fmt: skip

    # ROMOSS's order, at the HQ.
    w.rms_order = ServiceOrder.objects.create(
        number="RMS260101001", brand=w.rms, outlet=w.hq, intake="walk_in",
        customer=w.rc.customer, model=w.rms_bank, unit=w.rc.unit, serial=w.rc.unit.serial,
        fault_code="no_charge", coverage="in_warranty", created_by=w.users["admin"],
    )  # fmt: skip
    w.rms_photo = IntakePhoto(order=w.rms_order, extension="jpg")
    w.rms_photo.image.save("photo.jpg", ContentFile(_jpeg()), save=True)


def _returns(w: SimpleNamespace) -> None:
    from sanbao.returns.models import DeliveryShipment, ReturnBatch, ReturnUnit

    def batch(number, brand, dealer, model, by):
        """Received and counted: line 1 waits for inspection, line 2 for parts."""
        made = ReturnBatch.objects.create(
            number=number, brand=brand, dealer=dealer, status="received",
            contact_person="王丽", contact_phone="13957112345", boxes=1, boxes_received=1,
            courier="顺丰速运", received_at=timezone.now(),
            due_on=timezone.localdate() + timedelta(days=10), created_by=by,
        )  # fmt: skip
        ReturnUnit.objects.create(
            batch=made, line=1, model=model, category=model.category, serial="",
            fault_text="不充电", state="counted",
        )  # fmt: skip
        ReturnUnit.objects.create(
            batch=made, line=2, model=model, category=model.category, serial="",
            fault_text="不充电", state="backordered", tested=True, result="fault_confirmed",
            fault_code="no_charge", outcome="repair",
        )  # fmt: skip
        return made

    # The dealer hz's ROMOSS batch (ROMOSS's policy takes returns), another ROMOSS
    # dealer's, and a TOP dealer's.
    w.batch = batch("RMSR260101001", w.rms, w.hz, w.rms_bank, w.users["dealer"])
    w.shipment = DeliveryShipment.objects.create(
        number=f"{w.batch.number}-D1", batch=w.batch, brand=w.rms, dealer=w.hz,
        courier="顺丰速运", tracking_number="SF1234567890", on_time=True,
        by=w.users["warehouse"],
    )  # fmt: skip
    w.sh_batch = batch("RMSR260101002", w.rms, w.sh, w.rms_bank, w.sh_user)
    w.nb_batch = batch("TOPR260101001", w.top, w.nb, w.bank, w.nb_user)


def _claims(w: SimpleNamespace) -> None:
    from sanbao.claims.models import ClaimEvidence, ClaimLine, DamageClaim

    def claim(number, brand, dealer, model, by, status="under_review"):
        signed_for = timezone.now() - timedelta(hours=3)
        made = DamageClaim.objects.create(
            number=number, brand=brand, dealer=dealer, status=status,
            delivery_note_number="SF1234567890", signed_for_at=signed_for,
            report_due_at=signed_for + timedelta(hours=24), description="外箱破损",
            desk="commercial" if status == "under_review" else "",
            submitted_at=timezone.now() if status == "under_review" else None, created_by=by,
        )  # fmt: skip
        ClaimLine.objects.create(claim=made, model=model, quantity=2)
        evidence = ClaimEvidence(claim=made, kind="photo", content_type="image/jpeg", size=100)
        evidence.file.save("damage.jpg", ContentFile(_jpeg()), save=False)
        evidence.thumbnail.save("thumb.jpg", ContentFile(_jpeg()), save=False)
        evidence.save()
        made.photo = evidence
        return made

    # The dealer hz's ROMOSS declarations (ROMOSS's policy has damage rules): one under
    # the commercial desk's review, one draft; and another ROMOSS dealer's.
    w.claim = claim("RMSD260101001", w.rms, w.hz, w.rms_bank, w.users["dealer"])
    w.draft = claim("RMSD260101002", w.rms, w.hz, w.rms_bank, w.users["dealer"], "draft")
    w.sh_claim = claim("RMSD260101003", w.rms, w.sh, w.rms_bank, w.sh_user)


def _tokens(w: SimpleNamespace) -> None:
    from sanbao.accounts.tokens import api_token_issue

    w.api_tokens = {
        code: api_token_issue(user=user, name="matrix")[0] for code, user in w.users.items()
    }
    w.nb_token = api_token_issue(user=w.nb_user, name="not yours")[0]


def _sessions(w: SimpleNamespace) -> None:
    """Each user signed in once; a case's client carries the session cookie."""
    w.sessions = {}
    for code, user in w.users.items():
        client = Client()
        client.force_login(user)
        w.sessions[code] = client.cookies[settings.SESSION_COOKIE_NAME].value


def world_build() -> SimpleNamespace:
    w = SimpleNamespace()
    _organisations(w)
    _catalog(w)
    _orders(w)
    _returns(w)
    _claims(w)
    _tokens(w)
    _sessions(w)
    w.pages = {
        "service-orders": w.order, "customers": w.customer, "product-models": w.bank,
        "batches": w.c.batch, "parts": w.c.part, "units": w.c.unit,
        "serial-imports": w.c.serial_import, "recalls": w.c.recall,
        "unit-claims": w.c.unit_claim, "brands": w.top, "outlets": w.gz, "dealers": w.hz,
        "outbox": w.outbox, "access-log": w.access, "follow-ups": w.follow_up,
        "survey-responses": w.response, "surveys": w.survey, "data-requests": w.data_request,
    }  # fmt: skip
    w.rms_pages = {
        "service-orders": w.rms_order, "customers": w.rc.customer, "product-models": w.rms_bank,
        "batches": w.rc.batch, "parts": w.rc.part, "units": w.rc.unit,
        "serial-imports": w.rc.serial_import, "recalls": w.rc.recall,
        "unit-claims": w.rc.unit_claim, "surveys": w.rms_survey,
        "data-requests": w.rms_data_request,
    }  # fmt: skip
    return w


class _PdfStub:
    """WeasyPrint's HTML, without the layout: the template is still rendered in full."""

    def __init__(self, **kwargs: Any) -> None:
        pass

    def write_pdf(self) -> bytes:
        return b"%PDF-1.7\n% layout skipped by the authorisation matrix\n%%EOF\n"


@pytest.fixture(scope="module", autouse=True)
def _fast_documents() -> Iterator[None]:
    """Who may have a document is the question here, not how it is laid out (tests/documents
    and each app's document tests cover that): PDFs skip WeasyPrint's layout, and the
    OpenAPI schema is built once instead of on every request for it."""
    from sanbao.config.api import api
    from sanbao.documents import rendering

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rendering, "HTML", _PdfStub)
        built: dict[str, Any] = {}
        build = api.get_openapi_schema

        def schema(**kwargs: Any) -> Any:
            key = repr(sorted(kwargs.items()))
            if key not in built:
                built[key] = build(**kwargs)
            return built[key]

        patch.setattr(api, "get_openapi_schema", schema)
        yield


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[SimpleNamespace]:
    media = tmp_path_factory.mktemp("authorisation-media")
    immediate = HUEY.immediate
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media), PASSWORD_HASHERS=fast),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            HUEY.immediate = True
            w = world_build()
            HUEY.immediate = immediate
            yield w
        finally:
            HUEY.immediate = immediate
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# -----------------------------------------------------------------------------------------
# How each entry is called: its path arguments, query, body; the rest is the default.

Args = Callable[[SimpleNamespace, str], dict[str, Any]]


def _none(w: SimpleNamespace, who: str) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Call:
    args: Args = _none
    query: dict[str, str] = field(default_factory=dict)
    data: Any = None  # form data (pages) or JSON (API)
    files: Callable[[], dict[str, Any]] | None = None
    # What the browser's session holds already: the order found on the tracking page, the
    # phone proven on the privacy page.
    session: Callable[[SimpleNamespace, dict[str, Any]], dict[str, Any]] | None = None
    follow: bool = False
    path: str = ""  # for a pattern without a name


def _order(w, who):
    return {"number": w.order.number}


def _tracked(w: SimpleNamespace, kwargs: dict[str, Any]) -> dict[str, Any]:
    from sanbao.service.tracking import SESSION_KEY

    return {SESSION_KEY: [kwargs["number"]]}


def _proven(w: SimpleNamespace, kwargs: dict[str, Any]) -> dict[str, Any]:
    import time

    from sanbao.privacy.portal_views import CUSTOMER, UNTIL

    return {CUSTOMER: w.erasable.pk, UNTIL: time.time() + 600}


def _closed(w, who):
    return {"number": w.closed.number}


def _batch(w, who):
    return {"number": w.batch.number}


def _claim(w, who):
    return {"number": w.claim.number}


def _csv_file() -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("rows.csv", b"model,fault\nTOP-PB10,x\n", "text/csv")}


def _photo_file() -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("damage.jpg", _jpeg(), "image/jpeg"), "kind": "photo"}


PERIOD = {"start": "2025-01-01", "end": "2025-12-31"}

CALLS: dict[str, Call] = {
    "api:api-root": Call(path=API_PREFIX + "/"),
    r"^api/(?P<path>.*)$": Call(path="/api/v2/nothing"),
    "admin/login/": Call(path="/admin/login/"),
    "admin:index": Call(follow=True),
    "accounts:language": Call(data={"language": "en", "next": "/"}),
    "portal:warranty_check": Call(query={"serial": "TOP0000000001"}),
    "portal:track_order": Call(_order, session=_tracked),
    "portal:track_quote": Call(_order, session=_tracked, data={"answer": "approve"}),
    "portal:track_card": Call(_order, session=_tracked),
    "warranty_serial": Call(lambda w, who: {"serial": w.c.unit.serial}),
    "track_short": Call(_order),
    "feedback:survey": Call(lambda w, who: {"token": w.token}),
    "feedback:survey_thanks": Call(lambda w, who: {"token": w.answered_token}),
    "catalog:serial_import_progress": Call(lambda w, who: {"pk": w.c.serial_import.pk}),
    "catalog:serial_import_errors": Call(lambda w, who: {"pk": w.c.serial_import.pk}),
    "catalog:recall_status": Call(lambda w, who: {"pk": w.c.recall.pk}),
    "catalog:recall_outreach": Call(lambda w, who: {"pk": w.c.recall.pk}),
    "catalog:recall_recover": Call(lambda w, who: {"pk": w.c.recall.pk}),
    "catalog:recall_units_csv": Call(lambda w, who: {"pk": w.c.recall.pk}),
    "catalog:claim_review": Call(lambda w, who: {"pk": w.c.unit_claim.pk}),
    "service:order_act": Call(lambda w, who: {"number": w.order.number, "action": "cancel"}),
    "service:order_card": Call(_closed),
    "service:order_signature": Call(_closed),
    "customers:reveal": Call(lambda w, who: {"pk": w.customer.pk}),
    "returns:batch": Call(_batch),
    "returns:act": Call(lambda w, who: {"number": w.batch.number, "action": "submit"}),
    "returns:unit": Call(lambda w, who: {"number": w.batch.number, "line": 1}),
    "returns:packing_list": Call(_batch),
    "returns:labels": Call(_batch),
    "returns:delivery_list": Call(
        lambda w, who: {"number": w.batch.number, "shipment": w.shipment.number}
    ),
    "claims:claim": Call(_claim),
    "claims:evidence": Call(_claim),
    "claims:submit": Call(_claim),
    "claims:decide": Call(_claim),
    "claims:contact": Call(_claim),
    "claims:file": Call(lambda w, who: {"number": w.claim.number, "pk": w.claim.photo.pk}),
    "claims:thumb": Call(lambda w, who: {"number": w.claim.number, "pk": w.claim.photo.pk}),
    "claims:form_pdf": Call(_claim),
    "insights:dashboard": Call(lambda w, who: {"slug": "faults"}, query=PERIOD),
    "insights:chart_export": Call(
        lambda w, who: {"slug": "faults", "chart": "fault-pareto", "file_format": "csv"},
        query=PERIOD,
    ),
    "insights:quality": Call(query=PERIOD),
    "insights:quality_export": Call(
        lambda w, who: {"chart": "p-chart", "file_format": "csv"}, query=PERIOD
    ),
    "insights:quality_batch": Call(lambda w, who: {"pk": w.c.batch.pk}),
    "insights:quality_recall_draft": Call(lambda w, who: {"pk": w.c.batch.pk}),
    "insights:quality_photo": Call(lambda w, who: {"pk": w.photo.pk}),
    "feedback:follow_up_close": Call(lambda w, who: {"pk": w.follow_up.pk}),
    "privacy:customer_export": Call(lambda w, who: {"pk": w.customer.pk, "kind": "json"}),
    "privacy:customer_erase": Call(lambda w, who: {"pk": w.erasable.pk}),
    "privacy:my_data": Call(session=_proven),
    "privacy:my_export": Call(lambda w, who: {"kind": "pdf"}, session=_proven),
    "privacy:my_erase": Call(session=_proven),
    # The API.
    "DELETE /accounts/me/tokens/{token_id}": Call(
        lambda w, who: {"token_id": w.api_tokens[who].pk if who in w.api_tokens else 1}
    ),
    "POST /accounts/me/tokens": Call(data={"name": "another"}),
    "POST /warranty/decisions": Call(
        data={
            "policy": "top",
            "claim_date": "2026-01-10",
            "fault_code": "no_charge",
            "category": "power_bank",
            "purchase_date": "2025-12-01",
        }
    ),
    "GET /warranty/{serial}": Call(lambda w, who: {"serial": w.c.unit.serial}),
    "POST /service-orders": Call(
        data={
            "outlet": "gz",
            "customer": {"name": "李雷", "phone": "13900139000"},
            "serial": "TOP0000000001",
            "fault_code": "no_charge",
        }
    ),
    "GET /service-orders/{number}": Call(_order),
    "POST /service-orders/{number}/events": Call(_order, data={"action": "cancel", "note": "x"}),
    "POST /return-batches": Call(
        data={
            "brand": "romoss",
            "contact_person": "王丽",
            "contact_phone": "13957112345",
            "dealer": "hz",
            "submit": False,
        }
    ),
    "GET /return-batches/{number}": Call(_batch),
    "PUT /return-batches/{number}": Call(
        _batch, data={"contact_person": "王丽", "contact_phone": "13957112345"}
    ),
    "POST /return-batches/{number}/units": Call(
        _batch, data={"units": [{"model": "RMS-PB20", "fault": "不充电"}]}
    ),
    "POST /return-batches/{number}/units/import": Call(_batch, files=_csv_file),
    "POST /return-batches/{number}/submit": Call(_batch),
    "POST /return-batches/{number}/dispatch": Call(_batch, data={"tracking_number": "SF1"}),
    "POST /return-batches/{number}/cancel": Call(_batch, data={"reason": "x"}),
    "POST /return-batches/{number}/count": Call(_batch, data={"code": "1"}),
    "POST /return-batches/{number}/receipt": Call(_batch, data={"boxes_received": 1}),
    "POST /return-batches/{number}/contacts": Call(
        _batch, data={"channel": "phone", "outcome": "reached"}
    ),
    "POST /return-batches/{number}/units/{line}/inspection": Call(
        lambda w, who: {"number": w.batch.number, "line": 1},
        data={"tested": True, "result": "no_fault_found", "outcome": "return_as_is"},
    ),
    "POST /return-batches/{number}/backorders/fill": Call(_batch),
    "POST /return-batches/{number}/shipments": Call(
        _batch, data={"courier": "顺丰速运", "tracking_number": "SF2"}
    ),
    "POST /return-batches/{number}/close": Call(_batch, data={"reason": "x"}),
    "POST /damage-claims": Call(
        data={
            "brand": "romoss",
            "delivery_note_number": "SF1",
            "signed_for_at": "2026-01-01T10:00",
            "description": "x",
            "lines": [{"model": "RMS-PB20", "quantity": 1}],
        }
    ),
    "GET /damage-claims/{number}": Call(_claim),
    "PUT /damage-claims/{number}": Call(
        _claim,
        data={
            "delivery_note_number": "SF1",
            "signed_for_at": "2026-01-01T10:00",
            "description": "x",
            "lines": [{"model": "RMS-PB20", "quantity": 1}],
        },
    ),
    "POST /damage-claims/{number}/evidence": Call(_claim, files=_photo_file),
    "POST /damage-claims/{number}/submit": Call(_claim),
    "POST /damage-claims/{number}/decision": Call(_claim, data={"accept": False, "reason": "x"}),
    "POST /damage-claims/{number}/contacts": Call(
        _claim, data={"channel": "phone", "outcome": "reached"}
    ),
    "GET /insights/dashboards/{slug}": Call(lambda w, who: {"slug": "faults"}, query=PERIOD),
    "GET /insights/quality/watch-list": Call(query=PERIOD),
    "POST /insights/quality/batches/{batch_id}/recall-draft": Call(
        lambda w, who: {"batch_id": w.c.batch.pk}
    ),
    "GET /surveys/{token}": Call(lambda w, who: {"token": w.token}),
    "POST /surveys/{token}": Call(lambda w, who: {"token": w.token}, data={"csat": 5, "nps": 9}),
    "POST /follow-ups/{follow_up_id}/close": Call(
        lambda w, who: {"follow_up_id": w.follow_up.pk}, data={"outcome": "Called back."}
    ),
    "POST /privacy/phone-codes": Call(data={"phone": "13800138000"}),
    "POST /privacy/data-requests": Call(
        data={"phone": "13800138000", "code": "000000", "kind": "export"}
    ),
    "POST /customers/{customer_id}/data-requests": Call(
        lambda w, who: {"customer_id": w.customer.pk}, data={"kind": "export"}
    ),
}


def _page_object(slug: str) -> Args:
    return lambda w, who: {"pk": w.pages[slug].pk}


def _rms_object(slug: str) -> Args:
    return lambda w, who: {"pk": w.rms_pages[slug].pk}


def call_for(key: str) -> Call:
    if key in CALLS:
        return CALLS[key]
    kind, _sep, slug = key.rpartition(":")
    if kind in ("web:object_detail", "web:object_edit"):
        return Call(_page_object(slug))
    return Call()


def _rms(name: str) -> Args:
    return lambda w, who: {"number": getattr(w, name).number}


SCOPE_CALLS: dict[tuple[str, str], Call] = {
    **{
        (key, table.ROMOSS): Call(_rms_object(key.rpartition(":")[2]))
        for key, whose in table.SCOPE_ROWS
        if whose == table.ROMOSS and key.startswith("web:object_")
    },
    ("catalog:serial_import_errors", table.ROMOSS): Call(
        lambda w, who: {"pk": w.rc.serial_import.pk}
    ),
    ("catalog:recall_units_csv", table.ROMOSS): Call(lambda w, who: {"pk": w.rc.recall.pk}),
    ("catalog:recall_recover", table.ROMOSS): Call(lambda w, who: {"pk": w.rc.recall.pk}),
    ("customers:reveal", table.ROMOSS): Call(lambda w, who: {"pk": w.rc.customer.pk}),
    ("service:order_card", table.ROMOSS): Call(_rms("rms_order")),
    ("POST /service-orders", table.ROMOSS): Call(
        data={
            "outlet": "sz-hq",
            "customer": {"name": "李雷", "phone": "13900139000"},
            "serial": "RMS0000000001",
            "fault_code": "no_charge",
        }
    ),
    ("GET /service-orders/{number}", table.ROMOSS): Call(_rms("rms_order")),
    ("POST /service-orders/{number}/events", table.ROMOSS): Call(
        _rms("rms_order"), data={"action": "cancel", "note": "x"}
    ),
    ("insights:quality_batch", table.ROMOSS): Call(lambda w, who: {"pk": w.rc.batch.pk}),
    ("insights:quality_photo", table.ROMOSS): Call(lambda w, who: {"pk": w.rms_photo.pk}),
    ("returns:batch", table.ANOTHER_DEALER): Call(_rms("sh_batch")),
    ("returns:packing_list", table.ANOTHER_DEALER): Call(_rms("sh_batch")),
    ("GET /return-batches/{number}", table.ANOTHER_DEALER): Call(_rms("sh_batch")),
    ("POST /return-batches/{number}/count", table.ANOTHER_DEALER): Call(
        _rms("sh_batch"), data={"code": "1"}
    ),
    ("POST /return-batches/{number}/cancel", table.ANOTHER_DEALER): Call(
        _rms("sh_batch"), data={"reason": "x"}
    ),
    ("returns:batch", table.TOP_DEALER): Call(_rms("nb_batch")),
    ("GET /return-batches/{number}", table.TOP_DEALER): Call(_rms("nb_batch")),
    ("claims:claim", table.ANOTHER_DEALER): Call(_rms("sh_claim")),
    ("claims:file", table.ANOTHER_DEALER): Call(
        lambda w, who: {"number": w.sh_claim.number, "pk": w.sh_claim.photo.pk}
    ),
    ("GET /damage-claims/{number}", table.ANOTHER_DEALER): Call(_rms("sh_claim")),
    ("PUT /damage-claims/{number}", table.ANOTHER_DEALER): Call(
        _rms("sh_claim"), data=CALLS["PUT /damage-claims/{number}"].data
    ),
    ("POST /damage-claims/{number}/decision", table.ANOTHER_DEALER): Call(
        _rms("sh_claim"), data={"accept": False, "reason": "x"}
    ),
    ("claims:claim", table.DRAFT): Call(_rms("draft")),
    ("GET /damage-claims/{number}", table.DRAFT): Call(_rms("draft")),
    ("DELETE /accounts/me/tokens/{token_id}", table.NOT_MINE): Call(
        lambda w, who: {"token_id": w.nb_token.pk}
    ),
    ("portal:track_order", table.NOT_FOUND_YET): Call(_order),
    ("portal:track_card", table.NOT_FOUND_YET): Call(_order),
    ("portal:track_quote", table.NOT_FOUND_YET): Call(_order, data={"answer": "approve"}),
    ("privacy:customer_export", table.ROMOSS): Call(
        lambda w, who: {"pk": w.rc.customer.pk, "kind": "json"}
    ),
    ("POST /customers/{customer_id}/data-requests", table.ROMOSS): Call(
        lambda w, who: {"customer_id": w.rc.customer.pk}, data={"kind": "export"}
    ),
    ("privacy:my_data", table.NOT_PROVEN): Call(),
    ("privacy:my_export", table.NOT_PROVEN): Call(lambda w, who: {"kind": "pdf"}),
}


# Lists: the call, and what marks the object's row in the answer.
LIST_CALLS: dict[tuple[str, str], tuple[Call, Callable[[SimpleNamespace], str]]] = {
    ("web:object_list:service-orders", table.ROMOSS): (Call(), lambda w: w.rms_order.number),
    ("GET /service-orders", table.ROMOSS): (Call(), lambda w: w.rms_order.number),
    ("web:object_list:units", table.ROMOSS): (Call(), lambda w: w.rc.unit.serial),
    ("web:object_list:recalls", table.ROMOSS): (Call(), lambda w: w.rc.recall.code),
    ("returns:list", table.ANOTHER_DEALER): (Call(), lambda w: w.sh_batch.number),
    ("GET /return-batches", table.ANOTHER_DEALER): (Call(), lambda w: w.sh_batch.number),
    ("portal:dealer_home", table.ANOTHER_DEALER): (Call(), lambda w: w.sh_batch.number),
    ("returns:list", table.TOP_DEALER): (Call(), lambda w: w.nb_batch.number),
    ("claims:list", table.ANOTHER_DEALER): (Call(), lambda w: w.sh_claim.number),
    ("GET /damage-claims", table.ANOTHER_DEALER): (Call(), lambda w: w.sh_claim.number),
    ("claims:list", table.DRAFT): (Call(), lambda w: w.draft.number),
    ("GET /damage-claims", table.DRAFT): (Call(), lambda w: w.draft.number),
    ("GET /accounts/me/tokens", table.NOT_MINE): (Call(), lambda w: w.nb_token.prefix),
}


# -----------------------------------------------------------------------------------------
# Calling, and reading the answer.


def _client(w: SimpleNamespace, who: str) -> Client:
    client = Client()
    if who != table.ANONYMOUS:
        client.cookies[settings.SESSION_COOKIE_NAME] = w.sessions[who]
    return client


def _is_login(response: Any) -> bool:
    hops = [url for url, _status in getattr(response, "redirect_chain", [])]
    if response.status_code in (301, 302):
        hops.append(response["Location"])
    return any(url.split("?")[0].endswith(LOGIN_PATH) for url in hops)


def outcome(response: Any, row: table.Row) -> str:
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if _is_login(response) and not row.signs_out:
        return table.LOGIN
    if status == 401:
        return table.UNAUTH
    if status in row.refused:
        return table.REFUSED
    if status in row.let_in:
        return table.LET_IN
    return f"unexpected {status}"


def expected(row: table.Row, who: str) -> str:
    if who in row.roles:
        return table.LET_IN
    return row.anonymous if who == table.ANONYMOUS else table.REFUSED


def request(w: SimpleNamespace, key: str, row: table.Row, spec: Call, who: str) -> Any:
    client = _client(w, who)
    kwargs = spec.args(w, who)
    if key.split(" ", 1)[0] in ("GET", "POST", "PUT", "DELETE", "PATCH"):
        method, template = key.split(" ", 1)
        path = API_PREFIX + template.format(**kwargs)
        is_api = True
    else:
        method = row.method
        path = spec.path or reverse(key, kwargs=kwargs)
        is_api = False
    if spec.session is not None:
        session = client.session
        session.update(spec.session(w, kwargs))
        session.save()
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    if spec.query:
        path += "?" + "&".join(f"{k}={v}" for k, v in spec.query.items())
    options: dict[str, Any] = {"follow": spec.follow}
    if method == "GET":
        return client.get(path, **options)
    if spec.files is not None:
        return client.post(path, data=spec.files(), **options)
    if is_api:
        body = spec.data if spec.data is not None else {}
        send = getattr(client, method.lower())
        return send(path, data=body, content_type="application/json", **options)
    send = getattr(client, method.lower())
    return send(path, data=spec.data or {}, **options)


def check(w: SimpleNamespace, key: str, row: table.Row, spec: Call, who: str) -> None:
    response = request(w, key, row, spec, who)
    want, got = expected(row, who), outcome(response, row)
    where = response.get("Location", "")
    assert got == want, (
        f"{key} as {who}: expected {want}, got {got} "
        f"(HTTP {response.status_code}{' → ' + where if where else ''})"
    )


# -----------------------------------------------------------------------------------------
# Known bugs: (key, caller) → why. Each is a strict xfail: fixed, it must come off.

KNOWN: dict[tuple[str, str], str] = {}  # (row, caller) → why it is a strict xfail


def _cases(rows: dict[Any, table.Row], callers: tuple[str, ...] = table.CALLERS) -> list[Any]:
    cases = []
    for key in rows:
        for who in callers:
            marks = []
            label = key if isinstance(key, str) else f"{key[0]} [{key[1]}]"
            reason = KNOWN.get((label, who))
            if reason:
                marks.append(pytest.mark.xfail(strict=True, reason=reason))
            cases.append(pytest.param(key, who, marks=marks, id=f"{label}-{who}"))
    return cases


@pytest.mark.parametrize(("key", "who"), _cases(table.URLS))
def test_it_lets_in_exactly_whom_the_table_names_to_each_url(world, db, key, who):
    check(world, key, table.URLS[key], call_for(key), who)


@pytest.mark.parametrize(("key", "who"), _cases(table.API))
def test_it_lets_in_exactly_whom_the_table_names_to_each_api_operation(world, db, key, who):
    check(world, key, table.API[key], call_for(key), who)


@pytest.mark.parametrize(("key", "who"), _cases(table.SCOPE_ROWS, table.SCOPE_CALLERS))
def test_it_keeps_objects_within_the_callers_scope(world, db, key, who):
    name, _whose = key
    check(world, name, table.SCOPE_ROWS[key], SCOPE_CALLS[key], who)


@pytest.mark.parametrize(("key", "who"), _cases(table.LIST_ROWS, table.SCOPE_CALLERS))
def test_it_lists_an_object_only_to_whom_may_see_it(world, db, key, who):
    name, whose = key
    spec, marker = LIST_CALLS[key]
    row = table.URLS.get(name) or table.API[name]
    response = request(world, name, row, spec, who)
    assert response.status_code < 500, f"{name} as {who}: HTTP {response.status_code}"
    listed = marker(world) in response.content.decode()
    if who in table.LIST_ROWS[key]:
        assert (response.status_code, listed) == (200, True), f"{name}: {whose} not listed"
    else:
        assert not listed, f"{name} lists {whose} object to {who}"


# -----------------------------------------------------------------------------------------
# The table against what exists.


def test_it_declares_every_url_and_no_other():
    existing, declared = url_keys(), set(table.URLS)
    assert (sorted(existing - declared), sorted(declared - existing)) == ([], []), (
        "(URLs missing from tests/authorisation_table.py URLS, rows of URLs that are gone)"
    )


def test_it_declares_every_api_operation_and_no_other():
    existing, declared = api_keys(), set(table.API)
    assert (sorted(existing - declared), sorted(declared - existing)) == ([], []), (
        "(operations missing from tests/authorisation_table.py API, rows that are gone)"
    )


def test_it_knows_every_role_and_calls_every_scope_row():
    from sanbao.accounts.roles import ROLES

    assert tuple(ROLES) == table.ROLE_CODES
    assert set(SCOPE_CALLS) == set(table.SCOPE_ROWS)
    assert set(LIST_CALLS) == set(table.LIST_ROWS)
    checked = {name for name, _whose in [*table.SCOPE_ROWS, *table.LIST_ROWS]}
    assert checked <= {*table.URLS, *table.API}, "scope rows of entries the table lacks"
    assert not set(CALLS) - {*table.URLS, *table.API}, "calls of entries the table lacks"
