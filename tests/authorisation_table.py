"""Who may use each page and each API operation: the one declared authorisation table.

`tests/test_authorisation_matrix.py` calls every URL of the resolver and every operation of
the API as every role and as an anonymous visitor, and checks each answer against this
table. A URL or operation missing here fails that test, and so does a row whose URL or
operation no longer exists: a new endpoint is added here, with who may use it.

Reading a row
-------------
    roles      who is let in: role codes, and ANONYMOUS for what needs no sign-in.
    anonymous  what an anonymous caller who is *not* let in gets:
                 LOGIN   a 302 to the sign-in page (staff and dealer pages),
                 UNAUTH  401 `not_authenticated` (the API),
                 REFUSED 403 or 404.
    method     GET for pages unless they take only POST (an API operation's method is in
               its key: "POST /return-batches").

Everyone else signed in is REFUSED: 403, or 404 where the object is outside what they
may see (another brand's, another dealer's). "Let in" is a 2xx or 3xx answer, or a 4xx
about the request itself (400, 409, 410, 422): the empty or made-up body was read, so the
caller was let through. A 5xx is always a failure.

A row may narrow what counts: `let_in` (the statuses that mean "let in") and `refused`
(more statuses that mean "refused"), where a page answers a refusal its own way.

Who the callers are
-------------------
One user per role, made as `tests/conftest.py`'s `make_user` makes them, except where
they work: admin, manager, auditor, and the factory's roles (HQ technician, warehouse, the
two commissioners, as `tests/returns/conftest.py` and `tests/claims/conftest.py` place
them) work at the Shenzhen HQ, which serves both brands (TOP and ROMOSS); the front desk
and the technician at the Guangzhou outlet, which serves TOP only. The dealer user is of
the dealer `hz`, which sells both brands.

URLS and API call TOP's service orders and catalog, and `hz`'s ROMOSS return batches and
damage declarations (ROMOSS's policy takes returns and declarations; TOP's takes neither).
SCOPE_ROWS call some of the same endpoints with objects some callers must not reach: ROMOSS's
orders and catalog (the Guangzhou staff), another dealer's batches and declarations (the
dealer), and with two more callers who work for TOP only: a warehouse clerk and a
commercial commissioner at Guangzhou. LIST_ROWS check that lists leave out what the caller
may not see.
"""

from dataclasses import dataclass

ANONYMOUS = "anonymous"

# Every role of sanbao.accounts.roles.ROLES (the matrix checks that this list is complete).
ROLE_CODES = (
    "admin",
    "manager",
    "auditor",
    "front_desk",
    "technician",
    "hq_technician",
    "warehouse",
    "commercial_commissioner",
    "service_commissioner",
    "dealer",
)
CALLERS = (*ROLE_CODES, ANONYMOUS)
# Where each role works: the HQ (both brands) or Guangzhou (TOP only).
AT_GUANGZHOU = ("front_desk", "technician")
# The scope checks' extra callers: a role, at Guangzhou (TOP only).
TOP_ONLY_CALLERS = {
    "warehouse@gz": "warehouse",
    "commercial_commissioner@gz": "commercial_commissioner",
}
SCOPE_CALLERS = (*CALLERS, *TOP_ONLY_CALLERS)

# What an anonymous caller gets when refused, and outcomes in general.
LOGIN = "login"  # 302 to the sign-in page
UNAUTH = "unauthenticated"  # 401
REFUSED = "refused"  # 403 or 404 (or a row's own `refused` statuses)
LET_IN = "let in"

# Statuses that mean the caller was let through.
LET_IN_STATUSES = frozenset(range(200, 400)) | {400, 409, 410, 422}


def roles(*codes: str) -> frozenset[str]:
    unknown = set(codes) - set(SCOPE_CALLERS)
    assert not unknown, f"not a role: {unknown}"
    return frozenset(codes)


NOBODY = roles()
DEALER = roles("dealer")
ADMIN = roles("admin")
SIGNED_IN = roles(*ROLE_CODES)
EVERYONE = roles(*CALLERS)
STAFF = SIGNED_IN - DEALER
# The HQ's oversight roles: admin, manager, auditor (dashboards, outbox, access log, surveys).
OVERSIGHT = roles("admin", "manager", "auditor")
MANAGERS = roles("admin", "manager")  # catalog editors, recalls, follow-ups
# Service orders: who sees them, who registers, who works at the bench or the desk.
ORDER_VIEWERS = roles("admin", "manager", "auditor", "front_desk", "technician", "hq_technician")
INTAKE = roles("admin", "front_desk")
HAND_BACK = roles("admin", "front_desk", "technician", "hq_technician")
CUSTOMER_VIEWERS = roles("admin", "manager", "auditor", "front_desk")
DEALER_VIEWERS = roles(
    "admin", "manager", "auditor", "warehouse", "commercial_commissioner", "service_commissioner"
)
RECALL_RECOVERY = roles("admin", "manager", "front_desk", "technician", "hq_technician")
SERIAL_IMPORT_VIEWERS = roles("admin", "manager", "auditor", "warehouse")
SERIAL_IMPORTERS = roles("admin", "manager", "warehouse")
UNIT_CLAIM_VIEWERS = roles("admin", "manager", "auditor", "service_commissioner")
UNIT_CLAIM_REVIEWERS = roles("admin", "manager", "service_commissioner")
# Dealer returns: the factory floor and the oversight roles see a batch; its dealer too.
RETURNS_STAFF = roles("admin", "manager", "auditor", "hq_technician", "warehouse")
RETURNS = RETURNS_STAFF | DEALER
RETURNS_PREPARE = roles("admin", "warehouse", "dealer")  # returns.add_returnbatch, or its dealer
RETURNS_WAREHOUSE = roles("admin", "warehouse")  # returns.change_returnbatch
RETURNS_INSPECT = roles("admin", "hq_technician", "warehouse")  # returns.inspect_returnunit
# Damage declarations: the two commissioners and the manager review; the auditor does not.
CLAIMS_STAFF = roles("admin", "manager", "commercial_commissioner", "service_commissioner")
CLAIMS = CLAIMS_STAFF | DEALER
COMMERCIAL_DESK = roles("admin", "commercial_commissioner")
# Privacy: the auditor reviews retention and data-subject requests; the front desk takes a
# customer's request at the counter; only the admin starts a purge.
PRIVACY_REVIEW = roles("admin", "auditor")
DATA_REQUESTS = roles("admin", "auditor", "front_desk")


REFUSED_STATUSES = frozenset({403, 404})


@dataclass(frozen=True)
class Row:
    roles: frozenset[str]
    anonymous: str = LOGIN
    method: str = "GET"  # pages only: an API operation's method is in its key
    note: str = ""
    let_in: frozenset[int] = LET_IN_STATUSES
    refused: frozenset[int] = REFUSED_STATUSES
    signs_out: bool = False  # let in, it sends everyone to the sign-in page


def page(
    who: frozenset[str],
    note: str = "",
    *,
    let_in: frozenset[int] = LET_IN_STATUSES,
    refused: frozenset[int] = REFUSED_STATUSES,
) -> Row:
    """A page (GET): an anonymous caller is sent to sign in."""
    return Row(who, LOGIN, "GET", note, let_in, refused)


def post(
    who: frozenset[str],
    note: str = "",
    *,
    let_in: frozenset[int] = LET_IN_STATUSES,
    refused: frozenset[int] = REFUSED_STATUSES,
) -> Row:
    """A page that takes only POST (called with an empty form)."""
    return Row(who, LOGIN, "POST", note, let_in, refused)


def public(method: str = "GET", note: str = "") -> Row:
    """Anyone, signed in or not."""
    return Row(EVERYONE, REFUSED, method, note)


def browse(who: frozenset[str]) -> Row:
    """A generic object page (web.object_pages, web.object_forms): list and detail by the
    page's view permission, create and edit by the model's add and change permissions.
    An anonymous caller is sent to sign in, as on every other staff page."""
    return Row(who, LOGIN)


def api(who: frozenset[str], note: str = "") -> Row:
    """An API operation that needs a user: anonymous callers get 401."""
    return Row(who, UNAUTH, note=note)


# -----------------------------------------------------------------------------------------
# URLs, by URL name (namespace:name), or by route where the pattern has no name.

_ORDER_ACT = (
    "called with action=cancel on an open order and no note: a role that may cancel gets "
    "the form back (422); a role that only sees the order is sent back to it (302)"
)
_RETURN_PAGES = (
    "a dealer its own batches; factory staff their brands'. An action's own permission is "
    "answered inside the page (422 with the refusal on the form); the API rows check it"
)

URLS: dict[str, Row] = {
    # Probes and the API's own pages.
    "healthz": public(),
    "readyz": public(),
    "api:openapi-json": public(),
    "api:openapi-view": public(note="the API docs page"),
    "api:api-root": Row(NOBODY, REFUSED, note="ninja's root: a 404 for everyone"),
    r"^api/(?P<path>.*)$": Row(NOBODY, REFUSED, note="any other /api/ path: JSON 404"),
    # The admin, signed into through Sanbao's own sign-in page.
    "admin/login/": Row(ADMIN, LOGIN, note="the admin goes on to the admin index"),
    "admin:index": Row(ADMIN, LOGIN, note="followed: a non-staff user ends on a 403"),
    # Accounts.
    "accounts:login": public(note="a signed-in user is sent home (302)"),
    "accounts:logout": Row(EVERYONE, method="POST", signs_out=True, note="then to sign-in"),
    "accounts:password_change": page(SIGNED_IN),
    "accounts:language": public("POST"),
    "accounts:api_tokens": page(SIGNED_IN),
    # The customers' and dealers' portals.
    "portal:customer_home": public(),
    "portal:dealer_home": page(DEALER),
    "portal:warranty_check": public(),
    "portal:track": public(),
    "portal:track_order": public(note="once this browser found the order (card + phone)"),
    "portal:track_quote": public("POST", note="once this browser found the order"),
    "portal:track_card": public(note="once this browser found the order"),
    "warranty_serial": public(note="the QR code on the box"),
    "track_short": public(note="the QR code on the service card"),
    "feedback:survey": public(note="with a valid, unanswered link"),
    "feedback:survey_thanks": public(note="with an answered link"),
    # Warranty engine pages.
    "warranty:simulator": page(STAFF),
    "warranty:policies": page(STAFF),
    # Catalog.
    "catalog:serial_import_new": page(SERIAL_IMPORTERS),
    "catalog:serial_import_progress": page(SERIAL_IMPORT_VIEWERS),
    "catalog:serial_import_errors": page(SERIAL_IMPORT_VIEWERS),
    "catalog:recall_status": post(MANAGERS),
    "catalog:recall_outreach": post(MANAGERS),
    "catalog:recall_recover": post(RECALL_RECOVERY),
    "catalog:recall_units_csv": page(STAFF),
    "catalog:claim_review": post(UNIT_CLAIM_REVIEWERS),
    # Maintenance register.
    "service:board": page(ORDER_VIEWERS),
    "service:intake": page(INTAKE),
    "service:intake_live": post(INTAKE),
    "service:order_act": post(
        HAND_BACK, _ORDER_ACT, let_in=frozenset({422}), refused=frozenset({302, 403, 404})
    ),
    "service:order_card": page(ORDER_VIEWERS),
    "service:order_signature": page(ORDER_VIEWERS),
    "customers:reveal": post(CUSTOMER_VIEWERS, "shows the customer unmasked (access logged)"),
    # Dealer returns: the same pages for the dealer and the factory.
    "returns:list": page(RETURNS, _RETURN_PAGES),
    "returns:new": page(RETURNS),
    "returns:batch": page(RETURNS),
    "returns:act": post(RETURNS, _RETURN_PAGES),
    "returns:unit": page(RETURNS),
    "returns:packing_list": page(RETURNS),
    "returns:labels": page(RETURNS),
    "returns:delivery_list": page(RETURNS),
    # Damage declarations: the dealer declares, the commissioners review (not drafts).
    "claims:list": page(CLAIMS),
    "claims:new": page(DEALER),
    "claims:claim": page(CLAIMS),
    "claims:evidence": post(CLAIMS, "the permission to attach is answered inside the page"),
    "claims:submit": post(CLAIMS, "the dealer-only rule is answered inside the page (422)"),
    "claims:decide": post(CLAIMS, "the desk's permission is answered inside the page"),
    "claims:contact": post(CLAIMS, "the staff-only rule is answered inside the page"),
    "claims:file": page(CLAIMS),
    "claims:thumb": page(CLAIMS),
    "claims:form_pdf": page(CLAIMS),
    # Dashboards and the quality early warning.
    "insights:index": page(OVERSIGHT),
    "insights:dashboard": page(OVERSIGHT),
    "insights:chart_export": page(OVERSIGHT),
    "insights:quality": page(OVERSIGHT),
    "insights:quality_export": page(OVERSIGHT),
    "insights:quality_batch": page(OVERSIGHT),
    "insights:quality_recall_draft": post(MANAGERS, "insights.start_recall + catalog.add_recall"),
    "insights:quality_photo": page(OVERSIGHT),
    # Feedback.
    "feedback:follow_up_close": post(MANAGERS, "the auditor sees follow-ups (403 to close)"),
    # Privacy: retention and purges, data-subject requests by staff and by customers.
    "privacy:retention": page(PRIVACY_REVIEW),
    "privacy:purge_start": post(ADMIN, "privacy.add_purgerun"),
    "privacy:customer_export": post(DATA_REQUESTS, "a copy of the customer's data"),
    "privacy:customer_erase": post(DATA_REQUESTS),
    "privacy:mine": public(note="a customer asks for an SMS code"),
    "privacy:mine_code": public(note="without a phone asked for first: back to it (302)"),
    "privacy:my_data": public(note="once this browser proved the phone with the code"),
    "privacy:my_export": public("POST", "once this browser proved the phone"),
    "privacy:my_erase": public("POST", "once this browser proved the phone"),
    # The staff home and the generic object pages.
    "web:home": page(SIGNED_IN, "a dealer is sent on to the dealer portal (302)"),
}

# Generic object pages: list and detail by the page's view permission; create and edit by
# the model's add and change permissions.
_BROWSE: dict[str, frozenset[str]] = {
    "service-orders": ORDER_VIEWERS,
    "customers": CUSTOMER_VIEWERS,
    "product-models": STAFF,
    "batches": STAFF,
    "parts": STAFF,
    "units": STAFF,
    "serial-imports": SERIAL_IMPORT_VIEWERS,
    "recalls": STAFF,
    "unit-claims": UNIT_CLAIM_VIEWERS,
    "brands": STAFF,
    "outlets": STAFF,
    "dealers": DEALER_VIEWERS,
    "outbox": OVERSIGHT,
    "access-log": OVERSIGHT,
    "follow-ups": OVERSIGHT,
    "survey-responses": OVERSIGHT,
    "surveys": OVERSIGHT,
    "data-requests": PRIVACY_REVIEW,
}
_CREATE: dict[str, frozenset[str]] = {
    "product-models": MANAGERS,
    "batches": MANAGERS,
    "parts": MANAGERS,
    "recalls": MANAGERS,
    "surveys": ADMIN,  # feedback.add_survey: no role but the admin has it (surveys are seeded)
}
_EDIT: dict[str, frozenset[str]] = {
    "product-models": MANAGERS,
    "batches": MANAGERS,
    "parts": MANAGERS,
    "recalls": MANAGERS,
    "surveys": MANAGERS,
}
for _slug, _who in _BROWSE.items():
    URLS[f"web:object_list:{_slug}"] = browse(_who)
    URLS[f"web:object_detail:{_slug}"] = browse(_who)
for _slug, _who in _CREATE.items():
    URLS[f"web:object_create:{_slug}"] = browse(_who)
for _slug, _who in _EDIT.items():
    URLS[f"web:object_edit:{_slug}"] = browse(_who)


# -----------------------------------------------------------------------------------------
# API operations at /api/v1, by "METHOD /path" as the API declares them.

API: dict[str, Row] = {
    "GET /accounts/me": api(SIGNED_IN),
    "GET /accounts/me/tokens": api(SIGNED_IN, "one's own tokens"),
    "POST /accounts/me/tokens": api(SIGNED_IN),
    "DELETE /accounts/me/tokens/{token_id}": api(SIGNED_IN, "one's own token"),
    "POST /warranty/decisions": api(STAFF, "warranty.simulate_decision"),
    "GET /warranty/{serial}": public(note="rate-limited"),
    "POST /service-orders": api(INTAKE),
    "GET /service-orders": api(ORDER_VIEWERS),
    "GET /service-orders/{number}": api(ORDER_VIEWERS),
    "POST /service-orders/{number}/events": api(HAND_BACK, "action=cancel on an open order"),
    "POST /return-batches": api(RETURNS_PREPARE),
    "GET /return-batches": api(SIGNED_IN, "lists what the caller may see (nothing: empty)"),
    "GET /return-batches/{number}": api(RETURNS),
    "PUT /return-batches/{number}": api(RETURNS_PREPARE),
    "POST /return-batches/{number}/units": api(RETURNS_PREPARE),
    "POST /return-batches/{number}/units/import": api(RETURNS_PREPARE),
    "POST /return-batches/{number}/submit": api(RETURNS_PREPARE),
    "POST /return-batches/{number}/dispatch": api(RETURNS_PREPARE),
    "POST /return-batches/{number}/cancel": api(RETURNS_PREPARE),
    "POST /return-batches/{number}/count": api(RETURNS_WAREHOUSE),
    "POST /return-batches/{number}/receipt": api(RETURNS_WAREHOUSE),
    "POST /return-batches/{number}/contacts": api(RETURNS_WAREHOUSE),
    "POST /return-batches/{number}/units/{line}/inspection": api(RETURNS_INSPECT),
    "POST /return-batches/{number}/backorders/fill": api(RETURNS_WAREHOUSE),
    "POST /return-batches/{number}/shipments": api(RETURNS_WAREHOUSE),
    "POST /return-batches/{number}/close": api(RETURNS_WAREHOUSE | DEALER),
    "POST /damage-claims": api(DEALER),
    "GET /damage-claims": api(SIGNED_IN, "lists what the caller may see (nothing: empty)"),
    "GET /damage-claims/{number}": api(CLAIMS),
    "PUT /damage-claims/{number}": api(DEALER, "its own drafts"),
    "POST /damage-claims/{number}/evidence": api(DEALER),
    "POST /damage-claims/{number}/submit": api(DEALER),
    "POST /damage-claims/{number}/decision": api(COMMERCIAL_DESK, "a sales shipment's claim"),
    "POST /damage-claims/{number}/contacts": api(CLAIMS_STAFF),
    "GET /insights/dashboards": api(SIGNED_IN, "lists the dashboards one may see"),
    "GET /insights/dashboards/{slug}": api(OVERSIGHT),
    "GET /insights/quality/watch-list": api(OVERSIGHT),
    "POST /insights/quality/batches/{batch_id}/recall-draft": api(MANAGERS),
    "GET /surveys/{token}": public(note="the link is the key"),
    "POST /surveys/{token}": public("POST", "the link is the key"),
    "GET /follow-ups": api(OVERSIGHT),
    "POST /follow-ups/{follow_up_id}/close": api(MANAGERS),
    "POST /privacy/phone-codes": public("POST", "rate-limited; the same answer for any phone"),
    "POST /privacy/data-requests": public("POST", "needs the SMS code (422 without)"),
    "POST /customers/{customer_id}/data-requests": api(DATA_REQUESTS),
}


# -----------------------------------------------------------------------------------------
# Object scope: the same endpoints with objects that not every caller may reach, called as
# every caller and as the two TOP-only ones (warehouse@gz, commercial_commissioner@gz).
# Keyed by (URL name or API operation, whose object).

ROMOSS = "ROMOSS's"  # the other brand's order or catalog: not for Guangzhou's staff
ANOTHER_DEALER = "another dealer's (ROMOSS)"  # of ROMOSS's dealer `sh`: not for dealer `hz`
TOP_DEALER = "another dealer's (TOP)"  # of TOP's dealer `nb`: the TOP-only staff see it
DRAFT = "the dealer's draft"  # staff never see a declaration before it is submitted
NOT_MINE = "another user's"
NOT_FOUND_YET = "not found by this browser"  # the tracking pages without card + phone
NOT_PROVEN = "phone not proven"  # the customer's privacy pages without the SMS code

# Who works at the HQ, and so also for ROMOSS.
HQ_STAFF = STAFF - set(AT_GUANGZHOU)
TOP_WAREHOUSE = roles("warehouse@gz")

SCOPE_ROWS: dict[tuple[str, str], Row] = {
    ("web:object_detail:service-orders", ROMOSS): browse(ORDER_VIEWERS & HQ_STAFF),
    ("web:object_detail:customers", ROMOSS): browse(OVERSIGHT),
    ("web:object_detail:product-models", ROMOSS): browse(HQ_STAFF),
    ("web:object_edit:product-models", ROMOSS): browse(MANAGERS),
    ("web:object_detail:batches", ROMOSS): browse(HQ_STAFF),
    ("web:object_detail:parts", ROMOSS): browse(HQ_STAFF),
    ("web:object_detail:units", ROMOSS): browse(HQ_STAFF),
    ("web:object_detail:serial-imports", ROMOSS): browse(SERIAL_IMPORT_VIEWERS),
    ("web:object_detail:recalls", ROMOSS): browse(HQ_STAFF),
    ("web:object_detail:unit-claims", ROMOSS): browse(UNIT_CLAIM_VIEWERS),
    ("web:object_detail:surveys", ROMOSS): browse(OVERSIGHT),
    ("catalog:serial_import_errors", ROMOSS): page(SERIAL_IMPORT_VIEWERS),
    ("catalog:recall_units_csv", ROMOSS): page(HQ_STAFF),
    ("catalog:recall_recover", ROMOSS): post(RECALL_RECOVERY & HQ_STAFF),
    ("customers:reveal", ROMOSS): post(OVERSIGHT),
    ("service:order_card", ROMOSS): page(ORDER_VIEWERS & HQ_STAFF),
    ("POST /service-orders", ROMOSS): api(INTAKE & HQ_STAFF, "a ROMOSS unit, at the HQ"),
    ("GET /service-orders/{number}", ROMOSS): api(ORDER_VIEWERS & HQ_STAFF),
    ("POST /service-orders/{number}/events", ROMOSS): api(HAND_BACK & HQ_STAFF),
    ("insights:quality_batch", ROMOSS): page(OVERSIGHT),
    ("insights:quality_photo", ROMOSS): page(OVERSIGHT),
    ("returns:batch", ANOTHER_DEALER): page(RETURNS_STAFF),
    ("returns:packing_list", ANOTHER_DEALER): page(RETURNS_STAFF),
    ("GET /return-batches/{number}", ANOTHER_DEALER): api(RETURNS_STAFF),
    ("POST /return-batches/{number}/count", ANOTHER_DEALER): api(RETURNS_WAREHOUSE),
    ("POST /return-batches/{number}/cancel", ANOTHER_DEALER): api(RETURNS_WAREHOUSE),
    ("returns:batch", TOP_DEALER): page(RETURNS_STAFF | TOP_WAREHOUSE),
    ("GET /return-batches/{number}", TOP_DEALER): api(RETURNS_STAFF | TOP_WAREHOUSE),
    ("claims:claim", ANOTHER_DEALER): page(CLAIMS_STAFF),
    ("claims:file", ANOTHER_DEALER): page(CLAIMS_STAFF),
    ("GET /damage-claims/{number}", ANOTHER_DEALER): api(CLAIMS_STAFF),
    ("PUT /damage-claims/{number}", ANOTHER_DEALER): api(NOBODY),
    ("POST /damage-claims/{number}/decision", ANOTHER_DEALER): api(COMMERCIAL_DESK),
    ("claims:claim", DRAFT): page(DEALER),
    ("GET /damage-claims/{number}", DRAFT): api(DEALER),
    ("DELETE /accounts/me/tokens/{token_id}", NOT_MINE): api(NOBODY),
    ("portal:track_order", NOT_FOUND_YET): Row(
        NOBODY, REFUSED, note="sent to the tracking form (302)", refused=frozenset({302})
    ),
    ("portal:track_card", NOT_FOUND_YET): Row(NOBODY, REFUSED),
    ("portal:track_quote", NOT_FOUND_YET): Row(NOBODY, REFUSED, "POST"),
    ("web:object_detail:data-requests", ROMOSS): browse(PRIVACY_REVIEW),
    ("privacy:customer_export", ROMOSS): post(PRIVACY_REVIEW),
    ("POST /customers/{customer_id}/data-requests", ROMOSS): api(PRIVACY_REVIEW),
    ("privacy:my_data", NOT_PROVEN): Row(
        NOBODY, REFUSED, note="sent to the phone form (302)", refused=frozenset({302})
    ),
    ("privacy:my_export", NOT_PROVEN): Row(NOBODY, REFUSED, "POST", refused=frozenset({302})),
}


# Lists: who finds the object among a list's rows. Everyone else must not: they get the
# list without it, or are refused the list (the rows above say which).
LIST_ROWS: dict[tuple[str, str], frozenset[str]] = {
    ("web:object_list:service-orders", ROMOSS): ORDER_VIEWERS & HQ_STAFF,
    ("GET /service-orders", ROMOSS): ORDER_VIEWERS & HQ_STAFF,
    ("web:object_list:units", ROMOSS): HQ_STAFF,
    ("web:object_list:recalls", ROMOSS): HQ_STAFF,
    ("returns:list", ANOTHER_DEALER): RETURNS_STAFF,
    ("GET /return-batches", ANOTHER_DEALER): RETURNS_STAFF,
    ("portal:dealer_home", ANOTHER_DEALER): NOBODY,
    ("returns:list", TOP_DEALER): RETURNS_STAFF | TOP_WAREHOUSE,
    ("claims:list", ANOTHER_DEALER): CLAIMS_STAFF,
    ("GET /damage-claims", ANOTHER_DEALER): CLAIMS_STAFF,
    ("claims:list", DRAFT): DEALER,
    ("GET /damage-claims", DRAFT): DEALER,
    ("GET /accounts/me/tokens", NOT_MINE): NOBODY,
}
