"""People who sign in: staff of brands and outlets, and dealers' staff."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models.organisations import Brand, Dealer, ServiceOutlet
from sanbao.accounts.roles import ROLES, Role


class User(AbstractUser):
    language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    outlet = models.ForeignKey(
        ServiceOutlet,
        verbose_name=_("service outlet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    dealer = models.ForeignKey(
        Dealer,
        verbose_name=_("dealer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    brands = models.ManyToManyField(
        Brand,
        verbose_name=_("limited to brands"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty for every brand the user's outlet or dealer serves."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outlet__isnull=True) | models.Q(dealer__isnull=True),
                name="user_outlet_or_dealer_not_both",
            )
        ]

    def get_full_name(self) -> str:
        """Chinese names read family name first with no space (郑仓管); others as Django does."""
        first, last = self.first_name.strip(), self.last_name.strip()
        if any("\u4e00" <= char <= "\u9fff" for char in first + last):
            return f"{last}{first}"
        return super().get_full_name()

    @property
    def roles(self) -> list[Role]:
        names = {group.name for group in self.groups.all()}
        return [role for code, role in ROLES.items() if code in names]

    @property
    def role(self) -> Role | None:
        """The user's main role: the first of their roles in the order ROLES lists them."""
        roles = self.roles
        return roles[0] if roles else None

    @property
    def is_dealer_user(self) -> bool:
        return self.dealer_id is not None
