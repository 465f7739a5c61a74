"""API of dealer returns: a dealer's batch and packing list; the factory's receipt,
inspection and shipping. A dealer sees and acts on its own batches only."""

from typing import Any

from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from sanbao.accounts.http import SignedInRequest
from sanbao.accounts.models import Brand, Dealer
from sanbao.config.api_schemas import ErrorOut
from sanbao.config.errors import DomainError
from sanbao.returns import building, receiving, shipping, submission
from sanbao.returns.inspection import Inspection, unit_inspect
from sanbao.returns.presenters import batch_as_dict, batch_summary
from sanbao.returns.schemas import (
    BatchHeaderIn,
    BatchListQuery,
    BatchOut,
    BatchPageOut,
    ContactIn,
    CountIn,
    DispatchIn,
    InspectionIn,
    ReasonIn,
    ReceiptIn,
    ReturnBatchIn,
    ShipmentCreatedOut,
    ShipmentIn,
    UnitsIn,
)
from sanbao.returns.selectors import BatchFilter, batch_get, batches_filter
from sanbao.service.parts import PartLine

router = Router(tags=["return batches"])
WRITE = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 413: ErrorOut, 422: ErrorOut}


def _batch(request: SignedInRequest, number: str) -> dict[str, Any]:
    return batch_as_dict(batch_get(user=request.user, number=number), user=request.user)


def _header(payload: BatchHeaderIn) -> building.BatchHeader:
    return building.BatchHeader(**payload.model_dump(include=set(BatchHeaderIn.model_fields)))


@router.post(
    "", response={201: BatchOut, **WRITE},
    summary="A dealer's return batch with its packing list and units",
    description="One transaction: the batch, its units and (unless `submit` is false) the "
    "submitted packing list. Cash on delivery is refused (422 cod_refused).",
)  # fmt: skip
def batch_create(request: SignedInRequest, payload: ReturnBatchIn) -> Status[dict[str, Any]]:
    brand = Brand.objects.filter(code=payload.brand.strip().lower(), is_active=True).first()
    if brand is None:
        raise DomainError.invalid(
            "brand", _("There is no brand %(code)s.") % {"code": payload.brand[:20]}
        )
    dealer = None
    if payload.dealer:
        dealer = Dealer.objects.filter(code=payload.dealer.strip().lower()).first()
        if dealer is None:
            raise DomainError.invalid(
                "dealer", _("There is no dealer %(code)s.") % {"code": payload.dealer[:20]}
            )
    rows = [row.model_dump() | {"accessories": ",".join(row.accessories)} for row in payload.units]
    number = submission.batch_register(
        brand=brand, header=_header(payload), by=request.user, dealer=dealer, rows=rows,
        submit=payload.submit,
    )  # fmt: skip
    return Status(201, _batch(request, number))


@router.get("", response={200: BatchPageOut, 422: ErrorOut}, summary="Return batches, due first")
def batch_list(request: SignedInRequest, filters: Query[BatchListQuery]) -> dict[str, Any]:
    criteria = BatchFilter(**filters.model_dump(exclude={"limit", "offset"}))
    batches = batches_filter(user=request.user, criteria=criteria)
    page = batches[filters.offset : filters.offset + filters.limit]
    return {"count": batches.count(), "items": [batch_summary(batch) for batch in page]}


@router.get("/{number}", response={200: BatchOut, 404: ErrorOut}, summary="One batch in full")
def batch_read(request: SignedInRequest, number: str) -> dict[str, Any]:
    return _batch(request, number)


@router.put("/{number}", response={200: BatchOut, **WRITE}, summary="Change a draft's header")
def batch_header(request: SignedInRequest, number: str, payload: BatchHeaderIn) -> dict[str, Any]:
    building.batch_header_update(number=number, header=_header(payload), by=request.user)
    return _batch(request, number)


@router.post("/{number}/units", response={200: BatchOut, **WRITE}, summary="Add rows to a draft")
def units_add(request: SignedInRequest, number: str, payload: UnitsIn) -> dict[str, Any]:
    rows = [row.model_dump() | {"accessories": ",".join(row.accessories)} for row in payload.units]
    building.batch_units_add(number=number, rows=rows, by=request.user)
    return _batch(request, number)


@router.post(
    "/{number}/units/import", response={200: BatchOut, **WRITE},
    summary="Add the rows of a CSV or XLSX repair list to a draft: all of them, or none",
)  # fmt: skip
def units_import(request: SignedInRequest, number: str, file: File[UploadedFile]) -> dict[str, Any]:
    building.batch_units_import(
        number=number, upload=file, file_name=file.name or "", by=request.user
    )
    return _batch(request, number)


@router.post(
    "/{number}/submit", response={200: BatchOut, **WRITE}, summary="Submit the packing list"
)
def batch_submit(request: SignedInRequest, number: str) -> dict[str, Any]:
    submission.batch_submit(number=number, by=request.user)
    return _batch(request, number)


@router.post(
    "/{number}/dispatch", response={200: BatchOut, **WRITE}, summary="Handed to the courier"
)
def batch_dispatch(request: SignedInRequest, number: str, payload: DispatchIn) -> dict[str, Any]:
    submission.batch_dispatch(number=number, by=request.user, **payload.model_dump())
    return _batch(request, number)


@router.post("/{number}/cancel", response={200: BatchOut, **WRITE}, summary="Cancel before receipt")
def batch_cancel(request: SignedInRequest, number: str, payload: ReasonIn) -> dict[str, Any]:
    building.batch_cancel(number=number, reason=payload.reason, by=request.user)
    return _batch(request, number)


@router.post("/{number}/count", response={200: BatchOut, **WRITE}, summary="Count one unit in")
def unit_count(request: SignedInRequest, number: str, payload: CountIn) -> dict[str, Any]:
    receiving.unit_count(number=number, code=payload.code, by=request.user)
    return _batch(request, number)


@router.post(
    "/{number}/receipt", response={200: BatchOut, **WRITE},
    summary="Counted quantities → discrepancies; starts the return cycle",
)  # fmt: skip
def batch_receipt(request: SignedInRequest, number: str, payload: ReceiptIn) -> dict[str, Any]:
    try:
        wrong = {int(line): sku for line, sku in payload.wrong_models.items()}
    except ValueError:
        raise DomainError.invalid("wrong_models", _("Key each model by its line number.")) from None
    receipt = receiving.Receipt(
        boxes_received=payload.boxes_received, counted_lines=payload.counted_lines,
        wrong_models=wrong, note=payload.note,
        extras=[receiving.ExtraUnit(e.model, e.serial, e.fault) for e in payload.extras],
    )  # fmt: skip
    receiving.batch_receive(number=number, receipt=receipt, by=request.user)
    return _batch(request, number)


@router.post("/{number}/contacts", response={200: BatchOut, **WRITE}, summary="Log a call or fax")
def batch_contact(request: SignedInRequest, number: str, payload: ContactIn) -> dict[str, Any]:
    receiving.batch_contact_record(number=number, by=request.user, **payload.model_dump())
    return _batch(request, number)


@router.post(
    "/{number}/units/{line}/inspection", response={200: BatchOut, **WRITE},
    summary="Inspect a unit: finding, the policy's decision, the outcome",
)  # fmt: skip
def inspection(
    request: SignedInRequest, number: str, line: int, payload: InspectionIn
) -> dict[str, Any]:
    values = payload.model_dump(exclude={"parts"})
    parts = [PartLine(part.code, part.quantity) for part in payload.parts]
    unit_inspect(
        number=number, line=line, inspection=Inspection(**values, parts=parts), by=request.user
    )
    return _batch(request, number)


@router.post(
    "/{number}/backorders/fill",
    response={200: BatchOut, **WRITE},
    summary="Fill backorders from stock",
)
def backorders_fill(request: SignedInRequest, number: str) -> dict[str, Any]:
    shipping.backorders_fill(number=number, by=request.user)
    return _batch(request, number)


@router.post(
    "/{number}/shipments", response={201: ShipmentCreatedOut, **WRITE},
    summary="Ship what is ready back with a delivery list",
)  # fmt: skip
def shipment_create(
    request: SignedInRequest, number: str, payload: ShipmentIn
) -> Status[dict[str, Any]]:
    shipment = shipping.batch_ship(number=number, by=request.user, **payload.model_dump())
    return Status(
        201,
        {"number": shipment.number, "units": shipment.units.count(), "on_time": shipment.on_time},
    )


@router.post("/{number}/close", response={200: BatchOut, **WRITE}, summary="Close a shipped batch")
def batch_close(request: SignedInRequest, number: str, payload: ReasonIn) -> dict[str, Any]:
    shipping.batch_close(number=number, by=request.user, note=payload.reason)
    return _batch(request, number)
