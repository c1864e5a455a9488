"""A per-user limit on what costs hh.ru calls, so that no one user can spend the application's shared budget."""

from __future__ import annotations

from collections import deque

from bot.clock import Clock

PER_MINUTE = 10
ACTIONS_PER_MINUTE = 20  # an action with a typed message costs two steps: its templates, then the action
WINDOW = 60.0


class UserLimit:
    """At most `count` attempts per Telegram user in any `window` seconds of the injected clock."""

    def __init__(self, clock: Clock, count: int = PER_MINUTE, window: float = WINDOW) -> None:
        self._clock = clock
        self._count = count
        self._window = window
        self._recent: dict[int, deque[float]] = {}

    def allow(self, telegram_id: int) -> bool:
        """Counts one attempt and says whether it may go ahead; a refused attempt is not counted."""
        now = self._clock.now()
        recent = self._recent.setdefault(telegram_id, deque())
        while recent and recent[0] <= now - self._window:
            recent.popleft()
        if len(recent) >= self._count:
            return False
        recent.append(now)
        if len(self._recent) > 10_000:
            self._forget_idle(now)
        return True

    def _forget_idle(self, now: float) -> None:
        self._recent = {user: times for user, times in self._recent.items() if times and times[-1] > now - self._window}
