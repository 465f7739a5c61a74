"""The retention purge: personal data past its period erased, the product record kept."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from sanbao.customers.models import Customer
from sanbao.privacy.models import PurgeLogEntry, PurgeRun
from sanbao.privacy.purge import purge_preview, purge_run
from sanbao.service.models import ServiceOrder


def _counts(preview):
    return {
        (work.brand.code if work.brand else "*", work.schedule.record.code): count
        for work, count in preview
    }


def test_it_erases_the_customer_of_an_order_past_its_period(old_order, brand):
    order = old_order(days=800)  # TOP keeps 24 months (PIPL-19): 800 days is past it
    signature, proof = order.signature.name, order.proof_of_purchase.name
    assert default_storage.exists(signature) and default_storage.exists(proof)
    run = purge_run()
    order.refresh_from_db()
    customer = Customer.objects.get(pk=order.customer_id)
    assert (customer.name, customer.phone, customer.email, customer.address_detail) == (
        "",
        "",
        "",
        "",
    )
    assert customer.phone_hash is None and customer.erased_at is not None
    assert str(customer) == "(erased)"
    assert not order.signature and not order.proof_of_purchase
    assert not default_storage.exists(signature) and not default_storage.exists(proof)
    # what the dashboards count stays
    assert (order.serial, order.fault_code, order.status) != ("", "", "")
    assert order.personal_data_purged_at is not None
    assert run.status == PurgeRun.Status.DONE
    logged = {(e.record_type, e.count) for e in run.entries.filter(count__gt=0)}
    assert logged == {("service_order", 1), ("customer", 1)}
    entry = PurgeLogEntry.objects.get(run=run, record_type="service_order", brand=brand)
    assert entry.clause == "PIPL-19"


def test_it_keeps_what_is_inside_its_period(old_order):
    order = old_order(days=300)
    purge_run()
    order.refresh_from_db()
    assert order.signature and order.customer.name == "张伟"


def test_a_recent_order_keeps_the_customer_whose_old_order_was_purged(old_order):
    old = old_order(days=800)
    recent = old_order(days=10)
    assert recent.customer_id == old.customer_id
    purge_run()
    old.refresh_from_db()
    assert old.personal_data_purged_at is not None
    assert Customer.objects.get(pk=old.customer_id).name == "张伟"


def test_the_dry_run_counts_and_changes_nothing(old_order):
    order = old_order(days=800)
    counts = _counts(purge_preview())
    assert counts[("top", "service_order")] == 1
    assert counts[("*", "customer")] == 0  # its order is not purged yet
    assert counts[("romoss", "service_order")] == 0
    order.refresh_from_db()
    assert order.personal_data_purged_at is None and order.signature
    assert not PurgeRun.objects.exists()


def test_it_goes_on_where_an_interrupted_run_stopped(old_order, brand):
    first, second = old_order(days=800), old_order(days=800, customer_phone="13900139000")
    ServiceOrder.objects.filter(pk=first.pk).update(personal_data_purged_at=timezone.now())
    # a run killed mid-way stays "running", its heartbeat stopped
    interrupted = PurgeRun.objects.create(heartbeat_at=timezone.now() - timedelta(minutes=3))
    run = purge_run(batch=1)
    interrupted.refresh_from_db()
    assert interrupted.status == PurgeRun.Status.FAILED and "Interrupted" in interrupted.error
    assert run.entries.get(record_type="service_order", brand=brand).count == 1  # the second
    assert run.entries.get(record_type="customer").count == 2
    second.refresh_from_db()
    assert second.personal_data_purged_at is not None


def test_a_second_run_finds_nothing_more(old_order):
    old_order(days=800)
    purge_run()
    assert purge_run().total == 0


def test_the_command_prints_the_dry_run_and_the_run(old_order, capsys):
    old_order(days=800)
    call_command("purge", "--dry-run")
    assert "service_order" in capsys.readouterr().out
    assert ServiceOrder.objects.filter(personal_data_purged_at__isnull=True).exists()
    call_command("purge")
    assert "done: 2 records purged" in capsys.readouterr().out


@pytest.mark.parametrize("days, purged", [(170, False), (200, True)])
def test_romoss_keeps_repair_data_half_a_year(old_order, other_brand, days, purged, settings):
    from sanbao.privacy.schedules import brand_schedules

    schedules = {s.record.code: s for s in brand_schedules(brand=other_brand)}
    assert schedules["service_order"].months == 6
    assert schedules["service_order"].clause_id == "ROMOSS-IV.8"
    order = old_order(days=days)
    ServiceOrder.objects.filter(pk=order.pk).update(brand=other_brand)
    purge_run()
    order.refresh_from_db()
    assert (order.personal_data_purged_at is not None) is purged


def test_an_active_recall_holds_the_customer(old_order, brand, unit, front_desk):
    from sanbao.catalog.models import Recall

    order = old_order(days=800)
    recall = Recall.objects.create(
        brand=brand, code="R-1", title_en="Recall", title_zh="召回",
        status=Recall.Status.ACTIVE, starts_on=timezone.localdate() - timedelta(days=1),
        remedy="replace", created_by=front_desk,
    )  # fmt: skip
    recall.product_models.add(unit.model)
    purge_run()
    assert Customer.objects.get(pk=order.customer_id).name == "张伟"


def test_a_second_purge_waits_while_one_is_alive(old_order):
    old_order(days=800)
    alive = PurgeRun.objects.create(heartbeat_at=timezone.now() - timedelta(seconds=30))
    assert purge_run() is None
    assert ServiceOrder.objects.filter(personal_data_purged_at__isnull=True).exists()
    alive.refresh_from_db()
    assert alive.status == PurgeRun.Status.RUNNING
