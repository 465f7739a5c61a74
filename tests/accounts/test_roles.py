"""Roles are groups created by a data migration, with the permissions the role table names."""

import pytest
from django.contrib.auth.models import Group, Permission

from sanbao.accounts.roles import ROLES

pytestmark = pytest.mark.django_db


def test_it_has_a_group_for_every_role():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


def test_it_gives_each_group_exactly_its_declared_permissions():
    for code, role in ROLES.items():
        group = Group.objects.get(name=code)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        if "*" in role.permissions:
            assert granted == {
                f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.all()
            }
        else:
            assert granted == set(role.permissions)


def test_it_lets_a_user_with_several_roles_land_on_the_first(make_user):
    user = make_user("technician")
    user.groups.add(Group.objects.get(name="manager"))
    assert user.role.code == "manager"
    assert [role.code for role in user.roles] == ["manager", "technician"]
