"""The privacy records: the access log, purge runs and their log, data-subject requests and
the phone codes that verify a customer who asks."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import Brand
from sanbao.customers.models import Customer


class Access(models.TextChoices):
    VIEW = "view", _("Saw personal data unmasked")
    EXPORT = "export", _("Exported data")
    ADMIN = "admin", _("Admin change")
    REQUEST = "request", _("Data-subject request")


class AccessLogEntry(models.Model):
    """Who saw, exported or changed what, and when; never the personal data itself."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("who"),
    )  # fmt: skip
    action = models.CharField(
        _("action"), max_length=8, choices=Access.choices, default=Access.VIEW
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("customer"),
    )  # fmt: skip
    customer_label = models.CharField(_("customer (masked)"), max_length=60, blank=True)
    viewed_at = models.DateTimeField(_("when"), auto_now_add=True)
    where = models.CharField(_("page or endpoint"), max_length=200)
    detail = models.CharField(_("what"), max_length=200, blank=True)

    class Meta:
        ordering = ["-viewed_at"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [
            models.Index(fields=["customer", "viewed_at"], name="access_by_customer"),
            models.Index(fields=["user", "viewed_at"], name="access_by_user"),
            models.Index(fields=["action", "viewed_at"], name="access_by_action"),
        ]

    def __str__(self) -> str:
        return f"{self.viewed_at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.detail}"


class PurgeRun(models.Model):
    """One pass of the retention purge; its entries say what kind and how many, per brand."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.RUNNING
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("started by"),
        help_text=_("Empty when the nightly schedule started it."),
    )  # fmt: skip
    error = models.TextField(_("error"), blank=True)
    heartbeat_at = models.DateTimeField(_("last batch"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("purge run")
        verbose_name_plural = _("purge runs")
        # One run at a time, whatever the number of workers: the database refuses a second.
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="running"), name="one_running_purge"
            )
        ]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def total(self) -> int:
        return sum(entry.count for entry in self.entries.all())


class PurgeLogEntry(models.Model):
    run = models.ForeignKey(
        PurgeRun, on_delete=models.CASCADE, related_name="entries", verbose_name=_("run")
    )
    brand = models.ForeignKey(
        Brand, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("brand"),
    )  # fmt: skip
    record_type = models.CharField(_("kind of record"), max_length=20)
    kept_until = models.DateField(_("kept until"), help_text=_("Records older than this."))
    clause = models.CharField(_("clause"), max_length=30)
    count = models.PositiveIntegerField(_("records purged"), default=0)
    updated_at = models.DateTimeField(_("last batch"), auto_now=True)

    class Meta:
        ordering = ["run", "record_type", "brand"]
        verbose_name = _("purge log entry")
        verbose_name_plural = _("purge log")
        # One entry per run, brand and kind (the customers' entry has no brand; the run's
        # lock keeps that one single, as SQLite cannot make NULLs equal in a constraint).
        constraints = [
            models.UniqueConstraint(
                fields=["run", "brand", "record_type"], name="one_entry_per_run_brand_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_type}: {self.count}"

    @property
    def record_label(self) -> str:
        from sanbao.privacy.schedules import BY_CODE

        record = BY_CODE.get(self.record_type)
        return str(record.label) if record else self.record_type


class DataSubjectRequest(models.Model):
    """A customer's request to see or erase their personal data, and what came of it."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("Copy of my personal data")
        ERASE = "erase", _("Erase my personal data")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for a legal hold to end")
        DONE = "done", _("Done")

    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="data_requests",
        verbose_name=_("customer"),
    )  # fmt: skip
    kind = models.CharField(_("request"), max_length=8, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    via = models.CharField(
        _("made"), max_length=8,
        choices=[("portal", _("By the customer, phone verified")), ("staff", _("By staff"))],
    )  # fmt: skip
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("staff"),
    )  # fmt: skip
    holds = models.JSONField(_("legal holds"), default=list, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        indexes = [models.Index(fields=["status", "kind"], name="data_request_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.customer}"


class PhoneChallenge(models.Model):
    """A one-time code sent by SMS to prove a visitor holds a phone; stored hashed."""

    phone_hash = models.CharField(max_length=64, db_index=True)
    code_hash = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("phone code")
        verbose_name_plural = _("phone codes")

    def __str__(self) -> str:
        return f"{self.phone_hash[:8]} {self.created_at:%Y-%m-%d %H:%M}"
