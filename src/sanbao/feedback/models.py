"""Surveys sent when an order or a dealer's batch closes, their answers and the follow-ups
a low score opens (seed 000 clause 5: feedback as the basis for improving)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import Brand, Dealer, ServiceOutlet
from sanbao.catalog.models import ProductModel
from sanbao.customers.models import Customer


class Audience(models.TextChoices):
    CUSTOMER = "customer", _("Customers (service orders)")
    DEALER = "dealer", _("Dealers (return batches)")


class Survey(models.Model):
    """A brand's questionnaire for one audience: four questions, worded in both languages."""

    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, verbose_name=_("brand"))
    audience = models.CharField(_("sent to"), max_length=10, choices=Audience.choices)
    is_active = models.BooleanField(_("send it"), default=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    intro_zh = models.TextField(_("introduction (Chinese)"), blank=True)
    csat_en = models.CharField(_("satisfaction question, 1-5 (English)"), max_length=200)
    csat_zh = models.CharField(_("satisfaction question, 1-5 (Chinese)"), max_length=200)
    nps_en = models.CharField(_("recommendation question, 0-10 (English)"), max_length=200)
    nps_zh = models.CharField(_("recommendation question, 0-10 (Chinese)"), max_length=200)
    first_visit_en = models.CharField(_("fixed-first-time question (English)"), max_length=200)
    first_visit_zh = models.CharField(_("fixed-first-time question (Chinese)"), max_length=200)
    comment_en = models.CharField(_("comment prompt (English)"), max_length=200)
    comment_zh = models.CharField(_("comment prompt (Chinese)"), max_length=200)
    link_valid_days = models.PositiveSmallIntegerField(
        _("link valid for (days)"), default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )  # fmt: skip
    low_csat = models.PositiveSmallIntegerField(
        _("follow up a satisfaction score at or below"), default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )  # fmt: skip
    low_nps = models.PositiveSmallIntegerField(
        _("follow up a recommendation score at or below"), default=4,
        validators=[MaxValueValidator(10)],
    )  # fmt: skip
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["brand", "audience"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.UniqueConstraint(fields=["brand", "audience"], name="survey_per_audience")
        ]

    def __str__(self) -> str:
        return f"{self.brand} · {self.get_audience_display()}"

    def text(self, question: str, language: str | None = None) -> str:
        """A question in the language asked for (the active one by default)."""
        chinese = (language or get_language() or "").startswith("zh")
        return str(getattr(self, f"{question}_{'zh' if chinese else 'en'}"))


class SurveyScope(models.Model):
    """Who and what a survey was about, copied onto invitations and answers so that the
    dashboards filter them without joins."""

    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="+")
    outlet = models.ForeignKey(
        ServiceOutlet, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("outlet"),
    )  # fmt: skip
    dealer = models.ForeignKey(
        Dealer, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("dealer"),
    )  # fmt: skip
    model = models.ForeignKey(
        ProductModel, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("model"),
    )  # fmt: skip

    class Meta:
        abstract = True


class SurveyInvitation(SurveyScope):
    """One link sent for one closed order or batch. Only the token's hash is stored."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="invitations")
    customer = models.ForeignKey(
        Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("customer"),
    )  # fmt: skip
    order = models.OneToOneField(
        "service.ServiceOrder", on_delete=models.CASCADE, null=True, blank=True,
        related_name="survey_invitation", verbose_name=_("service order"),
    )  # fmt: skip
    batch = models.OneToOneField(
        "returns.ReturnBatch", on_delete=models.CASCADE, null=True, blank=True,
        related_name="survey_invitation", verbose_name=_("return batch"),
    )  # fmt: skip
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=10)
    sent_at = models.DateTimeField(_("sent"))
    expires_at = models.DateTimeField(_("link expires"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(order__isnull=True) ^ models.Q(batch__isnull=True),
                name="invitation_order_xor_batch",
            )
        ]
        indexes = [models.Index(fields=["brand", "sent_at"], name="invitation_brand_sent")]

    def __str__(self) -> str:
        subject = self.order.number if self.order else self.batch.number if self.batch else ""
        return f"{subject} · {self.sent_at:%Y-%m-%d}"


class SurveyResponse(SurveyScope):
    """The answers; brand, outlet, dealer and model are copied so dashboards need no join."""

    invitation = models.OneToOneField(
        SurveyInvitation, on_delete=models.CASCADE, related_name="response"
    )
    csat = models.PositiveSmallIntegerField(
        _("satisfaction (1-5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    nps = models.PositiveSmallIntegerField(
        _("recommendation (0-10)"), validators=[MaxValueValidator(10)]
    )
    fixed_first_visit = models.BooleanField(_("fixed the first time"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    answered_at = models.DateTimeField(_("answered"))

    class Meta:
        ordering = ["-answered_at"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [models.Index(fields=["brand", "answered_at"], name="response_brand_answered")]

    def __str__(self) -> str:
        return f"CSAT {self.csat} · NPS {self.nps} · {self.answered_at:%Y-%m-%d}"


class FollowUp(models.Model):
    """A low score: the outlet's manager calls back and records what was done."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    response = models.OneToOneField(
        SurveyResponse, on_delete=models.CASCADE, related_name="follow_up",
        verbose_name=_("response"),
    )  # fmt: skip
    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="+")
    outlet = models.ForeignKey(
        ServiceOutlet, on_delete=models.PROTECT, related_name="follow_ups",
        verbose_name=_("outlet"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=6, choices=Status.choices, default=Status.OPEN
    )
    reason = models.CharField(_("why"), max_length=200)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    outcome = models.TextField(_("what was done"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("closed by"),
    )  # fmt: skip
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["status", "-opened_at"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [models.Index(fields=["outlet", "status"], name="follow_up_outlet_status")]

    def __str__(self) -> str:
        return f"{self.outlet} · {self.reason}"
