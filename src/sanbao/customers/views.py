"""The one page that shows a customer's personal data unmasked, and logs that it did."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from sanbao.accounts.http import SignedInRequest
from sanbao.accounts.selectors import user_brands
from sanbao.customers.selectors import brand_customers
from sanbao.privacy.services import customer_access_record


@login_required
@permission_required("customers.view_customer", raise_exception=True)
@require_POST
def customer_reveal(request: SignedInRequest, pk: int) -> HttpResponse:
    customer = brand_customers(brands=user_brands(user=request.user)).filter(pk=pk).first()
    if customer is None:
        raise Http404
    customer_access_record(customer=customer, user=request.user, where=request.path)
    response = render(request, "customers/customer_full.html", {"customer": customer})
    response["Cache-Control"] = "no-store"
    return response
