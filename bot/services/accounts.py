"""What /status, /pause and /resume need: the account's state, delivery counts, the pause switch."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from sqlite_utils import Database

from bot.clock import Clock
from bot.services.limits import CheckNow
from bot.services.scheduler import next_slot
from storage import accounts, delivered, hh_subscriptions, outbox, told_groups, users
from storage.accounts import Account, Role, Status
from storage.db import Storage
from storage.hh_subscriptions import SubscriptionState


class InstantDelivery(StrEnum):
    """Whether hh.ru's webhooks bring the account's news (see services/webhook_subscriptions)."""

    ON = "on"
    STARTING = "starting"
    UNAVAILABLE = "unavailable"
    EMPLOYERS_ONLY = "employers_only"
    OFF = "off"


@dataclass(frozen=True)
class StatusView:
    account: Account | None
    paused: bool
    delivered: int
    queued: int
    instant: InstantDelivery = InstantDelivery.OFF


class AccountService:
    def __init__(self, storage: Storage, clock: Clock, wake_poller: Callable[[], None], *, check_now: CheckNow,
                 interval: float, webhooks: bool = False) -> None:
        self._webhooks = webhooks
        self._storage = storage
        self._clock = clock
        self._wake_poller = wake_poller
        self._check_now = check_now
        self._interval = interval

    async def status(self, telegram_id: int) -> StatusView:
        return await self._storage.run(_status, telegram_id, self._webhooks)

    async def pause(self, telegram_id: int) -> None:
        await self._storage.run(users.set_paused, telegram_id, True)

    async def resume(self, telegram_id: int) -> None:
        """Notifications back on; a paused account (captcha, applicant access) is tried again at once, unless the
        user asked for that lately (`CheckNow`): then at its normal slot."""
        account = await self._storage.run(accounts.of_user, telegram_id)
        now = self._clock.now()
        at = now
        if account is not None and account.status is Status.PAUSED and not self._check_now.allow(account.id):
            at = next_slot(account.id, now, self._interval)
        await self._storage.run(_resume, telegram_id, at)
        self._wake_poller()


def _status(db: Database, telegram_id: int, webhooks: bool) -> StatusView:
    user = users.get(db, telegram_id)
    account = accounts.of_user(db, telegram_id)
    if account is None:
        return StatusView(None, bool(user and user.paused), 0, 0)
    sent = delivered.count_sent(db, account.id)
    queued = outbox.pending_for_account(db, account.id)
    return StatusView(account, bool(user and user.paused), sent, queued, _instant(db, account, webhooks))


def _instant(db: Database, account: Account, webhooks: bool) -> InstantDelivery:
    if not webhooks:
        return InstantDelivery.OFF
    if account.role is not Role.EMPLOYER:
        return InstantDelivery.EMPLOYERS_ONLY
    subscription = hh_subscriptions.get(db, account.id)
    if subscription is None or subscription.state is SubscriptionState.PENDING:
        return InstantDelivery.STARTING
    if subscription.state is SubscriptionState.UNAVAILABLE:
        return InstantDelivery.UNAVAILABLE
    return InstantDelivery.ON


def _resume(db: Database, telegram_id: int, check_at: float) -> None:
    with db.atomic():
        users.set_paused(db, telegram_id, False)
        account = accounts.of_user(db, telegram_id)
        if account is not None and account.status is Status.PAUSED:
            accounts.set_status(db, account.id, Status.ACTIVE)
            accounts.schedule(db, account.id, check_at)


class ToldGroups:
    """Which group chats have been told that the bot works only in private chats."""

    def __init__(self, storage: Storage, clock: Clock) -> None:
        self._storage = storage
        self._clock = clock

    async def first_time(self, chat_id: int) -> bool:
        return await self._storage.run(told_groups.first_time, chat_id, self._clock.now())
