"""The warranty policy engine: policies as data, decisions as pure functions (no Django).

law = load_policy(POLICY_DIR / "prc-law.toml")
decision = decide(facts, load_policy(POLICY_DIR / "top.toml"), law)
"""

from sanbao.policy.calendar import WorkingCalendar
from sanbao.policy.engine import decide, warranty_end, warranty_months
from sanbao.policy.facts import Facts, RecallFact
from sanbao.policy.loader import POLICY_DIR, PolicyError, bundled_policies, load_policy
from sanbao.policy.outcome import Charge, Deadline, Decision, Hazard, Reason
from sanbao.policy.rules import Clause, Policy

__all__ = [
    "POLICY_DIR",
    "Charge",
    "Clause",
    "Deadline",
    "Decision",
    "Facts",
    "Hazard",
    "Policy",
    "PolicyError",
    "Reason",
    "RecallFact",
    "WorkingCalendar",
    "bundled_policies",
    "decide",
    "load_policy",
    "warranty_end",
    "warranty_months",
]
