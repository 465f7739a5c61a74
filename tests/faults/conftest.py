"""Fault tests: real Sanbao processes killed with SIGKILL mid-job (see processes.py)."""

import pytest

from tests.faults.processes import Site


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "faults: kill tests running real worker and web processes (tests/faults)"
    )


@pytest.fixture(scope="session")
def migrated_site(tmp_path_factory):
    """Migrated once per test session; every `site` starts from a copy of its database."""
    with Site.create(tmp_path_factory.mktemp("faults-template")) as template:
        yield template


@pytest.fixture
def site(tmp_path, migrated_site):
    """A migrated site of its own (data dir, database, queue); its processes killed after."""
    with Site.create(tmp_path / "site", template=migrated_site) as made:
        yield made
