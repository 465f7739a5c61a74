"""Data-subject requests: a copy of a customer's personal data, or its erasure once no legal
hold keeps it. Made by the customer (phone verified) or by staff on their behalf."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from sanbao.accounts.models import User
from sanbao.customers.models import Customer
from sanbao.privacy.erasure import customers_erase, orders_erase
from sanbao.privacy.holds import Hold, customer_holds
from sanbao.privacy.models import Access, AccessLogEntry, DataSubjectRequest
from sanbao.service.models import ServiceOrder

Kind = DataSubjectRequest.Kind
Status = DataSubjectRequest.Status


@transaction.atomic
def data_request_export(
    *, customer: Customer, via: str, by: User | None, where: str
) -> DataSubjectRequest:
    """Records that a copy was handed out (the caller renders it from `customer_export`)."""
    request = DataSubjectRequest.objects.create(
        customer=customer, kind=Kind.EXPORT, status=Status.DONE, via=via, handled_by=by,
        completed_at=timezone.now(),
    )  # fmt: skip
    _logged(customer, by, where, "export")
    return request


@transaction.atomic
def data_request_erase(
    *, customer: Customer, via: str, by: User | None, where: str
) -> DataSubjectRequest:
    """Erases now, or waits while an open order or an active recall needs the data."""
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    request = DataSubjectRequest.objects.filter(
        customer=customer, kind=Kind.ERASE, status=Status.WAITING
    ).first() or DataSubjectRequest(customer=customer, kind=Kind.ERASE, via=via, handled_by=by)
    _logged(customer, by, where, "erase")
    _erase_or_wait(request)
    return request


def erase_requests_retry() -> int:
    """Requests that waited for a hold: erased now if the hold has ended. Returns how many."""
    done = 0
    for request in DataSubjectRequest.objects.filter(kind=Kind.ERASE, status=Status.WAITING):
        with transaction.atomic():
            _erase_or_wait(request)
        done += request.status == Status.DONE
    return done


def _erase_or_wait(request: DataSubjectRequest) -> None:
    customer = request.customer
    holds = customer_holds(customer=customer)
    request.holds = [{"code": hold.code, "reference": hold.reference} for hold in holds]
    if holds:
        request.status = Status.WAITING
        request.save()
        return
    now = timezone.now()
    kept = ServiceOrder.objects.filter(customer=customer, personal_data_purged_at__isnull=True)
    orders_erase(list(kept.values_list("pk", flat=True)), now)
    customers_erase([customer.pk], now)
    request.status, request.completed_at = Status.DONE, now
    request.save()


def _logged(customer: Customer, by: User | None, where: str, what: str) -> None:
    AccessLogEntry.objects.create(
        user=by, action=Access.REQUEST, customer=customer, customer_label=str(customer)[:60],
        where=where[:200], detail=what,
    )  # fmt: skip


def request_holds_text(request: DataSubjectRequest) -> list[str]:
    return [Hold(**hold).message for hold in request.holds]


def customer_export(*, customer: Customer) -> dict[str, Any]:
    """Everything Sanbao holds about the customer as a person, in plain JSON types."""
    orders = customer.service_orders.select_related("brand", "model", "outlet").order_by("pk")
    return {
        "customer": {
            "name": customer.name, "phone": customer.phone, "email": customer.email,
            "province": customer.province, "city": customer.city,
            "district": customer.district, "address": customer.address_detail,
            "language": customer.language, "created_at": customer.created_at.isoformat(),
            "notifications_agreed_at": _iso(customer.notifications_consented_at),
            "notifications_agreed_how": customer.notifications_consent_source,
        },
        "service_orders": [
            {
                "number": order.number, "brand": order.brand.name, "outlet": order.outlet.name,
                "model": order.model.sku, "serial": order.serial,
                "registered_at": order.created_at.isoformat(), "status": order.status,
                "status_label": str(order.get_status_display()),
                "fault": order.fault_code, "fault_description": order.fault_description,
                "closed_at": _iso(order.closed_at), "signed": bool(order.signature),
                "proof_of_purchase_kept": bool(order.proof_of_purchase),
            }
            for order in orders
        ],
        "registered_units": [
            {"serial": serial, "model": sku}
            for serial, sku in customer.units.values_list("serial", "model__sku").order_by("pk")
        ],
        "messages": [
            {"subject": subject, "to": recipient, "status": status, "sent_at": _iso(sent)}
            for subject, recipient, status, sent in customer.messages.values_list(
                "subject", "recipient", "status", "sent_at"
            ).order_by("pk")
        ],
        "requests": [
            {"kind": kind, "status": status, "received_at": received.isoformat()}
            for kind, status, received in DataSubjectRequest.objects.filter(
                customer=customer
            ).values_list("kind", "status", "created_at").order_by("pk")
        ],
    }  # fmt: skip


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment else None
