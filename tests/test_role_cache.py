"""The group roles kept a minute (issue 22, item 6): a chat_member update forgets the group's, and an answer asked
for before that is not kept, since the status may have changed while Telegram answered."""

from __future__ import annotations

from bot.services.groups import RoleCache
from tests.conftest import MovableClock

GROUP, OTHER_GROUP, ANNA = -1001000000701, -1001000000702, 704


def test_a_forget_drops_only_that_groups_roles() -> None:
    roles = RoleCache(MovableClock())
    roles.put(GROUP, ANNA, "administrator", roles.asking())
    roles.put(OTHER_GROUP, ANNA, "administrator", roles.asking())
    roles.forget_chat(GROUP)
    assert (roles.get(GROUP, ANNA), roles.get(OTHER_GROUP, ANNA)) == (None, "administrator")


def test_an_answer_asked_for_before_a_forget_is_not_kept() -> None:
    roles = RoleCache(MovableClock())
    asked = roles.asking()
    roles.forget_chat(GROUP)  # the demotion arrives while getChatMember is on its way
    roles.put(GROUP, ANNA, "administrator", asked)
    assert roles.get(GROUP, ANNA) is None
    roles.put(GROUP, ANNA, "member", roles.asking())
    assert roles.get(GROUP, ANNA) == "member"
