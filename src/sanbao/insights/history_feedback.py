"""Survey invitations, answers and follow-ups for generated history.

An invitation goes out when an order or a batch closes; about a third are answered. How
the service went moves the scores: late, slow, declined or excluded work scores lower,
and satisfaction creeps up over the months. Low scores open a follow-up, as the survey
says, mostly called back and closed by now.
"""

import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sanbao.feedback.follow_ups import follow_up_reason
from sanbao.feedback.models import FollowUp, Survey, SurveyInvitation, SurveyResponse
from sanbao.insights import history_words as words
from sanbao.insights.history_setting import DAY, as_datetime
from sanbao.insights.history_tables import IdPool, Table

INVITATIONS = Table(SurveyInvitation, (
    "id", "survey_id", "brand_id", "outlet_id", "dealer_id", "model_id", "customer_id",
    "order_id", "batch_id", "token_hash", "language", "sent_at", "expires_at", "answered_at",
))  # fmt: skip
RESPONSES = Table(SurveyResponse, (
    "id", "invitation_id", "brand_id", "outlet_id", "dealer_id", "model_id", "csat", "nps",
    "fixed_first_visit", "comment", "answered_at",
))  # fmt: skip
FOLLOW_UPS = Table(FollowUp, (
    "response_id", "brand_id", "outlet_id", "status", "reason", "opened_at", "outcome",
    "closed_by_id", "closed_at",
))  # fmt: skip
ANSWER_RATE = {"customer": 0.35, "dealer": 0.5}
_NPS = {5: (8, 10), 4: (7, 9), 3: (5, 8), 2: (2, 6), 1: (0, 3)}


@dataclass(slots=True)
class Experience:
    """How it went, as the customer or dealer saw it."""

    mood: float = 0.0  # below zero: worse than usual
    fixed_first_time: bool = True


@dataclass
class FeedbackRows:
    invitations: list[tuple[Any, ...]] = field(default_factory=list)
    responses: list[tuple[Any, ...]] = field(default_factory=list)
    follow_ups: list[tuple[Any, ...]] = field(default_factory=list)

    def tables(self) -> list[tuple[Table, list[tuple[Any, ...]]]]:
        return [
            (INVITATIONS, self.invitations),
            (RESPONSES, self.responses),
            (FOLLOW_UPS, self.follow_ups),
        ]


class Feedback:
    def __init__(
        self,
        *,
        rng: random.Random,
        moment: float,
        progress_of: Callable[[float], float],
        manager: int,
    ) -> None:
        self.rng = rng
        self.moment = moment
        self.progress_of = progress_of  # moment → 0..1 through the period
        self.manager = manager
        self.invitation_ids = IdPool(SurveyInvitation)
        # No link was ever sent for a generated invitation, so its token hash is no hash of
        # anything: a random half per run and the id, unique and in insertion order.
        self.run = secrets.token_hex(16)
        self.response_ids = IdPool(SurveyResponse)

    def invite(
        self, rows: FeedbackRows, *, survey: Survey, closed_at: float, language: str,
        experience: Experience, subject: dict[str, Any], follow_up_outlet: int | None,
    ) -> None:  # fmt: skip
        """The invitation sent at closing, and the answer if one came by now."""
        rng = self.rng
        if not survey.is_active:
            return
        sent = closed_at + rng.uniform(30, 1200)
        if sent > self.moment:
            return
        expires = sent + survey.link_valid_days * DAY
        audience = "dealer" if subject.get("batch_id") else "customer"
        answered = None
        if rng.random() < ANSWER_RATE[audience]:
            answered = min(sent + rng.expovariate(1 / 30_000), expires - 60)
            if answered > self.moment:
                answered = None
        invitation = self.invitation_ids.take()
        rows.invitations.append((
            invitation, survey.pk, survey.brand_id, subject.get("outlet_id"),
            subject.get("dealer_id"), subject.get("model_id"), subject.get("customer_id"),
            subject.get("order_id"), subject.get("batch_id"), f"{self.run}{invitation:032x}",
            language,
            as_datetime(sent), as_datetime(expires), as_datetime(answered),
        ))  # fmt: skip
        if answered is not None:
            self._answer(rows, survey, invitation, answered, language, experience, subject,
                         follow_up_outlet)  # fmt: skip

    def _answer(
        self, rows: FeedbackRows, survey: Survey, invitation: int, answered: float,
        language: str, experience: Experience, subject: dict[str, Any],
        follow_up_outlet: int | None,
    ) -> None:  # fmt: skip
        rng = self.rng
        mood = 1.0 + 0.35 * self.progress_of(answered) + experience.mood + rng.gauss(0, 1)
        csat = (
            5 if mood > 0.9 else 4 if mood > 0.0 else 3 if mood > -0.8 else 2 if mood > -1.5 else 1
        )
        low, high = _NPS[csat]
        nps = rng.randint(low, high)
        first_visit: bool | None = experience.fixed_first_time and rng.random() < 0.94
        if rng.random() < 0.05:
            first_visit = None
        comment = ""
        if rng.random() < (0.7 if csat <= 2 else 0.35):
            comment = self._comment(csat, language, bool(subject.get("batch_id")))
        response = self.response_ids.take()
        rows.responses.append((
            response, invitation, survey.brand_id, subject.get("outlet_id"),
            subject.get("dealer_id"), subject.get("model_id"), csat, nps, first_visit, comment,
            as_datetime(answered),
        ))  # fmt: skip
        if follow_up_outlet is None or (csat > survey.low_csat and nps > survey.low_nps):
            return
        closed = answered + rng.uniform(0.2, 5) * DAY
        done = closed <= self.moment and rng.random() < 0.9
        rows.follow_ups.append((
            response, survey.brand_id, follow_up_outlet,
            FollowUp.Status.DONE if done else FollowUp.Status.OPEN,
            follow_up_reason(csat=csat, nps=nps), as_datetime(answered),
            rng.choice(words.FOLLOW_UP_DONE) if done else "",
            self.manager if done else None, as_datetime(closed) if done else None,
        ))  # fmt: skip

    def _comment(self, csat: int, language: str, dealer: bool) -> str:
        rng = self.rng
        if dealer:
            return rng.choice(words.DEALER_ZH)
        english = language == "en"
        if csat >= 4:
            return rng.choice(words.PRAISE_EN if english else words.PRAISE_ZH)
        if csat == 3:
            return rng.choice(words.NEUTRAL_EN if english else words.NEUTRAL_ZH)
        return rng.choice(words.COMPLAINT_EN if english else words.COMPLAINT_ZH)
