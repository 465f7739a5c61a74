"""Catalog models: products, batches, parts, the serial registry, imports and recalls."""

from sanbao.catalog.models.imports import SerialImport, StagedUnit
from sanbao.catalog.models.products import (
    Accessory,
    Category,
    Part,
    PartStock,
    ProductionBatch,
    ProductModel,
    validate_accessories,
)
from sanbao.catalog.models.recalls import Recall, RecallRecovery, RecallRemedy, recall_scope
from sanbao.catalog.models.units import (
    ChannelFlag,
    DealerShipment,
    Unit,
    UnitClaim,
    UnitStatus,
)

__all__ = [
    "Accessory",
    "Category",
    "ChannelFlag",
    "DealerShipment",
    "Part",
    "PartStock",
    "ProductModel",
    "ProductionBatch",
    "Recall",
    "RecallRecovery",
    "RecallRemedy",
    "SerialImport",
    "StagedUnit",
    "Unit",
    "UnitClaim",
    "UnitStatus",
    "recall_scope",
    "validate_accessories",
]
