"""A serial file being imported by the worker: its progress and its per-row error report."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import Brand

# A running import whose worker has not reported for this long has died (killed, restarted).
STALE_AFTER = timedelta(minutes=5)
# The report keeps the first errors; the count says how many there were.
ERRORS_KEPT = 200


class SerialImport(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        CHECKING = "checking", _("Checking rows")
        SAVING = "saving", _("Saving units")
        SUCCEEDED = "succeeded", _("Imported")
        FAILED = "failed", _("Nothing imported")

    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, verbose_name=_("brand"))
    file = models.FileField(_("file"), upload_to="imports/serials/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows in file"), null=True, blank=True)
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    units_imported = models.PositiveIntegerField(_("units imported"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(
        _("error report"), default=list, blank=True
    )  # [{row, column, message}]
    failure = models.TextField(_("why nothing was imported"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("uploaded by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("serial import")
        verbose_name_plural = _("serial imports")

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.rows_total:
            return 0
        # Checking is the long part; saving shows as the last tenth.
        checked = 90 * self.rows_checked // self.rows_total
        return min(99, checked + (9 if self.status == self.Status.SAVING else 0))

    def is_stale(self, now: datetime) -> bool:
        if self.is_finished or self.heartbeat_at is None:
            return False
        return now - self.heartbeat_at > STALE_AFTER


class StagedUnit(models.Model):
    """A checked row waiting for its import to be written in one go (PostgreSQL: COPY here).

    Rows are staged in small committed chunks while the file is checked, so a killed worker
    leaves only staged rows behind (the sweeper removes them), never half an import.
    """

    serial_import = models.ForeignKey(SerialImport, on_delete=models.CASCADE, related_name="+")
    row = models.PositiveIntegerField()
    serial = models.CharField(max_length=32)
    model_id = models.BigIntegerField()
    batch_id = models.BigIntegerField(null=True)
    produced_on = models.DateField()
    dealer_id = models.BigIntegerField(null=True)
    shipped_on = models.DateField(null=True)
    status = models.CharField(max_length=12)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.serial_import_id}:{self.row}"
