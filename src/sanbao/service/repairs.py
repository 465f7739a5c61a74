"""The technician's work on an order: diagnosis, repairs on the spot or at the bench,
waiting for parts, failed repairs, and returning a product unrepaired."""

from django.db import transaction
from django.utils.translation import gettext as _

from sanbao.accounts.models import User
from sanbao.config.errors import DomainError
from sanbao.policy.codes import FAULTS
from sanbao.service.decisions import order_decision, repair_due
from sanbao.service.models import Action, ServiceOrder, ServiceOrderEvent
from sanbao.service.notices import order_notice
from sanbao.service.parts import PartLine, parts_take
from sanbao.service.workflow import order_for_change, order_transition
from sanbao.warranty import labels

FREE_COVERAGE = ("in_warranty", "recall")


def _check_exclusions(exclusions: list[str]) -> list[str]:
    unknown = [code for code in exclusions if code not in labels.EXCLUSIONS]
    if unknown:
        raise DomainError.invalid("exclusions", _("Unknown exclusion codes: %(codes)s.") % {
            "codes": ", ".join(unknown)[:80]
        })  # fmt: skip
    return list(dict.fromkeys(exclusions))


@transaction.atomic
def order_diagnose(
    *,
    number: str,
    findings: str,
    exclusions: list[str],
    by: User,
    fault_code: str = "",
) -> ServiceOrderEvent:
    """Records what the technician found; the decision is taken again on the findings."""
    order = order_for_change(number=number, by=by)
    if not findings.strip():
        raise DomainError.invalid("findings", _("Write down what you found."))
    if fault_code and fault_code not in FAULTS:
        raise DomainError.invalid("fault_code", _("Choose a malfunction from the list."))
    order.findings = findings.strip()[:4000]
    order.exclusions = _check_exclusions(exclusions)
    order.fault_code = fault_code or order.fault_code
    decision = order_decision(order)
    return order_transition(
        order=order,
        action=Action.DIAGNOSE,
        by=by,
        note=order.findings,
        changes={
            "findings": order.findings,
            "exclusions": order.exclusions,
            "fault_code": order.fault_code,
            "decision": decision,
            "coverage": decision["coverage"],
            "serious": decision["serious"],
            "due_on": repair_due(decision),
        },
    )


def _check_minutes(labour_minutes: int) -> None:
    if not 0 <= labour_minutes <= 10_000:
        raise DomainError.invalid("labour_minutes", _("Give the minutes of work, 0 to 10,000."))


def _free_repair_only(order: ServiceOrder) -> None:
    if order.coverage not in FREE_COVERAGE:
        raise DomainError(
            "quote_first",
            _("This repair is charged (%(coverage)s): send the customer a quote first.")
            % {"coverage": order.coverage_label},
            status=409,
        )


@transaction.atomic
def order_repair_on_spot(
    *, number: str, work_done: str, parts: list[PartLine], labour_minutes: int, by: User
) -> ServiceOrderEvent:
    """A minor fault fixed while the customer waits; they sign on hand-back (TOP-3.1)."""
    order = order_for_change(number=number, by=by)
    if order.serious:
        raise DomainError(
            "serious_fault",
            _("A serious fault is repaired within 7 working days or sent to headquarters."),
            status=409,
        )
    _free_repair_only(order)
    if not work_done.strip():
        raise DomainError.invalid("note", _("Write down the repair you did."))
    _check_minutes(labour_minutes)
    event = order_transition(
        order=order,
        action=Action.REPAIR_ON_SPOT,
        by=by,
        note=work_done,
        changes={"labour_minutes": order.labour_minutes + labour_minutes},
    )
    parts_take(order=order, lines=parts, charged=False, by=by)
    return event


@transaction.atomic
def order_repair_start(*, number: str, by: User, note: str = "") -> ServiceOrderEvent:
    """To the bench: free under warranty, or once the customer approved the quote."""
    order = order_for_change(number=number, by=by)
    if order.status == "diagnosing":
        _free_repair_only(order)
    return order_transition(order=order, action=Action.START_REPAIR, by=by, note=note)


@transaction.atomic
def order_parts_await(*, number: str, by: User, note: str) -> ServiceOrderEvent:
    order = order_for_change(number=number, by=by)
    if not note.strip():
        raise DomainError.invalid("note", _("Say which parts the repair waits for."))
    return order_transition(order=order, action=Action.AWAIT_PARTS, by=by, note=note)


@transaction.atomic
def order_repair_complete(
    *, number: str, work_done: str, parts: list[PartLine], labour_minutes: int, by: User
) -> ServiceOrderEvent:
    """The repair is done: parts fitted come off the shelf, the time spent is recorded; the
    product is ready. What the customer pays was set by the approved quote."""
    order = order_for_change(number=number, by=by)
    if not work_done.strip():
        raise DomainError.invalid("note", _("Write down the repair you did."))
    _check_minutes(labour_minutes)
    event = order_transition(
        order=order,
        action=Action.REPAIR,
        by=by,
        note=work_done,
        changes={"labour_minutes": order.labour_minutes + labour_minutes},
    )
    charged = order.coverage not in FREE_COVERAGE
    parts_take(order=order, lines=parts, charged=charged, by=by)
    order_notice(order, "ready")
    return event


@transaction.atomic
def order_repair_fail(*, number: str, by: User, note: str) -> ServiceOrderEvent:
    """The repair did not hold: counted; after the legal number the engine offers more."""
    order = order_for_change(number=number, by=by)
    if not note.strip():
        raise DomainError.invalid("note", _("Say why the repair failed."))
    order.failed_repairs += 1
    decision = order_decision(order)
    return order_transition(
        order=order,
        action=Action.REPAIR_FAILED,
        by=by,
        note=note,
        changes={
            "failed_repairs": order.failed_repairs,
            "decision": decision,
            "coverage": decision["coverage"],
        },
    )


@transaction.atomic
def order_return_unrepaired(*, number: str, by: User, note: str) -> ServiceOrderEvent:
    order = order_for_change(number=number, by=by)
    if not note.strip():
        raise DomainError.invalid("note", _("Say why the product goes back unrepaired."))
    event = order_transition(order=order, action=Action.RETURN_UNREPAIRED, by=by, note=note)
    order_notice(order, "ready")
    return event
