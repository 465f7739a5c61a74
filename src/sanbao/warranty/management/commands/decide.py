"""`sanbao decide --policy romoss --facts facts.json`: one decision, printed as JSON or text."""

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from pydantic import ValidationError

from sanbao.config.errors import DomainError
from sanbao.warranty import selectors, services
from sanbao.warranty.presenters import decision_as_dict
from sanbao.warranty.schemas import FactsIn


def _json_default(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


class Command(BaseCommand):
    help = "Ask the warranty engine for a decision on the facts in a JSON file ('-' = stdin)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--policy", required=True, help="brand policy id: top, romoss")
        parser.add_argument("--facts", required=True, help="JSON file of facts, or - for stdin")
        parser.add_argument("--language", default="en", choices=["en", "zh-hans"])
        parser.add_argument("--format", default="json", choices=["json", "text"])

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["facts"]
        try:
            raw = sys.stdin.read() if source == "-" else Path(source).read_text("utf-8")
            data = json.loads(raw)
        except (OSError, json.JSONDecodeError) as error:
            raise CommandError(f"cannot read facts from {source}: {error}") from None
        if not isinstance(data, dict):
            raise CommandError("the facts must be a JSON object")
        with translation.override(options["language"]):
            try:
                selectors.policy_get(policy_id=options["policy"])
                facts = FactsIn.model_validate({**data, "policy": options["policy"]})
                decision = services.warranty_decide(
                    policy_id=options["policy"], facts=facts.model_dump(exclude={"policy"})
                )
            except ValidationError as error:
                problems = "; ".join(
                    f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
                )
                raise CommandError(f"invalid facts: {problems}") from None
            except DomainError as error:
                detail = "; ".join(f"{k}: {v}" for k, v in error.fields.items())
                raise CommandError(f"{error.message} {detail}".strip()) from None
            shown = decision_as_dict(decision)
            if options["format"] == "json":
                text = json.dumps(shown, ensure_ascii=False, indent=2, default=_json_default)
                self.stdout.write(text)
                return
            self._text(shown)

    def _text(self, shown: dict[str, Any]) -> None:
        self.stdout.write(f"{shown['coverage_label']}: {', '.join(shown['remedy_labels'])}")
        for reason in shown["reasons"]:
            self.stdout.write(f"  [{reason['clause_id']}] {reason['text']}")
        for deadline in shown["deadlines"]:
            due = deadline["due_on"] or deadline["due_at"]
            flag = " (estimated)" if deadline["estimated"] else ""
            self.stdout.write(f"  {deadline['label']}: {due}{flag}")
        for charge in shown["charges"]:
            self.stdout.write(f"  {charge['kind_label']}: {charge['basis_label']}")
        for hazard in shown["hazards"]:
            self.stdout.write(f"  ! {hazard['text']}")
