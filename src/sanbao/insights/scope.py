"""What a dashboard looks at: the user's brands narrowed by the filters (brand, outlet,
dealer, model) and a period of whole days in local time."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanbao.accounts.models import Brand, Dealer, ServiceOutlet, User
from sanbao.accounts.selectors import user_brands
from sanbao.catalog.models import ProductModel

LONGEST_PERIOD = timedelta(days=3 * 366)


@dataclass(frozen=True)
class Scope:
    brand_ids: tuple[int, ...]
    start: date  # first day, inclusive
    end: date  # last day, inclusive
    outlet_id: int | None = None
    dealer_id: int | None = None
    model_id: int | None = None

    @property
    def start_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def end_before(self) -> datetime:
        """The first instant after the period."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def during(self, field: str) -> Q:
        """`field` (a timestamp) falls inside the period."""
        return Q(**{f"{field}__gte": self.start_at, f"{field}__lt": self.end_before})

    def outlet_side(self, *, model: str = "model_id", outlet: str = "outlet_id") -> Q:
        """Rows of the outlets' work: brand, outlet and model filters (no dealer)."""
        where = Q(brand_id__in=self.brand_ids)
        if self.outlet_id:
            where &= Q(**{outlet: self.outlet_id})
        if self.model_id:
            where &= Q(**{model: self.model_id})
        return where

    def dealer_side(self, *, brand: str = "brand_id", dealer: str = "dealer_id") -> Q:
        """Rows of the dealers' returns and declarations: brand and dealer filters."""
        where = Q(**{f"{brand}__in": self.brand_ids})
        if self.dealer_id:
            where &= Q(**{dealer: self.dealer_id})
        return where

    def as_query(self) -> dict[str, str]:
        """The filters as URL parameters (for export links)."""
        found = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        for name in ("outlet_id", "dealer_id", "model_id"):
            value = getattr(self, name)
            if value:
                found[name.removesuffix("_id")] = str(value)
        return found


def default_period(today: date) -> tuple[date, date]:
    """The last twelve months, counted from the first day of the month eleven months ago."""
    month = today.month - 11
    year = today.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1), today


class ScopeForm(forms.Form):
    brand = forms.ModelChoiceField(
        Brand.objects.none(), required=False, label=gettext_lazy("Brand"),
        empty_label=gettext_lazy("All my brands"),
    )  # fmt: skip
    outlet = forms.ModelChoiceField(
        ServiceOutlet.objects.none(), required=False, label=gettext_lazy("Outlet"),
        empty_label=gettext_lazy("All outlets"),
    )  # fmt: skip
    dealer = forms.ModelChoiceField(
        Dealer.objects.none(), required=False, label=gettext_lazy("Dealer"),
        empty_label=gettext_lazy("All dealers"),
    )  # fmt: skip
    model = forms.ModelChoiceField(
        ProductModel.objects.none(), required=False, label=gettext_lazy("Model"),
        empty_label=gettext_lazy("All models"),
    )  # fmt: skip
    start = forms.DateField(required=False, label=gettext_lazy("From"))
    end = forms.DateField(required=False, label=gettext_lazy("To"))

    def __init__(self, data: Any, *, user: User) -> None:
        super().__init__(data)
        brands = user_brands(user=user)
        self.brands = brands
        self.fields["brand"].queryset = brands  # type: ignore[attr-defined]
        self.fields["outlet"].queryset = (  # type: ignore[attr-defined]
            ServiceOutlet.objects.filter(brands__in=brands).distinct().order_by("code")
        )
        self.fields["dealer"].queryset = (  # type: ignore[attr-defined]
            Dealer.objects.filter(brands__in=brands).distinct().order_by("code")
        )
        self.fields["model"].queryset = (  # type: ignore[attr-defined]
            ProductModel.objects.filter(brand__in=brands).order_by("brand__code", "sku")
        )
        for name in ("start", "end"):
            self.fields[name].widget = forms.DateInput(attrs={"type": "date"})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        today = timezone.localdate()
        start, end = default_period(today)
        start, end = cleaned.get("start") or start, cleaned.get("end") or end
        if end < start:
            self.add_error("end", _("The period cannot end before it starts."))
        elif end - start > LONGEST_PERIOD:
            self.add_error("end", _("Choose a period of at most three years."))
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def scope(self) -> Scope:
        """The scope asked for; call after is_valid()."""
        data = self.cleaned_data
        brand = data.get("brand")
        brand_ids = (brand.pk,) if brand else tuple(self.brands.values_list("pk", flat=True))
        return Scope(
            brand_ids=brand_ids, start=data["start"], end=data["end"],
            outlet_id=_pk(data.get("outlet")), dealer_id=_pk(data.get("dealer")),
            model_id=_pk(data.get("model")),
        )  # fmt: skip


def _pk(value: Any) -> int | None:
    return int(value.pk) if value is not None else None
