"""The bundled policies load, and a broken policy file is refused naming the file and key."""

from pathlib import Path

import pytest

from sanbao.policy import POLICY_DIR, PolicyError, bundled_policies, load_policy
from sanbao.policy.codes import CATEGORIES, EXCLUSIONS

BRANDS = ("top", "romoss")


def test_it_loads_the_three_bundled_policies():
    policies = bundled_policies()
    assert set(policies) == {"prc-law", "top", "romoss"}
    assert policies["prc-law"].kind == "law"
    assert {policies[brand].kind for brand in BRANDS} == {"brand"}


@pytest.mark.parametrize("policy_id", ["prc-law", "top", "romoss"])
def test_it_gives_every_clause_an_english_and_a_chinese_text(policy_id):
    policy = bundled_policies()[policy_id]
    assert policy.clauses
    for clause in policy.clauses.values():
        assert clause.en.strip(), clause.id
        assert clause.zh.strip(), clause.id
        assert any("\u4e00" <= char <= "\u9fff" for char in clause.zh), clause.id
        assert clause.policy_id == policy_id


@pytest.mark.parametrize("policy_id", BRANDS)
def test_it_gives_every_brand_category_a_warranty_period(policy_id):
    months = bundled_policies()[policy_id].warranty_months
    assert set(months) == {"power_bank", "adapter", "cable", "headphones"}
    assert set(months) == set(CATEGORIES)
    assert all(months[category] >= 1 for category in CATEGORIES)


def test_it_reads_the_periods_the_seeds_promise():
    top, romoss = bundled_policies()["top"], bundled_policies()["romoss"]
    assert set(top.warranty_months.values()) == {24}  # TOP: a 2-year warranty on everything
    assert top.replacement_days == 10
    assert romoss.warranty_months["power_bank"] == 12
    assert romoss.warranty_months["cable"] == 6


def test_it_maps_each_of_romoss_ten_exclusions_to_its_clause():
    romoss = bundled_policies()["romoss"]
    assert set(romoss.exclusions) == EXCLUSIONS
    assert sorted(romoss.exclusions.values(), key=lambda c: int(c.rsplit(".", 1)[1])) == [
        f"ROMOSS-III.{n}" for n in range(1, 11)
    ]


def test_it_loads_a_policy_file_by_path():
    assert load_policy(POLICY_DIR / "top.toml") == bundled_policies()["top"]


def _broken_copy(tmp_path: Path, source: str, old: str, new: str) -> Path:
    text = (POLICY_DIR / source).read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {source}"
    broken = tmp_path / f"broken-{source}"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    return broken


@pytest.mark.parametrize(
    ("source", "old", "new", "expected"),
    [
        pytest.param(
            "top.toml",
            "months = {",
            "monhts = {",
            ("warranty.monhts", "is not a known key"),
            id="misspelt-required-key-in-warranty",
        ),
        pytest.param(
            "romoss.toml",
            'clause = "ROMOSS-II.2"',
            'clase = "ROMOSS-II.2"',
            ("evidence.clase", "is not a known key"),
            id="misspelt-optional-key-in-evidence",
        ),
        pytest.param(
            "top.toml",
            "[replacement]",
            "[replacment]",
            ("replacment", "is not a known key"),
            id="misspelt-section",
        ),
        pytest.param(
            "top.toml",
            "days = 10",
            'days = 10\nwithin = "10 days"',
            ("replacement.within", "is not a known key"),
            id="extra-key",
        ),
    ],
)
def test_it_refuses_an_unknown_key_naming_the_file_and_the_key_path(
    tmp_path, source, old, new, expected
):
    broken = _broken_copy(tmp_path, source, old, new)
    with pytest.raises(PolicyError) as refused:
        load_policy(broken)
    message = str(refused.value)
    assert broken.name in message
    for part in expected:
        assert part in message


@pytest.mark.parametrize(
    ("source", "old", "new", "expected"),
    [
        pytest.param(
            "top.toml",
            'clause = "TOP-1.1"',
            'clause = "TOP-9.9"',
            ("TOP-9.9", "not defined"),
            id="undefined-clause",
        ),
        pytest.param(
            "romoss.toml",
            'clause = "ROMOSS-III.6"',
            'clause = "ROMOSS-III.66"',
            ("ROMOSS-III.66", "not defined"),
            id="undefined-exclusion-clause",
        ),
        pytest.param(
            "top.toml",
            "days = 10",
            'days = "ten"',
            ("replacement.days",),
            id="days-not-a-number",
        ),
        pytest.param(
            "top.toml",
            'code = "physical_damage"',
            'code = "water_damage"',
            ("water_damage", "exclusion"),
            id="unknown-exclusion-code",
        ),
        pytest.param(
            "top.toml",
            'id = "top"\n',
            "",
            ("policy.id", "missing"),
            id="missing-policy-id",
        ),
        pytest.param(
            "prc-law.toml",
            "return_days = 7",
            "return_days = 0",
            ("three_guarantees.return_days",),
            id="period-below-minimum",
        ),
        pytest.param(
            "romoss.toml",
            'freight = "customer"',
            'freight = "whatever"',
            ("charges.out_of_warranty.freight", "whatever"),
            id="unknown-charge-basis",
        ),
        pytest.param(
            "top.toml",
            'kind = "brand"',
            'kind = "law"',
            ("three_guarantees",),
            id="law-without-three-guarantees",
        ),
    ],
)
def test_it_refuses_a_bad_value_naming_the_file_and_what_is_wrong(
    tmp_path, source, old, new, expected
):
    broken = _broken_copy(tmp_path, source, old, new)
    with pytest.raises(PolicyError) as refused:
        load_policy(broken)
    message = str(refused.value)
    assert broken.name in message
    for part in expected:
        assert part in message


def test_it_refuses_a_file_that_is_not_toml(tmp_path):
    broken = _broken_copy(tmp_path, "top.toml", "[replacement]", "[replacement")
    with pytest.raises(PolicyError, match="not valid TOML") as refused:
        load_policy(broken)
    assert broken.name in str(refused.value)


def test_it_refuses_a_file_that_does_not_exist(tmp_path):
    with pytest.raises(PolicyError, match="no such policy file") as refused:
        load_policy(tmp_path / "nowhere.toml")
    assert "nowhere.toml" in str(refused.value)
