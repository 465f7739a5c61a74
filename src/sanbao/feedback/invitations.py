"""Survey links sent when a service order or a dealer's return batch closes: one per order
or batch, only if the brand has an active survey for that audience."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sanbao.accounts.models import Brand
from sanbao.feedback.models import Audience, Survey, SurveyInvitation
from sanbao.feedback.tokens import token_new
from sanbao.notify.services import message_to_customer, message_to_dealer
from sanbao.returns.models import ReturnBatch
from sanbao.service.models import ServiceOrder

DEALER_LANGUAGE = "zh-hans"


def survey_url(token: str) -> str:
    """The absolute link in the message, as the tracking link is built."""
    return f"{settings.PUBLIC_URL}{reverse('feedback:survey', args=[token])}"


def _active_survey(brand: Brand, audience: str) -> Survey | None:
    return Survey.objects.filter(brand=brand, audience=audience, is_active=True).first()


def _invitation_create(
    survey: Survey, language: str, **subject: object
) -> tuple[SurveyInvitation, str]:
    token, digest = token_new()
    now = timezone.now()
    invitation = SurveyInvitation.objects.create(
        survey=survey, brand=survey.brand, token_hash=digest, language=language, sent_at=now,
        expires_at=now + timedelta(days=survey.link_valid_days), **subject,
    )  # fmt: skip
    return invitation, token


def survey_invite_for_order(*, order: ServiceOrder) -> SurveyInvitation | None:
    """Invites the customer of a closed order, once; nobody who refused notifications."""
    customer = order.customer
    if not customer.accepts_notifications:
        return None
    survey = _active_survey(order.brand, Audience.CUSTOMER)
    if survey is None:
        return None
    existing = SurveyInvitation.objects.filter(order=order).first()
    if existing is not None:
        return existing
    invitation, token = _invitation_create(
        survey, customer.language, order=order, outlet=order.outlet, model=order.model,
        customer=customer,
    )  # fmt: skip
    with translation.override(customer.language):
        words = {
            "brand": order.brand.name,
            "model": order.model.name,
            "number": order.number,
            "link": survey_url(token),
            "date": timezone.localtime(invitation.expires_at).date().isoformat(),
        }
        subject = _("How did we do? Service card %(number)s") % words
        body = (
            _(
                "Thank you for choosing %(brand)s. How did the repair of your %(model)s "
                "(service card %(number)s) go? Four quick questions, about a minute: %(link)s "
                "(the link works until %(date)s)"
            )
            % words
        )
    message_to_customer(
        customer=customer, topic=f"order:{order.number}:survey", subject=subject, body=body,
        language=customer.language,
    )  # fmt: skip
    return invitation


def survey_invite_for_batch(*, batch: ReturnBatch) -> SurveyInvitation | None:
    """Invites the dealer of a closed return batch, once."""
    survey = _active_survey(batch.brand, Audience.DEALER)
    if survey is None:
        return None
    existing = SurveyInvitation.objects.filter(batch=batch).first()
    if existing is not None:
        return existing
    invitation, token = _invitation_create(
        survey, DEALER_LANGUAGE, batch=batch, outlet=None, dealer=batch.dealer
    )
    words = {
        "number": batch.number,
        "link": survey_url(token),
        "date": timezone.localtime(invitation.expires_at).date().isoformat(),
    }
    texts = []
    # Both languages, as the other notices to dealers.
    for language in (DEALER_LANGUAGE, "en"):
        with translation.override(language):
            texts.append(
                _(
                    "Return batch %(number)s is closed. How did %(brand)s handle it? Four quick "
                    "questions, about a minute: %(link)s (the link works until %(date)s)"
                )
                % (words | {"brand": batch.brand.name})
            )
    with translation.override(DEALER_LANGUAGE):
        subject = _("How did we do? Return batch %(number)s") % words
    message_to_dealer(
        dealer=batch.dealer, topic=f"return-batch:{batch.number}:survey", subject=subject,
        body="\n\n".join(texts), language=DEALER_LANGUAGE,
    )  # fmt: skip
    return invitation
