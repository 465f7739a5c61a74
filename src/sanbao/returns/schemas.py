"""API shapes of return batches."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

from sanbao.warranty.schemas import ExclusionCode, FaultCode

Text = Annotated[str, Field(max_length=200)]
Accessory = Literal["data_cable", "adapter", "pouch", "manual", "warranty_card"]
Money = Annotated[Decimal, Field(ge=0, le=99999, max_digits=7, decimal_places=2)]


class UnitRowIn(Schema):
    model: str = Field(min_length=1, max_length=40, description="Model SKU of the batch's brand")
    serial: str = Field("", max_length=40)
    fault: str = Field(min_length=1, max_length=200, description="The fault label's text")
    accessories: list[Accessory] = Field(default_factory=list, max_length=5)
    purchase_date: date | None = None


class BatchHeaderIn(Schema):
    contact_person: str = Field(min_length=1, max_length=60)
    contact_phone: str = Field(min_length=5, max_length=20)
    boxes: int = Field(1, ge=1, le=10_000, description="Number of packages")
    courier: str = Field("", max_length=60)
    tracking_number: str = Field("", max_length=40)
    home_delivery: bool = True
    payment: Literal["sender", "monthly", "cod"] = Field(
        "sender", description="Cash on delivery is refused at submission"
    )
    note: str = Field("", max_length=2000)


class ReturnBatchIn(BatchHeaderIn):
    brand: str = Field(min_length=1, max_length=20, description="Brand code")
    dealer: str = Field("", max_length=20, description="Dealer code (factory staff only)")
    units: list[UnitRowIn] = Field(default_factory=list, max_length=20_000)
    submit: bool = Field(True, description="Submit the packing list at once (else a draft)")


class UnitsIn(Schema):
    units: list[UnitRowIn] = Field(min_length=1, max_length=20_000)


class DispatchIn(Schema):
    tracking_number: str = Field(min_length=1, max_length=40)
    courier: str = Field("", max_length=60)


class CountIn(Schema):
    code: str = Field(
        min_length=1, max_length=200, description="Scanned label URL, line number or serial"
    )


class ExtraUnitIn(Schema):
    model: str = Field(max_length=40)
    serial: str = Field("", max_length=40)
    fault: str = Field("", max_length=200)


class ReceiptIn(Schema):
    boxes_received: int = Field(ge=1, le=10_000)
    counted_lines: list[Annotated[int, Field(ge=1, le=1_000_000)]] = Field(
        default_factory=list, max_length=20_000, description="Besides the units scanned already"
    )
    wrong_models: dict[str, Annotated[str, Field(max_length=40)]] = Field(
        default_factory=dict, description="Line number → model SKU actually received"
    )
    extras: list[ExtraUnitIn] = Field(default_factory=list, max_length=1000)
    note: str = Field("", max_length=2000)


class ContactIn(Schema):
    channel: Literal["phone", "fax"]
    outcome: Literal["reached", "left_message", "no_answer", "fax_sent", "fax_failed"]
    note: str = Field("", max_length=2000)
    called_at: datetime | None = None


class PartIn(Schema):
    code: str = Field(max_length=40)
    quantity: int = Field(1, ge=1, le=20)


class InspectionIn(Schema):
    tested: bool
    result: Literal["fault_confirmed", "no_fault_found"]
    fault_code: FaultCode | Literal[""] = ""
    exclusions: list[ExclusionCode] = Field(default_factory=list, max_length=10)
    accessories_present: list[Accessory] = Field(default_factory=list, max_length=5)
    outcome: Literal["repair", "replace", "return_as_is", "charge", "scrap"]
    parts: list[PartIn] = Field(default_factory=list, max_length=10)
    charge: Money = Decimal(0)
    replacement_serial: str = Field("", max_length=40)
    note: str = Field("", max_length=2000)


class ShipmentIn(Schema):
    courier: str = Field(min_length=1, max_length=60)
    tracking_number: str = Field(min_length=1, max_length=40)
    note: str = Field("", max_length=2000)


class ReasonIn(Schema):
    reason: str = Field("", max_length=2000)


class BatchListQuery(Schema):
    status: Literal[
        "", "draft", "submitted", "in_transit", "received", "inspecting", "ready_to_ship",
        "part_shipped", "shipped", "closed", "cancelled",
    ] = ""  # fmt: skip
    dealer: str = Field("", max_length=20)
    query: str = Field("", max_length=32, description="Batch number (prefix) or tracking number")
    overdue: bool = False
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


class BatchSummaryOut(Schema):
    number: str
    status: str
    status_label: str
    brand: str
    dealer: str
    units: int
    boxes: int
    submitted_at: datetime | None
    received_at: datetime | None
    due_on: date | None
    overdue: bool
    discrepancies: int


class BatchPageOut(Schema):
    count: int
    items: list[BatchSummaryOut]


class UnitOut(Schema):
    line: int
    model: str
    category: str
    serial: str
    fault: str
    accessories: list[str]
    declared: bool
    state: str
    state_label: str
    received_model: str | None
    flags: list[str]
    tested: bool | None
    result: str
    fault_code: str
    exclusions: list[str]
    outcome: str
    coverage: str
    hazard: bool
    charge: Decimal
    replacement_serial: str | None
    waiting_for: str
    shipment: str | None
    decision: dict[str, Any]


class EventOut(Schema):
    action: str
    from_status: str
    to_status: str
    note: str
    by: str | None
    at: datetime


class ShipmentOut(Schema):
    number: str
    courier: str
    tracking_number: str
    shipped_at: datetime
    on_time: bool
    units: int


class ContactOut(Schema):
    channel: str
    outcome: str
    note: str
    called_at: datetime
    by: str


class BatchOut(BatchSummaryOut):
    contact_person: str
    contact_phone: str = Field(description="Masked")
    courier: str
    tracking_number: str
    home_delivery: bool
    payment: str
    shipper_bears_costs: bool
    repair_list_pages: int
    boxes_received: int | None
    discrepancy_list: list[dict[str, Any]]
    shipped_on_time: bool | None
    repair_data_until: date | None
    delivery_data_until: date | None
    actions: list[str]
    units_list: list[UnitOut]
    shipments: list[ShipmentOut]
    contacts: list[ContactOut]
    timeline: list[EventOut]


class ShipmentCreatedOut(Schema):
    number: str
    units: int
    on_time: bool
