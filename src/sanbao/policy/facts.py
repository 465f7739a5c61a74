"""What the engine is told about a claim."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from sanbao.policy.codes import Category, Remedy

SalesChannel = Literal["online", "offline"]
Context = Literal["consumer", "dealer_return"]


@dataclass(frozen=True, slots=True)
class RecallFact:
    """The unit belongs to an active recall campaign, which sets the remedy.

    A campaign that lets the customer choose (replacement or refund) names both.
    """

    campaign: str
    remedy: Remedy
    alternative: Remedy | None = None


@dataclass(frozen=True, slots=True)
class Facts:
    category: Category
    claim_date: date
    fault_code: str
    purchase_date: date | None = None
    delivery_date: date | None = None  # online sales: when the customer received the goods
    sales_channel: SalesChannel = "offline"
    region: str = "CN"  # CN = mainland China; TW, HK, MO are outside
    model: str = ""
    model_warranty_months: int | None = None
    exclusions: frozenset[str] = field(default_factory=frozenset)  # found on inspection
    has_warranty_card: bool = True
    has_proof_of_purchase: bool = True
    card_matches_unit: bool = True
    authorised_channel: bool = True
    good_condition: bool = True  # for a no-reason return: complete, undamaged, resaleable
    prior_failed_repairs: int = 0
    replacement_date: date | None = None  # warranty restarts from here
    days_in_repair: int = 0  # days in repair or waiting for parts: not counted
    recall: RecallFact | None = None
    context: Context = "consumer"
    received_on: date | None = None  # dealer returns: when the factory received the batch
    signed_for_at: datetime | None = None  # shipments: when the dealer signed for the goods
