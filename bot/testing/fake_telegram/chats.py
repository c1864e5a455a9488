"""Users, their private chats with the bot, and the messages in them."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .markup import is_inline_keyboard
from .models import ChatMessage, FakeUser


@dataclass
class StoredMessage:
    message_id: int
    chat_id: int
    from_bot: bool
    text: str
    entities: list[dict[str, Any]]
    html: str | None
    reply_markup: dict[str, Any] | None
    reply_to_message_id: int | None
    date: int
    edit_date: int | None = None

    def snapshot(self) -> ChatMessage:
        return ChatMessage(
            message_id=self.message_id,
            chat_id=self.chat_id,
            from_bot=self.from_bot,
            text=self.text,
            html=self.html,
            entities=copy.deepcopy(self.entities),
            reply_markup=copy.deepcopy(self.reply_markup),
            reply_to_message_id=self.reply_to_message_id,
            date=self.date,
            edited=self.edit_date is not None,
        )


@dataclass
class Chat:
    user: FakeUser
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    next_message_id: int = 1
    blocked: bool = False

    @property
    def chat_id(self) -> int:
        return self.user.user_id

    def bot_message(self, message_id: int) -> StoredMessage | None:
        message = self.messages.get(message_id)
        return message if message is not None and message.from_bot else None


class ChatStore:
    def __init__(self, bot_user: dict[str, Any], wall_clock: Callable[[], float]) -> None:
        self._bot_user = bot_user
        self._wall_clock = wall_clock
        self._chats: dict[int, Chat] = {}

    def add_user(self, user: FakeUser) -> Chat:
        chat = self._chats.get(user.user_id)
        if chat is None:
            chat = Chat(user=user)
            self._chats[user.user_id] = chat
        else:
            chat.user = user
        return chat

    def get(self, chat_id: int) -> Chat | None:
        return self._chats.get(chat_id)

    def require(self, chat_id: int) -> Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            raise LookupError(f"no user {chat_id} in the fake Telegram; call add_user() first")
        return chat

    def now(self) -> int:
        return int(self._wall_clock())

    def add_message(
        self,
        chat: Chat,
        *,
        from_bot: bool,
        text: str,
        entities: list[dict[str, Any]],
        html: str | None = None,
        reply_markup: dict[str, Any] | None = None,
        reply_to_message_id: int | None = None,
    ) -> StoredMessage:
        message = StoredMessage(
            message_id=chat.next_message_id,
            chat_id=chat.chat_id,
            from_bot=from_bot,
            text=text,
            entities=entities,
            html=html,
            reply_markup=reply_markup,
            reply_to_message_id=reply_to_message_id,
            date=self.now(),
        )
        chat.next_message_id += 1
        chat.messages[message.message_id] = message
        return message

    def message_json(self, chat: Chat, message: StoredMessage, *, with_reply: bool = True) -> dict[str, Any]:
        """The Telegram `Message` object."""
        result: dict[str, Any] = {
            "message_id": message.message_id,
            "from": dict(self._bot_user) if message.from_bot else chat.user.to_json(),
            "chat": chat.user.chat_json(),
            "date": message.date,
            "text": message.text,
        }
        if message.entities:
            result["entities"] = copy.deepcopy(message.entities)
        if is_inline_keyboard(message.reply_markup):
            result["reply_markup"] = copy.deepcopy(message.reply_markup)
        if message.edit_date is not None:
            result["edit_date"] = message.edit_date
        replied = chat.messages.get(message.reply_to_message_id or 0)
        if with_reply and replied is not None:
            result["reply_to_message"] = self.message_json(chat, replied, with_reply=False)
        return result
