"""The rows of a repair list: typed, pasted from a spreadsheet, or read from CSV/XLSX.

Every row is checked against the brand's models and the registry; a batch takes either
all the rows given at once or none of them, with one message per wrong cell.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sanbao.accounts.models import Brand
from sanbao.catalog.models import Accessory, Category, ProductModel, Unit
from sanbao.catalog.serial_rows import Layout, RowError, cell_text, heading_column
from sanbao.catalog.serials import serial_normalise
from sanbao.config.errors import DomainError

REPAIR_LIST = Layout(
    columns={
        "model": ("model", "model_sku", "sku", "型号"),
        "serial": ("serial", "serial_number", "sn", "序列号", "sn码"),
        "fault": ("fault", "fault_description", "fault_label", "故障", "故障描述"),
        "accessories": ("accessories", "accessories_included", "配件", "随附配件"),
        "category": ("category", "类别", "品类"),
        "purchase_date": ("purchase_date", "purchased_on", "购买日期"),
    },
    required=("model", "fault"),
)
# Pasted rows without a heading line come in this order.
PASTE_ORDER = ("model", "serial", "fault", "accessories")
MAX_ROWS = 20_000
FAULT_LENGTH = 200


@dataclass(frozen=True, slots=True)
class UnitLine:
    """A checked row, ready to be stored as a `ReturnUnit`."""

    row: int
    model: ProductModel
    serial: str
    unit_id: int | None
    fault_text: str
    accessories: list[str]
    purchase_date: date | None
    production_batch_id: int | None = None


# Shorter words people write in repair lists, besides the labels.
SYNONYMS = {"适配器": "adapter", "充电器": "adapter", "说明书": "manual", "线": "data_cable",
            "耳机": "headphones", "充电宝": "power_bank", "移动电源": "power_bank"}  # fmt: skip


def _words(choices: Any) -> dict[str, str]:
    """Code, English label and Chinese label → code (lower case, no spaces)."""
    found: dict[str, str] = {
        word: code for word, code in SYNONYMS.items() if code in choices.values
    }
    for value, label in choices.choices:
        found[value] = value
        for language in ("en", "zh-hans"):
            with translation.override(language):
                found[str(label).lower().replace(" ", "")] = value
    return found


class LineChecker:
    """Checks repair-list rows of one brand; remembers serials to refuse repeats."""

    def __init__(self, brand: Brand, taken_serials: Iterable[str] = ()) -> None:
        self.brand = brand
        self.models = {m.sku.upper(): m for m in ProductModel.objects.filter(brand=brand)}
        self.accessories = _words(Accessory)
        self.categories = _words(Category)
        self.seen: dict[str, int] = {serial: 0 for serial in taken_serials}

    def check_all(
        self, rows: Iterable[tuple[int, dict[str, Any]]]
    ) -> tuple[list[UnitLine], list[RowError]]:
        """Checks every row (up to MAX_ROWS), then the serials against the registry."""
        lines: list[UnitLine] = []
        errors: list[RowError] = []
        for count, (number, raw) in enumerate(rows, start=1):
            if count > MAX_ROWS:
                message = _("A batch holds at most %(count)s units.") % {"count": MAX_ROWS}
                errors.append(RowError(number, "", message))
                break
            checked = self.check(number, raw)
            if isinstance(checked, list):
                errors.extend(checked)
            else:
                lines.append(checked)
        if not lines and not errors:
            errors.append(RowError(0, "", _("There are no units in it.")))
        if not errors:
            lines, errors = self._registered(lines)
        return lines, errors

    def check(self, number: int, raw: dict[str, Any]) -> UnitLine | list[RowError]:
        errors: list[RowError] = []

        def fail(column: str, message: str) -> None:
            errors.append(RowError(number, column, message))

        sku = cell_text(raw.get("model")).upper()
        model = self.models.get(sku)
        if not sku:
            fail("model", _("The model is missing."))
        elif model is None:
            fail(
                "model",
                _("%(brand)s has no model %(sku)s.") % {"brand": self.brand, "sku": sku[:30]},
            )
        serial = self._serial(number, cell_text(raw.get("serial")), fail)
        fault = " ".join(cell_text(raw.get("fault")).split())
        if not fault:
            fail("fault", _("Describe the fault, as on the label."))
        elif len(fault) > FAULT_LENGTH:
            fail("fault", _("Keep the fault under %(count)s characters.") % {"count": FAULT_LENGTH})
        accessories = self._accessories(cell_text(raw.get("accessories")), fail)
        category = cell_text(raw.get("category")).lower().replace(" ", "")
        if category and model is not None:
            code = self.categories.get(category)
            if code is None:
                fail("category", _("“%(value)s” is not a category.") % {"value": category[:20]})
            elif code != model.category:
                fail("category", _("%(sku)s is not in this category.") % {"sku": model.sku})
        purchased = _date(raw.get("purchase_date"), fail)
        if purchased and purchased > timezone.localdate():
            fail("purchase_date", _("A purchase date cannot be in the future."))
        if errors or model is None:
            return errors
        return UnitLine(number, model, serial, None, fault, accessories, purchased)

    def _serial(self, number: int, text: str, fail: Any) -> str:
        if not text:
            return ""
        try:
            serial = serial_normalise(text)
        except ValidationError as error:
            fail("serial", error.messages[0])
            return ""
        if serial in self.seen:
            earlier = self.seen[serial]
            where = _("row %(row)s") % {"row": earlier} if earlier else _("this batch")
            fail(
                "serial",
                _("%(serial)s is already in %(where)s.") % {"serial": serial, "where": where},
            )
        else:
            self.seen[serial] = number
        return serial

    def _accessories(self, text: str, fail: Any) -> list[str]:
        found: list[str] = []
        for word in text.replace("、", ",").replace(";", ",").replace("\uff1b", ",").split(","):
            key = word.strip().lower().replace(" ", "")
            if not key:
                continue
            code = self.accessories.get(key)
            if code is None:
                fail(
                    "accessories",
                    _("“%(value)s” is not an accessory.") % {"value": word.strip()[:20]},
                )
            elif code not in found:
                found.append(code)
        return found

    def _registered(self, lines: list[UnitLine]) -> tuple[list[UnitLine], list[RowError]]:
        """Links registered serials; a serial registered as another model is an error."""
        serials = [line.serial for line in lines if line.serial]
        registered: dict[str, tuple[int, int, int | None]] = {}
        for start in range(0, len(serials), 5000):
            chunk = serials[start : start + 5000]
            registered.update(
                (serial, (pk, model_id, batch_id))
                for serial, pk, model_id, batch_id in Unit.objects.filter(
                    brand=self.brand, serial__in=chunk
                ).values_list("serial", "pk", "model_id", "batch_id")
            )
        linked: list[UnitLine] = []
        errors: list[RowError] = []
        for line in lines:
            found = registered.get(line.serial)
            if found and found[1] != line.model.pk:
                errors.append(
                    RowError(
                        line.row,
                        "serial",
                        _("%(serial)s is registered as another model.") % {"serial": line.serial},
                    )
                )
            linked.append(
                UnitLine(line.row, line.model, line.serial, found[0] if found else None,
                         line.fault_text, line.accessories, line.purchase_date,
                         found[2] if found else None)
            )  # fmt: skip
        return linked, errors


def _date(value: Any, fail: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text.replace("/", "-"))
    except ValueError:
        fail(
            "purchase_date",
            _("“%(value)s” is not a date: write it as 2025-03-31.") % {"value": text[:20]},
        )
        return None


def pasted_rows(text: str) -> list[tuple[int, dict[str, Any]]]:
    """Rows copied from a spreadsheet (tabs) or typed with commas; a heading line is optional."""
    lines = [line for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
             if line.strip()]  # fmt: skip
    if not lines:
        return []
    delimiter = "\t" if "\t" in lines[0] else ","
    try:
        cells = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    except csv.Error:  # a cell over the csv module's 128 KB limit
        raise DomainError.invalid("text", _("The pasted rows cannot be read.")) from None
    headings = [heading_column(cell, REPAIR_LIST) for cell in cells[0]]
    if any(headings):
        order, data, first = headings, cells[1:], 2
    else:
        order, data, first = list(PASTE_ORDER), cells, 1
    return [
        (number, {name: cell for name, cell in zip(order, row, strict=False) if name})
        for number, row in enumerate(data, start=first)
    ]
