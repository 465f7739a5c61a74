"""Warranty engine actions: decide a claim; tell every process the calendar changed."""

from typing import Any

from django.utils import timezone

from sanbao.policy import Decision, decide
from sanbao.warranty import selectors
from sanbao.warranty.facts_input import facts_build
from sanbao.warranty.registry_facts import registry_facts


def warranty_decide(
    *, policy_id: str, facts: dict[str, Any], serial: str | None = None
) -> Decision:
    """Facts → decision under the brand's policy and the law. No side effects. With a
    registered serial, the registry's facts (recall, channel, model) replace those given."""
    policy = selectors.policy_get(policy_id=policy_id)
    if serial:
        facts = facts | registry_facts(
            serial=serial, policy_id=policy.id, today=timezone.localdate()
        )
    return decide(
        facts_build(facts),
        policy,
        selectors.law_policy(),
        calendar=selectors.working_calendar(),
    )


def working_calendar_changed() -> None:
    """Every process rebuilds its calendar at its next decision."""
    selectors.CALENDAR_MEMO.changed()
