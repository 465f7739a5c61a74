"""`sanbao backup` and `sanbao restore` on SQLite: orders backed up, changed and deleted, then
restored as they were; a backup taken while a write is under way; what each refuses."""

import sqlite3
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from sanbao.service.models import ServiceOrder
from tests.service import conftest as service_fixtures

# The service orders' fixtures, shared with tests/service/.
unit = service_fixtures.unit
front_desk = service_fixtures.front_desk
register = service_fixtures.register

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's backup; PostgreSQL uses pg_dump"
)


def _database() -> Path:
    return Path(connection.settings_dict["NAME"])


def _orders() -> dict[str, tuple[str, str]]:
    return dict(
        (number, (status, findings))
        for number, status, findings in ServiceOrder.objects.values_list(
            "number", "status", "findings"
        )
    )


def _leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_it_restores_the_orders_as_they_were_backed_up(register, tmp_path, capsys):
    first, second = register(), register(customer_phone="13900139000")
    backed_up = _orders()
    target = tmp_path / "nightly.sqlite3"

    call_command("backup", str(target))

    assert target.is_file() and _leftovers(tmp_path) == []
    assert "Backed up" in capsys.readouterr().out
    first.delete()
    ServiceOrder.objects.filter(pk=second.pk).update(findings="changed after the backup")
    later = register(customer_phone="13700137000")
    changed = _orders()
    assert changed != backed_up

    call_command("restore", str(target), "--no-input")

    assert _orders() == backed_up
    assert not ServiceOrder.objects.filter(number=later.number).exists()
    assert ServiceOrder.objects.get(number=first.number).customer.phone == first.customer.phone
    out = capsys.readouterr().out
    assert f"Restored {_database()}" in out
    # What was there before the restore was saved first, and can itself be restored.
    safety = next((_database().parent / "backups").glob("before-restore-*.sqlite3"))
    assert f"saved in {safety}" in out
    call_command("restore", str(safety), "--no-input", "--no-safety-copy")
    assert _orders() == changed
    safety.unlink()


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_it_backs_up_while_a_write_is_under_way(register, tmp_path):
    """WAL: the backup reads the last committed state and does not wait for the writer."""
    order = register()
    writer = sqlite3.connect(_database(), timeout=1, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "UPDATE service_serviceorder SET findings = 'not committed' WHERE id = ?", [order.pk]
        )
        call_command("backup", str(tmp_path / "busy.sqlite3"))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    copy = sqlite3.connect(tmp_path / "busy.sqlite3")
    try:
        (findings,) = copy.execute(
            "SELECT findings FROM service_serviceorder WHERE id = ?", [order.pk]
        ).fetchone()
        (mode,) = copy.execute("PRAGMA journal_mode").fetchone()
    finally:
        copy.close()
    assert findings == order.findings
    assert mode == "delete"  # one self-contained file, no -wal beside it
    assert sorted(path.name for path in tmp_path.iterdir()) == ["busy.sqlite3"]


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_it_puts_backups_beside_the_database_by_default(capsys):
    call_command("backup")
    written = Path(capsys.readouterr().out.split(" to ", 1)[1].split(" (", 1)[0])
    assert written.parent == _database().parent / "backups"
    assert written.name.startswith("sanbao-") and written.suffix == ".sqlite3"
    written.unlink()


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_it_never_overwrites_a_backup(tmp_path):
    target = tmp_path / "once.sqlite3"
    call_command("backup", str(target))
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(target))


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_restore_what_is_not_a_sanbao_backup(register, tmp_path):
    order = register()
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database at all" * 100)
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()

    with pytest.raises(CommandError, match=r"Could not read .* as a SQLite database"):
        call_command("restore", str(garbage), "--no-input", "--no-safety-copy")
    with pytest.raises(CommandError, match="not a Sanbao database"):
        call_command("restore", str(other), "--no-input", "--no-safety-copy")
    with pytest.raises(CommandError, match="no backup"):
        call_command("restore", str(tmp_path / "missing.sqlite3"), "--no-input")

    assert ServiceOrder.objects.filter(pk=order.pk).exists()
    assert _leftovers(_database().parent) == []


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_backup_from_a_newer_version(tmp_path):
    target = tmp_path / "newer.sqlite3"
    call_command("backup", str(target))
    newer = sqlite3.connect(target, isolation_level=None)
    newer.execute(
        "INSERT INTO django_migrations (app, name, applied) "
        "VALUES ('service', '9999_from_the_future', '2030-01-01')"
    )
    newer.close()
    with pytest.raises(CommandError, match="newer version of Sanbao"):
        call_command("restore", str(target), "--no-input", "--no-safety-copy")


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_it_asks_before_replacing_the_data(tmp_path, monkeypatch):
    target = tmp_path / "asked.sqlite3"
    call_command("backup", str(target))
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(target))


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["backup", "restore"])
def test_it_points_postgresql_to_pg_dump_and_pg_restore(command, tmp_path, monkeypatch):
    if connection.vendor == "sqlite":
        monkeypatch.setattr(connection, "vendor", "postgresql")
    backup = tmp_path / "x.sqlite3"
    backup.write_bytes(b"")
    arguments = [str(backup), "--no-input"] if command == "restore" else [str(backup)]
    with pytest.raises(CommandError) as refused:
        call_command(command, *arguments)
    assert "pg_dump -Fc" in str(refused.value)
    assert "pg_restore" in str(refused.value)
    assert "docs/operations.md" in str(refused.value)
