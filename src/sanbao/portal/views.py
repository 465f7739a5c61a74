"""Portal pages: the customer's service directory and the dealer's home."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sanbao.accounts.http import SignedInRequest
from sanbao.portal import selectors
from sanbao.portal.access import dealer_required


def customer_home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/customer_home.html", {"brands": selectors.brands_with_outlets()})


@dealer_required
def dealer_home(request: SignedInRequest) -> HttpResponse:
    dealer = request.user.dealer
    assert dealer is not None  # dealer_required
    today = timezone.localdate()
    return render(
        request,
        "portal/dealer_home.html",
        {
            "dealer": dealer,
            "brands": dealer.brands.filter(is_active=True),
            "authorised": selectors.dealer_authorised_on(dealer=dealer, day=today),
        },
    )
