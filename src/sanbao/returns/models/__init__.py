"""Models of dealers' batch returns."""

from sanbao.returns.models.batches import (
    OPEN_BATCH_STATUSES,
    BatchAction,
    BatchEvent,
    BatchSequence,
    BatchStatus,
    Payment,
    ReturnBatch,
)
from sanbao.returns.models.units import (
    DeliveryShipment,
    InspectionResult,
    Outcome,
    ReturnUnit,
    UnitState,
)

__all__ = [
    "OPEN_BATCH_STATUSES",
    "BatchAction",
    "BatchEvent",
    "BatchSequence",
    "BatchStatus",
    "DeliveryShipment",
    "InspectionResult",
    "Outcome",
    "Payment",
    "ReturnBatch",
    "ReturnUnit",
    "UnitState",
]
