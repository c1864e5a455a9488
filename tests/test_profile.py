"""Who a linked account is, from `/me` and, where hh.ru leaves `/me`'s optional `employer` out, the current work
account of `/manager_accounts/mine` (issue 21, item 2)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.hh.manager_accounts import ManagerAccounts
from bot.hh.models import Me
from bot.services.linking import profile_of
from storage.accounts import Profile, Role

PERSON = {"id": "u1", "first_name": "Ольга", "last_name": "Кадрова", "is_applicant": False}
WORK = {"current_account_id": "a2", "primary_account_id": "a1", "is_primary_account_blocked": False,
        "items": [{"id": "a1", "employer": {"id": "e1", "name": "Рога"}},
                  {"id": "a2", "employer": {"id": "e2", "name": "Копыта"}}]}


@pytest.mark.parametrize(("me", "work", "profile"), [
    pytest.param({**PERSON, "is_employer": True, "employer": {"id": "e1", "name": "Рога", "manager_id": "m1"}}, None,
                 Profile(Role.EMPLOYER, "u1", "Ольга Кадрова", "e1", "Рога", "m1"), id="employer named in /me"),
    pytest.param({**PERSON, "is_employer": True}, WORK, Profile(Role.EMPLOYER, "u1", "Ольга Кадрова", "e2", "Копыта",
                                                              None), id="without it: the current work account"),
    pytest.param({**PERSON, "is_employer": True}, {**WORK, "current_account_id": "gone"},
                 Profile(Role.EMPLOYER, "u1", "Ольга Кадрова", "e1", "Рога", None), id="an unknown one: the first"),
    pytest.param({**PERSON, "is_employer": False, "is_applicant": True}, None,
                 Profile(Role.APPLICANT, "u1", "Ольга Кадрова"), id="applicant"),
])
def test_who_the_account_is(me: dict[str, Any], work: dict[str, Any] | None, profile: Profile) -> None:
    listed = None if work is None else ManagerAccounts.model_validate(work)
    assert profile_of(Me.model_validate(me), listed) == profile
