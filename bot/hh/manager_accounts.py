"""Work accounts (hh.ru's manager accounts): which one an employer call acts as, and what hh.ru says of them.

A manager may act for several employers; each is a work account. A call carries `X-Manager-Account-Id` to act as
one; without it hh.ru uses the primary one. Code that works for one work account runs inside `acting_as(id)`, and
every employer call the client makes there (its retries and token refreshes included) carries the header.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from pydantic import Field, ValidationError

from bot.hh.errors import HHError
from bot.hh.models import IdName, View

ACCOUNT_HEADER = "X-Manager-Account-Id"
USED_ACCOUNT_FORBIDDEN = "used_manager_account_forbidden"
"""The user lost access to the work account named (hh.ru lists the `allowed_accounts`)."""
ACCOUNT_NOT_FOUND = "manager_extra_account_not_found"
"""The header names none of the user's work accounts."""
REFUSALS = frozenset({USED_ACCOUNT_FORBIDDEN, ACCOUNT_NOT_FOUND})

_acting_as: ContextVar[str | None] = ContextVar("manager_account_id", default=None)


class ManagerAccount(View):
    id: str
    employer: IdName


class ManagerAccounts(View):
    """`GET /manager_accounts/mine`: the work accounts the user may use now."""

    items: list[ManagerAccount] = Field(default_factory=list)
    current_account_id: str | None = None
    primary_account_id: str | None = None
    is_primary_account_blocked: bool = False


@contextmanager
def acting_as(manager_account_id: str | None) -> Iterator[None]:
    """Employer calls made inside act as this work account. None keeps whatever the surrounding code chose
    (none at all: the primary account)."""
    if manager_account_id is None:
        yield
        return
    token = _acting_as.set(manager_account_id)
    try:
        yield
    finally:
        _acting_as.reset(token)


def current_account() -> str | None:
    """The work account the calls made here act as; None: hh.ru's default, the primary one."""
    return _acting_as.get()


def is_work_account_refusal(error: HHError) -> bool:
    return error.value in REFUSALS


def allowed_accounts(error: HHError) -> list[ManagerAccount]:
    """The work accounts hh.ru offers instead, from a `used_manager_account_forbidden` answer."""
    for item in error.errors:
        if item.get("value") == USED_ACCOUNT_FORBIDDEN and isinstance(item.get("allowed_accounts"), list):
            try:
                return [ManagerAccount.model_validate(account) for account in item["allowed_accounts"]]
            except ValidationError:
                return []
    return []
