"""Outer middleware: remembers the user's chat and language and hands handlers `user` and `texts`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.enums import ChatType
from aiogram.types import Chat, TelegramObject
from aiogram.types import User as TelegramUser

from bot.clock import Clock
from bot.texts import language_of, texts_for
from storage import users
from storage.db import Storage


class UserContext(BaseMiddleware):
    def __init__(self, storage: Storage, clock: Clock) -> None:
        self._storage = storage
        self._clock = clock

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        sender: TelegramUser | None = data.get("event_from_user")
        chat: Chat | None = data.get("event_chat")
        language = language_of(sender.language_code if sender else None)
        data["user"] = None
        if sender is not None and chat is not None and chat.type == ChatType.PRIVATE:
            name = " ".join(part for part in (sender.first_name, sender.last_name) if part)
            data["user"] = await self._storage.run(users.upsert, sender.id, chat.id, language, self._clock.now(),
                                                   name=name, username=sender.username)
        data["texts"] = texts_for(language)
        return await handler(event, data)
