"""What a customer who agreed to notifications is told about their order, in their language."""

from django.utils import translation
from django.utils.translation import gettext as _

from sanbao.notify.services import message_to_customer
from sanbao.service.models import ServiceOrder
from sanbao.service.presenters import order_tracking_url


def _body(order: ServiceOrder, kind: str) -> str:
    words = {
        "model": order.model.name,
        "outlet": order.outlet.name,
        "number": order.number,
        "link": order_tracking_url(order),
    }
    if kind == "registered":
        return (
            _(
                "We have registered your %(model)s at %(outlet)s under service card %(number)s. "
                "Track it with the card number and the last four digits of your phone: %(link)s"
            )
            % words
        )
    if kind == "quote":
        quote = order.quotes.first()
        words["total"] = str(quote.total) if quote else ""
        return (
            _(
                "The repair of your %(model)s (card %(number)s) is not covered by the warranty and "
                "costs ¥%(total)s. Approve or decline the quote here: %(link)s"
            )
            % words
        )
    if kind == "ready":
        return (
            _(
                "Your %(model)s (card %(number)s) is ready. Collect it at %(outlet)s, or wait for "
                "the parcel if you sent it by post: %(link)s"
            )
            % words
        )
    return _("Service card %(number)s is closed. Thank you for your trust.") % words


def order_notice(order: ServiceOrder, kind: str) -> None:
    """One message per order and kind (registered, quote:<id>, ready, closed), never twice."""
    customer = order.customer
    if not customer.accepts_notifications:
        return
    with translation.override(customer.language):
        subject = _("Service card %(number)s") % {"number": order.number}
        body = _body(order, kind.split(":")[0])
    message_to_customer(
        customer=customer,
        topic=f"order:{order.number}:{kind}",
        subject=subject,
        body=body,
        language=customer.language,
    )
