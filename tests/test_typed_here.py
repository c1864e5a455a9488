"""Only the user's own typed words answer a prompt: never a forward, a quote from another chat or an inline bot."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.types import Message

from bot.handlers.prompts import typed_here

BASE: dict[str, Any] = {"message_id": 5, "date": 1795990000, "chat": {"id": 7, "type": "private"},
                        "from": {"id": 7, "is_bot": False, "first_name": "Ольга"}, "text": "Ждём вас"}


@pytest.mark.parametrize(("extra", "expected"), [
    ({}, True),
    ({"forward_origin": {"type": "user", "date": 1795990000,
                         "sender_user": {"id": 9, "is_bot": False, "first_name": "Мария"}}}, False),
    ({"external_reply": {"origin": {"type": "hidden_user", "date": 1795990000, "sender_user_name": "Мария"}}}, False),
    ({"via_bot": {"id": 10, "is_bot": True, "first_name": "inline"}}, False),
    ({"is_automatic_forward": True}, False),
])
def test_typed_here(extra: dict[str, Any], expected: bool) -> None:
    assert typed_here(Message.model_validate({**BASE, **extra})) is expected
