"""A dealer builds a return batch: header, repair-list rows (typed, pasted or imported).

Rows go in all together or not at all; a batch can change only while it is a draft.
"""

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanbao.accounts.models import Brand, Dealer, User
from sanbao.accounts.phones import phone_normalise
from sanbao.accounts.selectors import user_brands
from sanbao.catalog.serial_rows import FileError, RowError, file_rows
from sanbao.config.errors import DomainError
from sanbao.config.sequences import daily_sequence_next
from sanbao.policy.rules import Returns
from sanbao.returns.models import (
    BatchAction,
    BatchEvent,
    BatchSequence,
    BatchStatus,
    ReturnBatch,
    ReturnUnit,
)
from sanbao.returns.rows import REPAIR_LIST, LineChecker, UnitLine, pasted_rows
from sanbao.returns.workflow import PREPARE, batch_for_change, batch_transition, may_take
from sanbao.warranty.selectors import policy_get

MAX_IMPORT_BYTES = 20 * 1024 * 1024
ERRORS_SHOWN = 200


@dataclass(frozen=True, slots=True)
class BatchHeader:
    contact_person: str
    contact_phone: str
    boxes: int = 1
    courier: str = ""
    tracking_number: str = ""
    home_delivery: bool = True
    payment: str = "sender"
    note: str = ""


def brand_returns(brand: Brand) -> Returns:
    """The brand's dealer-return rules; 422 when its policy has none."""
    rules = policy_get(policy_id=brand.policy_id).returns
    if rules is None:
        raise DomainError.invalid(
            "brand",
            _("%(brand)s's after-sales policy takes no dealer returns to the factory.")
            % {"brand": brand},
            code="no_return_rules",
        )
    return rules


def _dealer_for(*, by: User, brand: Brand, dealer: Dealer | None) -> Dealer:
    if by.dealer_id:
        if dealer is not None and dealer.pk != by.dealer_id:
            raise DomainError("forbidden", _("A dealer sends its own batches only."), status=403)
        assert by.dealer is not None
        dealer = by.dealer
    elif not by.has_perm(PREPARE) or not user_brands(user=by).filter(pk=brand.pk).exists():
        raise DomainError("forbidden", _("Your role may not do this."), status=403)
    if dealer is None:
        raise DomainError.invalid("dealer", _("Choose the dealer the batch comes from."))
    if not dealer.is_active or not dealer.brands.filter(pk=brand.pk).exists():
        raise DomainError.invalid(
            "brand",
            _("%(dealer)s is not a dealer of %(brand)s.") % {"dealer": dealer, "brand": brand},
        )
    return dealer


def header_checked(header: BatchHeader) -> dict[str, Any]:
    """The header's fields, tidied; 422 naming the first wrong field."""
    person = " ".join(header.contact_person.split())
    if not person:
        raise DomainError.invalid("contact_person", _("Name the contact person."))
    try:
        phone = phone_normalise(header.contact_phone)
    except ValidationError as error:
        raise DomainError.invalid("contact_phone", error.messages[0]) from None
    if header.boxes < 1:
        raise DomainError.invalid("boxes", _("A batch comes in one box at least."))
    return {
        "contact_person": person[:60],
        "contact_phone": phone,
        "boxes": header.boxes,
        "courier": header.courier.strip()[:60],
        "tracking_number": header.tracking_number.strip()[:40],
        "home_delivery": header.home_delivery,
        "payment": header.payment,
        "note": header.note.strip()[:2000],
    }


def _batch_number(brand: Brand, day: date) -> str:
    """<prefix>R<yymmdd><seq>."""
    table = BatchSequence._meta.db_table
    last = daily_sequence_next(table=table, brand_id=brand.pk, day=day)
    return f"{brand.card_prefix}R{day:%y%m%d}{last:03d}"


@transaction.atomic
def batch_create(
    *, brand: Brand, header: BatchHeader, by: User, dealer: Dealer | None = None
) -> ReturnBatch:
    """A draft batch for the dealer (a dealer's own, or prepared for it by factory staff)."""
    brand_returns(brand)
    dealer = _dealer_for(by=by, brand=brand, dealer=dealer)
    batch = ReturnBatch.objects.create(
        number=_batch_number(brand, timezone.localdate()),
        brand=brand,
        dealer=dealer,
        created_by=by,
        **header_checked(header),
    )
    BatchEvent.objects.create(batch=batch, action=BatchAction.CREATE, to_status=batch.status, by=by)
    return batch


@transaction.atomic
def batch_header_update(*, number: str, header: BatchHeader, by: User) -> ReturnBatch:
    batch = _draft(number, by)
    for name, value in header_checked(header).items():
        setattr(batch, name, value)
    batch.save()
    return batch


def _draft(number: str, by: User) -> ReturnBatch:
    batch = batch_for_change(number=number, by=by)
    if by.dealer_id != batch.dealer_id and not by.has_perm(PREPARE):
        raise DomainError("forbidden", _("Your role may not do this."), status=403)
    if batch.status != BatchStatus.DRAFT:
        raise DomainError(
            "batch_not_draft",
            _("The packing list of %(number)s is submitted: its units can no longer change.")
            % {"number": batch.number},
            status=409,
        )
    return batch


def rows_refused(errors: list[RowError]) -> DomainError:
    """422 listing the first wrong cells; nothing was written."""
    shown = [error.as_dict() for error in errors[:ERRORS_SHOWN]]
    message = _("%(count)s problem(s) in the rows; no unit was added.") % {"count": len(errors)}
    return DomainError("invalid_rows", message, status=422, fields={"rows": shown})


def _store(batch: ReturnBatch, rows: Any) -> int:
    taken = batch.units.exclude(serial="").values_list("serial", flat=True)
    lines, errors = LineChecker(batch.brand, taken).check_all(rows)
    if errors:
        raise rows_refused(errors)
    first = (batch.units.order_by("-line").values_list("line", flat=True).first() or 0) + 1
    ReturnUnit.objects.bulk_create(
        (_unit(batch, first + index, line) for index, line in enumerate(lines)),
        batch_size=2000,
    )
    return len(lines)


def _unit(batch: ReturnBatch, number: int, line: UnitLine) -> ReturnUnit:
    return ReturnUnit(
        batch=batch,
        line=number,
        model=line.model,
        category=line.model.category,
        serial=line.serial,
        unit_id=line.unit_id,
        production_batch_id=line.production_batch_id,
        fault_text=line.fault_text,
        accessories=line.accessories,
        purchase_date=line.purchase_date,
    )


@transaction.atomic
def batch_units_add(*, number: str, rows: list[dict[str, Any]], by: User) -> int:
    """Adds typed rows ({model, serial, fault, accessories, …}); returns how many."""
    return _store(_draft(number, by), enumerate(rows, start=1))


@transaction.atomic
def batch_units_paste(*, number: str, text: str, by: User) -> int:
    """Adds rows pasted from a spreadsheet (tab- or comma-separated)."""
    return _store(_draft(number, by), pasted_rows(text))


@transaction.atomic
def batch_units_import(*, number: str, upload: IO[bytes], file_name: str, by: User) -> int:
    """Adds the rows of a CSV or XLSX repair list: all of them, or none with the errors."""
    batch = _draft(number, by)
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / ("upload" + Path(file_name).suffix.lower())
        size = 0
        with path.open("wb") as out:
            for chunk in iter(lambda: upload.read(1 << 20), b""):
                size += len(chunk)
                if size > MAX_IMPORT_BYTES:
                    raise DomainError.invalid("file", _("The file is larger than 20 MB."))
                out.write(chunk)
        try:
            _total, rows = file_rows(path, file_name, REPAIR_LIST)
            return _store(batch, rows)
        except FileError as error:
            raise DomainError.invalid("file", str(error)) from None


@transaction.atomic
def batch_unit_remove(*, number: str, line: int, by: User) -> None:
    batch = _draft(number, by)
    if not batch.units.filter(line=line).delete()[0]:
        raise DomainError(
            "unit_not_found", _("There is no line %(line)s.") % {"line": line}, status=404
        )


@transaction.atomic
def batch_cancel(*, number: str, reason: str, by: User) -> BatchEvent:
    batch = batch_for_change(number=number, by=by)
    if not may_take(batch=batch, action=BatchAction.CANCEL, user=by):
        raise DomainError("forbidden", _("Your role may not do this."), status=403)
    if not reason.strip():
        raise DomainError.invalid("reason", _("Give a reason for cancelling."))
    return batch_transition(batch=batch, action=BatchAction.CANCEL, by=by, note=reason)
