"""Time, passed in so tests can control it: the calendar, a stopwatch, and waiting."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
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

    async def wait(self, event: asyncio.Event, seconds: float) -> bool:
        """Waits until `event` is set or `seconds` of this clock's monotonic time have passed; whether it is set."""
        ...


class SystemClock:
    def now(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))

    async def wait(self, event: asyncio.Event, seconds: float) -> bool:
        if event.is_set():
            return True
        try:
            await asyncio.wait_for(event.wait(), max(0.0, seconds))
        except TimeoutError:
            return False
        return True


async def sleep_or_event(sleep: Callable[[float], Awaitable[None]], event: asyncio.Event, seconds: float) -> bool:
    """`Clock.wait` for a clock whose `sleep` is not asyncio's own timer: whichever ends first, `sleep(seconds)`
    or `event`; the other is cancelled. Whether `event` was set."""
    if event.is_set():
        return True
    sleeping = asyncio.ensure_future(sleep(seconds))
    waiting = asyncio.ensure_future(event.wait())
    try:
        await asyncio.wait({sleeping, waiting}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (sleeping, waiting):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    return waiting.done() and not waiting.cancelled()
