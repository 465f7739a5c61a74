"""The commissioner's decision on a declaration, and the calls and faxes around it."""

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sanbao.accounts.models import User
from sanbao.claims.models import ClaimAction, ClaimStatus, DamageClaim, Remedy
from sanbao.claims.workflow import claim_event, claim_for_change, may_decide
from sanbao.config.errors import DomainError
from sanbao.notify.contacts import contact_record
from sanbao.notify.models import ContactLogEntry
from sanbao.notify.services import message_to_dealer


def _under_review(number: str, by: User) -> DamageClaim:
    claim = claim_for_change(number=number, by=by)
    if claim.status != ClaimStatus.UNDER_REVIEW:
        raise DomainError(
            "illegal_transition",
            _("A declaration that is “%(status)s” cannot be decided.")
            % {"status": claim.get_status_display()},
            status=409,
        )
    if not may_decide(claim=claim, user=by):
        desk = claim.get_desk_display()
        message = _("This declaration is for the %(desk)s.") % {"desk": desk}
        raise DomainError("forbidden", message, status=403)
    return claim


@transaction.atomic
def claim_decide(
    *, number: str, accept: bool, by: User, remedy: str = "", reason: str = ""
) -> DamageClaim:
    """Accepts with a remedy (reship, credit, repair) or rejects with a reason; tells the dealer."""
    claim = _under_review(number, by)
    if accept and remedy not in Remedy.values:
        raise DomainError.invalid("remedy", _("Choose the remedy: reship, credit or repair."))
    if not accept and not reason.strip():
        raise DomainError.invalid("reason", _("Give the reason for rejecting."))
    claim.status = ClaimStatus.ACCEPTED if accept else ClaimStatus.REJECTED
    claim.remedy = remedy if accept else ""
    claim.decision_reason = reason.strip()[:2000]
    claim.decided_by, claim.decided_at = by, timezone.now()
    claim.save(update_fields=["status", "remedy", "decision_reason", "decided_by", "decided_at"])
    action = ClaimAction.ACCEPT if accept else ClaimAction.REJECT
    words = claim.get_remedy_display() if accept else claim.decision_reason
    claim_event(claim=claim, action=action, from_status=ClaimStatus.UNDER_REVIEW, by=by, note=words)
    _tell_dealer(claim)
    return claim


def _tell_dealer(claim: DamageClaim) -> None:
    texts = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            outcome = (
                _("accepted: %(remedy)s") % {"remedy": claim.get_remedy_display()}
                if claim.status == ClaimStatus.ACCEPTED
                else _("rejected: %(reason)s") % {"reason": claim.decision_reason}
            )
            texts.append(
                _("Your damage declaration %(number)s was %(outcome)s")
                % {"number": claim.number, "outcome": outcome}
            )
            subject = _("Damage declaration %(number)s decided") % {"number": claim.number}
    message_to_dealer(
        dealer=claim.dealer, topic=f"damage-claim:{claim.number}:decision",
        subject=subject, body="\n\n".join(texts),
    )  # fmt: skip


@transaction.atomic
def claim_contact_record(
    *, number: str, channel: str, direction: str, outcome: str, by: User, note: str = ""
) -> ContactLogEntry:
    """A call or fax about the declaration (seed 003 V.2: forms go by fax or scan)."""
    claim = claim_for_change(number=number, by=by)
    if by.dealer_id:
        raise DomainError("forbidden", _("Your role may not do this."), status=403)
    entry = contact_record(
        dealer=claim.dealer, topic=f"damage-claim:{claim.number}", channel=channel,
        direction=direction, outcome=outcome, by=by, note=note,
    )  # fmt: skip
    how = f"{entry.get_channel_display()}, {entry.get_direction_display()}"
    words = f"{how}: {entry.get_outcome_display()}"
    claim_event(claim=claim, action=ClaimAction.CONTACT, from_status=claim.status, by=by,
                note=f"{words}. {entry.note}")  # fmt: skip
    return entry
