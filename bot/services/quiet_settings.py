"""What /quiet changes, and the cards a digest's button opens.

A change of the setting also has the chat's held pushes looked at again at once: they are released as a digest
if the chat is no longer quiet (or the digest is off), and wait for the new end otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

from bot.clock import Clock
from storage import accounts, cards, delivered, outbox, quiet_hours
from storage.accounts import Status
from storage.cards import Card
from storage.db import Storage
from storage.quiet_hours import QuietMode, QuietSetting
from storage.users import User


class QuietSettings:
    def __init__(self, storage: Storage, clock: Clock, wake_sender: Callable[[], None]) -> None:
        self._storage = storage
        self._clock = clock
        self._wake_sender = wake_sender

    async def of(self, telegram_id: int) -> QuietSetting | None:
        return await self._storage.run(quiet_hours.get, telegram_id)

    async def set_hours(self, user: User, start: int, end: int) -> QuietSetting:
        return await self._change(user, quiet_hours.set_hours, start, end)

    async def set_zone(self, user: User, zone: str) -> QuietSetting:
        return await self._change(user, quiet_hours.set_zone, zone)

    async def set_mode(self, user: User, mode: QuietMode) -> QuietSetting:
        return await self._change(user, quiet_hours.set_mode, mode)

    async def turn_off(self, user: User) -> QuietSetting:
        return await self._change(user, quiet_hours.turn_off)

    async def cards_to_open(self, telegram_id: int, first: int, last: int) -> list[Card]:
        """The cards a digest button stands for, if their account is this user's and active."""
        return await self._storage.run(_cards_to_open, telegram_id, first, last)

    async def opened(self, card: Card, chat_id: int, message_id: int) -> None:
        """A card sent again: replies to that message reach its negotiation."""
        await self._storage.run(delivered.record_copy, card.account_id, card.negotiation_id, chat_id, message_id,
                                self._clock.now())

    async def _change(self, user: User, change: Callable[..., QuietSetting], *args: object) -> QuietSetting:
        setting = await self._storage.run(_apply, user.telegram_id, user.chat_id, change, args, self._clock.now())
        self._wake_sender()
        return setting


def _apply(db: Database, telegram_id: int, chat_id: int, change: Callable[..., QuietSetting], args: tuple[object, ...],
           now: float) -> QuietSetting:
    with db.atomic():
        setting = change(db, telegram_id, *args, now)
        outbox.move_hold(db, chat_id, now)
    return setting


def _cards_to_open(db: Database, telegram_id: int, first: int, last: int) -> list[Card]:
    anchor = cards.get(db, first) or cards.get(db, last)
    if anchor is None:
        return []
    account = accounts.get(db, anchor.account_id)
    if account is None or account.telegram_id != telegram_id or account.status is not Status.ACTIVE:
        return []
    return cards.of_negotiation_between(db, anchor.account_id, anchor.negotiation_id, first, last)
