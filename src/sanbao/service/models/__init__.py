"""Models of the maintenance register."""

from sanbao.service.models.orders import (
    OPEN_STATUSES,
    Action,
    CardSequence,
    Intake,
    ServiceOrder,
    ServiceOrderEvent,
    Status,
)
from sanbao.service.models.work import IntakePhoto, PartUse, Quote, Shipment

__all__ = [
    "OPEN_STATUSES",
    "Action",
    "CardSequence",
    "Intake",
    "IntakePhoto",
    "PartUse",
    "Quote",
    "ServiceOrder",
    "ServiceOrderEvent",
    "Shipment",
    "Status",
]
