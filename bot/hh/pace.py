"""One rate limit for every hh.ru request, kept where it counts: at most the limit arrives at hh.ru in any window."""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from bot.clock import Clock


class Turn:
    """One request's place in the limit, from the moment it is given until a window after the request reached hh.ru.

    The client says when the request goes on the wire (`sent`) and when its answer starts (`answered`).
    """

    def __init__(self, clock: Clock, margin: float, changed: Callable[[], None]) -> None:
        self._clock = clock
        self._margin = margin
        self._changed = changed
        self._sent: float | None = None
        self._answered: float | None = None
        self._finished: float | None = None

    def sent(self) -> None:
        """The request, or the last part of its body, is being written to the connection now."""
        self._sent = self._clock.monotonic()
        self._changed()

    def answered(self) -> None:
        if self._answered is None:
            self._answered = self._clock.monotonic()
            self._changed()

    def finish(self) -> None:
        if self._finished is None:
            self._finished = self._clock.monotonic()
            self._changed()

    def arrived_by(self) -> float:
        """A moment by which the request had reached hh.ru (inf while that is not known yet).

        Its answer cannot start before it arrived; and it takes less than `margin` from being written here to being
        counted at hh.ru, unless the network stalls. A request that ended without being seen written is counted as
        arriving when it ended.
        """
        bounds = [moment for moment in (self._answered, self._sent_by()) if moment is not None]
        return min(bounds, default=math.inf)

    def _sent_by(self) -> float | None:
        if self._sent is not None:
            return self._sent + self._margin
        return self._finished


class HHPace:
    """At most `rate` requests arrive at hh.ru in any `window` seconds, spaced evenly, served in the order asked.

    Counting turns as they are given does not hold on a busy machine: a request can reach the wire late and then
    arrive together with the punctual ones behind it. So a turn counts from the moment it is given until `window`
    after its request arrived (`Turn.arrived_by`), and at most `rate` turns count at once. A request arrives after
    its turn and before its answer starts, so of any `rate` + 1 requests the last one arrives at least `window`
    after one of the others did, however late any of them was sent; `margin` lets a turn stop waiting for the
    answer once the network has had time to deliver it. A fractional rate keeps the whole number below it per
    window; a rate under 1 means one request per 1/rate seconds.
    """

    def __init__(self, rate: float, clock: Clock, *, window: float = 1.0, margin: float = 0.05) -> None:
        self._clock = clock
        self._slots = max(1, math.floor(rate))
        self._window = max(window, self._slots / rate)
        self._margin = margin
        self._spacing = (self._window + margin) / self._slots
        self._counted: list[Turn] = []
        self._next = -math.inf
        self._queue = asyncio.Lock()
        self._changed = asyncio.Event()
        self.waiting = 0

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[Turn]:
        """Waits for a turn; the request is made inside the block."""
        turn = await self._take()
        try:
            yield turn
        finally:
            turn.finish()

    async def _take(self) -> Turn:
        self.waiting += 1
        try:
            async with self._queue:
                while (delay := self._delay()) > 0:
                    await self._sleep_unless_changed(delay)
                turn = Turn(self._clock, self._margin, self._changed.set)
                self._counted.append(turn)
                self._next = self._clock.monotonic() + self._spacing
                return turn
        finally:
            self.waiting -= 1

    def _delay(self) -> float:
        """Seconds until the next turn may be given; inf while every place is held by a request not yet sent."""
        now = self._clock.monotonic()
        self._counted = [turn for turn in self._counted if turn.arrived_by() + self._window > now]
        delay = self._next - now
        if len(self._counted) >= self._slots:
            delay = max(delay, min(turn.arrived_by() for turn in self._counted) + self._window - now)
        return delay

    async def _sleep_unless_changed(self, delay: float) -> None:
        """Sleeps `delay` seconds, or less if a counted request was sent, answered or ended meanwhile."""
        self._changed.clear()
        waits: list[asyncio.Future[object]] = [asyncio.ensure_future(self._changed.wait())]
        if delay != math.inf:
            waits.append(asyncio.ensure_future(self._clock.sleep(delay)))
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiting in waits:
                waiting.cancel()
