"""Per-user and per-account limits on what a user's own steps cost hh.ru, so that no one user can spend the
application's shared budget: `UserLimit` counts the calls a user's commands and buttons make, `CheckNow` lets a
user ask for an immediate full check of an account now and then, and `Kept` keeps an answer a user may ask for
again and again (the `/vacancies` list) for a short while."""

from __future__ import annotations

from collections import deque
from typing import Generic, TypeVar

from bot.clock import Clock

PER_MINUTE = 10
ACTIONS_PER_MINUTE = 20  # every hh.ru call a user's own command or button makes: actions, templates, replies, lists
WINDOW = 60.0
CHECK_NOW_EVERY = 300.0
KEPT_SECONDS = 60.0

K = TypeVar("K")
V = TypeVar("V")


class SlowDown(Exception):
    """The user's step would cost hh.ru more calls than their limit leaves now; they are asked to wait."""


class UserLimit:
    """At most `count` units per Telegram user in any `window` seconds of the injected clock: a unit per hh.ru call."""

    def __init__(self, clock: Clock, count: int = PER_MINUTE, window: float = WINDOW) -> None:
        self._clock = clock
        self._count = count
        self._window = window
        self._recent: dict[int, deque[float]] = {}

    def allow(self, telegram_id: int, units: int = 1) -> bool:
        """Counts `units` at once and says whether the step may go ahead; a refused step counts nothing."""
        now = self._clock.now()
        recent = self._recent.setdefault(telegram_id, deque())
        while recent and recent[0] <= now - self._window:
            recent.popleft()
        if len(recent) + units > self._count:
            return False
        recent.extend([now] * units)
        if len(self._recent) > 10_000:
            self._forget_idle(now)
        return True

    def spend(self, telegram_id: int, units: int = 1) -> None:
        """`allow`, raising `SlowDown` when refused."""
        if not self.allow(telegram_id, units):
            raise SlowDown

    def _forget_idle(self, now: float) -> None:
        self._recent = {user: times for user, times in self._recent.items() if times and times[-1] > now - self._window}


class CheckNow:
    """A full check the user asks for now («Готово» of the work accounts, `/resume`): at most one per account in any
    `every` seconds; otherwise the account is checked at its normal slot."""

    def __init__(self, clock: Clock, every: float = CHECK_NOW_EVERY) -> None:
        self._clock = clock
        self._every = every
        self._last: dict[int, float] = {}

    def allow(self, account_id: int) -> bool:
        now = self._clock.now()
        last = self._last.get(account_id)
        if last is not None and now - last < self._every:
            return False
        self._last[account_id] = now
        if len(self._last) > 10_000:
            self._last = {account: at for account, at in self._last.items() if now - at < self._every}
        return True


class Kept(Generic[K, V]):
    """Answers kept for `seconds` of the injected clock, by key."""

    def __init__(self, clock: Clock, seconds: float = KEPT_SECONDS) -> None:
        self._clock = clock
        self._seconds = seconds
        self._known: dict[K, tuple[float, V]] = {}

    def get(self, key: K) -> V | None:
        known = self._known.get(key)
        return known[1] if known is not None and known[0] > self._clock.now() else None

    def put(self, key: K, value: V) -> None:
        now = self._clock.now()
        if len(self._known) > 10_000:
            self._known = {k: kept for k, kept in self._known.items() if kept[0] > now}
        self._known[key] = (now + self._seconds, value)
