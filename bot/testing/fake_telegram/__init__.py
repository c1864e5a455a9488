"""A strict fake of Telegram's Bot API for tests: `FakeTelegram(...).start()`."""

from .deep_links import start_link_in
from .flood import FloodControl
from .models import (
    CallbackAnswer,
    ChatFloodStats,
    ChatMessage,
    FakeGroup,
    FakeTelegramStats,
    FakeUser,
    ForumTopic,
    RecordedRequest,
    WebhookDelivery,
)
from .server import FakeTelegram

__all__ = [
    "CallbackAnswer",
    "ChatFloodStats",
    "ChatMessage",
    "FakeGroup",
    "FakeTelegram",
    "FakeTelegramStats",
    "FakeUser",
    "FloodControl",
    "ForumTopic",
    "RecordedRequest",
    "WebhookDelivery",
    "start_link_in",
]
