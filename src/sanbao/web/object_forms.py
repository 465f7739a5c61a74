"""Generic create and edit pages for every ObjectPage that declares `form_fields`.

Choices of related records are limited to what the user may see (brands they work for,
and the rows of the related model's own ObjectPage), so nobody can attach a record to
another brand's data by editing the form.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.forms import ModelForm, modelform_factory
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sanbao.accounts.http import SignedInRequest
from sanbao.accounts.models import Brand
from sanbao.accounts.selectors import user_brands
from sanbao.web.object_pages import ObjectPage
from sanbao.web.widgets import DateInput


def _form_class(page: ObjectPage) -> type[ModelForm[Any]]:
    if page.form_class is not None:
        return page.form_class  # type: ignore[no-any-return]
    widgets: dict[str, type[forms.Widget] | forms.Widget] = {
        name: DateInput()
        for name in page.form_fields
        if isinstance(page.model._meta.get_field(name), models.DateField)
    }
    return modelform_factory(page.model, fields=page.form_fields, widgets=widgets)


def _limit_choices(form: ModelForm[Any], request: SignedInRequest) -> None:
    from sanbao.web.urls import OBJECT_PAGES

    pages = {other.model: other for other in OBJECT_PAGES}
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        if queryset.model is Brand:
            field.queryset = user_brands(user=request.user)  # type: ignore[attr-defined]
        elif queryset.model in pages:
            field.queryset = pages[queryset.model].queryset(request.user)  # type: ignore[attr-defined]


@transaction.atomic
def object_save(*, form: ModelForm[Any]) -> models.Model:
    """Save a validated back-office form, with its many-to-many links, in one transaction."""
    saved: models.Model = form.save()
    return saved


def _edit(
    request: SignedInRequest, page: ObjectPage, instance: models.Model | None
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = _form_class(page)(data, instance=instance)
    _limit_choices(form, request)
    if request.method == "POST" and form.is_valid():
        if page.save is not None:
            saved = page.save(form=form, by=request.user)
        else:
            saved = object_save(form=form)
        messages.success(request, _("Saved %(object)s.") % {"object": saved})
        return redirect(f"web:object_detail:{page.slug}", saved.pk)
    return render(
        request, "web/object_form.html", {"page_def": page, "form": form, "obj": instance}
    )


def object_create(request: SignedInRequest, page: ObjectPage) -> HttpResponse:
    if not request.user.is_authenticated or not page.can_add(request.user):
        raise PermissionDenied
    return _edit(request, page, None)


def object_edit(request: SignedInRequest, page: ObjectPage, pk: int) -> HttpResponse:
    if not request.user.is_authenticated or not page.can_change(request.user):
        raise PermissionDenied
    instance = page.queryset(request.user).filter(pk=pk).first()
    if instance is None:
        raise Http404
    return _edit(request, page, instance)
