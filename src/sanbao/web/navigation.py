"""The staff site's menu as data: each entry says who may see it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanbao.accounts.models import User


@dataclass(frozen=True)
class NavEntry:
    section: str | Promise
    label: str | Promise
    url_name: str
    allowed: Callable[[User], bool]

    @property
    def url(self) -> str:
        return reverse(self.url_name)


def _perm(codename: str) -> Callable[[User], bool]:
    return lambda user: user.has_perm(codename)


def _staff_member(user: User) -> bool:
    return not user.is_dealer_user


NAV: list[NavEntry] = [
    NavEntry(_("Work"), _("Home"), "web:home", _staff_member),
    NavEntry(_("Work"), _("Board"), "service:board", _perm("service.view_serviceorder")),
    NavEntry(
        _("Work"), _("Register a product"), "service:intake", _perm("service.add_serviceorder")
    ),
    NavEntry(
        _("Work"),
        _("Service orders"),
        "web:object_list:service-orders",
        _perm("service.view_serviceorder"),
    ),
    NavEntry(_("Work"), _("Return batches"), "returns:list", _perm("returns.view_returnbatch")),
    NavEntry(_("Work"), _("Damage declarations"), "claims:list", _perm("claims.view_damageclaim")),
    NavEntry(
        _("Work"), _("Customers"), "web:object_list:customers", _perm("customers.view_customer")
    ),
    NavEntry(_("Insights"), _("Dashboards"), "insights:index", _perm("insights.view_dashboards")),
    NavEntry(
        _("Insights"),
        _("Quality watch list"),
        "insights:quality",
        _perm("insights.view_quality"),
    ),
    NavEntry(
        _("Feedback"),
        _("Follow-ups"),
        "web:object_list:follow-ups",
        _perm("feedback.view_followup"),
    ),
    NavEntry(
        _("Feedback"),
        _("Survey responses"),
        "web:object_list:survey-responses",
        _perm("feedback.view_surveyresponse"),
    ),
    NavEntry(_("Feedback"), _("Surveys"), "web:object_list:surveys", _perm("feedback.view_survey")),
    NavEntry(
        _("Privacy"),
        _("Access log"),
        "web:object_list:access-log",
        _perm("privacy.view_accesslogentry"),
    ),
    NavEntry(
        _("Privacy"),
        _("Retention and purge"),
        "privacy:retention",
        _perm("privacy.view_purgerun"),
    ),
    NavEntry(
        _("Privacy"),
        _("Data-subject requests"),
        "web:object_list:data-requests",
        _perm("privacy.view_datasubjectrequest"),
    ),
    NavEntry(
        _("Catalog"),
        _("Product models"),
        "web:object_list:product-models",
        _perm("catalog.view_productmodel"),
    ),
    NavEntry(
        _("Catalog"),
        _("Production batches"),
        "web:object_list:batches",
        _perm("catalog.view_productionbatch"),
    ),
    NavEntry(_("Catalog"), _("Parts"), "web:object_list:parts", _perm("catalog.view_part")),
    NavEntry(_("Catalog"), _("Units"), "web:object_list:units", _perm("catalog.view_unit")),
    NavEntry(
        _("Catalog"),
        _("Serial imports"),
        "web:object_list:serial-imports",
        _perm("catalog.view_serialimport"),
    ),
    NavEntry(_("Recalls"), _("Recalls"), "web:object_list:recalls", _perm("catalog.view_recall")),
    NavEntry(
        _("Recalls"),
        _("Claims on units"),
        "web:object_list:unit-claims",
        _perm("catalog.view_unitclaim"),
    ),
    NavEntry(
        _("Recalls"), _("Outbox"), "web:object_list:outbox", _perm("notify.view_outboxmessage")
    ),
    NavEntry(
        _("Warranty"),
        _("Policy simulator"),
        "warranty:simulator",
        _perm("warranty.simulate_decision"),
    ),
    NavEntry(_("Warranty"), _("Policies"), "warranty:policies", _perm("warranty.view_policies")),
    NavEntry(
        _("Organisations"), _("Brands"), "web:object_list:brands", _perm("accounts.view_brand")
    ),
    NavEntry(
        _("Organisations"),
        _("Service outlets"),
        "web:object_list:outlets",
        _perm("accounts.view_serviceoutlet"),
    ),
    NavEntry(
        _("Organisations"), _("Dealers"), "web:object_list:dealers", _perm("accounts.view_dealer")
    ),
    NavEntry(_("Dealer portal"), _("My dealer"), "portal:dealer_home", lambda u: u.is_dealer_user),
    NavEntry(_("Account"), _("API tokens"), "accounts:api_tokens", lambda u: True),
    NavEntry(_("Account"), _("Change password"), "accounts:password_change", lambda u: True),
    NavEntry(_("Account"), _("Administration"), "admin:index", lambda u: u.is_staff),
]


def nav_for(user: User) -> list[tuple[str, list[NavEntry]]]:
    """The menu sections and entries this user may open, in menu order."""
    sections: dict[str, list[NavEntry]] = {}
    for entry in NAV:
        if entry.allowed(user):
            sections.setdefault(str(entry.section), []).append(entry)
    return list(sections.items())
