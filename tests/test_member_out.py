"""Issue 22, low L2: which `ChatMember` answers mean a connected owner can no longer read the group (then nobody acts
as her there, and her link to it ends): left, removed, or restricted while not a member. A muted member still reads
it."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.types import ChatMemberUpdated, ResultChatMemberUnion

from bot.services.group_gate import is_out, status_of
from bot.testing.fake_telegram.members import user_member_json

ANNA = {"id": 704, "is_bot": False, "first_name": "Анна"}
GROUP = {"id": -1001000000701, "type": "supergroup", "title": "Найм"}


def member(status: str, **changed: Any) -> ResultChatMemberUnion:
    """The member as aiogram parses Telegram's answer (here, as the new status of a `chat_member` update)."""
    update = ChatMemberUpdated.model_validate({
        "chat": GROUP, "from": ANNA, "date": 0, "old_chat_member": user_member_json(ANNA, "member", in_supergroup=True),
        "new_chat_member": {**user_member_json(ANNA, status, in_supergroup=True), **changed}})
    return update.new_chat_member


@pytest.mark.parametrize(("answer", "status", "out"), [
    (member("creator"), "creator", False),
    (member("administrator"), "administrator", False),
    (member("member"), "member", False),
    (member("restricted"), "restricted", False),  # muted: still reads the group
    (member("restricted", is_member=False), "left", True),  # restricted, and not in the group
    (member("left"), "left", True),
    (member("kicked"), "kicked", True),
])
def test_who_is_out_of_the_group(answer: ResultChatMemberUnion, status: str, out: bool) -> None:
    assert (status_of(answer), is_out(answer)) == (status, out)
