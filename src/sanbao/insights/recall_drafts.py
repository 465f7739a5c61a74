"""Starting a recall from a flagged batch: a draft campaign pre-filled with the batch as its
scope and the evidence as its cause, for a manager to finish on the recall's edit page."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sanbao.accounts.models import User
from sanbao.accounts.selectors import user_brands
from sanbao.catalog.forms import RecallForm
from sanbao.catalog.models import ProductionBatch, Recall, RecallRemedy
from sanbao.catalog.recalls import recall_save
from sanbao.config.errors import DomainError
from sanbao.insights.quality import BatchRate, batch_failure_rates
from sanbao.insights.scope import Scope, default_period
from sanbao.warranty.labels import fault_label

OPEN = (Recall.Status.DRAFT, Recall.Status.ACTIVE)
CODE_LENGTH = 40  # Recall.code


def may_start_recall(user: User) -> bool:
    return user.has_perm("insights.start_recall") and user.has_perm("catalog.add_recall")


def open_recalls_covering(batch: ProductionBatch) -> QuerySet[Recall]:
    """Draft or active recalls whose scope takes in the batch: named in it, or the whole
    model recalled (no batches, no serial ranges)."""
    whole_model = Q(product_models=batch.model_id, batches=None, serial_ranges=[])
    return Recall.objects.filter(Q(batches=batch) | whole_model, status__in=OPEN).distinct()


def _recall_code(batch: ProductionBatch) -> str:
    """<SKU>-<batch code> (the code alone when it starts with the SKU), made unique within
    the brand with -2, -3…"""
    sku, code = batch.model.sku, batch.code
    named = code if code.upper().startswith(sku.upper()) else f"{sku}-{code}"
    base = slugify(named).upper()[:CODE_LENGTH] or "RECALL"
    taken = set(
        Recall.objects.filter(brand_id=batch.model.brand_id, code__istartswith=base)
        .values_list("code", flat=True)
    )  # fmt: skip
    found, number = base, 1
    while found in taken:
        number += 1
        suffix = f"-{number}"
        found = base[: CODE_LENGTH - len(suffix)] + suffix
    return found


def recall_cause(rate: BatchRate | None, period: tuple[date, date]) -> str:
    """The evidence in a sentence or two, in the language of whoever starts the draft."""
    start, end = (f"{day:%Y-%m-%d}" for day in period)
    if rate is None:
        return _("No confirmed faults of this batch from %(start)s to %(end)s.") % {
            "start": start, "end": end,
        }  # fmt: skip
    words = [
        _("%(faults)s confirmed faults in %(shipped)s units shipped from batch %(batch)s of "
          "%(model)s, reported from %(start)s to %(end)s.") % {
            "faults": rate.confirmed, "shipped": rate.n, "batch": rate.batch.code,
            "model": rate.model.sku, "start": start, "end": end,
        }
    ]  # fmt: skip
    if rate.p is not None and rate.ucl is not None:
        words.append(
            _("Failure rate %(rate)s ‰ against an upper control limit of %(ucl)s ‰ "
              "(the model's centre line is %(centre)s ‰).") % {
                "rate": rate.per_mille("p"), "ucl": rate.per_mille("ucl"),
                "centre": rate.per_mille("p_bar"),
            }
        )  # fmt: skip
    if rate.hazard_faults:
        found = ", ".join(f"{fault_label(code)} × {n}" for code, n in rate.hazard_faults)  # noqa: RUF001
        words.append(_("Hazard faults: %(faults)s.") % {"faults": found})
    return " ".join(words)


@transaction.atomic
def recall_draft_start(
    *, batch_id: int, by: User, period: tuple[date, date] | None = None
) -> Recall:
    """A draft recall of one production batch, its cause taken from the batch's evidence in
    the period (the last twelve months unless given). 409 when an open recall already
    covers the batch."""
    if not may_start_recall(by):
        raise PermissionDenied
    batch = (
        ProductionBatch.objects.select_for_update(of=("self",))
        .select_related("model__brand")
        .filter(pk=batch_id, model__brand__in=user_brands(user=by))
        .first()
    )  # the row lock makes two managers' clicks start one draft, not two
    if batch is None:
        raise DomainError("not_found", _("There is no such production batch."), status=404)
    existing = open_recalls_covering(batch).first()
    if existing is not None:
        raise DomainError(
            "recall_exists",
            _("Recall %(code)s (%(status)s) already covers batch %(batch)s.")
            % {"code": existing.code, "status": existing.get_status_display(),
               "batch": batch.code},
            status=409,
        )  # fmt: skip
    period = period or default_period(timezone.localdate())
    scope = Scope(brand_ids=(batch.model.brand_id,), start=period[0], end=period[1],
                  model_id=batch.model_id)  # fmt: skip
    rate = next((r for r in batch_failure_rates(scope) if r.batch.pk == batch.pk), None)
    model = batch.model
    form = RecallForm({
        "brand": model.brand_id,
        "code": _recall_code(batch),
        "title_en": f"Recall of {model.name_en} ({model.sku}) batch {batch.code}",
        "title_zh": f"{model.name_zh}（{model.sku}）批次 {batch.code} 召回",  # noqa: RUF001
        "cause": recall_cause(rate, period),
        "remedy": RecallRemedy.REPLACE if rate and rate.hazards else RecallRemedy.CHOICE,
        "product_models": [model.pk],
        "batches": [batch.pk],
        "starts_on": timezone.localdate().isoformat(),
        "ranges": "",
    })  # fmt: skip
    if not form.is_valid():
        raise DomainError(
            "invalid_draft", _("The recall draft could not be filled in."), status=422,
            fields={name: " ".join(map(str, errors)) for name, errors in form.errors.items()},
        )  # fmt: skip
    return recall_save(form=form, by=by)
