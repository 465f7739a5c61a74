"""The commissioner's decision (seed 003 V.2: the marketing department's commercial
commissioner or the after-sales department's customer-service commissioner), the notice to
the dealer, and the calls and faxes around a declaration."""

import pytest
from django.utils import timezone

from sanbao.claims.review import claim_contact_record, claim_decide
from sanbao.notify.models import ContactLogEntry, OutboxMessage
from tests.claims.conftest import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def sales_claim(make_claim):
    """Under review at the commercial desk."""
    return make_claim(stage="submitted")


@pytest.fixture
def repair_claim(make_claim):
    """Under review at the after-sales desk."""
    return make_claim(stage="submitted", shipment_kind="repair_return")


@pytest.mark.parametrize(
    ("remedy", "words"), [("reship", "Reship"), ("credit", "Credit"), ("repair", "Repair")]
)
def test_the_commercial_commissioner_accepts_with_a_remedy(
    remedy, words, sales_claim, commercial, rms_dealer
):
    before = timezone.now()

    claim = claim_decide(number=sales_claim.number, accept=True, remedy=remedy, by=commercial)

    claim.refresh_from_db()
    assert (claim.status, claim.remedy, claim.decided_by) == ("accepted", remedy, commercial)
    assert claim.decided_at >= before and claim.decision_reason == ""
    event = claim.events.last()
    assert (event.action, event.from_status, event.to_status, event.by) == (
        "accept", "under_review", "accepted", commercial,
    )  # fmt: skip
    assert words in event.note
    message = OutboxMessage.objects.get(dealer=rms_dealer)
    assert message.topic == f"damage-claim:{claim.number}:decision"
    assert claim.number in message.subject and claim.number in message.body
    assert words in message.body


def test_the_after_sales_commissioner_decides_goods_back_from_repair(
    repair_claim, after_sales, rms_dealer
):
    claim = claim_decide(number=repair_claim.number, accept=True, remedy="repair", by=after_sales)

    assert (claim.status, claim.decided_by) == ("accepted", after_sales)
    assert OutboxMessage.objects.filter(
        dealer=rms_dealer, topic=f"damage-claim:{claim.number}:decision"
    ).exists()


def test_a_rejection_gives_its_reason_to_the_dealer(sales_claim, commercial, rms_dealer):
    reason = "照片显示外箱完好, 封条完整"

    claim = claim_decide(
        number=sales_claim.number, accept=False, reason=f"  {reason}  ", by=commercial
    )

    claim.refresh_from_db()
    assert (claim.status, claim.remedy, claim.decision_reason) == ("rejected", "", reason)
    assert claim.late is False
    assert claim.events.last().action == "reject" and claim.events.last().note == reason
    assert reason in OutboxMessage.objects.get(dealer=rms_dealer).body


def test_a_rejection_needs_a_reason(sales_claim, commercial):
    with refused("invalid_input", 422, "reason"):
        claim_decide(number=sales_claim.number, accept=False, reason="   ", by=commercial)


@pytest.mark.parametrize("remedy", ["", "refund", "RESHIP"])
def test_an_acceptance_needs_a_known_remedy(remedy, sales_claim, commercial):
    with refused("invalid_input", 422, "remedy"):
        claim_decide(number=sales_claim.number, accept=True, remedy=remedy, by=commercial)


def test_the_other_desks_commissioner_may_not_decide(
    sales_claim, repair_claim, commercial, after_sales
):
    with refused("forbidden", 403):
        claim_decide(number=sales_claim.number, accept=True, remedy="credit", by=after_sales)
    with refused("forbidden", 403):
        claim_decide(number=repair_claim.number, accept=False, reason="no", by=commercial)


def test_a_declaration_is_decided_once(sales_claim, commercial):
    claim_decide(number=sales_claim.number, accept=True, remedy="reship", by=commercial)

    with refused("illegal_transition", 409):
        claim_decide(
            number=sales_claim.number, accept=False, reason="changed my mind", by=commercial
        )
    with refused("illegal_transition", 409):
        claim_decide(number=sales_claim.number, accept=True, remedy="credit", by=commercial)


def test_a_late_declaration_is_not_decided(make_claim, commercial):
    late = make_claim(stage="submitted", hours_ago=25)
    assert (late.status, late.late) == ("rejected", True)

    with refused("illegal_transition", 409):
        claim_decide(number=late.number, accept=True, remedy="credit", by=commercial)


def test_a_draft_is_not_for_staff_to_decide(make_claim, commercial):
    draft = make_claim(stage="complete")

    with refused("claim_not_found", 404):
        claim_decide(number=draft.number, accept=True, remedy="credit", by=commercial)


def test_the_dealer_may_not_decide(sales_claim, dealer_user):
    with refused("forbidden", 403):
        claim_decide(number=sales_claim.number, accept=True, remedy="credit", by=dealer_user)


def test_another_dealer_does_not_find_it(sales_claim, other_dealer_user):
    with refused("claim_not_found", 404):
        claim_decide(number=sales_claim.number, accept=True, remedy="credit", by=other_dealer_user)


def test_a_commissioner_of_another_brand_does_not_find_it(sales_claim, top_commissioner):
    with refused("claim_not_found", 404):
        claim_decide(number=sales_claim.number, accept=True, remedy="credit", by=top_commissioner)


@pytest.mark.parametrize(
    ("role", "code", "status"),
    [
        ("manager", "forbidden", 403),  # sees the declaration, decides nothing
        ("front_desk", "claim_not_found", 404),
        ("hq_technician", "claim_not_found", 404),
    ],
)
def test_other_staff_may_not_decide(role, code, status, sales_claim, make_user, hq):
    user = make_user(role, outlet=hq)

    with refused(code, status):
        claim_decide(number=sales_claim.number, accept=True, remedy="credit", by=user)


# ---------------------------------------------------------------------------------------
# Calls and faxes (seed 003 V.2: the form goes by fax or scan).


def test_it_logs_an_incoming_fax(sales_claim, commercial, rms_dealer):
    entry = claim_contact_record(
        number=sales_claim.number, channel="fax", direction="incoming", outcome="fax_sent",
        note="盖章申请单已传真", by=commercial,
    )  # fmt: skip

    entry.refresh_from_db()
    assert (entry.dealer, entry.channel, entry.direction, entry.outcome, entry.by) == (
        rms_dealer, "fax", "incoming", "fax_sent", commercial,
    )  # fmt: skip
    assert entry.topic == f"damage-claim:{sales_claim.number}"
    event = sales_claim.events.last()
    assert (event.action, event.from_status, event.to_status, event.by) == (
        "contact", "under_review", "under_review", commercial,
    )  # fmt: skip
    assert "Fax" in event.note and "They called or faxed" in event.note
    assert "盖章申请单已传真" in event.note
    sales_claim.refresh_from_db()
    assert sales_claim.status == "under_review"


def test_a_call_is_outgoing_unless_said_otherwise(sales_claim, after_sales):
    entry = claim_contact_record(
        number=sales_claim.number, channel="phone", direction="outgoing", outcome="reached",
        by=after_sales,
    )  # fmt: skip

    assert entry.direction == ContactLogEntry.Direction.OUTGOING
    assert "We called or faxed" in sales_claim.events.last().note


@pytest.mark.parametrize(
    ("channel", "direction", "outcome", "field"),
    [
        ("fax", "sideways", "fax_sent", "direction"),
        ("fax", "incoming", "reached", "outcome"),
        ("pigeon", "incoming", "reached", "channel"),
    ],
)
def test_a_wrong_contact_changes_nothing(
    channel, direction, outcome, field, sales_claim, commercial
):
    with refused("invalid_input", 422, field):
        claim_contact_record(
            number=sales_claim.number, channel=channel, direction=direction,
            outcome=outcome, by=commercial,
        )  # fmt: skip


def test_a_dealer_does_not_log_contacts(sales_claim, dealer_user):
    with refused("forbidden", 403):
        claim_contact_record(
            number=sales_claim.number, channel="fax", direction="outgoing",
            outcome="fax_sent", by=dealer_user,
        )  # fmt: skip


def test_contacts_are_logged_on_decided_declarations_too(sales_claim, commercial):
    claim_decide(number=sales_claim.number, accept=True, remedy="credit", by=commercial)

    claim_contact_record(
        number=sales_claim.number, channel="phone", direction="incoming",
        outcome="reached", by=commercial,
    )  # fmt: skip

    assert sales_claim.events.last().to_status == "accepted"
