"""Generic back-office list and detail pages, declared per model instead of hand-written.

An app lists its `ObjectPage`s in its `pages.py`; `web.urls` turns each into a searchable,
filterable, paginated list and a detail page, limited to the declared permission and to the
rows the user's scope allows; pages with `form_fields` also get create and edit pages
(`web.object_forms`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext as _

from sanbao.accounts.http import SignedInRequest
from sanbao.accounts.models import Brand, User
from sanbao.accounts.phones import validate_cn_phone
from sanbao.accounts.selectors import user_brands
from sanbao.web.templatetags.sanbao import phone

Scope = Callable[[User, QuerySet[Any]], QuerySet[Any]]
DetailContext = Callable[[SignedInRequest, Any], dict[str, Any]]


@dataclass(frozen=True)
class PageAction:
    """A button on a list page, shown to users with the permission."""

    label: str | Promise
    url_name: str
    permission: str


class CappedPaginator(Paginator):  # type: ignore[type-arg]
    """Counts at most `cap` + 1 rows: tables of millions are searched, not paged through."""

    def __init__(self, object_list: Any, per_page: int, cap: int) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        return int(self.object_list[: self.cap + 1].count())  # type: ignore[attr-defined]

    @property
    def capped(self) -> bool:
        return self.count > self.cap


def _everything(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset


@dataclass(frozen=True)
class ObjectPage:
    slug: str
    model: type[models.Model]
    title: str | Promise
    permission: str
    columns: list[str]
    detail_fields: list[str]
    search_fields: list[str] = field(default_factory=list)
    filters: list[str] = field(default_factory=list)
    scope: Scope = _everything
    labels: dict[str, str | Promise] = field(default_factory=dict)
    form_fields: list[str] = field(default_factory=list)  # empty: the page is read-only
    per_page: int = 50
    actions: list[PageAction] = field(default_factory=list)
    search: Callable[[str], Q] | None = None  # instead of icontains on search_fields
    search_hint: str | Promise = ""
    count_cap: int | None = None
    # Pages whose records need more than a ModelForm: their form, and the service saving it.
    form_class: Any = None
    save: Callable[..., models.Model] | None = None
    # A template shown under the detail fields, with what `detail_context` adds.
    detail_template: str = ""
    detail_context: DetailContext | None = None

    def _codename(self, action: str) -> str:
        meta = self.model._meta
        return f"{meta.app_label}.{action}_{meta.model_name}"

    @property
    def searchable(self) -> bool:
        return bool(self.search_fields) or self.search is not None

    def can_add(self, user: User) -> bool:
        return bool(self.form_fields) and user.has_perm(self._codename("add"))

    def can_change(self, user: User) -> bool:
        return bool(self.form_fields) and user.has_perm(self._codename("change"))

    def label(self, name: str) -> str:
        if name in self.labels:
            return str(self.labels[name])
        try:
            return str(getattr(self.model._meta.get_field(name), "verbose_name", name))
        except FieldDoesNotExist:
            return str(getattr(getattr(self.model, name, None), "short_description", name))

    def value(self, obj: models.Model, name: str) -> Any:
        try:
            model_field: Any = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return getattr(obj, name)
        if model_field.many_to_many:
            return ", ".join(str(item) for item in getattr(obj, name).all())
        if getattr(model_field, "choices", None):
            return getattr(obj, f"get_{name}_display")()
        if validate_cn_phone in getattr(model_field, "validators", ()):
            return phone(getattr(obj, name))
        return getattr(obj, name)

    def filter_choices(self, name: str, user: User) -> list[tuple[str, str]]:
        model_field: Any = self.model._meta.get_field(name)
        if isinstance(model_field, models.BooleanField):
            return [("true", _("Yes")), ("false", _("No"))]
        if model_field.is_relation:
            related = model_field.related_model._default_manager.all()
            if model_field.related_model is Brand:
                related = user_brands(user=user)
            return [(str(item.pk), str(item)) for item in related]
        return [(str(value), str(label)) for value, label in model_field.choices or []]

    def queryset(self, user: User) -> QuerySet[Any]:
        return self.scope(user, self.model._default_manager.all())


def _check(request: SignedInRequest, page: ObjectPage) -> None:
    if not request.user.is_authenticated or not request.user.has_perm(page.permission):
        raise PermissionDenied


def object_list(request: SignedInRequest, page: ObjectPage) -> HttpResponse:
    _check(request, page)
    rows = page.queryset(request.user)
    query = request.GET.get("q", "").strip()[:100]
    many_rows = False  # a many-to-many filter can return a row more than once
    if query and page.search is not None:
        rows = rows.filter(page.search(query))
    elif query and page.search_fields:
        condition = Q()
        for name in page.search_fields:
            condition |= Q(**{f"{name}__icontains": query})
        rows = rows.filter(condition)
    filters, errors = [], []
    for name in page.filters:
        choices = page.filter_choices(name, request.user)
        chosen = request.GET.get(name, "")
        if chosen and chosen not in {value for value, _label in choices}:
            errors.append(
                _("“%(value)s” is not a choice for %(filter)s.")
                % {"value": chosen[:40], "filter": page.label(name)}
            )
            chosen = ""
        if chosen:
            model_field = page.model._meta.get_field(name)
            lookup = f"{name}__pk" if model_field.many_to_many else name
            many_rows = many_rows or bool(model_field.many_to_many)
            rows = rows.filter(
                **{lookup: chosen == "true" if chosen in ("true", "false") else chosen}
            )
        filters.append(
            {"name": name, "label": page.label(name), "choices": choices, "chosen": chosen}
        )
    rows = rows.distinct() if many_rows else rows
    paginator = (
        CappedPaginator(rows, page.per_page, page.count_cap)
        if page.count_cap
        else Paginator(rows, page.per_page)
    )
    current = paginator.get_page(request.GET.get("page"))
    context = {
        "page_def": page,
        "headers": [page.label(name) for name in page.columns],
        "rows": [(obj, [page.value(obj, name) for name in page.columns]) for obj in current],
        "page_obj": current,
        "query": query,
        "filters": filters,
        "errors": errors,
        "can_add": page.can_add(request.user),
        "actions": [a for a in page.actions if request.user.has_perm(a.permission)],
    }
    template = "web/object_table.html" if request.htmx else "web/object_list.html"
    return render(request, template, context)


def object_detail(request: SignedInRequest, page: ObjectPage, pk: int) -> HttpResponse:
    _check(request, page)
    obj = page.queryset(request.user).filter(pk=pk).first()
    if obj is None:
        raise Http404
    fields = [(page.label(name), page.value(obj, name)) for name in page.detail_fields]
    context = {
        "page_def": page,
        "obj": obj,
        "fields": fields,
        "can_change": page.can_change(request.user),
    }
    if page.detail_context is not None:
        context.update(page.detail_context(request, obj))
    return render(request, "web/object_detail.html", context)
