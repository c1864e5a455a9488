"""Telegram-like flood control: token buckets measured with an injected clock."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from .errors import too_many_requests
from .models import FakeTelegramStats

COUNTED_METHODS = frozenset({"sendMessage", "editMessageText", "editMessageReplyMarkup"})


@dataclass(frozen=True)
class FloodControl:
    """Bucket sizes and refill rates (tokens per second)."""

    global_burst: int = 30
    global_per_second: float = 30.0
    chat_burst: int = 3
    chat_per_second: float = 1.0
    group_burst: int = 20
    group_per_second: float = 20 / 60


class TokenBucket:
    def __init__(self, capacity: int, per_second: float, now: float) -> None:
        self._capacity = float(capacity)
        self._per_second = per_second
        self._tokens = float(capacity)
        self._updated = now

    def seconds_until_token(self, now: float) -> float:
        """0 when a token is available now."""
        self._refill(now)
        if self._tokens >= 1.0:
            return 0.0
        return (1.0 - self._tokens) / self._per_second

    def take(self, now: float) -> None:
        self._refill(now)
        self._tokens -= 1.0

    def _refill(self, now: float) -> None:
        elapsed = max(0.0, now - self._updated)
        self._tokens = min(self._capacity, self._tokens + elapsed * self._per_second)
        self._updated = now


class FloodLimiter:
    """Admits counted calls or answers 429; remembers each retry_after it gave.

    A retry_after binds only the chat it was given for, since a bot cannot tell from one chat's 429 whether the
    bot as a whole went too fast. The global limit still holds: other chats' calls are refused while the global
    bucket is empty.
    """

    def __init__(self, limits: FloodControl, clock: Callable[[], float], stats: FakeTelegramStats) -> None:
        self._limits = limits
        self._clock = clock
        self._stats = stats
        self._global = TokenBucket(limits.global_burst, limits.global_per_second, clock())
        self._chats: dict[int, TokenBucket] = {}
        self._chat_deadlines: dict[int, float] = {}

    def note_arrival(self, chat_id: int) -> None:
        """Count a call to a chat that came before a retry_after given for that chat had passed."""
        now = self._clock()
        if now < self._chat_deadlines.get(chat_id, -math.inf):
            self._stats.retry_after_ignored += 1

    def admit(self, chat_id: int) -> None:
        """Take one token from the global and the chat bucket, or raise 429 taking none."""
        now = self._clock()
        chat_bucket = self._chat_bucket(chat_id, now)
        global_wait = self._global.seconds_until_token(now)
        chat_wait = chat_bucket.seconds_until_token(now)
        if global_wait == 0.0 and chat_wait == 0.0:
            self._global.take(now)
            chat_bucket.take(now)
            return
        retry_after = max(1, math.ceil(max(global_wait, chat_wait)))
        self._chat_deadlines[chat_id] = max(self._chat_deadlines.get(chat_id, -math.inf), now + retry_after)
        self._stats.too_many_requests += 1
        raise too_many_requests(retry_after)

    def _chat_bucket(self, chat_id: int, now: float) -> TokenBucket:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            limits = self._limits
            if chat_id < 0:
                bucket = TokenBucket(limits.group_burst, limits.group_per_second, now)
            else:
                bucket = TokenBucket(limits.chat_burst, limits.chat_per_second, now)
            self._chats[chat_id] = bucket
        return bucket
