"""Telegram's group limit: about 20 messages a minute in one group, kept apart from every other chat's pace.

Each group has a window of the last sends; a send waits (on the injected clock) while the window is full. A send
is stamped when Telegram answered it, after it arrived there, so the window never starts early. Only the group's
own sends wait; the sender also skips a group with a full window (`busy`), so it never holds a sending slot that
other chats could use.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import (
    CreateForumTopic,
    EditMessageReplyMarkup,
    EditMessageText,
    SendDocument,
    SendMessage,
    TelegramMethod,
)
from aiogram.methods.base import Response, TelegramType

from bot.clock import Clock

if TYPE_CHECKING:
    from aiogram import Bot

GROUP_PER_MINUTE = 20
GROUP_WINDOW = 60.0
GROUP_PACED = (SendMessage, SendDocument, EditMessageText, EditMessageReplyMarkup, CreateForumTopic)
FORGET_GROUPS_ABOVE = 10_000


def is_group(chat_id: object) -> bool:
    """Groups and supergroups have negative ids; users' private chats positive ones."""
    return isinstance(chat_id, int) and chat_id < 0


@dataclass
class _Group:
    turns: asyncio.Lock = field(default_factory=asyncio.Lock)
    sent: deque[float] = field(default_factory=deque)


class GroupWindow:
    def __init__(self, clock: Clock, per_window: int = GROUP_PER_MINUTE, window: float = GROUP_WINDOW) -> None:
        self._clock = clock
        self._per_window = per_window
        self._window = window
        self._groups: dict[int, _Group] = {}

    @contextlib.asynccontextmanager
    async def turn(self, chat_id: int) -> AsyncIterator[None]:
        """Holds the group's turn while the call is made; waits first while the group's window is full."""
        group = self._groups.setdefault(chat_id, _Group())
        async with group.turns:
            while (wait := self._wait(group)) > 0:
                await self._clock.sleep(wait)
            try:
                yield
            finally:
                group.sent.append(self._clock.monotonic())
        if len(self._groups) > FORGET_GROUPS_ABOVE:
            self._forget_idle()

    def busy(self) -> frozenset[int]:
        """Groups whose window is full now: a send there would only wait."""
        return frozenset(chat_id for chat_id, group in self._groups.items() if self._wait(group) > 0)

    def _wait(self, group: _Group) -> float:
        now = self._clock.monotonic()
        while group.sent and group.sent[0] <= now - self._window:
            group.sent.popleft()
        return group.sent[0] + self._window - now if len(group.sent) >= self._per_window else 0.0

    def _forget_idle(self) -> None:
        self._groups = {chat_id: group for chat_id, group in self._groups.items()
                        if group.turns.locked() or self._wait(group) > 0 or group.sent}


class GroupPacingMiddleware(BaseRequestMiddleware):
    """aiogram request middleware: group sends, edits and new topics take a turn of their group's window."""

    def __init__(self, window: GroupWindow) -> None:
        self._window = window

    async def __call__(
        self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot, method: TelegramMethod[TelegramType]
    ) -> Response[TelegramType]:
        chat_id: Any = getattr(method, "chat_id", None)
        if type(method) not in GROUP_PACED or not is_group(chat_id):
            return await make_request(bot, method)
        async with self._window.turn(chat_id):
            return await make_request(bot, method)
