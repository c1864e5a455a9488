"""Everything the fake remembers, shared by the Bot API methods, the user side and the controls."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .chats import ChatStore
from .files import FileStore
from .flood import FloodControl, FloodLimiter
from .gates import SendGate
from .models import CallbackAnswer, FakeTelegramStats, RecordedRequest, WebhookDelivery
from .notifier import ChangeNotifier
from .updates import UpdateQueue

TOKEN_PATTERN = re.compile(r"([1-9][0-9]{0,19}):[A-Za-z0-9_-]+")  # the bot's user id, a colon, the secret
BOT_USERNAME_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_]{1,28}bot", re.IGNORECASE)  # 5-32 characters, "...bot"


@dataclass(frozen=True)
class BotIdentity:
    """Who the bot is. Its user id is the token's number, as in Telegram: getMe, the `from` of its messages and its
    own ChatMember all show that id, and aiogram's `Bot.id` reads it from the token too."""

    token: str
    username: str
    first_name: str

    def __post_init__(self) -> None:
        if TOKEN_PATTERN.fullmatch(self.token) is None:
            raise ValueError(f"a bot token looks like '123456:ABC-def_1', got {self.token!r}")
        if BOT_USERNAME_PATTERN.fullmatch(self.username) is None:
            raise ValueError(f"a bot username has 5-32 letters, digits or '_' and ends in 'bot', got {self.username!r}")

    @property
    def bot_id(self) -> int:
        return int(self.token.split(":")[0])

    def user_json(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }


@dataclass
class WebhookConfig:
    url: str = ""
    secret_token: str | None = None
    max_connections: int = 40
    last_error_message: str | None = None
    last_error_date: int | None = None


@dataclass
class PendingCallback:
    query_id: str
    chat_id: int
    message_id: int
    pressed_at: float


CommandsKey = tuple[str, int | None, int | None, str]  # scope type, chat_id, user_id, language


class FakeState:
    def __init__(
        self,
        identity: BotIdentity,
        clock: Callable[[], float],
        wall_clock: Callable[[], float],
        flood_control: FloodControl | None,
        group_privacy: bool = True,
    ) -> None:
        self.identity = identity
        self.clock = clock
        self.notifier = ChangeNotifier()
        self.chats = ChatStore(identity.user_json(), wall_clock)
        self.updates = UpdateQueue()
        self.stats = FakeTelegramStats()
        self.webhook = WebhookConfig()
        self.webhook_deliveries: list[WebhookDelivery] = []
        self.requests: list[RecordedRequest] = []
        self.callbacks: dict[str, PendingCallback] = {}
        self.callback_answers: dict[str, CallbackAnswer] = {}
        self.commands: dict[CommandsKey, list[dict[str, str]]] = {}
        self.poll_generation = 0
        self.waiting_polls = 0
        self.closing = False
        self.flood: FloodLimiter | None = None
        self.next_callback_number = 1
        self.group_privacy = group_privacy  # BotFather's privacy mode; a group takes it when the bot joins
        self.send_gates: list[SendGate] = []  # sendMessage calls a test holds (`FakeTelegram.hold_send`)
        self.files = FileStore()  # what the bot uploaded, by file_id
        self.set_flood_control(flood_control)

    def set_flood_control(self, limits: FloodControl | None) -> None:
        """Replace the limits and start with full buckets."""
        self.flood = None if limits is None else FloodLimiter(limits, self.clock, self.stats)

    def changed(self) -> None:
        self.notifier.notify()

    def record(self, request: RecordedRequest) -> None:
        self.requests.append(request)
        self.changed()


@dataclass(frozen=True)
class Described:
    """A successful result that Telegram accompanies with a description."""

    result: Any
    description: str = field(default="")
