"""Work accounts: asking which to follow, checking each with its header, and telling the user when hh.ru refuses one.

hh.ru's `/me` says when an employer has several work accounts (`manager.has_multiple_manager_accounts`). Linking
then stores them (`/manager_accounts/mine`) with the primary one ticked and asks which to follow; until the user
presses «Done», checks act as the primary account without the header, exactly as for a single-account employer.
A followed work account is checked with its own `X-Manager-Account-Id`, its negotiations are remembered under it
(`storage.work_accounts.note_negotiations`), and actions, replies and webhook checks of a negotiation carry the
same header. When hh.ru refuses a work account (`used_manager_account_forbidden`,
`manager_extra_account_not_found`), it stops being followed and the user is told once, with the accounts left.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from sqlite_utils import Database

from bot.clock import Clock
from bot.hh.client import HHClient
from bot.hh.errors import HHError
from bot.hh.manager_accounts import ManagerAccounts, allowed_accounts
from bot.logs import ids
from bot.services.limits import CheckNow, UserLimit
from bot.texts import texts_for
from bot.work_accounts_view import choice_markup_json, lost_text
from storage import accounts, outbox, users, work_accounts
from storage.accounts import Account, Role
from storage.db import Storage
from storage.work_accounts import Offered, WorkAccount

log = logging.getLogger(__name__)


def offered(mine: ManagerAccounts) -> list[Offered]:
    """hh.ru's list as rows to store: the primary account is the one `primary_account_id` names."""
    return [Offered(item.id, item.employer.id, item.employer.name, item.id == mine.primary_account_id)
            for item in mine.items]


def allowed_instead(error: HHError) -> list[Offered]:
    return [Offered(item.id, item.employer.id, item.employer.name) for item in allowed_accounts(error)]


def header(work: WorkAccount) -> str | None:
    """The header a check of `work` carries: its id once the user follows it; before the user has chosen, the
    primary account is checked as hh.ru's default, without one."""
    return work.manager_account_id if work.followed else None


def as_work_account(account: Account, work: WorkAccount) -> Account:
    """The account as one check of a work account sees it: that employer's vacancies, that work account's
    baseline. Everything stored stays under the account's id (marks never mix: hh.ru's ids are unique)."""
    profile = replace(account.profile, employer_id=work.employer_id, employer_name=work.company)
    return replace(account, profile=profile, baseline_done=work.baseline_done)


def ask(db: Database, account_id: int, now: float) -> bool:
    """Queues the question which work accounts to follow, if the account has several; True when asked."""
    account = accounts.get(db, account_id)
    works = work_accounts.of_account(db, account_id)
    user = users.get(db, account.telegram_id) if account is not None else None
    if user is None or not [work for work in works if not work.lost]:
        return False
    texts = texts_for(user.language)
    outbox.enqueue(db, user.chat_id, texts.work_ask, now, reply_markup=choice_markup_json(texts, works))
    return True


def lose_work_account(db: Database, account: Account, work: WorkAccount, error: HHError, now: float) -> None:
    """hh.ru refused the work account: it is no longer followed, and the user is told once why, with the accounts
    hh.ru still allows to choose from."""
    allowed = allowed_instead(error)
    if not work_accounts.lose(db, account.id, work.manager_account_id, allowed):
        return
    user = users.get(db, account.telegram_id)
    if user is None:
        return
    texts = texts_for(user.language)
    left = [other for other in work_accounts.of_account(db, account.id) if not other.lost]
    markup = choice_markup_json(texts, left) if left else None
    outbox.enqueue(db, user.chat_id, lost_text(texts, work.company, error.value or "", bool(left)), now,
                   reply_markup=markup)


class WorkAccountChoice:
    """What the choice keyboard and `/accounts` change."""

    def __init__(self, storage: Storage, hh: HHClient, clock: Clock, wake_poller: Callable[[], None], *,
                 limit: UserLimit, check_now: CheckNow) -> None:
        self._storage = storage
        self._hh = hh
        self._clock = clock
        self._wake_poller = wake_poller
        self._limit = limit
        self._check_now = check_now

    async def account_of(self, telegram_id: int) -> Account | None:
        return await self._storage.run(accounts.of_user, telegram_id)

    async def refresh(self, account: Account) -> list[WorkAccount] | None:
        """Asks hh.ru again which work accounts the user has (`/accounts`) and stores them; None when hh.ru could
        not say. A single account gives [] (nothing to choose). It costs the user a unit of their limit (`SlowDown`
        when it is spent)."""
        self._limit.spend(account.telegram_id)
        try:
            mine = await self._hh.manager_accounts(account.id)
        except HHError as error:
            log.info("work accounts unavailable: %s", error, extra=ids(account_id=account.id))
            return None
        if len(mine.items) < 2:
            return []
        await self._storage.run(work_accounts.offer, account.id, offered(mine))
        return await self._storage.run(work_accounts.of_account, account.id)

    async def shown(self, account: Account) -> tuple[list[WorkAccount], frozenset[str]]:
        """/status: the account's work accounts, and the ids of those its checks look at."""
        return await self._storage.run(_shown, account.id)

    async def toggle(self, account: Account, manager_account_id: str) -> list[WorkAccount] | None:
        """Ticks or unticks one; None when it is not one to choose (a stale button)."""
        if not await self._storage.run(work_accounts.toggle, account.id, manager_account_id):
            return None
        return await self._storage.run(work_accounts.of_account, account.id)

    async def done(self, account: Account) -> list[WorkAccount]:
        """Follows the ticked accounts from now on; [] when none is ticked (nothing changes). The account is checked
        at once if the user has not asked for that lately (`CheckNow`), else at its normal slot."""
        followed = await self._storage.run(work_accounts.follow_selected, account.id)
        if followed:
            log.info("following %d work accounts", len(followed), extra=ids(account_id=account.id))
            if self._check_now.allow(account.id):
                await self._storage.run(accounts.schedule, account.id, self._clock.now())
                self._wake_poller()
        return followed


def _shown(db: Database, account_id: int) -> tuple[list[WorkAccount], frozenset[str]]:
    checked = work_accounts.checked(db, account_id) or []
    return work_accounts.of_account(db, account_id), frozenset(work.manager_account_id for work in checked)


def is_employer(account: Account | None) -> bool:
    return account is not None and account.role is Role.EMPLOYER
