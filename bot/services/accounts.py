"""What /status, /pause and /resume need: the account's state, delivery counts, the pause switch."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database

from bot.clock import Clock
from storage import accounts, delivered, outbox, told_groups, users
from storage.accounts import Account, Status
from storage.db import Storage


@dataclass(frozen=True)
class StatusView:
    account: Account | None
    paused: bool
    delivered: int
    queued: int


class AccountService:
    def __init__(self, storage: Storage, clock: Clock, wake_poller: Callable[[], None] = lambda: None) -> None:
        self._storage = storage
        self._clock = clock
        self._wake_poller = wake_poller

    async def status(self, telegram_id: int) -> StatusView:
        return await self._storage.run(_status, telegram_id)

    async def pause(self, telegram_id: int) -> None:
        await self._storage.run(users.set_paused, telegram_id, True)

    async def resume(self, telegram_id: int) -> None:
        """Notifications back on; a paused account (captcha, applicant access) is tried again at once."""
        await self._storage.run(_resume, telegram_id, self._clock.now())
        self._wake_poller()


def _status(db: Database, telegram_id: int) -> StatusView:
    user = users.get(db, telegram_id)
    account = accounts.of_user(db, telegram_id)
    if account is None:
        return StatusView(None, bool(user and user.paused), 0, 0)
    sent = delivered.count_sent(db, account.id)
    queued = outbox.pending_for_account(db, account.id)
    return StatusView(account, bool(user and user.paused), sent, queued)


def _resume(db: Database, telegram_id: int, now: float) -> None:
    with db.atomic():
        users.set_paused(db, telegram_id, False)
        account = accounts.of_user(db, telegram_id)
        if account is not None and account.status is Status.PAUSED:
            accounts.set_status(db, account.id, Status.ACTIVE)
            accounts.schedule(db, account.id, now)


class ToldGroups:
    """Which group chats have been told that the bot works only in private chats."""

    def __init__(self, storage: Storage, clock: Clock) -> None:
        self._storage = storage
        self._clock = clock

    async def first_time(self, chat_id: int) -> bool:
        return await self._storage.run(told_groups.first_time, chat_id, self._clock.now())
