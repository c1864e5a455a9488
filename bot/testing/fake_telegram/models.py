"""Public value types of the fake: what tests read back."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class FakeUser:
    user_id: int
    first_name: str
    language_code: str | None = None
    username: str | None = None

    def to_json(self) -> dict[str, Any]:
        """A Telegram `User` object."""
        user: dict[str, Any] = {"id": self.user_id, "is_bot": False, "first_name": self.first_name}
        if self.username is not None:
            user["username"] = self.username
        if self.language_code is not None:
            user["language_code"] = self.language_code
        return user

    def chat_json(self) -> dict[str, Any]:
        """The Telegram `Chat` object of this user's private chat with the bot."""
        chat: dict[str, Any] = {"id": self.user_id, "type": "private", "first_name": self.first_name}
        if self.username is not None:
            chat["username"] = self.username
        return chat


@dataclass(frozen=True)
class FakeGroup:
    """A group or supergroup chat (negative id)."""

    chat_id: int
    title: str
    chat_type: str  # "group" or "supergroup"
    is_forum: bool = False  # a supergroup with topics

    def chat_json(self) -> dict[str, Any]:
        """The Telegram `Chat` object."""
        chat: dict[str, Any] = {"id": self.chat_id, "title": self.title, "type": self.chat_type}
        if self.is_forum:
            chat["is_forum"] = True
        return chat


@dataclass(frozen=True)
class ChatMessage:
    """A snapshot of one message as the chat shows it."""

    message_id: int
    chat_id: int
    from_bot: bool
    text: str
    html: str | None
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    reply_to_message_id: int | None = None
    date: int = 0
    edited: bool = False
    from_user_id: int | None = None  # who wrote it; None for the bot's messages
    service: dict[str, Any] | None = None  # a service message's fields (text is then "")
    message_thread_id: int | None = None  # the forum topic it is in; None outside topics
    disable_notification: bool = False  # sent silently
    document: dict[str, Any] | None = None  # a document's `Document` object (file_id, file_name…); text: its caption

    def buttons(self) -> list[list[dict[str, Any]]]:
        """Inline keyboard rows; [] when the message has no inline keyboard."""
        if self.reply_markup is None:
            return []
        rows: list[list[dict[str, Any]]] = self.reply_markup.get("inline_keyboard", [])
        return rows

    def button(self, text_contains: str) -> dict[str, Any]:
        """The first inline button whose text contains `text_contains`."""
        for row in self.buttons():
            for button in row:
                if text_contains in button["text"]:
                    return button
        texts = [button["text"] for row in self.buttons() for button in row]
        raise LookupError(f"no button containing {text_contains!r} on message {self.message_id}; buttons: {texts!r}")

    def callback_data(self, text_contains: str) -> str:
        return self._button_field(text_contains, "callback_data")

    def url_of(self, text_contains: str) -> str:
        return self._button_field(text_contains, "url")

    def _button_field(self, text_contains: str, name: str) -> str:
        button = self.button(text_contains)
        if name not in button:
            raise LookupError(f"button {button['text']!r} has no {name}: {button!r}")
        value: str = button[name]
        return value

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CallbackAnswer:
    text: str | None
    show_alert: bool
    url: str | None
    answered_after_seconds: float


@dataclass(frozen=True)
class RecordedRequest:
    """One Bot API call as the fake answered it."""

    method: str
    params: dict[str, Any]
    ok: bool
    error_code: int | None
    description: str | None
    at: float
    result: Any = None


@dataclass(frozen=True)
class WebhookDelivery:
    """One attempt to POST an update to the webhook."""

    update_id: int
    status: int | None
    error: str | None
    at: float

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass
class ChatFloodStats:
    """One chat's 429s: all of them, calls that came before a retry_after given for the chat had
    passed, and 429s answered once the chat's first retry_after had passed."""

    too_many_requests: int = 0
    retry_after_ignored: int = 0
    after_first_retry_after: int = 0
    first_retry_after_until: float | None = None  # when the chat's first retry_after ended (fake's clock)


@dataclass
class FakeTelegramStats:
    too_many_requests: int = 0
    retry_after_ignored: int = 0
    after_first_retry_after: int = 0  # summed over chats: see ChatFloodStats
    by_chat: dict[int, ChatFloodStats] = field(default_factory=dict)


@dataclass(frozen=True)
class ForumTopic:
    """A topic of a forum supergroup as the fake keeps it."""

    message_thread_id: int
    name: str
    icon_color: int
    created_by_bot: bool
    closed: bool = False

    def to_json(self) -> dict[str, Any]:
        """The Telegram `ForumTopic` object."""
        return {"message_thread_id": self.message_thread_id, "name": self.name, "icon_color": self.icon_color}
