"""The printed documents of a return batch: the packing list with its repair list, the
fault labels stuck on the units, and the delivery list that goes back with the goods.

The repair list's layout is fixed (submission.ROWS_PER_PAGE single-line rows a page, each
category on pages of its own) so that the page count stated on the packing list is the
page count printed.
"""

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import segno
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sanbao.catalog.models import Accessory, Category
from sanbao.policy.rules import Policy
from sanbao.returns.building import brand_returns
from sanbao.returns.models import DeliveryShipment, ReturnBatch, ReturnUnit, UnitState
from sanbao.returns.submission import ROWS_PER_PAGE, batch_category_counts, repair_list_pages
from sanbao.warranty import labels
from sanbao.warranty.selectors import policy_get

# The documents are read in China: dates and times on them are Beijing time.
CHINA = ZoneInfo("Asia/Shanghai")
# A4 sheets of 3 x 7 stick-on labels of 70 x 42.3 mm.
LABEL_COLUMNS = 3
LABELS_PER_SHEET = 21
LABEL_FAULT_CHARS = 70
# Page 1 of the packing list must stay one page: long lists there are cut short, the repair
# list carries every line's flags anyway.
BACKORDERS_SHOWN = 8
LINES_SHOWN = 60

T = TypeVar("T")


def label_url(batch: ReturnBatch, line: int) -> str:
    """What a fault label's QR code holds: the unit's page at receiving (receiving._LABEL_URL)."""
    return f"{settings.PUBLIC_URL.rstrip('/')}/returns/{batch.number}/u/{line}/"


def packing_list_pdf(*, batch: ReturnBatch, language: str) -> bytes:
    """Page 1 the packing list (seed 003 IV.2), then the repair list, category by category."""
    return _pdf(
        "returns/documents/packing_list.html", language, lambda: packing_list_context(batch)
    )


def fault_labels_pdf(*, batch: ReturnBatch, language: str) -> bytes:
    """A4 sheets of stick-on fault labels (IV.3), one per unit on the packing list."""
    return _pdf(
        "returns/documents/fault_labels.html", language, lambda: fault_labels_context(batch)
    )


def delivery_list_pdf(*, shipment: DeliveryShipment, language: str) -> bytes:
    """The delivery list of goods sent back (IV.7), with what follows and what never will."""
    return _pdf(
        "returns/documents/delivery_list.html", language, lambda: delivery_list_context(shipment)
    )


def _pdf(template: str, language: str, context: Callable[[], dict[str, Any]]) -> bytes:
    with translation.override(language):
        values = context()
    # WeasyPrint takes a second to import: only processes that print pay for it.
    from sanbao.documents.rendering import pdf_render

    return pdf_render(template=template, context=values, language=language)


# The packing list and the repair list


def packing_list_context(batch: ReturnBatch) -> dict[str, Any]:
    """What the packing list shows, in the active language."""
    rules = brand_returns(batch.brand)
    policy = policy_get(policy_id=batch.brand.policy_id)
    units = _declared(batch)
    stated_pages = batch.repair_list_pages or repair_list_pages(batch_category_counts(batch))
    unequipped = units_without_accessories(units, rules.power_bank_accessories)
    backordered = [unit for unit in units if unit.state == UnitState.BACKORDERED]
    filled = batch.submitted_at or batch.created_at
    return {
        **_heading(batch),
        "filled_on": timezone.localdate(filled, CHINA),
        "contact_person": batch.contact_person,
        "contact_phone": batch.contact_phone,
        "total_units": len(units),
        "boxes": batch.boxes,
        "repair_list_pages": stated_pages,
        "products": product_table(units),
        "courier": batch.courier,
        "tracking_number": batch.tracking_number,
        "home_delivery": batch.home_delivery,
        "payment_label": batch.get_payment_display(),
        "shipper_bears_costs": batch.shipper_bears_costs,
        "home_delivery_clause": clause(policy, rules.clauses.get("home_delivery", "")),
        "packing_list_clause": rules.clauses.get("packing_list", ""),
        "unequipped_count": len(unequipped),
        "unequipped_lines": line_ranges(u.line for u in unequipped),
        "required_accessories": _accessory_words(rules.power_bank_accessories),
        "accessories_clause": clause(policy, rules.clauses.get("accessories", "")),
        "backordered": [_backorder(unit) for unit in backordered[:BACKORDERS_SHOWN]],
        "backordered_more": max(0, len(backordered) - BACKORDERS_SHOWN),
        "shortage_clause": clause(policy, rules.clauses.get("shortage", "")),
        "note": batch.note,
        "repair_pages": repair_list_sheets(units, rules.power_bank_accessories, stated_pages),
    }


def _heading(batch: ReturnBatch) -> dict[str, Any]:
    return {
        "number": batch.number,
        "brand_name": batch.brand.name,
        "dealer_name": batch.dealer.name,
        "dealer_code": batch.dealer.code,
    }


def _declared(batch: ReturnBatch) -> list[ReturnUnit]:
    return list(batch.units.filter(declared=True).select_related("model").order_by("line"))


def _by_category(units: Iterable[ReturnUnit]) -> list[tuple[str, list[ReturnUnit]]]:
    """Units grouped by category, categories in the catalogue's order (IV.B3: kept apart)."""
    groups: dict[str, list[ReturnUnit]] = {code: [] for code in Category.values}
    for unit in units:
        groups.setdefault(unit.category, []).append(unit)
    return [(code, members) for code, members in groups.items() if members]


def category_label(code: str) -> str:
    return str(Category(code).label) if code in Category.values else code


def product_table(units: Sequence[ReturnUnit]) -> list[dict[str, Any]]:
    """Per category, how many units of each model."""
    table = []
    for code, members in _by_category(units):
        models: dict[str, dict[str, Any]] = {}
        for unit in members:
            row = models.setdefault(
                unit.model.sku, {"sku": unit.model.sku, "name": unit.model.name, "count": 0}
            )
            row["count"] += 1
        table.append(
            {"category": category_label(code), "models": list(models.values()),
             "count": len(members)}
        )  # fmt: skip
    return table


def units_without_accessories(
    units: Iterable[ReturnUnit], required: Sequence[str]
) -> list[ReturnUnit]:
    """Power banks sent without the accessories that must come with them (IV.B1)."""
    return [
        unit
        for unit in units
        if unit.category == Category.POWER_BANK and set(required) - set(unit.accessories)
    ]


def line_ranges(lines: Iterable[int]) -> str:
    """1, 2, 3, 5, 7, 8 → "1-3, 5, 7-8" with en dashes (the first LINES_SHOWN, then "…")."""
    ordered = sorted(set(lines))
    shown, cut = ordered[:LINES_SHOWN], len(ordered) > LINES_SHOWN
    runs: list[list[int]] = []
    for line in shown:
        if runs and line == runs[-1][-1] + 1:
            runs[-1].append(line)
        else:
            runs.append([line])
    words = [f"{run[0]}\u2013{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs]
    return ", ".join(words) + (", …" if cut else "")


def _accessory_words(codes: Iterable[str]) -> str:
    words = [str(Accessory(c).label) if c in Accessory.values else c for c in codes]
    return ("、" if labels.zh_active() else ", ").join(words)


def clause(policy: Policy, clause_id: str) -> dict[str, str]:
    """A policy clause's id and its text in the active language."""
    found = policy.clauses.get(clause_id)
    text = (found.zh if labels.zh_active() else found.en) if found else ""
    return {"id": clause_id, "text": text}


def _backorder(unit: ReturnUnit) -> dict[str, Any]:
    return {"line": unit.line, "sku": unit.model.sku, "serial": unit.serial,
            "waiting_for": unit.backorder_reason}  # fmt: skip


def _chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def repair_list_sheets(
    units: Sequence[ReturnUnit], required: Sequence[str], stated_pages: int
) -> list[dict[str, Any]]:
    """The repair list's pages: ROWS_PER_PAGE rows at most, a category never sharing a page."""
    sheets: list[dict[str, Any]] = []
    for code, members in _by_category(units):
        for rows in _chunks(members, ROWS_PER_PAGE):
            sheets.append(
                {"category": category_label(code), "number": len(sheets) + 1,
                 "of": stated_pages, "rows": [repair_row(u, required) for u in rows]}
            )  # fmt: skip
    return sheets


def repair_row(unit: ReturnUnit, required: Sequence[str]) -> dict[str, Any]:
    flags = []
    lacking = [code for code in required if code not in unit.accessories]
    if unit.category == Category.POWER_BANK and lacking:
        flags.append(_("no %(accessories)s") % {"accessories": _accessory_words(lacking)})
    if unit.state == UnitState.BACKORDERED:
        flags.append(_("waiting for %(what)s") % {"what": unit.backorder_reason})
    return {
        "line": unit.line,
        "sku": unit.model.sku,
        "serial": unit.serial,
        "fault": unit.fault_text,
        "accessories": _accessory_words(unit.accessories),
        "flags": "; ".join(flags),
    }


# The fault labels


def fault_labels_context(batch: ReturnBatch) -> dict[str, Any]:
    rules = brand_returns(batch.brand)
    stickers = [fault_label(batch, unit) for unit in _declared(batch)]
    return {
        **_heading(batch),
        "fault_label_clause": rules.clauses.get("fault_label", ""),
        "sheets": [_chunks(sheet, LABEL_COLUMNS) for sheet in _chunks(stickers, LABELS_PER_SHEET)],
    }


def fault_label(batch: ReturnBatch, unit: ReturnUnit) -> dict[str, Any]:
    url = label_url(batch, unit.line)
    fault = unit.fault_text
    if len(fault) > LABEL_FAULT_CHARS:
        fault = fault[: LABEL_FAULT_CHARS - 1] + "…"
    return {
        "line": unit.line,
        "sku": unit.model.sku,
        "serial": unit.serial,
        "fault": fault,
        "url": url,
        "qr_code": segno.make(url, error="m").svg_data_uri(omitsize=True, border=0),
    }


# The delivery list


def delivery_list_context(shipment: DeliveryShipment) -> dict[str, Any]:
    """What the delivery list shows, in the active language."""
    policy = policy_get(policy_id=shipment.brand.policy_id)
    shipped = list(
        shipment.units.select_related("batch", "model", "replacement").order_by("batch_id", "line")
    )
    batches = _shipment_batches(shipment, shipped)
    others = ReturnUnit.objects.filter(batch__in=batches).select_related("batch", "model")
    kept_until = [b.delivery_data_until for b in batches if b.delivery_data_until]
    retention = policy.retention
    return {
        "number": shipment.number,
        "shipped_at": timezone.localtime(shipment.shipped_at, CHINA),
        "brand_name": shipment.brand.name,
        "dealer_name": shipment.dealer.name,
        "dealer_code": shipment.dealer.code,
        "courier": shipment.courier,
        "tracking_number": shipment.tracking_number,
        "batch_number": shipment.batch.number,
        "due_on": batches[0].due_on,
        "on_time": shipment.on_time,
        "note": shipment.note,
        "groups": [_shipped_group(b, [u for u in shipped if u.batch_id == b.pk]) for b in batches],
        "unit_count": len(shipped),
        "total_charges": sum((u.charge for u in shipped), Decimal(0)),
        "following": [
            {**_backorder(u), "batch": u.batch.number}
            for u in others.filter(state=UnitState.BACKORDERED).order_by("batch_id", "line")
        ],
        "scrapped": hazards_kept(
            others.filter(state=UnitState.SCRAPPED).order_by("batch_id", "line")
        ),
        "missing": [
            {"batch": u.batch.number, "line": u.line, "sku": u.model.sku, "serial": u.serial}
            for u in others.filter(state=UnitState.MISSING).order_by("batch_id", "line")
        ],
        "kept_until": max(kept_until) if kept_until else None,
        "retention_clause": clause(policy, retention.clause) if retention else None,
        "delivery_list_clause": clause(policy, _returns_clause(shipment, "delivery_list")),
    }


def _returns_clause(shipment: DeliveryShipment, key: str) -> str:
    return brand_returns(shipment.brand).clauses.get(key, "")


def _shipment_batches(shipment: DeliveryShipment, shipped: list[ReturnUnit]) -> list[ReturnBatch]:
    """The shipment's own batch first, then the batches whose backorders came along."""
    ids = [shipment.batch_id, *(u.batch_id for u in shipped)]
    found = ReturnBatch.objects.in_bulk(set(ids))
    return [found[pk] for pk in dict.fromkeys(ids)]


def _shipped_group(batch: ReturnBatch, units: list[ReturnUnit]) -> dict[str, Any]:
    return {
        "number": batch.number,
        "due_on": batch.due_on,
        "units": [
            {
                "line": u.line,
                "sku": u.model.sku,
                "serial": u.serial,
                "outcome": u.get_outcome_display(),
                "charge": u.charge,
                "replacement_serial": u.replacement.serial if u.replacement else "",
            }
            for u in units
        ],
        "charges": sum((u.charge for u in units), Decimal(0)),
    }


def hazards_kept(units: Iterable[ReturnUnit]) -> dict[str, Any]:
    """Scrapped hazard units, and the advice on them once per distinct text: they never
    travel by ordinary express."""
    rows, advice = [], {}
    zh = labels.zh_active()
    for unit in units:
        rows.append(
            {"batch": unit.batch.number, "line": unit.line, "sku": unit.model.sku,
             "serial": unit.serial, "fault": labels.fault_label(unit.fault_code)}
        )  # fmt: skip
        for hazard in unit.decision.get("hazards", []):
            text = hazard["text_zh"] if zh else hazard["text_en"]
            advice[text] = hazard.get("clause_id", "")
    return {"units": rows, "advice": [{"text": t, "clause_id": c} for t, c in advice.items()]}
