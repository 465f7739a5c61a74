"""API shapes of damage declarations."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

Weight = Annotated[Decimal, Field(gt=0, lt=100000, max_digits=7, decimal_places=2)]


class LineIn(Schema):
    model: str = Field(min_length=1, max_length=40)
    quantity: int = Field(ge=1, le=100_000)


class DeclarationIn(Schema):
    delivery_note_number: str = Field(min_length=1, max_length=40)
    signed_for_at: datetime = Field(description="When the goods were signed for (签收)")
    description: str = Field(min_length=1, max_length=4000)
    lines: list[LineIn] = Field(min_length=1, max_length=50)
    shipment_kind: Literal["sales", "repair_return"] = "sales"
    order_reference: str = Field("", max_length=60)
    delivery_list: str = Field("", max_length=28, description="For goods back from repair")
    seams_total: int = Field(0, ge=0, le=100)
    seams_intact: int = Field(0, ge=0, le=100)
    box_damaged: bool = False
    opened_before_courier: bool = False
    courier_name: str = Field("", max_length=60)
    courier_work_number: str = Field("", max_length=30)
    courier_phone: str = Field("", max_length=20)
    courier_labels_intact: bool | None = None
    courier_box_intact: bool | None = None
    actual_weight_kg: Weight | None = None
    shipped_weight_kg: Weight | None = None


class ClaimCreateIn(DeclarationIn):
    brand: str = Field(min_length=1, max_length=20)


class DecisionIn(Schema):
    accept: bool
    remedy: Literal["", "reship", "credit", "repair"] = ""
    reason: str = Field("", max_length=2000)


class ContactIn(Schema):
    channel: Literal["phone", "fax"]
    direction: Literal["outgoing", "incoming"] = "outgoing"
    outcome: Literal["reached", "left_message", "no_answer", "fax_sent", "fax_failed"]
    note: str = Field("", max_length=2000)


class ClaimListQuery(Schema):
    status: Literal["", "draft", "submitted", "under_review", "accepted", "rejected"] = ""
    late: bool | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


class ClaimSummaryOut(Schema):
    number: str
    status: str
    status_label: str
    late: bool
    brand: str
    dealer: str
    signed_for_at: datetime
    report_due_at: datetime
    desk: str
    submitted_at: datetime | None


class ClaimPageOut(Schema):
    count: int
    items: list[ClaimSummaryOut]


class ClaimOut(ClaimSummaryOut):
    delivery_note_number: str
    order_reference: str
    delivery_list: str | None
    shipment_kind: str
    description: str
    lines: list[dict[str, Any]]
    checklist: dict[str, Any]
    courier_note: dict[str, Any]
    evidence: list[dict[str, Any]]
    remedy: str
    decision_reason: str
    decided_at: datetime | None
    timeline: list[dict[str, Any]]
