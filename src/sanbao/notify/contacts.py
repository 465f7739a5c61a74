"""The contact log: telephone calls and faxes staff make to return units."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from sanbao.accounts.models import Dealer, User
from sanbao.config.errors import DomainError
from sanbao.notify.models import ContactLogEntry


def contact_record(
    *,
    dealer: Dealer,
    topic: str,
    channel: str,
    outcome: str,
    by: User,
    note: str = "",
    number_called: str = "",
    called_at: datetime | None = None,
    direction: str = ContactLogEntry.Direction.OUTGOING,
) -> ContactLogEntry:
    """Writes who called or faxed whom, when, and what came of it."""
    if channel not in ContactLogEntry.Channel.values:
        raise DomainError.invalid("channel", _("Choose telephone or fax."))
    if outcome not in ContactLogEntry.Outcome.values:
        raise DomainError.invalid("outcome", _("Choose what came of the call."))
    if direction not in ContactLogEntry.Direction.values:
        raise DomainError.invalid("direction", _("Say who called or faxed whom."))
    fax_outcomes = {ContactLogEntry.Outcome.FAX_SENT, ContactLogEntry.Outcome.FAX_FAILED}
    if (channel == ContactLogEntry.Channel.FAX) != (outcome in fax_outcomes):
        raise DomainError.invalid("outcome", _("This outcome does not fit the channel."))
    now = timezone.now()
    when = called_at or now
    if when > now:
        raise DomainError.invalid("called_at", _("A call cannot be recorded in the future."))
    return ContactLogEntry.objects.create(
        dealer=dealer,
        topic=topic[:60],
        channel=channel,
        direction=direction,
        outcome=outcome,
        note=note.strip()[:2000],
        number_called=(number_called.strip() or dealer.phone)[:20],
        called_at=when,
        by=by,
    )
