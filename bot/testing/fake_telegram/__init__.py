"""A strict fake of Telegram's Bot API for tests: `FakeTelegram(...).start()`."""

from .flood import FloodControl
from .models import (
    CallbackAnswer,
    ChatMessage,
    FakeTelegramStats,
    FakeUser,
    RecordedRequest,
    WebhookDelivery,
)
from .server import FakeTelegram

__all__ = [
    "CallbackAnswer",
    "ChatMessage",
    "FakeTelegram",
    "FakeTelegramStats",
    "FakeUser",
    "FloodControl",
    "RecordedRequest",
    "WebhookDelivery",
]
