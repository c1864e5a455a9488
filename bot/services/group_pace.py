"""Telegram's group limit: about 20 messages a minute in one group, kept apart from every other chat's pace.

Each group has a window of the last sends; a send waits (on the injected clock) while the window is full. A send
is stamped when Telegram answered it, after it arrived there, so the window never starts early. Only the group's
own sends wait; the sender also skips a group with a full window (`busy`), so it never holds a sending slot that
other chats could use.

Pushes keep their share whatever members do: a call made inside `pushing()` (the sender's news, card edits and new
topics) is a push; any other (a handler's answer to someone in the group: a refusal, a prompt, a confirmation) is
an answer. Answers take at most `answers` of the window's places (by default half: 10 of the 20), so pushes always
find the rest; an answer waiting for its share waits apart from the group's turn, so it never holds a push back.
Pushes may use every place answers leave free.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncIterator, Iterator
from contextvars import ContextVar
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

PUSHING: ContextVar[bool] = ContextVar("group_push", default=False)


def is_group(chat_id: object) -> bool:
    """Groups and supergroups have negative ids; users' private chats positive ones."""
    return isinstance(chat_id, int) and chat_id < 0


@contextlib.contextmanager
def pushing() -> Iterator[None]:
    """The Telegram calls made inside are pushes: they may use every place of a group's window."""
    token = PUSHING.set(True)
    try:
        yield
    finally:
        PUSHING.reset(token)


@dataclass
class _Group:
    turns: asyncio.Lock = field(default_factory=asyncio.Lock)
    answering: asyncio.Lock = field(default_factory=asyncio.Lock)  # answers wait here for their share
    sent: deque[float] = field(default_factory=deque)
    answers: deque[float] = field(default_factory=deque)  # the answers among `sent`


class GroupWindow:
    def __init__(self, clock: Clock, per_window: int = GROUP_PER_MINUTE, window: float = GROUP_WINDOW,
                 answers: int | None = None) -> None:
        """`answers`: how many of the `per_window` places answers may take; None for half of them."""
        self._answers = max(1, per_window // 2) if answers is None else answers
        if not 0 < self._answers <= per_window:
            raise ValueError(f"answers must be 1..{per_window}, not {answers}")
        self._clock = clock
        self._per_window = per_window
        self._window = window
        self._groups: dict[int, _Group] = {}

    @contextlib.asynccontextmanager
    async def turn(self, chat_id: int, *, push: bool) -> AsyncIterator[None]:
        """Holds the group's turn while the call is made; waits first while the group's window is full, and an
        answer also while the answers' share of it is (without holding the group's turn meanwhile)."""
        group = self._groups.setdefault(chat_id, _Group())
        async with contextlib.AsyncExitStack() as held:
            if not push:
                await held.enter_async_context(group.answering)
                await self._until_room(group.answers, self._answers)
            async with group.turns:
                await self._until_room(group.sent, self._per_window)
                try:
                    yield
                finally:
                    answered = self._clock.monotonic()
                    group.sent.append(answered)
                    if not push:
                        group.answers.append(answered)
        if len(self._groups) > FORGET_GROUPS_ABOVE:
            self._forget_idle()

    def busy(self) -> frozenset[int]:
        """Groups whose window is full now: a push there would only wait."""
        return frozenset(chat_id for chat_id, group in self._groups.items()
                         if self._wait(group.sent, self._per_window) > 0)

    async def _until_room(self, stamps: deque[float], room: int) -> None:
        while (wait := self._wait(stamps, room)) > 0:
            await self._clock.sleep(wait)

    def _wait(self, stamps: deque[float], room: int) -> float:
        """How long until fewer than `room` of the `stamps` are within the window; drops those that left it."""
        now = self._clock.monotonic()
        while stamps and stamps[0] <= now - self._window:
            stamps.popleft()
        return stamps[0] + self._window - now if len(stamps) >= room else 0.0

    def _forget_idle(self) -> None:
        self._groups = {chat_id: group for chat_id, group in self._groups.items() if not self._idle(group)}

    def _idle(self, group: _Group) -> bool:
        self._wait(group.sent, self._per_window)  # drops the stamps that left the window
        return not (group.turns.locked() or group.answering.locked() or group.sent)


class GroupPacingMiddleware(BaseRequestMiddleware):
    """aiogram request middleware: group sends, edits and new topics take a turn of their group's window, as a
    push when made inside `pushing()`, else as an answer."""

    def __init__(self, window: GroupWindow) -> None:
        self._window = window

    async def __call__(
        self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot, method: TelegramMethod[TelegramType]
    ) -> Response[TelegramType]:
        chat_id: Any = getattr(method, "chat_id", None)
        if type(method) not in GROUP_PACED or not is_group(chat_id):
            return await make_request(bot, method)
        async with self._window.turn(chat_id, push=PUSHING.get()):
            return await make_request(bot, method)
