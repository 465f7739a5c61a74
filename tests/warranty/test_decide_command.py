"""`sanbao decide --policy … --facts …` on the command line."""

import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def _facts_file(tmp_path, **facts):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts), encoding="utf-8")
    return str(path)


def test_it_prints_the_decision_as_json(tmp_path, capsys):
    path = _facts_file(
        tmp_path,
        category="power_bank",
        claim_date="2026-03-02",
        fault_code="swelling",
        purchase_date="2024-01-01",
    )
    call_command("decide", policy="top", facts=path)
    decision = json.loads(capsys.readouterr().out)
    assert decision["coverage"] == "out_of_warranty"
    assert decision["hazards"][0]["clause_id"] == "DG-BATTERY"


def test_it_prints_text_in_chinese(tmp_path, capsys):
    path = _facts_file(tmp_path, category="cable", claim_date="2026-03-02", fault_code="no_output",
                       purchase_date="2026-02-27")  # fmt: skip
    call_command("decide", policy="romoss", facts=path, format="text", language="zh-hans")
    out = capsys.readouterr().out
    assert out.startswith("保修期内") and "[3G-7]" in out


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        ({"category": "power_bank", "claim_date": "2026-13-01", "fault_code": "no_output"},
         "claim_date"),
        ({"category": "power_bank", "claim_date": "2026-03-01", "fault_code": "bang"},
         "fault_code"),
    ],
)  # fmt: skip
def test_it_names_bad_facts(tmp_path, facts, message):
    with pytest.raises(CommandError, match=message):
        call_command("decide", policy="top", facts=_facts_file(tmp_path, **facts))


def test_it_refuses_an_unknown_policy_and_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="acme"):
        call_command("decide", policy="acme", facts=_facts_file(tmp_path, category="cable"))
    with pytest.raises(CommandError, match="cannot read"):
        call_command("decide", policy="top", facts=str(tmp_path / "nope.json"))
