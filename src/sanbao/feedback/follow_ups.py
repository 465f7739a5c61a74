"""Follow-ups: a low score opens one at the outlet that did the work (headquarters for a
dealer's batch) and tells its managers; a manager closes it with what was done."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sanbao.accounts.models import Brand, ServiceOutlet, User
from sanbao.config.errors import DomainError
from sanbao.feedback.models import FollowUp, SurveyResponse
from sanbao.feedback.selectors import follow_ups_visible
from sanbao.notify.services import message_to_staff
from sanbao.service.sla import outlet_managers

OUTCOME_MAX_LENGTH = 4000


def follow_up_reason(*, csat: int, nps: int) -> str:
    """Why a follow-up was opened, in the active language."""
    return _("Satisfaction %(csat)s/5, recommendation %(nps)s/10") % {"csat": csat, "nps": nps}


def _headquarters(brand: Brand) -> ServiceOutlet | None:
    return ServiceOutlet.objects.filter(is_hq=True, brands=brand, is_active=True).first()


def follow_up_url(follow_up: FollowUp) -> str:
    path = reverse("web:object_detail:follow-ups", args=[follow_up.pk])
    return f"{settings.PUBLIC_URL}{path}"


def follow_up_open(*, response: SurveyResponse) -> FollowUp | None:
    """Opens the follow-up of a low score and emails the outlet's managers; None when no
    outlet serves the brand (a dealer's answer and no headquarters)."""
    outlet = response.outlet or _headquarters(response.brand)
    if outlet is None:
        return None
    follow_up = FollowUp.objects.create(
        response=response, brand=response.brand, outlet=outlet,
        reason=follow_up_reason(csat=response.csat, nps=response.nps),
    )  # fmt: skip
    for manager in outlet_managers(outlet=outlet, brand=response.brand):
        _tell_manager(follow_up, manager)
    return follow_up


def _subject_words(response: SurveyResponse) -> str:
    invitation = response.invitation
    if invitation.order is not None:
        return _("service card %(number)s") % {"number": invitation.order.number}
    batch = invitation.batch
    return _("return batch %(number)s of %(dealer)s") % {
        "number": batch.number if batch else "",
        "dealer": response.dealer.name if response.dealer else "",
    }


def _tell_manager(follow_up: FollowUp, manager: User) -> None:
    response = follow_up.response
    with translation.override(manager.language or "zh-hans"):
        words = {
            "about": _subject_words(response),
            "outlet": follow_up.outlet.name,
            "reason": follow_up_reason(csat=response.csat, nps=response.nps),
            "comment": response.comment or "—",
            "link": follow_up_url(follow_up),
        }
        subject = _("Follow up a low score: %(about)s") % words
        body = (
            _(
                "A survey answer about %(about)s (%(outlet)s) needs a call back: %(reason)s.\n"
                "Comment: %(comment)s\n"
                "Record what was done here: %(link)s"
            )
            % words
        )
    message_to_staff(user=manager, topic=f"follow-up:{follow_up.pk}", subject=subject, body=body)


def _not_found() -> DomainError:
    return DomainError("follow_up_not_found", _("There is no such follow-up."), status=404)


@transaction.atomic
def follow_up_close(*, follow_up_id: int, outcome: str, by: User) -> FollowUp:
    """Records what was done; only a manager of the follow-up's brand (and outlet), once."""
    if not by.has_perm("feedback.change_followup"):
        raise DomainError("forbidden", _("Your role may not do this."), status=403)
    follow_up = (
        follow_ups_visible(user=by).select_for_update(of=("self",)).filter(pk=follow_up_id).first()
    )
    if follow_up is None:
        raise _not_found()
    if follow_up.status == FollowUp.Status.DONE:
        raise DomainError("follow_up_closed", _("This follow-up is already closed."), status=409)
    outcome = outcome.strip()
    if not outcome:
        raise DomainError.invalid("outcome", _("Say what was done, e.g. whom you called."))
    if len(outcome) > OUTCOME_MAX_LENGTH:
        raise DomainError.invalid(
            "outcome",
            _("Keep it under %(limit)s characters.") % {"limit": OUTCOME_MAX_LENGTH},
        )
    follow_up.status = FollowUp.Status.DONE
    follow_up.outcome = outcome
    follow_up.closed_by = by
    follow_up.closed_at = timezone.now()
    follow_up.save(update_fields=["status", "outcome", "closed_by", "closed_at"])
    return follow_up
