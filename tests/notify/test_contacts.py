"""The contact log (calls and faxes to return units) and notices queued for dealers."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from sanbao.config.errors import DomainError
from sanbao.notify.contacts import contact_record
from sanbao.notify.models import ContactLogEntry, OutboxMessage
from sanbao.notify.services import message_to_dealer, outbox_deliver

pytestmark = pytest.mark.django_db

Channel, Outcome = ContactLogEntry.Channel, ContactLogEntry.Outcome


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def clerk(make_user, hq):
    return make_user("warehouse", outlet=hq)


def record(dealer, clerk, **changes):
    values = {"topic": "return-batch:RMSR261120001", "channel": "phone", "outcome": "reached"}
    return contact_record(dealer=dealer, by=clerk, **{**values, **changes})


# --- the contact log ---------------------------------------------------------------


def test_it_logs_a_call_to_the_dealers_number_now(dealer, clerk):
    before = timezone.now()

    entry = record(dealer, clerk, note="  王丽接听 已告知少一台 ")

    entry.refresh_from_db()
    assert (entry.dealer, entry.by, entry.topic, entry.channel, entry.outcome) == (
        dealer, clerk, "return-batch:RMSR261120001", "phone", "reached",
    )  # fmt: skip
    assert entry.number_called == "+8613957112345"
    assert entry.note == "王丽接听 已告知少一台"
    assert before <= entry.called_at <= timezone.now()
    assert entry.recorded_at >= before


def test_it_logs_the_number_and_time_given(dealer, clerk):
    earlier = timezone.now().replace(microsecond=0) - timedelta(hours=3)

    entry = record(
        dealer, clerk, channel="fax", outcome="fax_failed", number_called=" 0571-8888 6666 ",
        called_at=earlier,
    )  # fmt: skip

    entry.refresh_from_db()
    assert (entry.number_called, entry.called_at, entry.outcome) == (
        "0571-8888 6666", earlier, "fax_failed",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("channel", "outcome"),
    [
        ("phone", "reached"),
        ("phone", "left_message"),
        ("phone", "no_answer"),
        ("fax", "fax_sent"),
        ("fax", "fax_failed"),
    ],
)
def test_it_takes_the_outcomes_that_fit_the_channel(dealer, clerk, channel, outcome):
    assert record(dealer, clerk, channel=channel, outcome=outcome).pk


def test_it_keeps_topic_and_note_to_their_lengths(dealer, clerk):
    entry = record(dealer, clerk, topic="t" * 80, note="n" * 2500)

    assert (len(entry.topic), len(entry.note)) == (60, 2000)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"channel": "email"}, "channel"),
        ({"outcome": "shouted"}, "outcome"),
        ({"channel": "fax", "outcome": "reached"}, "outcome"),
        ({"channel": "phone", "outcome": "fax_sent"}, "outcome"),
        ({"called_at": timezone.now() + timedelta(days=1)}, "called_at"),
    ],
)
def test_it_refuses_a_wrong_entry_and_stores_nothing(dealer, clerk, changes, field):
    with pytest.raises(DomainError) as caught:
        record(dealer, clerk, **changes)

    assert (caught.value.code, caught.value.status) == ("invalid_input", 422)
    assert list(caught.value.fields) == [field]
    assert ContactLogEntry.objects.count() == 0


def test_it_lists_the_latest_call_first(dealer, clerk):
    now = timezone.now()
    old = record(dealer, clerk, called_at=now - timedelta(days=2))
    new = record(dealer, clerk, called_at=now - timedelta(hours=1))

    assert list(ContactLogEntry.objects.all()) == [new, old]
    assert list(dealer.contacts.all()) == [new, old]


# --- notices to dealers ------------------------------------------------------------


def test_it_queues_a_notice_for_a_dealer_once_per_topic(dealer):
    first = message_to_dealer(
        dealer=dealer,
        topic="return-batch:RMSR261120001:receipt",
        subject="s" * 250,
        body="收货异常",
    )
    again = message_to_dealer(
        dealer=dealer, topic="return-batch:RMSR261120001:receipt", subject="later", body="again"
    )

    assert again.pk == first.pk
    stored = OutboxMessage.objects.get()
    assert (stored.dealer, stored.customer, stored.user) == (dealer, None, None)
    assert (stored.language, stored.status, stored.body) == ("zh-hans", "pending", "收货异常")
    assert len(stored.subject) == 200
    assert stored.addressee == str(dealer)


def test_it_queues_one_notice_per_dealer_and_topic(dealer, other_brand):
    from tests.conftest import _credit_code

    other = dealer.__class__.objects.create(
        code="nb", name="宁波电子商行", credit_code=_credit_code("91330205MA2H5K3L8"),
        contact_person="陈刚", phone="+8613857412345",
    )  # fmt: skip

    message_to_dealer(dealer=dealer, topic="t", subject="s", body="b")
    message_to_dealer(dealer=other, topic="t", subject="s", body="b")
    message_to_dealer(dealer=dealer, topic="u", subject="s", body="b", language="en")

    assert OutboxMessage.objects.filter(topic="t").count() == 2
    assert OutboxMessage.objects.get(topic="u").language == "en"


def test_it_emails_a_dealer_that_has_an_address(dealer, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    dealer.email = "returns@hz-digital.example"
    dealer.save()
    message_to_dealer(dealer=dealer, topic="t", subject="Batch received", body="收货异常")

    assert outbox_deliver() == 1

    stored = OutboxMessage.objects.get()
    assert (stored.status, stored.channel, stored.recipient) == (
        "sent", "email", "returns@hz-digital.example",
    )  # fmt: skip
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["returns@hz-digital.example"], "Batch received")
    ]


def test_it_texts_a_dealer_without_an_email_address(dealer, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message_to_dealer(dealer=dealer, topic="t", subject="Batch received", body="收货异常")

    assert outbox_deliver() == 1

    stored = OutboxMessage.objects.get()
    assert (stored.status, stored.channel, stored.recipient) == ("sent", "sms", dealer.phone)
    assert mail.outbox == []
