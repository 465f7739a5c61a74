"""The policy viewer's table: a brand's clauses and the law's, side by side by topic."""

from dataclasses import dataclass

from sanbao.policy import Clause, Policy
from sanbao.warranty import labels


@dataclass(frozen=True)
class TopicRow:
    topic: str
    label: str
    brand: list[Clause]
    law: list[Clause]


def policy_comparison(policy: Policy, law: Policy) -> list[TopicRow]:
    rows = []
    for topic, label in labels.TOPICS.items():
        brand = [c for c in policy.clauses.values() if c.topic == topic]
        statute = [c for c in law.clauses.values() if c.topic == topic]
        if brand or statute:
            rows.append(TopicRow(topic, str(label), brand, statute))
    return rows
