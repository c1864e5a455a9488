"""`bot.services.actions.plan`: what pressing an hh.ru action takes, from the arguments hh.ru declares for it.

hh.ru's documentation: every argument has `required` and `required_arguments` ("an address is optional, but
when given, a message must be given too"); arguments other than `message` and `send_sms` may appear later.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.hh.models import Action
from bot.services.actions import ActionPlan, Step, plan


def action(*arguments: dict[str, Any]) -> Action:
    return Action.model_validate({"id": "invitation", "name": "Пригласить", "url": "https://api.hh.ru/x",
                                  "arguments": list(arguments)})


def argument(argument_id: str, required: bool = False, *needs: str) -> dict[str, Any]:
    return {"id": argument_id, "required": required, "required_arguments": [{"id": need} for need in needs]}


MESSAGE = argument("message", True)
OPTIONAL_MESSAGE = argument("message", False)
SMS = argument("send_sms", False, "message")
ADDRESS = argument("address_id", False, "message")


@pytest.mark.parametrize("pressed", [
    action(),
    action(argument("send_sms")),
    action(argument("some_future_option")),
    action(argument("some_future_option", False, "other_future_option")),
    action(SMS),
    action(ADDRESS),
])
def test_an_action_without_a_message_argument_runs_at_once(pressed: Action) -> None:
    assert plan(pressed) == ActionPlan(Step.RUN)


@pytest.mark.parametrize(("pressed", "expected"), [
    (action(MESSAGE), ActionPlan(Step.ASK, message_required=True)),
    (action(OPTIONAL_MESSAGE), ActionPlan(Step.ASK, message_required=False)),
    (action(MESSAGE, SMS, ADDRESS), ActionPlan(Step.ASK, message_required=True, sms_offered=True)),
    (action(OPTIONAL_MESSAGE, SMS), ActionPlan(Step.ASK, message_required=False, sms_offered=True)),
    (action(MESSAGE, argument("send_sms")), ActionPlan(Step.ASK, message_required=True, sms_offered=True)),
    (action(MESSAGE, argument("send_sms", False, "phone")), ActionPlan(Step.ASK, message_required=True)),
    (action(MESSAGE, argument("send_sms", False, "message", "phone")), ActionPlan(Step.ASK, message_required=True)),
    (action(MESSAGE, argument("some_future_option")), ActionPlan(Step.ASK, message_required=True)),
    (action(MESSAGE, argument("send_sms", True, "message")),
     ActionPlan(Step.ASK, message_required=True, sms_offered=True)),
])
def test_an_action_with_a_message_argument_asks_for_it_first(pressed: Action, expected: ActionPlan) -> None:
    assert plan(pressed) == expected


@pytest.mark.parametrize(("pressed", "missing"), [
    (action(argument("address_id", True, "message")), "address_id"),
    (action(MESSAGE, argument("address_id", True)), "address_id"),
    (action(argument("message", True, "address_id")), "address_id"),
    (action(argument("test_id", True), argument("address_id", True)), "test_id"),
    (action(argument("message", True, "zeta", "alpha")), "alpha"),
    (action(argument("send_sms", True, "phone"), MESSAGE), "phone"),
])
def test_an_action_with_a_required_argument_the_bot_cannot_fill_is_left_to_the_site(pressed: Action,
                                                                                    missing: str) -> None:
    assert plan(pressed) == ActionPlan(Step.SITE_ONLY, missing_argument=missing)
