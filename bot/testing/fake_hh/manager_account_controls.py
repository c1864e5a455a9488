"""`FakeHH`'s controls for managers with several work accounts (a mixin, so fake.py stays about the whole)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from .handles import EmployerUser, ManagerAccount
from .records import ManagerAccountRecord, UserRecord
from .state import UnknownObjectError, World

EmployerRef = EmployerUser | ManagerAccount | str


class ManagerAccountControls:
    _world: World

    def add_manager_account(
        self,
        user: EmployerUser | str,
        company: str = "Другая компания",
        *,
        employer: EmployerRef | None = None,
        paid_api: bool = True,
    ) -> ManagerAccount:
        """A further work account of employer user `user`: for a new employer named `company`, or for an
        existing `employer` (an EmployerUser or ManagerAccount of it, or its id). `/me` then shows
        `has_multiple_manager_accounts`, and `X-Manager-Account-Id: <account_id>` acts as it."""
        person = _employer_person(self._world, user)
        if employer is None:
            record = self._world.create_employer(company, paid_api)
        else:
            record = self._world.employer(employer if isinstance(employer, str) else employer.employer_id)
        if any(a.employer_id == record.id for a in self._world.accounts_of(person.id)):
            raise ValueError(f"user {person.id} already has a work account for employer {record.id}")
        return account_handle(self._world, self._world.create_manager_account(person, record))

    def add_manager_accounts(self, user: EmployerUser | str, companies: Sequence[str]) -> list[ManagerAccount]:
        return [self.add_manager_account(user, company) for company in companies]

    def manager_accounts(self, user: EmployerUser | str) -> list[ManagerAccount]:
        """All the user's work accounts now, primary first, blocked ones included."""
        person = _employer_person(self._world, user)
        return [account_handle(self._world, a) for a in self._world.accounts_of(person.id)]

    def revoke_manager_account(self, account: ManagerAccount | str) -> None:
        """The user loses access to the account (hh.ru's "blocked"): it leaves `/manager_accounts/mine`
        (the primary one sets `is_primary_account_blocked`), and calls acting as it get 403
        `used_manager_account_forbidden` with `allowed_accounts`. `/me` still counts it in
        `has_multiple_manager_accounts`."""
        self._account(account).blocked = True

    def restore_manager_account(self, account: ManagerAccount | str) -> None:
        self._account(account).blocked = False

    def _account(self, account: ManagerAccount | str) -> ManagerAccountRecord:
        key = account if isinstance(account, str) else account.account_id
        record = self._world.manager_accounts.get(key)
        if record is None:
            raise UnknownObjectError(f"the fake hh.ru has no work account {key!r}")
        return record


def account_handle(world: World, record: ManagerAccountRecord) -> ManagerAccount:
    company = world.employer(record.employer_id).name
    return ManagerAccount(
        record.id, record.user_id, record.employer_id, record.manager_id, company, record.primary, record.blocked
    )


def account_user(world: World, account: ManagerAccount) -> UserRecord:
    """The account's person, seen as acting for the account's employer (to create its vacancies)."""
    person = world.user(account.user_id)
    return dataclasses.replace(person, employer_id=account.employer_id, manager_id=account.manager_id)


def _employer_person(world: World, user: EmployerUser | str) -> UserRecord:
    person = world.user(user if isinstance(user, str) else user.user_id)
    if person.kind != "employer":
        raise UnknownObjectError(f"user {person.id} is not an employer's manager")
    return person
