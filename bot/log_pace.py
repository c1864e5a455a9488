"""One log line at most per interval for an event strangers can repeat at will (a request with a wrong secret), so
that a flood of them cannot flood the log: the first is logged at once, the rest are counted into the next line."""

from __future__ import annotations

from bot.clock import Clock

LINE_EVERY = 60.0


class LogPace:
    def __init__(self, clock: Clock, every: float = LINE_EVERY) -> None:
        self._clock = clock
        self._every = every
        self._logged_at: float | None = None
        self._held = 0

    def note(self) -> int | None:
        """Counts one event. When a line is due, how many events it stands for (this one and those not logged since
        the last line); else None. Wall time: a clock set back starts a new interval rather than holding lines."""
        now = self._clock.now()
        self._held += 1
        if self._logged_at is not None and 0 <= now - self._logged_at < self._every:
            return None
        self._logged_at = now
        count, self._held = self._held, 0
        return count
