"""Chats the bot is in (private chats here, groups in groups.py) and the messages in them."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .errors import ApiError, forbidden
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
    sender: FakeUser | None = None  # the user who wrote it; None when the bot did
    service: dict[str, Any] | None = None  # the fields of a service message, e.g. new_chat_members
    edit_date: int | None = None
    disable_notification: bool = False  # sent without a sound
    thread_id: int | None = None  # the forum topic it is in (the id of the topic's creation message)
    reply_root: int | None = None  # outside topics in a supergroup: the first message of the reply chain it is in
    document: dict[str, Any] | None = None  # a document's `Document` object; `text` is then its caption

    @property
    def is_bot_text(self) -> bool:
        """An ordinary message the bot sent: it may be edited and carry buttons."""
        return self.from_bot and self.service is None

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
            from_user_id=None if self.sender is None else self.sender.user_id,
            service=copy.deepcopy(self.service),
            disable_notification=self.disable_notification,
            message_thread_id=self.thread_id,
            document=copy.deepcopy(self.document),
        )


@dataclass(kw_only=True)
class Chat:
    """What every chat has; the kinds differ in who may write and what reaches the bot."""

    chat_id: int
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    next_message_id: int = 1

    def chat_json(self) -> dict[str, Any]:
        """The Telegram `Chat` object."""
        raise NotImplementedError

    def known_to_bot(self) -> bool:
        """False while the bot has never been in the chat: Telegram answers "chat not found"."""
        return True

    def write_refusal(self) -> ApiError | None:
        """Why the bot may not send, edit or act here now; None when it may."""
        return None

    def delete_refusal(self, message: StoredMessage | None) -> ApiError | None:
        """Why the bot may not delete `message` (None: a message that does not exist)."""
        return None

    def reaches_bot(self, message: StoredMessage, bot_username: str) -> bool:
        """Whether a user's message here becomes an update for the bot."""
        return True

    def has_reply_threads(self) -> bool:
        """A supergroup: a reply outside forum topics carries the reply chain's first message as its thread."""
        return False

    def bot_message(self, message_id: int) -> StoredMessage | None:
        message = self.messages.get(message_id)
        return message if message is not None and message.is_bot_text else None


@dataclass(kw_only=True)
class PrivateChat(Chat):
    user: FakeUser
    blocked: bool = False

    def chat_json(self) -> dict[str, Any]:
        return self.user.chat_json()

    def write_refusal(self) -> ApiError | None:
        return forbidden("bot was blocked by the user") if self.blocked else None


class ChatStore:
    def __init__(self, bot_user: dict[str, Any], wall_clock: Callable[[], float]) -> None:
        self._bot_user = bot_user
        self._wall_clock = wall_clock
        self._chats: dict[int, Chat] = {}

    def add_user(self, user: FakeUser) -> PrivateChat:
        chat = self._chats.get(user.user_id)
        if chat is None:
            chat = PrivateChat(chat_id=user.user_id, user=user)
            self._chats[user.user_id] = chat
        elif isinstance(chat, PrivateChat):
            chat.user = user
        return self.private(user.user_id)

    def add_chat(self, chat: Chat) -> None:
        if chat.chat_id in self._chats:
            raise ValueError(f"chat {chat.chat_id} already exists in the fake Telegram")
        self._chats[chat.chat_id] = chat

    def get(self, chat_id: int) -> Chat | None:
        return self._chats.get(chat_id)

    def require(self, chat_id: int) -> Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            raise LookupError(f"no chat {chat_id} in the fake Telegram; call add_user() or add_group() first")
        return chat

    def users(self) -> list[FakeUser]:
        return [chat.user for chat in self._chats.values() if isinstance(chat, PrivateChat)]

    def private(self, user_id: int) -> PrivateChat:
        chat = self._chats.get(user_id)
        if not isinstance(chat, PrivateChat):
            raise LookupError(f"no user {user_id} in the fake Telegram; call add_user() first")
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
        sender: FakeUser | None = None,
        service: dict[str, Any] | None = None,
        disable_notification: bool = False,
        thread_id: int | None = None,
        document: dict[str, Any] | None = None,
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
            sender=sender,
            service=service,
            disable_notification=disable_notification,
            thread_id=thread_id,
            document=document,
        )
        message.reply_root = self._reply_root(chat, message)
        chat.next_message_id += 1
        chat.messages[message.message_id] = message
        return message

    @staticmethod
    def _reply_root(chat: Chat, message: StoredMessage) -> int | None:
        replied = chat.messages.get(message.reply_to_message_id or 0)
        if replied is None or message.thread_id is not None or not chat.has_reply_threads():
            return None
        return replied.reply_root or replied.message_id

    def message_json(self, chat: Chat, message: StoredMessage, *, with_reply: bool = True) -> dict[str, Any]:
        """The Telegram `Message` object."""
        author = dict(self._bot_user) if message.sender is None else message.sender.to_json()
        result: dict[str, Any] = {
            "message_id": message.message_id,
            "from": author,
            "chat": chat.chat_json(),
            "date": message.date,
        }
        if message.thread_id is not None:
            result["message_thread_id"] = message.thread_id
            result["is_topic_message"] = True
        elif message.reply_root is not None:  # a reply thread, not a topic: Telegram sets no is_topic_message
            result["message_thread_id"] = message.reply_root
        if message.service is not None:
            result.update(copy.deepcopy(message.service))
            self._add_reply(chat, result, self._topic_root(chat, message), with_reply)
            return result
        if message.document is not None:
            result["document"] = copy.deepcopy(message.document)
            if message.text:
                result["caption"] = message.text
            if message.entities:
                result["caption_entities"] = copy.deepcopy(message.entities)
        else:
            result["text"] = message.text
            if message.entities:
                result["entities"] = copy.deepcopy(message.entities)
        if is_inline_keyboard(message.reply_markup):
            result["reply_markup"] = copy.deepcopy(message.reply_markup)
        if message.edit_date is not None:
            result["edit_date"] = message.edit_date
        replied = chat.messages.get(message.reply_to_message_id or 0) or self._topic_root(chat, message)
        self._add_reply(chat, result, replied, with_reply)
        return result

    def _add_reply(self, chat: Chat, result: dict[str, Any], replied: StoredMessage | None, with_reply: bool) -> None:
        if with_reply and replied is not None:
            result["reply_to_message"] = self.message_json(chat, replied, with_reply=False)

    @staticmethod
    def _topic_root(chat: Chat, message: StoredMessage) -> StoredMessage | None:
        """Telegram shows a topic's message that replies to nothing as a reply to the topic's creation message."""
        if message.thread_id is None or message.thread_id == message.message_id:
            return None
        return chat.messages.get(message.thread_id)
