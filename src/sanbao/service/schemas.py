"""API shapes of service orders."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from sanbao.warranty.schemas import ExclusionCode, FaultCode


class CustomerIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    phone: str = Field(min_length=5, max_length=20, description="Mainland number; stored E.164")
    language: Literal["zh-hans", "en"] = "zh-hans"
    email: str = Field("", max_length=254)
    province: str = Field("", max_length=40)
    city: str = Field("", max_length=40)
    district: str = Field("", max_length=40)
    address_detail: str = Field("", max_length=200)
    notifications_agreed: bool = False


class ServiceOrderIn(Schema):
    outlet: str = Field(max_length=20, description="Outlet code")
    intake: Literal["walk_in", "mail_in"] = "walk_in"
    customer: CustomerIn
    serial: str = Field("", max_length=64, description="Looked up in the registry")
    model_sku: str = Field("", max_length=40, description="Needed when the serial is unknown")
    brand: str = Field("", max_length=20, description="Brand code, if the outlet serves several")
    purchase_date: date | None = None
    sales_channel: Literal["offline", "online"] = "offline"
    warranty_card_number: str = Field("", max_length=40)
    fault_code: FaultCode
    fault_description: str = Field("", max_length=2000)
    accessories_received: list[str] = Field(default_factory=list, max_length=10)
    condition_notes: str = Field("", max_length=2000)


class EventOut(Schema):
    action: str
    from_status: str
    to_status: str
    note: str
    by: str | None
    at: datetime


class ServiceOrderSummaryOut(Schema):
    number: str
    status: str
    status_label: str
    brand: str
    outlet: str
    at_hq: bool
    intake: str
    customer: str = Field(description="Masked: family name and phone")
    model: str
    serial: str
    fault_code: str
    coverage: str
    serious: bool
    due_on: date | None
    created_at: datetime


class QuoteOut(Schema):
    lines: list[dict[str, Any]]
    parts_total: Decimal
    labour: Decimal
    freight: Decimal
    total: Decimal
    status: str
    decided_via: str


class PartUsedOut(Schema):
    code: str
    quantity: int
    charged_each: Decimal


class ShipmentOut(Schema):
    leg: str
    courier: str
    tracking_number: str
    shipped_at: datetime


class ServiceOrderOut(ServiceOrderSummaryOut):
    purchase_date: date | None
    accessories_received: list[str]
    findings: str
    exclusions: list[str]
    failed_repairs: int
    labour_minutes: int
    replacement_serial: str | None
    decision: dict[str, Any]
    quote: QuoteOut | None
    parts_used: list[PartUsedOut]
    shipments: list[ShipmentOut]
    signed_at: datetime | None
    signature_intact: bool | None = Field(
        description="Null when unsigned; false when the order changed after signing"
    )
    events: list[EventOut]


class ServiceOrderPageOut(Schema):
    count: int
    items: list[ServiceOrderSummaryOut]


EventAction = Literal[
    "diagnose", "repair_on_spot", "quote", "approve", "decline", "start_repair",
    "await_parts", "transfer_to_hq", "repair", "repair_failed", "replace", "refund",
    "return_unrepaired", "hand_back", "close", "cancel",
]  # fmt: skip
Money = Annotated[Decimal, Field(ge=0, le=100000, max_digits=8, decimal_places=2)]


class PartLineIn(Schema):
    code: str = Field(min_length=1, max_length=40, description="Part code of the brand")
    quantity: int = Field(1, ge=1, le=20)


class OrderEventIn(Schema):
    """One action on the order; each action reads only the fields it needs."""

    action: EventAction
    note: str = Field("", max_length=2000, description="Work done, reason, or remark")
    findings: str = Field("", max_length=4000, description="diagnose: what was found")
    fault_code: FaultCode | Literal[""] = Field("", description="diagnose: confirmed fault")
    exclusions: list[ExclusionCode] = Field(default_factory=list, max_length=10)
    parts: list[PartLineIn] = Field(default_factory=list, max_length=20)
    labour_minutes: int = Field(0, ge=0, le=10000, description="repair: time spent")
    labour: Money = Field(Decimal(0), description="quote: labour charge, CNY")
    freight: Money = Field(Decimal(0), description="quote: delivery charge, CNY")
    courier: str = Field("", max_length=60)
    tracking_number: str = Field("", max_length=40)
    sale_slip_included: bool = False
    serial: str = Field("", max_length=64, description="replace: the new unit's serial")
    amount: Money = Field(Decimal(0), description="refund: amount, CNY")
    signature: str = Field(
        "", max_length=700_000, description="hand_back at the desk: PNG data URL"
    )


class OrderListQuery(Schema):
    status: Literal[
        "", "registered", "diagnosing", "quoted", "approved", "declined", "repairing",
        "awaiting_parts", "transferred_to_hq", "ready", "returned", "closed", "cancelled",
    ] = ""  # fmt: skip
    outlet: str = Field("", max_length=20)
    query: str = Field("", max_length=32, description="Card number (prefix) or serial")
    overdue: bool = False
    due_today: bool = False
    at_hq: bool = False
    open_only: bool = False
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)
