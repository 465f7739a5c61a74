"""Erasing personal data from records that stay: the purge and deletion requests share these.

Each takes ids and a moment and blanks the personal fields in one UPDATE per table; the
caller holds the transaction."""

from collections.abc import Iterable
from datetime import datetime

from django.core.files.storage import default_storage
from django.db.models import Q

from sanbao.claims.models import ClaimEvidence, DamageClaim, EvidenceKind
from sanbao.customers.models import Customer
from sanbao.notify.models import OutboxMessage
from sanbao.returns.models import ReturnBatch
from sanbao.service.models import ServiceOrder


def customers_erase(ids: list[int], now: datetime) -> None:
    """Name, phone, email, street address and district blanked; the row stays, so orders and
    units still count, pseudonymous. Messages to them lose their address and text."""
    Customer.objects.filter(pk__in=ids).update(
        name="", phone="", phone_hash=None, email="", address_detail="", district="",
        notifications_consented_at=None, notifications_consent_source="", erased_at=now,
    )  # fmt: skip
    OutboxMessage.objects.filter(customer_id__in=ids).update(recipient="", body="")


def orders_erase(ids: list[int], now: datetime) -> None:
    """The customer's signature and proof of purchase go; the repair record stays."""
    files = ServiceOrder.objects.filter(pk__in=ids).values_list("signature", "proof_of_purchase")
    _files_delete(name for pair in files for name in pair)
    ServiceOrder.objects.filter(pk__in=ids).update(
        signature="", proof_of_purchase="", personal_data_purged_at=now
    )


def batches_erase(ids: list[int], now: datetime) -> None:
    ReturnBatch.objects.filter(pk__in=ids).update(
        contact_person="", contact_phone="", personal_data_purged_at=now
    )


def claims_erase(ids: list[int], now: datetime) -> None:
    """The courier's details and the signed papers go; damage photos and the decision stay."""
    signed = ClaimEvidence.objects.filter(claim_id__in=ids).filter(
        Q(kind=EvidenceKind.APPLICATION_FORM) | Q(kind=EvidenceKind.DELIVERY_NOTE)
    )
    _files_delete(name for pair in signed.values_list("file", "thumbnail") for name in pair)
    signed.delete()
    DamageClaim.objects.filter(pk__in=ids).update(
        courier_name="", courier_phone="", courier_work_number="", personal_data_purged_at=now
    )


def _files_delete(names: Iterable[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)
