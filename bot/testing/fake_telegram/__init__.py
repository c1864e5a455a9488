"""A strict fake of Telegram's Bot API for tests: `FakeTelegram(...).start()`."""

from .flood import FloodControl
from .models import (
    CallbackAnswer,
    ChatMessage,
    FakeGroup,
    FakeTelegramStats,
    FakeUser,
    RecordedRequest,
    WebhookDelivery,
)
from .server import FakeTelegram

__all__ = [
    "CallbackAnswer",
    "ChatMessage",
    "FakeGroup",
    "FakeTelegram",
    "FakeTelegramStats",
    "FakeUser",
    "FloodControl",
    "RecordedRequest",
    "WebhookDelivery",
]
