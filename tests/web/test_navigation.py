"""The menu shows each role only what it may open, and every entry it shows opens."""

import pytest

from sanbao.accounts.roles import ROLES
from sanbao.web.navigation import NAV, nav_for

pytestmark = pytest.mark.django_db


def _urls(user):
    return {entry.url_name for _section, entries in nav_for(user) for entry in entries}


def test_it_hides_organisation_pages_from_front_desk(make_user):
    urls = _urls(make_user("front_desk"))
    assert "web:object_list:product-models" in urls
    assert "web:object_list:dealers" not in urls
    assert "admin:index" not in urls


def test_it_shows_the_dealer_only_the_portal_and_account(make_user):
    urls = _urls(make_user("dealer"))
    assert "portal:dealer_home" in urls
    assert "web:home" not in urls
    assert not any(url.startswith("web:object_list") for url in urls)


@pytest.mark.parametrize("role", list(ROLES))
def test_it_only_lists_entries_that_open_for_the_role(client_as, make_user, role):
    user = make_user(role)
    client = client_as(user)
    for _section, entries in nav_for(user):
        for entry in entries:
            assert client.get(entry.url).status_code in (200, 302), entry.url_name
    hidden = [entry for entry in NAV if not entry.allowed(user)]
    for entry in hidden:
        if entry.url_name.startswith("web:object_list"):
            assert client.get(entry.url).status_code == 403, entry.url_name
