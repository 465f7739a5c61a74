"""Recall campaigns: the form's scope rules, counting, status, recovered units and outreach."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from sanbao.catalog.forms import RecallForm
from sanbao.catalog.models import (
    ProductionBatch,
    ProductModel,
    Recall,
    RecallRecovery,
    Unit,
    UnitStatus,
)
from sanbao.catalog.recalls import (
    recall_count,
    recall_outreach_send,
    recall_recovered_count,
    recall_save,
    recall_status_set,
    recall_unit_recover,
)
from sanbao.config.errors import DomainError
from sanbao.customers.models import Customer
from sanbao.notify.models import OutboxMessage

pytestmark = pytest.mark.django_db

DAY = date(2025, 3, 1)


@pytest.fixture
def manager(make_user):
    return make_user("manager")


@pytest.fixture
def cable(brand):
    return ProductModel.objects.create(
        brand=brand, sku="TOP-CB1", name_en="Cable", name_zh="数据线", category="cable"
    )


@pytest.fixture
def bank_batch(bank):
    return ProductionBatch.objects.create(model=bank, code="B1", produced_from=DAY, produced_to=DAY)


@pytest.fixture
def cable_batch(cable):
    return ProductionBatch.objects.create(
        model=cable, code="C1", produced_from=DAY, produced_to=DAY
    )


def _unit(model, serial, **fields):
    return Unit.objects.create(
        brand=model.brand, serial=serial, model=model, produced_on=DAY, **fields
    )


def _customer(phone, *, consented=True, language="zh-hans", name="张三"):
    return Customer.objects.create(
        name=name,
        phone=phone,
        language=language,
        notifications_consented_at=timezone.now() if consented else None,
    )


def _form_data(brand, models, **overrides):
    data = {
        "brand": brand.pk,
        "code": "rc-2025-01",
        "title_en": "Bank 10 overheating",
        "title_zh": "移动电源过热召回",
        "cause": "Cells may overheat.",
        "regulator_reference": "SAMR-2025-001",
        "remedy": "replace",
        "product_models": [model.pk for model in models],
        "batches": [],
        "starts_on": "2025-04-01",
        "ends_on": "",
        "ranges": "",
    }
    data.update(overrides)
    return data


def _recall(brand, manager, models, *, status="draft", remedy="replace", ranges=(), code="rc"):
    recall = Recall.objects.create(
        brand=brand, code=code, title_en="Bank 10 overheating", title_zh="移动电源过热召回",
        cause="Cells may overheat.", remedy=remedy, serial_ranges=[list(r) for r in ranges],
        starts_on=timezone.localdate() - timedelta(days=3), status=status, created_by=manager,
    )  # fmt: skip
    recall.product_models.set(models)
    return recall


# RecallForm


def test_it_reads_one_range_per_line_with_any_separator(brand, bank):
    form = RecallForm(
        _form_data(
            brand, [bank],
            ranges="top0010 top0020\n\n  TOPA0001,TOPA0009  \n"
            "TOPB0001 ~ TOPB0002\nTOPC0001\u2013TOPC0005",
        )
    )  # fmt: skip
    assert form.is_valid(), form.errors
    assert form.cleaned_data["ranges"] == [
        ["TOP0010", "TOP0020"],
        ["TOPA0001", "TOPA0009"],
        ["TOPB0001", "TOPB0002"],
        ["TOPC0001", "TOPC0005"],
    ]


@pytest.mark.parametrize(
    ("ranges", "line"),
    [
        ("TOP0010", 1),  # one end only
        ("TOP0010 TOP0020 TOP0030", 1),  # three serials
        ("TOP0010 TOP0020\nTOP0010 TOP00200", 2),  # different lengths
        ("TOP0020 TOP0010", 1),  # last before first
        ("TOP0010 T!P0020", 1),  # not a serial
        ("AB CD", 1),  # too short to be serials
    ],
)
def test_it_names_the_line_of_a_bad_range(brand, bank, ranges, line):
    form = RecallForm(_form_data(brand, [bank], ranges=ranges))
    assert not form.is_valid()
    assert f"Line {line}:" in form.errors["ranges"][0]


def test_it_refuses_models_of_another_brand(brand, bank, foreign_model):
    form = RecallForm(_form_data(brand, [bank, foreign_model]))
    assert not form.is_valid()
    assert form.errors["product_models"] == ["Choose models of the recall's brand."]


def test_it_refuses_batches_of_models_not_recalled(brand, bank, cable_batch, bank_batch):
    form = RecallForm(_form_data(brand, [bank], batches=[bank_batch.pk, cable_batch.pk]))
    assert not form.is_valid()
    assert form.errors["batches"] == ["Choose batches of the recalled models."]
    assert RecallForm(_form_data(brand, [bank], batches=[bank_batch.pk])).is_valid()


def test_it_refuses_an_end_before_the_start(brand, bank):
    form = RecallForm(_form_data(brand, [bank], starts_on="2025-04-01", ends_on="2025-03-31"))
    assert not form.is_valid()
    assert form.errors["ends_on"] == ["The recall cannot end before it starts."]
    assert RecallForm(_form_data(brand, [bank], ends_on="2025-04-01")).is_valid()


def test_it_needs_at_least_one_model(brand):
    form = RecallForm(_form_data(brand, []))
    assert not form.is_valid()
    assert "product_models" in form.errors


def test_it_shows_saved_ranges_when_editing(brand, bank, manager):
    recall = _recall(
        brand, manager, [bank], ranges=[("TOP0010", "TOP0020"), ("TOP0100", "TOP0200")]
    )
    form = RecallForm(instance=recall)
    assert form.initial["ranges"] == "TOP0010-TOP0020\nTOP0100-TOP0200"
    # What the form shows is read back as the same ranges.
    again = RecallForm(
        _form_data(brand, [bank], code=recall.code, ranges=form.initial["ranges"]), instance=recall
    )
    assert again.is_valid(), again.errors
    assert again.cleaned_data["ranges"] == recall.serial_ranges


# recall_save and recall_count


def test_it_saves_the_scope_and_counts_the_units_in_it(brand, bank, cable, bank_batch, manager):
    _unit(bank, "TOP0001", batch=bank_batch)
    _unit(bank, "TOP0015")
    _unit(bank, "TOP0099")
    _unit(cable, "TOP0016")  # in the range, but not a recalled model
    form = RecallForm(_form_data(brand, [bank], batches=[bank_batch.pk], ranges="TOP0010 TOP0020"))
    assert form.is_valid(), form.errors
    recall = recall_save(form=form, by=manager)
    recall.refresh_from_db()
    assert recall.created_by == manager
    assert recall.status == Recall.Status.DRAFT
    assert recall.serial_ranges == [["TOP0010", "TOP0020"]]
    assert list(recall.batches.all()) == [bank_batch]
    assert recall.units_in_scope == 2
    assert recall.counted_at is not None


def test_it_keeps_the_creator_and_recounts_when_edited(brand, bank, make_user, manager):
    _unit(bank, "TOP0001")
    _unit(bank, "TOP0002")
    form = RecallForm(_form_data(brand, [bank]))
    assert form.is_valid(), form.errors
    recall = recall_save(form=form, by=manager)
    assert recall.units_in_scope == 2
    form = RecallForm(_form_data(brand, [bank], ranges="TOP0002 TOP0009"), instance=recall)
    assert form.is_valid(), form.errors
    edited = recall_save(form=form, by=make_user("manager", username="manager-2"))
    edited.refresh_from_db()
    assert edited.pk == recall.pk
    assert edited.created_by == manager
    assert edited.units_in_scope == 1


def test_it_recounts_on_demand(brand, bank, manager):
    recall = _recall(brand, manager, [bank])
    assert recall.units_in_scope == 0
    _unit(bank, "TOP0001")
    recall_count(recall=recall)
    recall.refresh_from_db()
    assert recall.units_in_scope == 1


# recall_status_set


def test_it_moves_from_draft_to_active_to_closed(brand, bank, manager):
    _unit(bank, "TOP0001")
    recall = _recall(brand, manager, [bank])
    recall = recall_status_set(recall=recall, status="active", by=manager)
    assert recall.status == Recall.Status.ACTIVE
    assert recall.units_in_scope == 1
    recall = recall_status_set(recall=recall, status="closed", by=manager)
    recall.refresh_from_db()
    assert recall.status == Recall.Status.CLOSED


@pytest.mark.parametrize(
    ("current", "new"),
    [
        ("draft", "closed"),
        ("draft", "draft"),
        ("active", "draft"),
        ("active", "active"),
        ("closed", "active"),
        ("closed", "draft"),
        ("draft", "cancelled"),
    ],
)
def test_it_refuses_other_status_changes(brand, bank, manager, current, new):
    recall = _recall(brand, manager, [bank], status=current)
    with pytest.raises(DomainError) as raised:
        recall_status_set(recall=recall, status=new, by=manager)
    assert raised.value.status == 409
    assert raised.value.code == "transition_not_allowed"
    recall.refresh_from_db()
    assert recall.status == current


# recall_unit_recover


@pytest.fixture
def active_recall(brand, bank, manager):
    return _recall(brand, manager, [bank], status="active", ranges=[("TOP0010", "TOP0020")])


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_it_takes_units_back_only_in_an_active_recall(brand, bank, manager, outlet, status):
    _unit(bank, "TOP0011")
    recall = _recall(brand, manager, [bank], status=status)
    with pytest.raises(DomainError) as raised:
        recall_unit_recover(
            recall=recall, serial="TOP0011", remedy_given="replace", outlet=outlet, by=manager
        )
    assert (raised.value.status, raised.value.code) == (409, "recall_not_active")
    assert not RecallRecovery.objects.exists()


def test_it_records_a_recovered_unit_and_marks_it(active_recall, bank, manager, outlet):
    unit = _unit(bank, "TOP0011", status=UnitStatus.SOLD)
    recovery = recall_unit_recover(
        recall=active_recall, serial=" top-0011 ", remedy_given="replace", outlet=outlet,
        by=manager,
    )  # fmt: skip
    assert recovery.unit == unit
    assert recovery.outlet == outlet
    assert recovery.recorded_by == manager
    assert recovery.remedy_given == "replace"
    assert recovery.recovered_at is not None
    unit.refresh_from_db()
    assert unit.status == UnitStatus.RECOVERED
    assert recall_recovered_count(recall=active_recall) == 1


@pytest.mark.parametrize("serial", ["TOP0021", "TOP00110", "NOSUCH01"])
def test_it_refuses_a_unit_outside_the_scope(active_recall, bank, manager, serial):
    _unit(bank, "TOP0021")
    _unit(bank, "TOP00110")
    with pytest.raises(DomainError) as raised:
        recall_unit_recover(
            recall=active_recall, serial=serial, remedy_given="replace", outlet=None, by=manager
        )
    assert (raised.value.status, raised.value.code) == (422, "not_in_recall")
    assert "serial" in raised.value.fields


def test_it_refuses_a_unit_of_a_model_not_recalled(active_recall, cable, manager):
    _unit(cable, "TOP0012")
    with pytest.raises(DomainError) as raised:
        recall_unit_recover(
            recall=active_recall, serial="TOP0012", remedy_given="replace", outlet=None, by=manager
        )
    assert raised.value.code == "not_in_recall"


def test_it_refuses_a_malformed_serial(active_recall, manager):
    with pytest.raises(DomainError) as raised:
        recall_unit_recover(
            recall=active_recall, serial="T!", remedy_given="replace", outlet=None, by=manager
        )
    assert (raised.value.status, raised.value.code) == (422, "malformed_serial")


@pytest.mark.parametrize(
    ("remedy", "given", "allowed"),
    [
        ("replace", "replace", True),
        ("replace", "refund", False),
        ("refund", "refund", True),
        ("refund", "replace", False),
        ("choice", "replace", True),
        ("choice", "refund", True),
        ("choice", "repair", False),
    ],
)
def test_it_gives_only_a_remedy_the_recall_offers(brand, bank, manager, remedy, given, allowed):
    unit = _unit(bank, "TOP0011")
    recall = _recall(brand, manager, [bank], status="active", remedy=remedy)
    if allowed:
        recall_unit_recover(recall=recall, serial="TOP0011", remedy_given=given, outlet=None,
                            by=manager)  # fmt: skip
        assert RecallRecovery.objects.get().remedy_given == given
        return
    with pytest.raises(DomainError) as raised:
        recall_unit_recover(recall=recall, serial="TOP0011", remedy_given=given, outlet=None,
                            by=manager)  # fmt: skip
    assert (raised.value.status, raised.value.code) == (422, "remedy_not_offered")
    assert "remedy_given" in raised.value.fields
    unit.refresh_from_db()
    assert unit.status == UnitStatus.PRODUCED


def test_it_refuses_to_recover_a_unit_twice(active_recall, bank, manager):
    _unit(bank, "TOP0011")
    recall_unit_recover(
        recall=active_recall, serial="TOP0011", remedy_given="replace", outlet=None, by=manager
    )
    with pytest.raises(DomainError) as raised:
        recall_unit_recover(
            recall=active_recall, serial="TOP0011", remedy_given="replace", outlet=None, by=manager
        )
    assert (raised.value.status, raised.value.code) == (409, "already_recovered")
    assert RecallRecovery.objects.count() == 1


# recall_outreach_send


@pytest.fixture
def owners(bank, cable):
    zh_owner = _customer("+8613800138000", language="zh-hans", name="张三")
    en_owner = _customer("+8613800138001", language="en", name="John Smith")
    refused = _customer("+8613800138002", consented=False, name="李四")
    outside = _customer("+8613800138003", name="王五")
    _unit(bank, "TOP0011", owner=zh_owner)
    _unit(bank, "TOP0012", owner=zh_owner)  # two units, one message
    _unit(bank, "TOP0013", owner=en_owner)
    _unit(bank, "TOP0014", owner=refused)
    _unit(bank, "TOP0099", owner=outside)  # outside the range
    _unit(cable, "TOP0015", owner=outside)  # a model not recalled
    _unit(bank, "TOP0016")  # no registered owner
    return {"zh": zh_owner, "en": en_owner, "refused": refused, "outside": outside}


def test_it_tells_each_consenting_owner_once_in_their_language(active_recall, owners, manager):
    queued = recall_outreach_send(recall=active_recall, by=manager)
    assert queued == 2
    messages = {message.customer: message for message in OutboxMessage.objects.all()}
    assert set(messages) == {owners["zh"], owners["en"]}
    zh, en = messages[owners["zh"]], messages[owners["en"]]
    assert {zh.topic, en.topic} == {f"recall:{active_recall.pk}"}
    assert zh.language == "zh-hans" and en.language == "en"
    assert "移动电源过热召回" in zh.subject and "移动电源过热召回" in zh.body
    assert "Bank 10 overheating" in en.subject and "Bank 10 overheating" in en.body
    assert "Bank 10 overheating" not in zh.body
    assert "400-716-2528" in en.body
    assert all(m.status == OutboxMessage.Status.PENDING for m in messages.values())


def test_it_writes_no_second_message_when_sent_again(active_recall, owners, manager):
    recall_outreach_send(recall=active_recall, by=manager)
    recall_outreach_send(recall=active_recall, by=manager)
    assert OutboxMessage.objects.count() == 2
    assert OutboxMessage.objects.filter(customer=owners["zh"]).count() == 1


def test_it_reports_nothing_queued_when_sent_again(active_recall, owners, manager):
    assert recall_outreach_send(recall=active_recall, by=manager) == 2
    assert recall_outreach_send(recall=active_recall, by=manager) == 0


def test_it_tells_only_new_owners_after_the_scope_grows(active_recall, owners, manager):
    recall_outreach_send(recall=active_recall, by=manager)
    active_recall.serial_ranges = [["TOP0010", "TOP0099"]]
    active_recall.save()
    recall_outreach_send(recall=active_recall, by=manager)
    told = set(OutboxMessage.objects.values_list("customer__phone", flat=True))
    assert told == {"+8613800138000", "+8613800138001", "+8613800138003"}


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_it_tells_owners_only_of_an_active_recall(brand, bank, manager, owners, status):
    recall = _recall(brand, manager, [bank], status=status)
    with pytest.raises(DomainError) as raised:
        recall_outreach_send(recall=recall, by=manager)
    assert (raised.value.status, raised.value.code) == (409, "recall_not_active")
    assert not OutboxMessage.objects.exists()
