"""Warranty engine actions: decide a claim; tell every process the calendar changed."""

from typing import Any

from sanbao.policy import Decision, decide
from sanbao.warranty import selectors
from sanbao.warranty.facts_input import facts_build


def warranty_decide(*, policy_id: str, facts: dict[str, Any]) -> Decision:
    """Facts → decision under the brand's policy and the law. No side effects."""
    policy = selectors.policy_get(policy_id=policy_id)
    return decide(
        facts_build(facts),
        policy,
        selectors.law_policy(),
        calendar=selectors.working_calendar(),
    )


def working_calendar_changed() -> None:
    """Every process rebuilds its calendar at its next decision."""
    selectors.CALENDAR_MEMO.changed()
