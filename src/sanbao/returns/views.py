"""Pages of dealer returns, for the dealer (its own batches, in the dealer portal's frame)
and for the factory floor (its brands' batches): list, new batch, the batch, one unit."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanbao.accounts.http import SignedInRequest
from sanbao.accounts.models import User
from sanbao.config.errors import DomainError
from sanbao.returns import building, receiving, shipping, submission
from sanbao.returns import forms as batch_forms
from sanbao.returns.inspection import unit_inspect
from sanbao.returns.models import BatchStatus, ReturnBatch, ReturnUnit
from sanbao.returns.page_context import batch_page_context, unit_page_context
from sanbao.returns.selectors import BatchFilter, batch_get, batches_filter


def _base(user: User) -> str:
    return "portal/dealer_base.html" if user.dealer_id else "web/base.html"


def _may_see_returns(user: User) -> None:
    if not (user.dealer_id or user.has_perm("returns.view_returnbatch")):
        raise PermissionDenied


def batch_for_page(request: SignedInRequest, number: str) -> ReturnBatch:
    _may_see_returns(request.user)
    try:
        return batch_get(user=request.user, number=number)
    except DomainError:
        raise Http404 from None


def batch_url(batch: ReturnBatch) -> str:
    return reverse("returns:batch", args=[batch.number])


@login_required
def batch_list(request: SignedInRequest) -> HttpResponse:
    _may_see_returns(request.user)
    get = request.GET
    status = get.get("status", "")
    criteria = BatchFilter(
        status=status if status in BatchStatus.values else "",
        dealer=get.get("dealer", "")[:20], query=get.get("q", "")[:32],
        overdue=get.get("overdue") == "1",
    )  # fmt: skip
    page = Paginator(batches_filter(user=request.user, criteria=criteria), 50).get_page(
        get.get("page")
    )
    context = {"base": _base(request.user), "page": page, "criteria": criteria,
               "status_choices": BatchStatus.choices}  # fmt: skip
    template = "returns/_batch_table.html" if request.htmx else "returns/batch_list.html"
    return render(request, template, context)


@login_required
def batch_new(request: SignedInRequest) -> HttpResponse:
    _may_see_returns(request.user)
    form = batch_forms.HeaderForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            batch = building.batch_create(
                brand=form.cleaned_data["brand"], header=form.header(), by=request.user,
                dealer=form.cleaned_data.get("dealer"),
            )  # fmt: skip
        except DomainError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request, _("Batch %(number)s created: add its units.") % {"number": batch.number}
            )
            return redirect(batch_url(batch))
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "returns/batch_new.html",
        {"base": _base(request.user), "form": form},
        status=status,
    )


@login_required
def batch_detail(request: SignedInRequest, number: str) -> HttpResponse:
    batch = batch_for_page(request, number)
    context = batch_page_context(batch, request.user) | {"base": _base(request.user)}
    return render(request, "returns/batch_detail.html", context)


@dataclass(frozen=True)
class PageAction:
    form: type[forms.Form]
    run: Callable[[Any, ReturnBatch, User], Any]
    done: str


def _rows_add(form: Any, batch: ReturnBatch, user: User) -> Any:
    return building.batch_units_add(number=batch.number, rows=form.rows(), by=user)


def _rows_import(form: Any, batch: ReturnBatch, user: User) -> Any:
    upload = form.cleaned_data["file"]
    return building.batch_units_import(
        number=batch.number, upload=upload, file_name=upload.name, by=user
    )


ACTIONS: dict[str, PageAction] = {
    "rows_add": PageAction(batch_forms.RowForm, _rows_add, _("Row added.")),
    "rows_paste": PageAction(
        batch_forms.PasteForm,
        lambda f, b, u: building.batch_units_paste(
            number=b.number, text=f.cleaned_data["text"], by=u
        ),
        _("Pasted rows added."),
    ),
    "rows_import": PageAction(batch_forms.ImportForm, _rows_import, _("Rows imported.")),
    "submit": PageAction(
        forms.Form,
        lambda f, b, u: submission.batch_submit(number=b.number, by=u),
        _("Packing list submitted: print it with the fault labels."),
    ),
    "dispatch": PageAction(
        batch_forms.DispatchForm,
        lambda f, b, u: submission.batch_dispatch(number=b.number, by=u, **f.cleaned_data),
        _("Handed to the courier."),
    ),
    "cancel": PageAction(
        batch_forms.ReasonForm,
        lambda f, b, u: building.batch_cancel(
            number=b.number, reason=f.cleaned_data["reason"], by=u
        ),
        _("Batch cancelled."),
    ),
    "count": PageAction(
        batch_forms.CountForm,
        lambda f, b, u: receiving.unit_count(number=b.number, code=f.cleaned_data["code"], by=u),
        _("Counted."),
    ),
    "receive": PageAction(
        batch_forms.ReceiptForm,
        lambda f, b, u: receiving.batch_receive(number=b.number, receipt=f.receipt(), by=u),
        _("Receipt recorded: the return cycle has started."),
    ),
    "contact": PageAction(
        batch_forms.ContactForm,
        lambda f, b, u: receiving.batch_contact_record(number=b.number, by=u, **f.cleaned_data),
        _("Call recorded in the contact log."),
    ),
    "fill": PageAction(
        forms.Form,
        lambda f, b, u: shipping.backorders_fill(number=b.number, by=u),
        _("Backorders tried against the stock."),
    ),
    "ship": PageAction(
        batch_forms.ShipForm,
        lambda f, b, u: shipping.batch_ship(number=b.number, by=u, **f.cleaned_data),
        _("Shipped with a delivery list."),
    ),
    "close": PageAction(
        batch_forms.ReasonForm,
        lambda f, b, u: shipping.batch_close(number=b.number, by=u, note=f.cleaned_data["reason"]),
        _("Batch closed."),
    ),
}


def _form(action: str, request: SignedInRequest, batch: ReturnBatch) -> forms.Form:
    form_class = ACTIONS[action].form
    if form_class is batch_forms.RowForm:
        return form_class(request.POST, batch=batch)
    return form_class(request.POST, request.FILES)


def _errors_to_form(form: forms.Form, error: DomainError) -> None:
    rows = error.fields.get("rows")
    for field, message in error.fields.items():
        if field != "rows":
            form.add_error(field if field in form.fields else None, str(message))
    if rows or not error.fields:
        form.add_error(None, error.message)


@login_required
@require_POST
def batch_act(request: SignedInRequest, number: str, action: str) -> HttpResponse:
    batch = batch_for_page(request, number)
    if action not in ACTIONS:
        raise Http404
    form = _form(action, request, batch)
    row_errors: list[dict[str, Any]] = []
    if form.is_valid():
        try:
            ACTIONS[action].run(form, batch, request.user)
        except DomainError as error:
            _errors_to_form(form, error)
            row_errors = list(error.fields.get("rows", []))
        else:
            messages.success(request, ACTIONS[action].done)
            return redirect(batch_url(batch))
    batch.refresh_from_db()
    context = batch_page_context(batch, request.user) | {
        "base": _base(request.user), "failed_action": action,
        "failed_form": form, "row_errors": row_errors,
    }  # fmt: skip
    return render(request, "returns/batch_detail.html", context, status=422)


@login_required
def unit_page(request: SignedInRequest, number: str, line: int) -> HttpResponse:
    """A unit (its label's QR code opens this): count it in, or inspect it."""
    batch = batch_for_page(request, number)
    unit = (
        batch.units.select_related("model", "received_model", "replacement", "shipment")
        .filter(line=line)
        .first()
    )
    if unit is None:
        raise Http404
    initial = {"accessories_present": unit.accessories}
    form = batch_forms.InspectionForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                unit_inspect(
                    number=batch.number, line=line, inspection=form.inspection(), by=request.user
                )
            except DomainError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, _("Line %(line)s inspected.") % {"line": line})
                return redirect(batch_url(batch))
        status = 422
    context = unit_page_context(batch, unit, request.user) | {
        "base": _base(request.user),
        "form": form,
    }
    return render(request, "returns/unit.html", context, status=status)


def unit_url(unit: ReturnUnit) -> str:
    return reverse("returns:unit", args=[unit.batch.number, unit.line])
