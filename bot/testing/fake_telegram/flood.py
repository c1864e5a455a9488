"""Telegram-like flood control: token buckets measured with an injected clock."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from .errors import ApiError, too_many_requests
from .models import ChatFloodStats, FakeTelegramStats

COUNTED_METHODS = frozenset({"sendMessage", "sendDocument", "editMessageText", "editMessageReplyMarkup",
                             "createForumTopic"})


GROUP_WINDOW_SECONDS = 60.0


@dataclass(frozen=True)
class FloodControl:
    """Bucket sizes and refill rates (tokens per second); and, for groups, at most `group_per_minute`
    counted calls in any 60 seconds (Telegram's "20 messages per minute", read strictly)."""

    global_burst: int = 30
    global_per_second: float = 30.0
    chat_burst: int = 3
    chat_per_second: float = 1.0
    group_burst: int = 20
    group_per_second: float = 20 / 60
    group_per_minute: int = 20


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
    bucket is empty. A call to a chat before its retry_after has passed is refused with the time left, as
    Telegram's flood wait does.
    """

    def __init__(self, limits: FloodControl, clock: Callable[[], float], stats: FakeTelegramStats) -> None:
        self._limits = limits
        self._clock = clock
        self._stats = stats
        self._global = TokenBucket(limits.global_burst, limits.global_per_second, clock())
        self._chats: dict[int, TokenBucket] = {}
        self._group_windows: dict[int, deque[float]] = {}
        self._chat_deadlines: dict[int, float] = {}

    def note_arrival(self, chat_id: int) -> None:
        """Count a call to a chat that came before a retry_after given for that chat had passed."""
        now = self._clock()
        if now < self._chat_deadlines.get(chat_id, -math.inf):
            self._stats.retry_after_ignored += 1
            self._chat_stats(chat_id).retry_after_ignored += 1

    def admit(self, chat_id: int) -> None:
        """Take one token from the global and the chat bucket (and a place in a group's minute), or raise
        429 taking none."""
        now = self._clock()
        deadline = self._chat_deadlines.get(chat_id, -math.inf)
        if now < deadline:
            raise self._refusal(chat_id, now, math.ceil(deadline - now))
        chat_bucket = self._chat_bucket(chat_id, now)
        window = self._group_window(chat_id, now)
        wait = max(self._global.seconds_until_token(now), chat_bucket.seconds_until_token(now))
        if window is not None and len(window) >= self._limits.group_per_minute:
            wait = max(wait, window[0] + GROUP_WINDOW_SECONDS - now)
        if wait > 0.0:
            retry_after = max(1, math.ceil(wait))
            self._chat_deadlines[chat_id] = max(deadline, now + retry_after)
            raise self._refusal(chat_id, now, retry_after)
        self._global.take(now)
        chat_bucket.take(now)
        if window is not None:
            window.append(now)

    def _refusal(self, chat_id: int, now: float, retry_after: int) -> ApiError:
        """Count a 429 for the chat (and whether its first retry_after had passed) and build it."""
        chat_stats = self._chat_stats(chat_id)
        if chat_stats.first_retry_after_until is None:
            chat_stats.first_retry_after_until = now + retry_after
        elif now >= chat_stats.first_retry_after_until:
            chat_stats.after_first_retry_after += 1
            self._stats.after_first_retry_after += 1
        chat_stats.too_many_requests += 1
        self._stats.too_many_requests += 1
        return too_many_requests(max(1, retry_after))

    def _chat_stats(self, chat_id: int) -> ChatFloodStats:
        return self._stats.by_chat.setdefault(chat_id, ChatFloodStats())

    def _group_window(self, chat_id: int, now: float) -> deque[float] | None:
        """The times of a group's counted calls in the last minute; None for private chats."""
        if chat_id >= 0:
            return None
        window = self._group_windows.setdefault(chat_id, deque())
        while window and window[0] <= now - GROUP_WINDOW_SECONDS:
            window.popleft()
        return window

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
