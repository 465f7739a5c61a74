"""API shapes of warranty decisions and of the public warranty check."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import Field

from sanbao.policy.codes import Category

FaultCode = Literal[
    "no_charge", "no_output", "low_capacity", "port_damage", "indicator_fault", "overheating",
    "swelling", "burnt", "venting", "leaking", "protection_failure", "intermittent",
    "cosmetic", "no_fault_found",
]  # fmt: skip
ExclusionCode = Literal[
    "unauthorised_channel", "missing_evidence", "card_mismatch", "consumable_wear",
    "electrical_surge", "physical_damage", "force_majeure", "third_party_modification",
    "warranty_expired", "misuse",
]  # fmt: skip


class RecallIn(Schema):
    campaign: str = Field(min_length=1, max_length=60)
    remedy: Literal["refund", "replace", "repair"]
    alternative: Literal["refund", "replace", "repair"] | None = Field(
        None, description="A second remedy the customer may choose instead"
    )


class FactsIn(Schema):
    policy: str = Field(max_length=40, description="Brand policy id: top, romoss")
    serial: str | None = Field(
        None,
        max_length=64,
        description="A registered unit: its category, model, channel and recall come "
        "from the registry and replace the values given here",
    )
    category: Category | None = Field(None, description="Required unless `serial` is given")
    claim_date: date
    fault_code: FaultCode
    purchase_date: date | None = None
    delivery_date: date | None = Field(None, description="Online sales: when received")
    sales_channel: Literal["online", "offline"] = "offline"
    region: str = Field("CN", max_length=2, description="CN = mainland; HK, MO, TW outside")
    model: str = Field("", max_length=40)
    model_warranty_months: int | None = Field(None, ge=1, le=120)
    exclusions: list[ExclusionCode] = Field(default_factory=list, max_length=10)
    has_warranty_card: bool = True
    has_proof_of_purchase: bool = True
    card_matches_unit: bool = True
    authorised_channel: bool = True
    good_condition: bool = True
    prior_failed_repairs: int = Field(0, ge=0, le=20)
    replacement_date: date | None = None
    days_in_repair: int = Field(0, ge=0, le=3650)
    recall: RecallIn | None = None
    context: Literal["consumer", "dealer_return"] = "consumer"
    received_on: date | None = None
    signed_for_at: datetime | None = None


class ReasonOut(Schema):
    clause_id: str
    policy_id: str
    text: str
    text_en: str
    text_zh: str


class ChargeOut(Schema):
    kind: str
    kind_label: str
    payer: str
    payer_label: str
    basis: str
    basis_label: str
    clause_id: str


class DeadlineOut(Schema):
    kind: str
    label: str
    clause_id: str
    due_on: date | None
    due_at: datetime | None
    working_days: int | None
    estimated: bool


class HazardOut(Schema):
    fault_code: str
    clause_id: str
    text: str


class DecisionOut(Schema):
    coverage: str
    coverage_label: str
    remedies: list[str]
    remedy_labels: list[str]
    recommended: str
    serious: bool
    warranty_ends: date | None
    charges: list[ChargeOut]
    reasons: list[ReasonOut]
    deadlines: list[DeadlineOut]
    hazards: list[HazardOut]
    policy_id: str
    policy_version: str
    law_id: str
    law_version: str


class SerialBrandOut(Schema):
    code: str
    name: str


class SerialModelOut(Schema):
    sku: str
    name: str
    category: str
    category_label: str
    capacity_mah: int | None
    energy_wh: Decimal | None


class WarrantyEndOut(Schema):
    basis: Literal["sold_on", "shipped_on", "produced_on"]
    basis_label: str
    start: date
    ends_on: date
    in_warranty: bool


class SerialWarrantyOut(Schema):
    policy: str
    months: int
    clause_id: str | None
    clause_text: str | None
    ends: list[WarrantyEndOut]
    note: str


class ChannelOut(Schema):
    flag: str
    label: str
    clause_id: str | None
    clause_text: str | None


class RecallOut(Schema):
    campaign: str
    title: str
    cause: str
    remedy: Literal["replace", "refund", "choice"]
    remedy_label: str
    regulator_reference: str | None
    starts_on: date
    ends_on: date | None


class SerialStatusOut(Schema):
    serial: str
    brand: SerialBrandOut
    model: SerialModelOut
    batch: str | None
    produced_on: date
    shipped_on: date | None
    sold_on: date | None
    warranty: SerialWarrantyOut
    legal_channel: bool
    channel: ChannelOut | None
    recall: RecallOut | None
    hazard_advice: list[str]
