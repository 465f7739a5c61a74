"""The roles of DESIGN §1 as data: each becomes a Django group with these permissions."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    code: str
    label: str | Promise
    duties: str | Promise
    permissions: frozenset[str]
    portal: str = "staff"  # "staff" site or the "dealer" portal

    @property
    def is_dealer(self) -> bool:
        return self.portal == "dealer"


_ORGANISATIONS_VIEW = {"accounts.view_brand", "accounts.view_serviceoutlet", "accounts.view_dealer"}
_CATALOG_VIEW = {
    "catalog.view_productmodel",
    "catalog.view_productionbatch",
    "catalog.view_part",
    "catalog.view_partstock",
    "catalog.view_unit",
    "catalog.view_recall",
    "catalog.view_recallrecovery",
}
_SERIAL_IMPORT = {"catalog.view_serialimport", "catalog.add_serialimport"}
_CLAIM_REVIEW = {"catalog.view_unitclaim", "catalog.review_unitclaim"}
_WARRANTY = {"warranty.simulate_decision", "warranty.view_policies"}
_ORDERS_VIEW = {"service.view_serviceorder", "service.view_serviceorderevent"}
_RETURNS_VIEW = {"returns.view_returnbatch", "notify.view_contactlogentry"}
_RETURNS_FLOOR = _RETURNS_VIEW | {"returns.inspect_returnunit"}
_CLAIMS_VIEW = {"claims.view_damageclaim", "notify.view_contactlogentry"}
_INSIGHTS = {"insights.view_dashboards", "insights.view_quality"}
_FEEDBACK_VIEW = {
    "feedback.view_survey",
    "feedback.view_surveyinvitation",
    "feedback.view_surveyresponse",
    "feedback.view_followup",
}
_PRIVACY_REVIEW = {
    "privacy.view_purgerun",
    "privacy.view_datasubjectrequest",
    "privacy.add_datasubjectrequest",
}
_OUTLET_STAFF = (
    {"accounts.view_brand", "accounts.view_serviceoutlet", "catalog.add_recallrecovery"}
    | _ORDERS_VIEW
    | _CATALOG_VIEW
    | _WARRANTY
)


def _role(code: str, label: Promise, duties: Promise, permissions: set[str], **kw: str) -> Role:
    return Role(code, label, duties, frozenset(permissions), **kw)


# Ordered: a user with several roles lands on the home of the first one listed here.
ROLES: dict[str, Role] = {
    role.code: role
    for role in (
        _role(
            "admin",
            _("Administrator"),
            _("Manages users, roles, organisations and working-day calendars."),
            {"*"},
        ),
        _role(
            "manager",
            _("Manager"),
            _("Watches service levels and quality, runs recalls and policy versions."),
            _ORGANISATIONS_VIEW
            | _CATALOG_VIEW
            | _WARRANTY
            | {
                "accounts.change_serviceoutlet",
                "accounts.add_dealer",
                "accounts.change_dealer",
                "catalog.add_productmodel",
                "catalog.change_productmodel",
                "catalog.add_productionbatch",
                "catalog.change_productionbatch",
                "catalog.add_part",
                "catalog.change_part",
                "catalog.add_recall",
                "catalog.change_recall",
                "catalog.add_recallrecovery",
                "notify.view_outboxmessage",
                "customers.view_customer",
                "privacy.view_accesslogentry",
            }
            | _ORDERS_VIEW
            | _RETURNS_VIEW
            | _CLAIMS_VIEW
            | _SERIAL_IMPORT
            | _CLAIM_REVIEW
            | _INSIGHTS
            | {"insights.start_recall"}
            | _FEEDBACK_VIEW
            | {"feedback.change_survey", "feedback.change_followup"},
        ),
        _role(
            "auditor",
            _("Auditor"),
            _("Reviews the access log, retention and data-subject requests."),
            _ORGANISATIONS_VIEW
            | _CATALOG_VIEW
            | _WARRANTY
            | _ORDERS_VIEW
            | _RETURNS_VIEW
            | {"catalog.view_serialimport", "catalog.view_unitclaim", "notify.view_outboxmessage"}
            | {"customers.view_customer", "privacy.view_accesslogentry"}
            | _PRIVACY_REVIEW
            | _INSIGHTS
            | _FEEDBACK_VIEW,
        ),
        _role(
            "front_desk",
            _("Front desk"),
            _("Registers walk-in and mail-in products, issues service cards, hands products back."),
            _OUTLET_STAFF
            | {"service.add_serviceorder", "service.hand_back_serviceorder"}
            | {"customers.view_customer", "privacy.add_datasubjectrequest"},
        ),
        _role(
            "technician",
            _("Technician"),
            _("Diagnoses, repairs or replaces, records parts and the customer's signature."),
            _OUTLET_STAFF | {"service.change_serviceorder", "service.hand_back_serviceorder"},
        ),
        _role(
            "hq_technician",
            _("HQ technician"),
            _("Repairs serious faults sent to headquarters; inspects dealers' returns."),
            _OUTLET_STAFF
            | _RETURNS_FLOOR
            | {"service.change_serviceorder", "service.hand_back_serviceorder"},
        ),
        _role(
            "warehouse",
            _("Warehouse"),
            _("Receives dealers' return batches, counts, inspects and ships back."),
            _ORGANISATIONS_VIEW
            | _CATALOG_VIEW
            | _WARRANTY
            | _SERIAL_IMPORT
            | _RETURNS_FLOOR
            | {"returns.add_returnbatch", "returns.change_returnbatch"},
        ),
        _role(
            "commercial_commissioner",
            _("Commercial commissioner"),
            _("Decides unpacking-damage declarations for the marketing department."),
            _ORGANISATIONS_VIEW
            | _CATALOG_VIEW
            | _WARRANTY
            | _CLAIMS_VIEW
            | {"claims.decide_commercial"},
        ),
        _role(
            "service_commissioner",
            _("Customer-service commissioner"),
            _("Decides unpacking-damage declarations for the after-sales department."),
            _ORGANISATIONS_VIEW
            | _CATALOG_VIEW
            | _WARRANTY
            | _CLAIM_REVIEW
            | _CLAIMS_VIEW
            | {"claims.decide_after_sales"},
        ),
        _role(
            "dealer",
            _("Dealer"),
            _("Sends return batches to the factory and declares unpacking damage."),
            set(),
            portal="dealer",
        ),
    )
}


def role_get(code: str) -> Role:
    return ROLES[code]
