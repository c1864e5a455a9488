"""Time, passed in so tests can control it: the calendar, a stopwatch, and waiting."""

from __future__ import annotations

import asyncio
import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the epoch."""
        ...

    def monotonic(self) -> float:
        """Seconds from an arbitrary start that never go back: for intervals, limits and timeouts."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Waits `seconds` of this clock's monotonic time (no wait when `seconds` <= 0)."""
        ...


class SystemClock:
    def now(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))
