"""Work accounts: which one a request acts as (the `X-Manager-Account-Id` header) and their JSON.

A manager may act for several employers; each is a work account. Without the header an employer call acts
as the primary account. A header naming none of the user's accounts is `manager_extra_account_not_found`;
an account the user lost access to (blocked) is `used_manager_account_forbidden` with the `allowed_accounts`
(hh.ru answers both with 403, as its errors page says).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .errors import FakeHHError
from .records import ManagerAccountRecord, UserRecord
from .state import World

ACCOUNT_HEADER = "X-Manager-Account-Id"


def acting_user(world: World, user: UserRecord, header: str | None) -> UserRecord:
    """The caller as the work account the request names: its employer and manager ids. Applicants (and
    their requests' headers) are left as they are."""
    if user.kind != "employer":
        return user
    account = selected_account(world, user, header)
    return dataclasses.replace(user, employer_id=account.employer_id, manager_id=account.manager_id)


def selected_account(world: World, user: UserRecord, header: str | None) -> ManagerAccountRecord:
    accounts = world.accounts_of(user.id)
    if header is None:
        account = primary_account(world, user)
    else:
        found = next((a for a in accounts if a.id == header.strip()), None)
        if found is None:
            raise FakeHHError(403, "manager_extra_accounts", "manager_extra_account_not_found", "Forbidden")
        account = found
    if account.blocked:
        allowed = [account_json(world, a) for a in accounts if not a.blocked]
        fields = {"allowed_accounts": allowed} if allowed else None
        raise FakeHHError(403, "manager_accounts", "used_manager_account_forbidden", "Forbidden", error_fields=fields)
    return account


def primary_account(world: World, user: UserRecord) -> ManagerAccountRecord:
    return next(a for a in world.accounts_of(user.id) if a.primary)


def account_json(world: World, account: ManagerAccountRecord) -> dict[str, Any]:
    employer = world.employer(account.employer_id)
    return {"id": account.id, "employer": {"id": employer.id, "name": employer.name}}


def mine_json(world: World, user: UserRecord, current: ManagerAccountRecord) -> dict[str, Any]:
    """`GET /manager_accounts/mine`: the accounts the user may use (blocked ones are left out)."""
    primary = primary_account(world, user)
    return {
        "items": [account_json(world, a) for a in world.accounts_of(user.id) if not a.blocked],
        "current_account_id": current.id,
        "primary_account_id": primary.id,
        "is_primary_account_blocked": primary.blocked,
    }
