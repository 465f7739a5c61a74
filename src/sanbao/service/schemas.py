"""API shapes of service orders."""

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from sanbao.warranty.schemas import FaultCode


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


class ServiceOrderOut(Schema):
    number: str
    status: str
    status_label: str
    brand: str
    outlet: str
    intake: str
    customer: str = Field(description="Masked: family name and phone")
    model: str
    serial: str
    purchase_date: date | None
    fault_code: str
    accessories_received: list[str]
    coverage: str
    serious: bool
    due_on: date | None
    decision: dict[str, Any]
    events: list[EventOut]
    created_at: datetime
